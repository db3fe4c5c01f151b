"""The live board panel: achievement per item and per participant, evidence, stage chart.

Per item, who of the present achieved it; per participant, what is missing; the evidence behind a
cell one click away; the room's stage chart before → now.

Reads through :func:`kit.reports.live_board_service.live_board` (rules in
:mod:`kit.reports.live_board`). :meth:`BoardPanel.start_live` refreshes it every few seconds on
the kernel's event loop; a refresh touches only the cells, tallies, lists and chart that changed
(:func:`kit.reports.live_board.changes`). Nothing is kept that is not in the database.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime
from typing import Any

import ipywidgets as w

from kit.framework import Activity, Materi, framework
from kit.i18n import gettext_
from kit.records.participant_types import type_label
from kit.reports.live_board import UMKM, Board, Cell, changes, item_codes
from kit.reports.live_board_service import BoardError, board_version, cell_evidence, live_board
from kit.reports.stage_chart import stage_chart_png
from kit.session_app.panels import PanelContext
from kit.ui import render
from kit.ui.live import Repeating
from kit.workspace import WorkspaceError

# Seconds between two looks at the database's fingerprint (board_version, one query of ~2 ms, so
# ~1 % of a core); the board is read again only when it changed, so a tap anywhere reaches the
# board within the interval plus one re-read (issue 13: within 0.5 s; `make bench` update_live).
LIVE_INTERVAL = 0.2
_CLASS_SAFE = re.compile(r"[^A-Za-z0-9_-]")


def cell_class(participant_id: str, item_id: str) -> str:
    """The CSS class that names one cell of the board (for tests and the browser)."""
    return "kit-bd-c-" + "-".join(_CLASS_SAFE.sub("_", p) for p in (participant_id, item_id))


def cell_look(participant_id: str, item_id: str, cell: Cell) -> tuple[str, tuple[str, ...]]:
    """A cell's label (its level, "–" when nothing is recorded) and its DOM classes."""
    level = "none" if cell.level is None else str(cell.level)
    auto = ("kit-auto",) if cell.automatic else ()
    label = "–" if cell.level is None else str(cell.level) + (" ⚙" if cell.automatic else "")
    return label, ("kit-bd-cell", cell_class(participant_id, item_id), f"kit-lv-{level}", *auto)


class BoardPanel:
    """The board of one session; ``widget`` is the tab's content."""

    def __init__(self, ctx: PanelContext) -> None:
        self.ctx = ctx
        self.lang = ctx.lang
        self.version = board_version(ctx.workspace, ctx.session_id)
        self.board: Board = live_board(ctx.workspace, ctx.session_id, self.lang)
        self.activity: Activity = framework().activity(self.board.activity_id)
        self.codes = item_codes(self.activity)
        self.refreshes = 0
        # Stops by itself once the tab was closed (another session chosen).
        self.live = Repeating(self._live_tick, alive=lambda: self.widget.comm is not None,
                              name="live board refresh")
        self._grids: dict[str, w.GridBox] = {}
        self.cells: dict[tuple[str, str], w.Button] = {}
        # Shared by every cell: one model each instead of two per button.
        self._cell_layout = w.Layout(width="auto")
        self._cell_style = w.ButtonStyle()

        self.head = w.HTML()
        self.chart = w.Image(format="png", layout=w.Layout(max_width="100%", height="auto"),
                             _dom_classes=("kit-bd-chart",))
        self.items = w.HTML(_dom_classes=("kit-bd-items-box",))
        self.materi_picker = w.ToggleButtons(
            options=[(gettext_("Materi {no}", self.lang).format(no=m.no), m.id)
                     for m in self.activity.materi],
            style=w.ToggleButtonsStyle(button_width="auto"), _dom_classes=("kit-bd-materi",))
        self.grid_holder = w.Box(_dom_classes=("kit-bd-scroll",),
                                 layout=w.Layout(width="100%"))
        self.evidence = w.HTML(value=self._hint())
        self.missing = w.HTML()
        heading = {"level": 3}
        self.widget = w.VBox(
            [self.head,
             w.HBox([
                 w.VBox([w.HTML(render("heading.html.j2", self.lang, **heading,
                                       title=gettext_("Achieved per item", self.lang))),
                         self.items], _dom_classes=("kit-bd-half",)),
                 w.VBox([w.HTML(render("heading.html.j2", self.lang, **heading,
                                       title=gettext_("Stages of the room", self.lang)),
                                _dom_classes=("kit-bd-stages",)),
                         self.chart], _dom_classes=("kit-bd-half",))],
                 _dom_classes=("kit-bd-top",)),
             w.HTML(render("heading.html.j2", self.lang, **heading,
                           title=gettext_("Participants × items", self.lang),
                           note=gettext_("Tap a cell to see the evidence behind it; ⚙ marks a "
                                         "level from the participant's own practice or quiz.",
                                         self.lang))),
             self.materi_picker, self.grid_holder, self.evidence,
             w.HTML(render("heading.html.j2", self.lang, **heading,
                           title=gettext_("Still missing", self.lang))),
             self.missing],
            _dom_classes=("kit-board",), layout=w.Layout(width="100%"))
        self.materi_picker.observe(self._on_materi, names="value")
        self._show_all()

    def _hint(self) -> str:
        return render("message.html.j2", self.lang, kind="kit-muted",
                      text=gettext_("Tap a cell of the grid to see its evidence here.",
                                    self.lang))

    # -- showing -------------------------------------------------------------------------------

    def _show_all(self) -> None:
        self._show_head()
        self._show_items()
        self._show_missing()
        self._show_chart()
        self._show_materi(str(self.materi_picker.value or self.activity.materi[0].id))

    def _show_head(self) -> None:
        umkm = sum(bar.now for bar in self.board.stages)
        self.head.value = render("board_head.html.j2", self.lang, present=len(self.board.rows),
                                 umkm=umkm, time=datetime.now().strftime("%H:%M:%S"))

    def _show_items(self) -> None:
        self.items.value = render("board_items.html.j2", self.lang, items=self.board.items)

    def _show_missing(self) -> None:
        titles = {t.item_id: t.title for t in self.board.items}
        rows = [{"name": r.name,
                 "type": None if r.participant_type in (None, "", UMKM)
                 else type_label(r.participant_type, self.lang),
                 "missing": [(self.codes[i], titles[i]) for i in r.missing]}
                for r in self.board.rows]
        self.missing.value = render("board_missing.html.j2", self.lang, rows=rows)

    def _show_chart(self) -> None:
        self.chart.value = stage_chart_png(self.board.stages, self.lang)

    def _materi(self, materi_id: str) -> Materi:
        return next(m for m in self.activity.materi if m.id == materi_id)

    def _show_materi(self, materi_id: str) -> None:
        self.grid_holder.children = [self._grid(self._materi(materi_id))]

    def _grid(self, materi: Materi) -> w.GridBox:
        grid = self._grids.get(materi.id)
        if grid is not None:
            return grid
        children: list[w.Widget] = [w.HTML(render(
            "board_name.html.j2", self.lang, text=gettext_("Participant", self.lang), bold=True))]
        children += [w.HTML(render("board_col_head.html.j2", self.lang, css="kit-bd-h",
                                   title=item.title.get(self.lang), code=self.codes[item.id],
                                   n=self.board.tally(item.id).achieved,
                                   total=len(self.board.rows)))
                     for item in materi.items]
        for row in self.board.rows:
            children.append(w.HTML(render("board_name.html.j2", self.lang, text=row.name)))
            for item in materi.items:
                children.append(self._cell(row.participant_id, item.id))
        grid = w.GridBox(children, _dom_classes=("kit-bd-grid",), layout=w.Layout(
            grid_template_columns=f"minmax(7em, 12em) repeat({len(materi.items)}, 4.5em)"))
        self._grids[materi.id] = grid
        return grid

    def _cell(self, participant_id: str, item_id: str) -> w.Button:
        label, classes = cell_look(participant_id, item_id,
                                   self.board.cell(participant_id, item_id))
        button = w.Button(description=label, layout=self._cell_layout, style=self._cell_style,
                          _dom_classes=classes, tooltip=self.codes[item_id])
        button.on_click(self._click_handler(participant_id, item_id))
        self.cells[(participant_id, item_id)] = button
        return button

    def _click_handler(self, participant_id: str, item_id: str) -> Callable[[w.Button], None]:
        def handler(_button: w.Button) -> None:
            self.show_evidence(participant_id, item_id)
        return handler

    def show_evidence(self, participant_id: str, item_id: str) -> None:
        """Show what is behind one cell (the automatic scores' details and kept evidence)."""
        row = next(r for r in self.board.rows if r.participant_id == participant_id)
        cell = self.board.cell(participant_id, item_id)
        try:
            entries = cell_evidence(self.ctx.workspace, participant_id, item_id, self.lang)
        except WorkspaceError as exc:
            self.evidence.value = render("message.html.j2", self.lang, kind="kit-status-error",
                                         text=str(exc), prefix="⚠ ")
            return
        empty = (gettext_("Nothing is recorded for this item yet.", self.lang)
                 if cell.level is None else
                 gettext_("No automatic evidence: the level was set by the facilitator.",
                          self.lang))
        self.evidence.value = render(
            "board_evidence.html.j2", self.lang, name=row.name, code=self.codes[item_id],
            title=self.board.tally(item_id).title,
            level="–" if cell.level is None else cell.level, entries=entries, empty=empty)

    # -- refreshing ----------------------------------------------------------------------------

    def poll(self) -> bool:
        """Refresh only if the database's fingerprint changed; ``True`` if the board changed."""
        version = board_version(self.ctx.workspace, self.ctx.session_id)
        if version == self.version:
            return False
        return self.refresh()

    def refresh(self) -> bool:
        """Read the board again and update only what changed; ``True`` if anything did."""
        self.version = board_version(self.ctx.workspace, self.ctx.session_id)
        new = live_board(self.ctx.workspace, self.ctx.session_id, self.lang)
        diff = changes(self.board, new)
        old, self.board = self.board, new
        self.refreshes += 1
        self._show_head()
        if not diff:
            return False
        if [r.participant_id for r in old.rows] != [r.participant_id for r in new.rows]:
            # Someone was checked in: the grids get a new row, so they are built again.
            for grid in self._grids.values():
                grid.close()
            self._grids = {}
            self.cells = {}
            self._show_all()
            return True
        for key in diff.cells:
            button = self.cells.get(key)
            if button is not None:
                label, classes = cell_look(key[0], key[1], new.cell(*key))
                button.description = label
                button._dom_classes = classes
        if diff.items:
            self._show_items()
            for grid in self._grids.values():
                self._update_heads(grid, diff.items)
        if diff.rows_changed:
            self._show_missing()
        if diff.stages_changed:
            self._show_chart()
        return True

    def _update_heads(self, grid: w.GridBox, item_ids: frozenset[str]) -> None:
        materi = next(m for m in self.activity.materi if self._grids.get(m.id) is grid)
        for n, item in enumerate(materi.items, start=1):
            if item.id in item_ids:
                grid.children[n].value = render(
                    "board_col_head.html.j2", self.lang, css="kit-bd-h",
                    title=item.title.get(self.lang), code=self.codes[item.id],
                    n=self.board.tally(item.id).achieved, total=len(self.board.rows))

    def _on_materi(self, change: dict[str, Any]) -> None:
        if change["new"]:
            self._show_materi(str(change["new"]))

    # -- live ------------------------------------------------------------------------------

    def start_live(self, interval: float = LIVE_INTERVAL) -> None:
        """Refresh every ``interval`` seconds on the kernel's event loop until the tab closes."""
        self.live.start(interval)

    def stop_live(self) -> None:
        """Stop the periodic refresh."""
        self.live.stop()

    def _live_tick(self) -> None:
        try:
            self.poll()
        except (BoardError, WorkspaceError) as exc:
            self.head.value = render("message.html.j2", self.lang, kind="kit-status-error",
                                     text=str(exc), prefix="⚠ ")


def board_panel(ctx: PanelContext) -> BoardPanel | w.HTML:
    """The board of the context's session, or one line saying why it cannot be shown."""
    try:
        return BoardPanel(ctx)
    except (BoardError, WorkspaceError) as exc:
        return w.HTML(render("message.html.j2", ctx.lang, kind="kit-status-error",
                             text=str(exc), prefix="⚠ "))


def build(ctx: PanelContext) -> w.Widget:
    """The live board tab of the session app (refreshing itself)."""
    panel = board_panel(ctx)
    if not isinstance(panel, BoardPanel):
        return panel
    panel.start_live()
    return panel.widget
