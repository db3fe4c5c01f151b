"""The report's charts (matplotlib's object API, Agg): readable printed in grey, as PNG bytes.

Levels and "before/after" are told apart by grey level AND hatching AND a legend, never by colour
alone; every bar carries its number. Labels come translated from the caller.
"""

from __future__ import annotations

import io
import textwrap
from collections.abc import Sequence

from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

# (face grey, hatch) per series, darkest first: distinct on a black-and-white printer.
STYLES = (("#303030", ""), ("#9a9a9a", "///"), ("#ffffff", "xx"), ("#ffffff", ".."))
LABEL_CHARS = 46


def _short(text: str, limit: int = LABEL_CHARS) -> str:
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def _png(fig: Figure) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=150, bbox_inches="tight")
    return buf.getvalue()


def _figure(width: float, height: float) -> tuple[Figure, Axes]:
    """A figure and its one axes on their own Agg canvas (no pyplot, no shared state)."""
    fig = Figure(figsize=(width, height))
    FigureCanvasAgg(fig)
    return fig, fig.add_subplot()


def achievement_chart(labels: Sequence[str], series: Sequence[tuple[str, Sequence[int]]],
                      xlabel: str) -> bytes:
    """Horizontal stacked bars, one per item: participants at each level (``series``), in order.

    ``series`` is (legend label, count per item) from the highest level down, with "not
    assessed" last; each segment has its grey, its hatching and its count.
    """
    height = max(2.4, 0.32 * len(labels) + 1.2)
    fig, ax = _figure(7.2, height)
    left = [0] * len(labels)
    ypos = list(range(len(labels)))
    for (name, counts), (face, hatch) in zip(series, STYLES, strict=False):
        bars = ax.barh(ypos, counts, left=left, color=face, hatch=hatch, edgecolor="black",
                       linewidth=0.6, label=name)
        for bar, n, start in zip(bars, counts, left, strict=True):
            if n:
                dark = face == STYLES[0][0]
                ax.text(start + n / 2, bar.get_y() + bar.get_height() / 2, str(n),
                        ha="center", va="center", fontsize=8,
                        color="white" if dark else "black",
                        bbox=None if dark else {"facecolor": "white", "edgecolor": "none",
                                                "pad": 1.5})
        left = [a + b for a, b in zip(left, counts, strict=True)]
    ax.set_yticks(ypos, [_short(label) for label in labels], fontsize=8)
    ax.invert_yaxis()
    ax.set_xlabel(xlabel, fontsize=9)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.spines[["top", "right"]].set_visible(False)
    ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=4, fontsize=8,
              frameon=False)
    return _png(fig)


def stage_chart(stages: Sequence[str], before: Sequence[int], after: Sequence[int],
                before_label: str, after_label: str, ylabel: str) -> bytes:
    """Grouped vertical bars per stage: before (light grey, hatched) and after (dark grey)."""
    fig, ax = _figure(7.2, 2.9)
    xs = list(range(len(stages)))
    width = 0.38
    for shift, counts, (face, hatch), name in (
            (-width / 2, before, STYLES[1], before_label),
            (width / 2, after, STYLES[0], after_label)):
        bars = ax.bar([x + shift for x in xs], counts, width, color=face, hatch=hatch,
                      edgecolor="black", linewidth=0.6, label=name)
        for bar, n in zip(bars, counts, strict=True):
            ax.text(bar.get_x() + bar.get_width() / 2, bar.get_height(), str(n), ha="center",
                    va="bottom", fontsize=8)
    ax.set_xticks(xs, [textwrap.fill(s, 13) for s in stages], fontsize=7.5)
    ax.set_ylabel(ylabel, fontsize=9)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.margins(y=0.15)
    ax.spines[["top", "right"]].set_visible(False)
    ax.legend(fontsize=8, frameon=False)
    return _png(fig)
