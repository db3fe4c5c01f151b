"""The business network as a picture: members as labelled boxes, an arrow per match.

Each community is a column (in the order the file first names it), its members one below the
other in file order (a single community of six or more: two columns, suppliers left), their
boxes coloured by community (a palette told apart by people with colour-blindness, and named in
the legend). An arrow goes from the supplier to the buyer, labelled with the need as the buyer
wrote it; the best supplier of a need (rank 1) has a solid arrow, the others a dashed one.
Arrows inside a column bow outwards, around the boxes between; arrows between neighbouring
columns cross the gap straight, side to side; an arrow past a column bends as little as it can
to miss that column's boxes. A product label sits on its arrow where it covers no box and no
other label and as little of the other arrows as possible. The layout is computed, not random:
the same file gives the same picture.

Drawn with matplotlib's object API on the Agg canvas (no pyplot state); written as PNG or SVG.
Every arrow's SVG group has the id ``match-<match id>``. Texts come translated from the caller
or through gettext here.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import attrs
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch, Patch

from kit.i18n import _, ngettext_
from kit.network.listing import Listing
from kit.network.match import Match
from kit.problems import InputError

FORMATS = ("png", "svg")
# Okabe–Ito colours: distinct for the common kinds of colour-blindness.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442",
           "#999999")
# Sizes in inches: the axes fill the figure and one data unit is one inch.
BOX_W, BOX_H = 1.9, 0.5
ROW_GAP = 0.78
COL_GAP = 4.6
SIDE = 2.6  # room left and right of the outer columns for the arrows that bow outwards
TOP = 1.3  # title and legend
BOTTOM = 0.4
FONT = 7.0
LABEL_CHAR_W = FONT / 72 * 0.58
LABEL_H = FONT / 72 * 1.7
LABEL_CHARS = 30
MIN_WIDTH = 10.0  # room for the title and the legend side by side


@attrs.frozen
class _Box:
    left: float
    bottom: float
    right: float
    top: float

    def overlaps(self, other: _Box) -> bool:
        return not (self.right <= other.left or other.right <= self.left
                    or self.top <= other.bottom or other.top <= self.bottom)


def _tint(colour: str, amount: float = 0.78) -> str:
    """``colour`` mixed with white (``amount`` of white)."""
    rgb = [int(colour[i:i + 2], 16) for i in (1, 3, 5)]
    mixed = [round(c + (255 - c) * amount) for c in rgb]
    return "#" + "".join(f"{c:02x}" for c in mixed)


def _plain_text(text: str) -> str:
    """``text`` as a legend shows it literally (a legend reads ``$…$`` as mathematics)."""
    return text.replace("$", r"\$")


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def _node_text(member: Listing) -> str:
    first = member.business or member.name
    second = member.name if member.business else ""
    if member.village:
        second = f"{second} · {member.village}" if second else member.village
    lines = [_short(first, 30)] + ([_short(second, 34)] if second else [])
    return "\n".join(lines)


# A single community of at least this many members is drawn in two columns (see :func:`layout`).
SPLIT_MIN = 6


def _split_one_community(members: Sequence[Listing], matches: Sequence[Match]
                         ) -> dict[str, int]:
    """Each member's column (0 or 1) when one community is drawn as two columns.

    The members who supply more than they buy go left, the others right (ties: file order), the
    left column taking the first half, rounded up: most arrows then cross the gap straight,
    left to right, instead of bowing around a single column.
    """
    lean = {m.id: 0 for m in members}
    for found in matches:
        lean[found.supplier.id] -= 1
        lean[found.buyer.id] += 1
    order = sorted(range(len(members)), key=lambda i: (lean[members[i].id], i))
    left = set(order[:(len(members) + 1) // 2])
    return {m.id: 0 if i in left else 1 for i, m in enumerate(members)}


def layout(members: Sequence[Listing], matches: Sequence[Match] = ()
           ) -> tuple[dict[str, tuple[float, float]], list[str]]:
    """Each member's box centre (inches) and the communities, left to right.

    A community is a column in the order the file first names it; members stay in file order.
    A single community of :data:`SPLIT_MIN` members or more is two columns
    (:func:`_split_one_community`, by its ``matches``): one long column made every arrow a
    bow around the boxes between its ends, crossing the others.
    """
    communities = list(dict.fromkeys(m.community for m in members))
    if len(communities) == 1 and len(members) >= SPLIT_MIN and matches:
        column_of = _split_one_community(members, matches)
    else:
        column_of = {m.id: communities.index(m.community) for m in members}
    rows: dict[int, int] = {}
    centres: dict[str, tuple[float, float]] = {}
    for member in members:
        column = column_of[member.id]
        row = rows.get(column, 0)
        centres[member.id] = (SIDE + BOX_W / 2 + column * COL_GAP, -(row * ROW_GAP))
        rows[column] = row + 1
    return centres, communities


def _columns(centres: dict[str, tuple[float, float]]) -> list[float]:
    """The x of each column's box centres, left to right."""
    return sorted({x for x, _y in centres.values()})


def _bezier(p0: tuple[float, float], p2: tuple[float, float], rad: float,
            t: float) -> tuple[float, float]:
    """The point at ``t`` of matplotlib's ``arc3`` connection from ``p0`` to ``p2``."""
    dx, dy = p2[0] - p0[0], p2[1] - p0[1]
    cx, cy = (p0[0] + p2[0]) / 2 + rad * dy, (p0[1] + p2[1]) / 2 - rad * dx
    u = 1 - t
    return (u * u * p0[0] + 2 * u * t * cx + t * t * p2[0],
            u * u * p0[1] + 2 * u * t * cy + t * t * p2[1])


@attrs.frozen
class Route:
    """Where one arrow starts and ends (on the sides of the two boxes) and its ``arc3`` radius."""

    start: tuple[float, float]
    end: tuple[float, float]
    rad: float


def _outward(column: int, last: int) -> int:
    """The side arrows inside a column bow to: the outer side of an outer column."""
    if column == 0 and last > 0:
        return -1
    return 1 if column == last else (-1 if column % 2 == 0 else 1)


def routes(matches: Sequence[Match], centres: dict[str, tuple[float, float]]) -> list[Route]:
    """The arrow of each match: from a side of the supplier's box to a side of the buyer's.

    Between columns an arrow leaves the side facing the buyer and enters the side facing the
    supplier, straight. Inside a column both ends are on the column's outer side and the arrow
    bows outwards, a longer one around a shorter one it spans. The arrows that meet one side of
    a box are spread along it, top to bottom in the order of their other ends.
    """
    columns = _columns(centres)
    last = len(columns) - 1
    sides: list[tuple[int, int]] = []  # per match: the x direction of (start side, end side)
    for found in matches:
        sx, bx = centres[found.supplier.id][0], centres[found.buyer.id][0]
        if abs(sx - bx) < 1e-9:
            out = _outward(columns.index(sx), last)
            sides.append((out, out))
        else:
            toward = 1 if bx > sx else -1
            sides.append((toward, -toward))
    # Spread the ends that meet on one side of one box.
    ends: dict[tuple[str, int], list[tuple[float, int, int]]] = {}
    for i, (found, (a, b)) in enumerate(zip(matches, sides, strict=True)):
        ends.setdefault((found.supplier.id, a), []).append(
            (-centres[found.buyer.id][1], i, 0))
        ends.setdefault((found.buyer.id, b), []).append(
            (-centres[found.supplier.id][1], i, 1))
    points: dict[tuple[int, int], tuple[float, float]] = {}
    for (member_id, side), attached in ends.items():
        x, y = centres[member_id]
        attached.sort()
        n = len(attached)
        for j, (_other, i, which) in enumerate(attached):
            offset = 0.0 if n == 1 else 0.36 * BOX_H * (1 - 2 * j / (n - 1))
            points[(i, which)] = (x + side * BOX_W / 2, y + offset)
    # Nest the arcs inside each column: a longer arc bows further than the shorter ones under it.
    depth: dict[int, int] = {}
    inside = sorted((i for i, (a, b) in enumerate(sides) if a == b and
                     abs(points[(i, 0)][0] - points[(i, 1)][0]) < 1e-9),
                    key=lambda i: (abs(points[(i, 0)][1] - points[(i, 1)][1]), i))
    for i in inside:
        low, high = sorted((points[(i, 0)][1], points[(i, 1)][1]))
        under = [depth[j] for j in depth if points[(j, 0)][0] == points[(i, 0)][0]
                 and min(points[(j, 0)][1], points[(j, 1)][1]) < high
                 and max(points[(j, 0)][1], points[(j, 1)][1]) > low]
        depth[i] = 1 + max(under, default=-1)
    found_routes: list[Route] = []
    for i, (a, _b) in enumerate(sides):
        start, end = points[(i, 0)], points[(i, 1)]
        rad = 0.0
        if i in depth and end[1] != start[1]:
            bulge = 0.3 + 0.3 * depth[i]
            # arc3 bends along (dy, -dx) * rad; its middle lies at half the control offset.
            rad = a * 2 * bulge / (end[1] - start[1])
        elif abs(end[0] - start[0]) > 1.5 * COL_GAP:
            # Across a column between: the least bend that passes the fewest of its boxes.
            others = [c for member_id, c in centres.items()
                      if member_id not in (matches[i].supplier.id, matches[i].buyer.id)]
            rad = min(BENDS, key=lambda r: (_boxes_hit(start, end, r, others), abs(r)))
        found_routes.append(Route(start, end, rad))
    return found_routes


BENDS = (0.0, 0.1, -0.1, 0.2, -0.2, 0.3, -0.3, 0.4, -0.4, 0.5, -0.5)


def _boxes_hit(start: tuple[float, float], end: tuple[float, float], rad: float,
               centres: Sequence[tuple[float, float]]) -> int:
    """How many boxes (by centre) the ``arc3`` curve from ``start`` to ``end`` passes over."""
    hit = set()
    top = max(c[1] for c in centres) + BOX_H / 2 + 0.3
    bottom = min(c[1] for c in centres) - BOX_H / 2 - 0.3
    for step in range(1, 60):
        x, y = _bezier(start, end, rad, step / 60)
        if not bottom <= y <= top:
            return len(centres) + 1  # outside the picture
        for n, (cx, cy) in enumerate(centres):
            if abs(x - cx) <= BOX_W / 2 + 0.05 and abs(y - cy) <= BOX_H / 2 + 0.05:
                hit.add(n)
    return len(hit)


def _label_box(centre: tuple[float, float], text: str) -> _Box:
    half_w = len(text) * LABEL_CHAR_W / 2 + 0.04
    return _Box(centre[0] - half_w, centre[1] - LABEL_H / 2, centre[0] + half_w,
                centre[1] + LABEL_H / 2)


# Where along an arrow its label may sit (0 at the supplier, 1 at the buyer), best first; then
# the same points nudged half a label's height up or down off the line.
_ALONG = (0.5, 0.42, 0.58, 0.34, 0.66, 0.26, 0.74, 0.46, 0.54, 0.38, 0.62, 0.3, 0.7, 0.2, 0.8)


def _label_spot(p0: tuple[float, float], p2: tuple[float, float], rad: float, text: str,
                taken: Sequence[_Box], lines: Sequence[tuple[float, float]] = ()
                ) -> tuple[float, float]:
    """Where on its arrow ``text`` goes: over no box or label in ``taken``, off other arrows.

    Among the places covering nothing in ``taken``, the one covering the fewest points of the
    other arrows (``lines``), so that the label is not read as theirs. Failing that, the place
    that covers the fewest boxes and labels (nearest the middle).
    """
    candidates = [(dy, _bezier(p0, p2, rad, t)) for dy in (0.0, LABEL_H * 0.6, -LABEL_H * 0.6)
                  for t in _ALONG]
    best: tuple[int, int, int] | None = None
    spot = candidates[0][1]
    for order, (dy, (x, y)) in enumerate(candidates):
        box = _label_box((x, y + dy), text)
        covered = sum(1 for b in taken if box.overlaps(b))
        near = _Box(box.left - 0.05, box.bottom - 0.05, box.right + 0.05, box.top + 0.05)
        crossing = sum(1 for px, py in lines
                       if near.left <= px <= near.right and near.bottom <= py <= near.top)
        if best is None or (covered, crossing, order) < best:
            best, spot = (covered, crossing, order), (x, y + dy)
    return spot


def _samples(route: Route) -> list[tuple[float, float]]:
    """Points along an arrow, to keep other arrows' labels off it."""
    return [_bezier(route.start, route.end, route.rad, step / 40) for step in range(1, 40)]


def draw(members: Sequence[Listing], matches: Sequence[Match], title: str | None = None
         ) -> Figure:
    """The network as a figure (on its own Agg canvas): boxes, arrows, labels, legend."""
    centres, communities = layout(members, matches)
    colours = {c: PALETTE[i % len(PALETTE)] for i, c in enumerate(communities)}
    columns = _columns(centres)
    depth = max(sum(1 for x, _y in centres.values() if x == c) for c in columns)
    width = max(MIN_WIDTH, 2 * SIDE + BOX_W + (len(columns) - 1) * COL_GAP)
    height = TOP + BOTTOM + BOX_H + (depth - 1) * ROW_GAP
    fig = Figure(figsize=(width, height))
    FigureCanvasAgg(fig)
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(0, width)
    ax.set_ylim(-(depth - 1) * ROW_GAP - BOX_H / 2 - BOTTOM, BOX_H / 2 + TOP)
    ax.set_axis_off()

    boxes: dict[str, FancyBboxPatch] = {}
    taken: list[_Box] = []
    for member in members:
        x, y = centres[member.id]
        colour = colours[member.community]
        box = FancyBboxPatch((x - BOX_W / 2, y - BOX_H / 2), BOX_W, BOX_H,
                             boxstyle="round,pad=0,rounding_size=0.08", facecolor=_tint(colour),
                             edgecolor=colour, linewidth=1.4, zorder=3,
                             gid=f"member-{member.id}")
        ax.add_patch(box)
        boxes[member.id] = box
        ax.text(x, y, _node_text(member), ha="center", va="center", fontsize=FONT, zorder=4,
                parse_math=False)
        taken.append(_Box(x - BOX_W / 2, y - BOX_H / 2, x + BOX_W / 2, y + BOX_H / 2))

    arrows = routes(matches, centres)
    points = [_samples(route) for route in arrows]
    for i, (found, route) in enumerate(zip(matches, arrows, strict=True)):
        p0, p2, rad = route.start, route.end, route.rad
        colour = colours[found.supplier.community]
        ax.add_patch(FancyArrowPatch(
            p0, p2, arrowstyle="-|>,head_length=5,head_width=2.6",
            connectionstyle=f"arc3,rad={rad:.4f}", color=colour, linewidth=1.3,
            linestyle="-" if found.rank == 1 else "--", shrinkA=0, shrinkB=0, zorder=2,
            gid=f"match-{found.id}"))
        text = _short(found.reasons.needed, LABEL_CHARS)
        others = [pt for j, line in enumerate(points) if j != i for pt in line]
        spot = _label_spot(p0, p2, rad, text, taken, others)
        taken.append(_label_box(spot, text))
        ax.text(spot[0], spot[1], text, ha="center", va="center", fontsize=FONT - 0.5,
                parse_math=False,
                color="#222222", zorder=5,
                bbox={"boxstyle": "round,pad=0.15", "facecolor": "white",
                      "edgecolor": colour, "linewidth": 0.6})

    heading = title or _("UMKM business network")
    districts = ", ".join(dict.fromkeys(m.district for m in members))
    counts = ngettext_("{n} member", "{n} members", len(members)).format(n=len(members)) + \
        " · " + ngettext_("{n} match", "{n} matches", len(matches)).format(n=len(matches))
    top = BOX_H / 2 + TOP
    ax.text(0.25, top - 0.3, heading, fontsize=12, fontweight="bold", va="center",
            parse_math=False)
    ax.text(0.25, top - 0.6, f"{districts} · {counts}", fontsize=8, va="center",
            parse_math=False,
            color="#333333")
    handles: list[Patch | Line2D] = [
        Patch(facecolor=_tint(colours[c]), edgecolor=colours[c], label=_plain_text(c))
        for c in communities]
    handles += [Line2D([], [], color="#444444", linestyle="-",
                       label=_("best supplier of the need")),
                Line2D([], [], color="#444444", linestyle="--", label=_("another supplier"))]
    ax.legend(handles=handles, loc="upper right", fontsize=7, ncol=2, frameon=False,
              bbox_to_anchor=(0.99, 0.99))
    return fig


def picture_format(out: Path) -> str:
    """``png`` or ``svg`` from the file's suffix; :class:`InputError` (``picture``) otherwise."""
    kind = out.suffix.casefold().lstrip(".")
    if kind not in FORMATS:
        raise InputError("picture", _("{path}: the picture must be a .png or .svg file").format(
            path=out.name))
    return kind


def save_picture(members: Sequence[Listing], matches: Sequence[Match], out: Path,
                 title: str | None = None) -> Path:
    """Draw the network and write it to ``out`` (PNG or SVG by its suffix); return ``out``."""
    kind = picture_format(out)
    if not members:
        raise InputError("picture", _("there is no member to draw"))
    fig = draw(members, matches, title)
    metadata = {"Date": None} if kind == "svg" else {}
    fig.savefig(out, format=kind, dpi=150, metadata=metadata)
    return out
