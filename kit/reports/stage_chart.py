"""The stage chart of a room, before → now: a grouped bar chart readable when printed in grey.

Uses matplotlib's object API (``Figure`` + the Agg canvas, no pyplot state), so it is safe in a
long-running kernel and in the report generator. "Before" bars are white with a dense hatch and
a black edge, "now" bars solid dark grey; each bar carries its number, so nothing depends on
colour. Input: :class:`kit.reports.live_board.StageBar` (UMKM owners only).
"""

from __future__ import annotations

import io
import textwrap
from collections.abc import Sequence

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from kit.i18n import gettext_
from kit.reports.live_board import StageBar

BEFORE_COLOUR, BEFORE_HATCH = "white", "///"
NOW_COLOUR = "#404040"


def stage_figure(bars: Sequence[StageBar], lang: str = "id",
                 size: tuple[float, float] = (6.4, 3.2)) -> Figure:
    """The figure: one pair of bars (before, now) per stage, counts written on the bars."""
    fig = Figure(figsize=size, dpi=100, layout="constrained")
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    xs = list(range(len(bars)))
    width = 0.38
    before = ax.bar([x - width / 2 for x in xs], [b.before for b in bars], width,
                    label=gettext_("Before the session", lang), color=BEFORE_COLOUR,
                    hatch=BEFORE_HATCH, edgecolor="black", linewidth=1.0)
    now = ax.bar([x + width / 2 for x in xs], [b.now for b in bars], width,
                 label=gettext_("Now", lang), color=NOW_COLOUR, edgecolor="black",
                 linewidth=1.0)
    for group in (before, now):
        ax.bar_label(group, padding=2, fontsize=8)
    ax.set_xticks(xs, ["\n".join(textwrap.wrap(b.title, 14)) for b in bars], fontsize=8)
    ax.set_ylabel(gettext_("UMKM owners present", lang), fontsize=8)
    ax.set_title(gettext_("Stages of the room: before the session and now", lang), fontsize=10)
    top = max([1, *(b.before for b in bars), *(b.now for b in bars)])
    ax.set_ylim(0, top * 1.2 + 0.5)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.tick_params(axis="y", labelsize=8)
    ax.spines[["top", "right"]].set_visible(False)
    ax.legend(fontsize=8, frameon=False, loc="upper right")
    return fig


def stage_chart_png(bars: Sequence[StageBar], lang: str = "id",
                    size: tuple[float, float] = (6.4, 3.2)) -> bytes:
    """The stage chart as PNG bytes."""
    buf = io.BytesIO()
    stage_figure(bars, lang, size).savefig(buf, format="png")
    return buf.getvalue()
