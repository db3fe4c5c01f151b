"""The dashboard's charts as PNG bytes: grey with one accent colour, readable on a projector.

matplotlib's object API (``Figure`` + the Agg canvas, no pyplot state), large fonts, every bar
labelled with its number so nothing depends on colour. Titles and labels come translated from
:mod:`kit.coordinator_app.app`.
"""

from __future__ import annotations

import io
import textwrap
from collections.abc import Sequence

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import LinearSegmentedColormap
from matplotlib.figure import Figure

GREY = "#9e9e9e"
DARK = "#303030"
ACCENT = "#0b6e4f"  # the kit's green (the primary buttons)
SCALE = LinearSegmentedColormap.from_list("kit_accent", ["#f2f2f2", ACCENT])
FONT = 12


def _png(fig: Figure) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=100)
    return buf.getvalue()


def _figure(width: float, height: float) -> Figure:
    fig = Figure(figsize=(width, height), dpi=100, layout="constrained")
    FigureCanvasAgg(fig)
    return fig


def _wrap(text: str, width: int = 22) -> str:
    return "\n".join(textwrap.wrap(text, width)) or text


def _shorten(text: str, width: int) -> str:
    """``text`` on one line of at most ``width`` characters (an ellipsis when cut)."""
    return text if len(text) <= width else text[:width - 1].rstrip() + "…"


def _title(fig: Figure, title: str) -> None:
    """The chart's title, left-aligned above everything, wrapped to the figure's width."""
    width = int(fig.get_figwidth() * 72 / ((FONT + 2) * 0.6))  # characters per line
    fig.suptitle(_wrap(title, max(width, 20)), x=0.01, ha="left", fontsize=FONT + 2)


def _empty(fig: Figure, title: str) -> bytes:
    ax = fig.add_subplot()
    ax.axis("off")
    ax.text(0.5, 0.5, "–", ha="center", va="center", fontsize=28, color=GREY)
    _title(fig, title)
    return _png(fig)


def funnel_png(labels: Sequence[str], reached: Sequence[int], total: int, title: str,
               caption: str) -> bytes:
    """Horizontal bars, first stage on top: participants who reached each stage or a later one.

    The first stage's bar is the accent colour, the others grey; each bar carries its number
    and its share of everybody.
    """
    fig = _figure(6.8, 4.2)
    if not total:
        return _empty(fig, title)
    ax = fig.add_subplot()
    ys = list(range(len(labels)))[::-1]
    colours = [ACCENT] + [GREY] * (len(labels) - 1)
    bars = ax.barh(ys, reached, color=colours, edgecolor=DARK, linewidth=0.8)
    ax.bar_label(bars, labels=[f"{n}  ({100 * n / total:.0f}%)" for n in reached], padding=4,
                 fontsize=FONT)
    ax.set_yticks(ys, [_wrap(x) for x in labels], fontsize=FONT)
    ax.set_xlim(0, max([1, *reached]) * 1.3)
    ax.set_xticks([])
    ax.spines[["top", "right", "bottom"]].set_visible(False)
    ax.set_xlabel(caption, fontsize=FONT)
    _title(fig, title)
    return _png(fig)


def heatmap_png(rows: Sequence[str], columns: Sequence[str],
                values: Sequence[Sequence[float | None]], title: str) -> bytes:
    """Items (weakest on top) × places, the share at the top level written in every cell."""
    height = min(1.6 + 0.32 * len(rows), 16)
    width = min(max(6, 3.5 + 1.1 * len(columns)), 16)
    fig = _figure(width, height)
    if not rows or not columns:
        return _empty(fig, title)
    ax = fig.add_subplot()
    grid = [[float("nan") if v is None else v for v in row] for row in values]
    ax.imshow(grid, cmap=SCALE, vmin=0, vmax=1, aspect="auto")
    for r, row in enumerate(values):
        for c, v in enumerate(row):
            if v is not None:
                ax.text(c, r, f"{100 * v:.0f}%", ha="center", va="center", fontsize=FONT - 2,
                        color="white" if v > 0.55 else DARK)
    ax.set_yticks(range(len(rows)), [_shorten(x, 40) for x in rows], fontsize=FONT - 2)
    ax.set_xticks(range(len(columns)), [_wrap(x, 14) for x in columns], fontsize=FONT - 2)
    ax.xaxis.tick_top()
    _title(fig, title)
    return _png(fig)


def trend_png(months: Sequence[str], rates: Sequence[float | None], title: str) -> bytes:
    """One item's share at the top level per month: an accent line with its points labelled."""
    fig = _figure(6.8, 3.6)
    if not months:
        return _empty(fig, title)
    ax = fig.add_subplot()
    xs = list(range(len(months)))
    ys = [float("nan") if r is None else 100 * r for r in rates]
    ax.plot(xs, ys, color=ACCENT, marker="o", linewidth=2.5, markersize=7)
    for x, y in zip(xs, ys, strict=True):
        if y == y:
            ax.annotate(f"{y:.0f}%", (x, y), textcoords="offset points", xytext=(0, 8),
                        ha="center", fontsize=FONT)
    ax.set_xticks(xs, months, fontsize=FONT)
    ax.set_ylim(0, 110)
    ax.set_yticks([0, 25, 50, 75, 100], ["0%", "25%", "50%", "75%", "100%"], fontsize=FONT - 1)
    ax.grid(axis="y", color="#dddddd")
    ax.spines[["top", "right"]].set_visible(False)
    _title(fig, title)
    return _png(fig)


def sessions_png(activities: Sequence[str], attendance: Sequence[float | None],
                 achievement: Sequence[float | None], attendance_label: str,
                 achievement_label: str, title: str) -> bytes:
    """Per activity, two bars: attendance against target (grey) and achievement (accent)."""
    fig = _figure(6.8, 3.8)
    if not activities:
        return _empty(fig, title)
    ax = fig.add_subplot()
    xs = list(range(len(activities)))
    width = 0.38

    def pct(values: Sequence[float | None]) -> list[float]:
        return [0.0 if v is None else 100 * v for v in values]

    a = ax.bar([x - width / 2 for x in xs], pct(attendance), width, color=GREY,
               edgecolor=DARK, label=attendance_label)
    b = ax.bar([x + width / 2 for x in xs], pct(achievement), width, color=ACCENT,
               edgecolor=DARK, label=achievement_label)
    for group in (a, b):
        ax.bar_label(group, fmt="%.0f%%", padding=3, fontsize=FONT)
    ax.set_xticks(xs, [_wrap(x, 18) for x in activities], fontsize=FONT)
    top = max([100.0, *pct(attendance), *pct(achievement)])
    ax.set_ylim(0, top * 1.2)
    ax.set_yticks([])
    ax.spines[["top", "right", "left"]].set_visible(False)
    ax.legend(fontsize=FONT - 1, frameon=False, loc="upper left", ncols=2)
    _title(fig, title)
    return _png(fig)


def classes_png(kinds: Sequence[str], enrolled: Sequence[int], attended: Sequence[int],
                enrolled_label: str, attended_label: str, title: str) -> bytes:
    """Per class kind, two horizontal bars: persons enrolled (grey) and attended (accent).

    The first kind is on top; each bar carries its number.
    """
    fig = _figure(6.8, min(2.2 + 0.9 * len(kinds), 12))
    if not kinds:
        return _empty(fig, title)
    ax = fig.add_subplot()
    ys = [float(n) for n in range(len(kinds))][::-1]
    height = 0.38
    a = ax.barh([y + height / 2 for y in ys], list(enrolled), height, color=GREY,
                edgecolor=DARK, linewidth=0.8, label=enrolled_label)
    b = ax.barh([y - height / 2 for y in ys], list(attended), height, color=ACCENT,
                edgecolor=DARK, linewidth=0.8, label=attended_label)
    for group in (a, b):
        ax.bar_label(group, padding=4, fontsize=FONT)
    ax.set_yticks(ys, [_wrap(k, 26) for k in kinds], fontsize=FONT - 1)
    ax.set_xlim(0, max([1, *enrolled, *attended]) * 1.25)
    ax.set_xticks([])
    ax.spines[["top", "right", "bottom"]].set_visible(False)
    ax.legend(fontsize=FONT - 1, frameon=False, loc="lower right", ncols=2,
              bbox_to_anchor=(1.0, 1.0))
    _title(fig, title)
    return _png(fig)
