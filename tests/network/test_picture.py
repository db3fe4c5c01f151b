"""The network picture: a real PNG or SVG, one arrow per match, nothing drawn over a box."""

from __future__ import annotations

from pathlib import Path

import attrs
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

from kit.network.listing import Listing, read_listing
from kit.network.match import Match, match
from kit.network.picture import BOX_W, draw, layout, routes, save_picture
from kit.problems import InputError

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "examples" / "network" / "jaringan_contoh.csv"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def example() -> tuple[tuple[Listing, ...], list[Match]]:
    """The example's members and matches."""
    members = read_listing(EXAMPLE)
    return members, match(members)


def _forty(tmp_path: Path) -> tuple[Listing, ...]:
    """Forty members of four communities, each needing what the next one sells."""
    rows = ["kode,nama,nama usaha,komunitas,kabupaten/kota,desa,menjual,membutuhkan"]
    for n in range(40):
        rows.append(f"M{n:02d},Anggota {n},Usaha Nomor {n},Komunitas {'ABCD'[n % 4]},Sragen,"
                    f"Desa {n % 3},barang {n},barang {(n + 1) % 40}; barang {(n + 5) % 40}")
    path = tmp_path / "empat_puluh.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return read_listing(path)


def test_the_png_is_a_real_png_sized_to_the_network(
        example: tuple[tuple[Listing, ...], list[Match]], tmp_path: Path) -> None:
    """The PNG starts with the PNG signature and is wider than tall for two columns of six."""
    members, found = example
    out = save_picture(members, found, tmp_path / "jaringan.png")
    data = out.read_bytes()
    assert data.startswith(PNG_MAGIC)
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert width > height > 600


def test_the_svg_has_one_arrow_per_match_and_one_box_per_member(
        example: tuple[tuple[Listing, ...], list[Match]], tmp_path: Path) -> None:
    """Every match is one SVG group ``match-<id>``, every member one ``member-<id>``."""
    members, found = example
    svg = save_picture(members, found, tmp_path / "jaringan.svg").read_text(encoding="utf-8")
    assert svg.lstrip().startswith("<?xml") and "<svg" in svg
    assert svg.count('id="match-') == len(found) == 18
    for m in found:
        assert svg.count(f'id="match-{m.id}"') == 1
    assert svg.count('id="member-') == len(members)


def test_the_figure_draws_one_arrow_per_match_dashed_after_the_best(
        example: tuple[tuple[Listing, ...], list[Match]]) -> None:
    """The figure holds one arrow artist per match; an arrow of rank 2 is dashed."""
    members, found = example
    ax = draw(members, found).axes[0]
    arrows = [p for p in ax.patches if isinstance(p, FancyArrowPatch)]
    assert len(arrows) == len(found)
    by_id = {a.get_gid(): a for a in arrows}
    assert by_id["match-A12-A08-jasa-angkut"].get_linestyle() == "-"
    assert by_id["match-A06-A08-jasa-angkut"].get_linestyle() == "--"


def test_arrows_leave_from_box_sides_and_bow_outwards_in_a_column(
        example: tuple[tuple[Listing, ...], list[Match]]) -> None:
    """Between columns an arrow runs side to side, straight; inside one it bows outwards."""
    members, found = example
    centres, _communities = layout(members, found)
    arrows = dict(zip((m.id for m in found), routes(found, centres), strict=True))
    across = arrows["A04-A01-label-kemasan"]
    assert across.rad == 0
    assert across.start[0] == centres["A04"][0] - BOX_W / 2
    assert across.end[0] == centres["A01"][0] + BOX_W / 2
    inside = arrows["A02-A06-sayur"]  # left column: both ends on the left side
    assert inside.start[0] == inside.end[0] == centres["A02"][0] - BOX_W / 2
    short = arrows["A02-A01-singkong"]
    # arc3 bends along (dy, -dx): going up on the left side needs a negative x bend.
    assert short.rad * (short.end[1] - short.start[1]) < 0
    assert abs(inside.rad * (inside.end[1] - inside.start[1])) > abs(
        short.rad * (short.end[1] - short.start[1]))


def _one_community(members: tuple[Listing, ...]) -> tuple[Listing, ...]:
    """The same members, all of one community."""
    return tuple(attrs.evolve(m, community="Komunitas e-UMKM Sragen") for m in members)


def test_one_community_is_two_columns_suppliers_left(
        example: tuple[tuple[Listing, ...], list[Match]]) -> None:
    """One community of twelve: two columns of six, most arrows straight across the gap.

    In one column every arrow would bow around the boxes between its ends.
    """
    members = _one_community(example[0])
    found = match(members)
    centres, communities = layout(members, found)
    assert communities == ["Komunitas e-UMKM Sragen"]
    columns = sorted({x for x, _y in centres.values()})
    assert len(columns) == 2
    assert sorted(sum(1 for x, _y in centres.values() if x == c) for c in columns) == [6, 6]
    left = {mid for mid, (x, _y) in centres.items() if x == columns[0]}
    rightwards = sum(1 for m in found if m.supplier.id in left and m.buyer.id not in left)
    leftwards = sum(1 for m in found if m.buyer.id in left and m.supplier.id not in left)
    assert rightwards > leftwards
    arrows = routes(found, centres)
    straight = sum(1 for r in arrows if r.rad == 0)
    assert straight > len(found) / 2
    # Inside a column an arrow still bows outwards: left column to the left, right to the right.
    for m, r in zip(found, arrows, strict=True):
        if centres[m.supplier.id][0] == centres[m.buyer.id][0]:
            side = -1 if centres[m.supplier.id][0] == columns[0] else 1
            assert r.start[0] == r.end[0] == centres[m.supplier.id][0] + side * BOX_W / 2
    # Three members stay one column: too few to split.
    few = members[:3]
    few_centres, _c = layout(few, match(few))
    assert len({x for x, _y in few_centres.values()}) == 1


def _overlaps(a: object, b: object) -> bool:
    return bool(a.overlaps(b))  # type: ignore[attr-defined]


def test_no_product_label_covers_a_box_or_another_label(
        example: tuple[tuple[Listing, ...], list[Match]], tmp_path: Path) -> None:
    """Drawn at the example's size and with 40 members, product labels cover no box or label."""
    for members in (example[0], _forty(tmp_path), _one_community(example[0])):
        fig = draw(members, match(members))
        canvas = FigureCanvasAgg(fig)
        canvas.draw()  # places each label's frame
        renderer = canvas.get_renderer()
        ax = fig.axes[0]
        boxes = [p.get_window_extent(renderer) for p in ax.patches
                 if isinstance(p, FancyBboxPatch)]
        labels = [t.get_bbox_patch().get_window_extent(renderer) for t in ax.texts
                  if t.get_bbox_patch() is not None]
        assert len(boxes) == len(members)
        assert len(labels) == len(match(members))
        for i, label in enumerate(labels):
            assert not any(_overlaps(label, box) for box in boxes), i
            assert not any(_overlaps(label, other) for other in labels[i + 1:]), i
        for i, box in enumerate(boxes):
            assert not any(_overlaps(box, other) for other in boxes[i + 1:]), i


def test_only_png_and_svg_are_written(
        example: tuple[tuple[Listing, ...], list[Match]], tmp_path: Path) -> None:
    """Another suffix is refused naming the picture, and no file is made."""
    members, found = example
    with pytest.raises(InputError) as caught:
        save_picture(members, found, tmp_path / "jaringan.gif")
    assert caught.value.field == "picture"
    assert not (tmp_path / "jaringan.gif").exists()


def test_names_are_drawn_as_written_never_as_mathematics(tmp_path: Path) -> None:
    """A name or community with ``$…$`` is shown literally in boxes, labels and the legend."""
    path = tmp_path / "aneh.csv"
    path.write_text("kode,nama,komunitas,kabupaten/kota,desa,menjual,membutuhkan\n"
                    "K1,Sri $x^2$,Komunitas $\\frac{a}{b}$,Sragen,,barang $a$,\n"
                    "K2,Budi {x},Komunitas $\\frac{a}{b}$,Sragen,,,barang $a$\n",
                    encoding="utf-8")
    members = read_listing(path)
    fig = draw(members, match(members))
    ax = fig.axes[0]
    texts = [t for t in ax.texts if "$" in t.get_text()]
    assert any("Sri $x^2$" in t.get_text() for t in texts)
    assert any(t.get_text() == "barang $a$" for t in texts)
    assert not any(t.get_parse_math() for t in texts)
    [legend_text] = [t for t in ax.get_legend().get_texts() if "Komunitas" in t.get_text()]
    shown, is_math = legend_text._preprocess_math(legend_text.get_text())
    assert (shown, is_math) == ("Komunitas $\\frac{a}{b}$", False)
    save_picture(members, match(members), tmp_path / "aneh.png")
