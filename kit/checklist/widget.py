"""The checklist widget: participants × items of one session, one tap per observation.

Built for 50 participants × 21 items on a modest laptop:

* only the materi being looked at is on screen (a materi picker swaps one grid in and out), and a
  materi's grid is created the first time it is shown, then kept;
* a cell is a single ``ToggleButtons`` model; every cell shares one ``Layout`` and one ``Style``
  (ipywidgets otherwise creates two extra models per widget), and the participant-name labels are
  shared by every materi grid;
* a change touches only the tapped cell, that item's count label and the status line.

Autosave: a tap calls :meth:`ChecklistState.set_level`, which writes through
:func:`kit.checklist.service.save_observation`; "tersimpan" (saved) and the cell's colour appear
only after the transaction committed. If the write fails (or the session is closed), the cell goes
back to the stored value and the status line says why. Reloading the page rebuilds everything from
the database.

Colour: ipywidgets 8's front end does not re-apply ``button_style`` to a rendered
``ToggleButtons``, so a cell's colour comes from CSS classes in ``_dom_classes`` (``kit-lv-2``,
``kit-auto``…), which every widget view re-applies when they change (see ``checklist.css``).

Live: :meth:`ChecklistApp.start_live` schedules :meth:`ChecklistApp.refresh` every few seconds on
the kernel's event loop; a refresh reads the database through the service and touches only the
cells, counts and rows that changed (joiners, practice results, another laptop's taps).
"""

from __future__ import annotations

import html
import os
import re
from collections.abc import Callable
from datetime import datetime
from typing import Any

import ipywidgets as w
from ipywidgets.widgets.widget_string import HTMLStyle

from kit.checklist.state import (
    Cell,
    ChecklistError,
    ChecklistState,
    Row,
    default_session_id,
    session_choices,
    session_from_query,
)
from kit.framework import Item, Materi
from kit.i18n import _, get_language
from kit.ui import render, style_html
from kit.ui.live import Repeating
from kit.workspace import Workspace, WorkspaceError, open_workspace

ALL_ITEMS = ""
LIVE_INTERVAL = 5.0  # seconds between two live refreshes of an open checklist
_CLASS_SAFE = re.compile(r"[^A-Za-z0-9_-]")

CSS = style_html("checklist")  # kit/ui/css/checklist.css, read once


def css_class(*parts: str) -> str:
    """A CSS class name built from ids (anything outside ``[A-Za-z0-9_-]`` becomes ``_``)."""
    return "kit-" + "-".join(_CLASS_SAFE.sub("_", p) for p in parts)


def item_codes(materi: tuple[Materi, ...]) -> dict[str, str]:
    """Item id → short code "materi.no" (``"1.3"``) as printed in the tables."""
    return {item.id: f"{m.no}.{n}" for m in materi for n, item in enumerate(m.items, start=1)}


def cell_classes(participant_id: str, item_id: str, cell: Cell) -> tuple[str, ...]:
    """The DOM classes of a cell: its id, its level (``kit-lv-2``/``kit-lv-none``) and its origin.

    ``kit-auto`` marks a level from a sandbox or a quiz, ``kit-observed`` the facilitator's own;
    ``checklist.css`` colours the level and draws the automatic mark from these classes.
    """
    level = "none" if cell.level is None else str(cell.level)
    origin = () if cell.level is None else ("kit-auto",) if cell.automatic else ("kit-observed",)
    return ("kit-cell", css_class("cell", participant_id, item_id), f"kit-lv-{level}", *origin)


def _esc(text: object) -> str:
    return html.escape(str(text), quote=True)


class ChecklistApp:
    """The checklist of a workspace: a session picker and the grid of the chosen session.

    ``widget`` is what the notebook displays. The controls are attributes (``session_picker``,
    ``facilitator``, ``materi_picker``, ``filter_not_yet``, ``filter_item``, ``note_participant``,
    ``note_item``, ``note_text``, ``reload_button``) and :meth:`cell` returns the control of one
    participant × item, so tests drive the app exactly as a browser does: by setting ``.value``.
    """

    def __init__(self, ws: Workspace, session_id: str | None = None, lang: str | None = None):
        self.ws = ws
        self.lang = lang or get_language()
        self.state: ChecklistState | None = None
        self._syncing = False
        self.saved_count = 0
        self._grids: dict[str, w.GridBox] = {}
        self._cells: dict[tuple[str, str], w.ToggleButtons] = {}
        self._counts: dict[str, w.HTML] = {}
        self._names: dict[str, w.HTML] = {}
        self._codes: dict[str, str] = {}
        self._visible: list[str] = []
        self.live = Repeating(self._live_tick, name="checklist refresh")

        rubric = ws_rubric_levels(self.lang)
        self._level_options = [(str(level), level) for level, _label in rubric]
        self._level_tooltips = [label for _level, label in rubric]
        # Shared by every cell and label: one model each instead of two per widget.
        self._cell_layout = w.Layout(width="auto", margin="0")
        self._cell_style = w.ToggleButtonsStyle(button_width="2.6em")
        self._label_layout = w.Layout(margin="0 4px 0 0")
        self._label_style = HTMLStyle()

        self.status = w.HTML(layout=w.Layout(min_height="1.6em"),
                             _dom_classes=("kit-status",))
        self.session_picker = w.Dropdown(
            description=_("Session"), options=session_choices(ws, self.lang),
            layout=w.Layout(width="38em", max_width="100%"))
        self.facilitator = w.Text(
            description=_("Facilitator"), placeholder=_("your name"), continuous_update=False,
            layout=w.Layout(width="24em", max_width="100%"))
        self.reload_button = w.Button(
            description=_("Reload"), icon="", tooltip=_("Read everything again from the database"),
            layout=w.Layout(width="auto"))
        self.legend = w.HTML(render(
            "checklist_legend.html.j2", self.lang, rubric=list(rubric),
            auto=_("automatic: from the participant's practice or quiz"),
            observed=_("observed: your own observation (no mark)"),
            note=_("One tap records the level; it is saved automatically "
                   "(\"saved\" appears once it is in the database). New participants and "
                   "practice results appear by themselves every few seconds.")))
        self.materi_picker = w.ToggleButtons(
            options=[], style=w.ToggleButtonsStyle(button_width="auto"))
        self.materi_title = w.HTML()
        self.filter_not_yet = w.Checkbox(
            value=False, description=_("Only participants not yet achieved"), indent=False,
            layout=w.Layout(width="auto"))
        self.filter_item = w.Dropdown(description=_("Item"), options=[(_("all items"), ALL_ITEMS)],
                                      layout=w.Layout(width="28em", max_width="100%"))
        self.visible_label = w.HTML()
        # No scrolling box of its own: the page scrolls, so the item headers can stick to it.
        self.grid_holder = w.Box(_dom_classes=("kit-cl-grid",))
        self.note_participant = w.Dropdown(description=_("Participant"), options=[],
                                           layout=w.Layout(width="22em", max_width="100%"))
        self.note_item = w.Dropdown(description=_("Item"), options=[],
                                    layout=w.Layout(width="32em", max_width="100%"))
        self.note_level = w.HTML()
        self.note_text = w.Text(
            description=_("Note"), placeholder=_("note for this participant and item (optional)"),
            continuous_update=False, layout=w.Layout(width="44em", max_width="100%"),
            _dom_classes=("kit-note-text",))
        self.body = w.VBox()
        self.widget = w.VBox(
            [w.HTML(CSS),
             w.HTML(render("heading.html.j2", self.lang, level=2,
                           title=_("Observation checklist"))),
             w.HBox([self.session_picker, self.facilitator, self.reload_button],
                    layout=w.Layout(flex_flow="row wrap")),
             self.status,
             self.body],
            _dom_classes=("kit-checklist",))

        self.session_picker.observe(self._on_session, names="value")
        self.facilitator.observe(self._on_facilitator, names="value")
        self.reload_button.on_click(self._on_reload)
        self.materi_picker.observe(self._on_materi, names="value")
        self.filter_not_yet.observe(self._on_filter, names="value")
        self.filter_item.observe(self._on_filter, names="value")
        self.note_participant.observe(self._on_note_target, names="value")
        self.note_item.observe(self._on_note_target, names="value")
        self.note_text.observe(self._on_note, names="value")

        ids = [sid for _label, sid in self.session_picker.options]
        warning = None
        if session_id is not None and session_id not in ids:
            warning = _("Session {session!r} does not exist; showing the newest open "
                        "session.").format(session=session_id)
            session_id = None
        chosen = session_id or default_session_id(ws)
        if chosen is None:
            self.body.children = [w.HTML(
                "<p>" + _esc(_("There are no sessions yet. Create a session and check "
                               "participants in first.")) + "</p>")]
        else:
            self.session_picker.value = chosen  # fires _on_session → _load
            if self.state is None:
                self._load(chosen)
        if warning:
            self._status_error(warning)

    # -- public helpers (tests, benchmark) ------------------------------------------------------

    def cell(self, participant_id: str, item_id: str) -> w.ToggleButtons:
        """The control of one participant × item (its materi grid is built if needed)."""
        state = self._require_state()
        item = state.item(item_id)
        if (participant_id, item_id) not in self._cells:
            state.row(participant_id)
            self._grid_for(self._materi_of(item))
        return self._cells[(participant_id, item_id)]

    def count_label(self, item_id: str) -> w.HTML:
        """The header label of an item (title and "achieved n/N")."""
        state = self._require_state()
        self._grid_for(self._materi_of(state.item(item_id)))
        return self._counts[item_id]

    def visible_participants(self) -> list[str]:
        """Participant ids of the rows shown in the current grid, in order."""
        return list(self._visible)

    def widget_count(self) -> int:
        """How many widget models the checklist created for cells, labels and headers."""
        return len(self._cells) + len(self._counts) + len(self._names)

    def close(self) -> None:
        """Close the checklist's own widgets (frees the models in a long-running kernel).

        Only this checklist's widget tree is closed: ``Widget.close_all`` would close every
        widget of the kernel, including other pages' and shared layouts.
        """
        self.stop_live()
        self._close_grids()
        _close_tree(self.widget)

    # -- live refresh ---------------------------------------------------------------------------

    def start_live(self, interval: float = LIVE_INTERVAL) -> None:
        """Refresh from the database every ``interval`` seconds on the kernel's event loop.

        ipykernel (and so Voila) runs an asyncio loop; the refresh is a timer callback on it, so
        it never runs at the same time as a tap's handler (:class:`kit.ui.live.Repeating`).
        """
        self.live.start(interval)

    def stop_live(self) -> None:
        """Stop the periodic refresh (closing the checklist stops it too)."""
        self.live.stop()

    def _live_tick(self) -> None:
        try:
            self.refresh()
        except ChecklistError as exc:
            self._status_error(str(exc))

    def refresh(self) -> bool:
        """Show what changed in the database since the last read; ``True`` if anything did.

        Only changed cells, their items' counts and new rows are sent to the browser; the
        facilitator's name and the note being typed are left alone.
        """
        state = self.state
        if state is None:
            return False
        had_rows = bool(state.rows)
        changes = state.refresh()
        if not changes:
            return False
        if not had_rows:
            self._load(state.session.id)
            return True
        for key in changes.changed:
            widget = self._cells.get(key)
            if widget is not None:
                self._show_cell(widget, key[0], key[1])
        if changes.new_rows:
            for materi_id in list(self._grids):
                materi = next(m for m in state.materi if m.id == materi_id)
                for row in changes.new_rows:
                    self._name_label(row)
                    for item in materi.items:
                        self._cells[(row.participant_id, item.id)] = self._new_cell(row, item)
            self._syncing = True
            try:
                self.note_participant.options = [(r.name, r.participant_id) for r in state.rows]
            finally:
                self._syncing = False
            items = {item.id for item in state.items}
        else:
            items = {item_id for _pid, item_id in changes.changed}
        for item_id in items:
            label = self._counts.get(item_id)
            if label is not None:
                label.value = self._count_html(state.item(item_id))
        if changes.new_rows or self.filter_not_yet.value:
            self._apply_filter(self._current_materi())
        if self.note_participant.value and self.note_item.value and (
                (self.note_participant.value, self.note_item.value) in changes.changed):
            self._show_note_target()
        if changes.status_changed:
            self._mark_closed(not state.is_open)
        if changes.status_changed and not state.is_open:
            self._status_error(_("This session was closed: levels can no longer be changed."))
        elif changes.new_rows:
            self._status_info(_("{n} new participants joined; the session now has {total}.")
                              .format(n=len(changes.new_rows), total=len(state.rows)))
        return True

    # -- loading --------------------------------------------------------------------------------

    def _require_state(self) -> ChecklistState:
        if self.state is None:
            raise ChecklistError(_("No session is open in the checklist."))
        return self.state

    def _materi_of(self, item: Item) -> Materi:
        return next(m for m in self._require_state().materi if m.id == item.materi_id)

    def _close_grids(self) -> None:
        for grid in self._grids.values():
            grid.close()
        for widget in (*self._cells.values(), *self._counts.values(), *self._names.values()):
            widget.close()
        self._grids, self._cells, self._counts, self._names = {}, {}, {}, {}

    def _load(self, session_id: str) -> None:
        """Open a session: read the database and show its first materi."""
        self._close_grids()
        try:
            state = ChecklistState(self.ws, session_id)
        except ChecklistError as exc:
            self.state = None
            self.body.children = []
            self._status_error(str(exc))
            return
        self.state = state
        self._mark_closed(not state.is_open)
        self._codes = item_codes(state.materi)
        self._syncing = True
        try:
            self.facilitator.value = state.facilitator
            self.note_participant.options = [(r.name, r.participant_id) for r in state.rows]
            self.note_item.options = [(f"{self._codes[i.id]} {i.title.get(self.lang)}", i.id)
                                      for i in state.items]
            self.materi_picker.options = [
                (_("Materi {no}").format(no=m.no) + f" ({len(m.items)})", m.id)
                for m in state.materi]
            self.materi_picker.tooltips = [m.title.get(self.lang) for m in state.materi]
            self.materi_picker.value = state.materi[0].id
        finally:
            self._syncing = False
        if not state.rows:
            self.body.children = [self.legend, w.HTML(
                "<p>" + _esc(_("Nobody is checked in to this session yet. Check participants "
                               "in first, then reload.")) + "</p>")]
            self._status_info(_("Session {title}: no participants.").format(
                title=state.session.title))
            return
        self.body.children = [
            self.legend,
            # Two lines instead of four: more rows of the grid fit on a 768 px laptop screen.
            w.VBox([w.HBox([self.note_participant, self.note_item],
                           layout=w.Layout(flex_flow="row wrap")),
                    w.HBox([self.note_text, self.note_level],
                           layout=w.Layout(flex_flow="row wrap", align_items="center"))],
                   layout=w.Layout(border="1px solid #ccc", padding="4px", margin="4px 0")),
            self.materi_picker,
            self.materi_title,
            w.HBox([self.filter_not_yet, self.filter_item, self.visible_label],
                   layout=w.Layout(flex_flow="row wrap", align_items="center")),
            self.grid_holder,
        ]
        self._show_materi(state.materi[0])
        self._show_note_target()
        if not state.is_open:
            self._status_error(_("Session {title} is closed: you can look, not record.").format(
                title=state.session.title))
            return
        self._status_info(_("Session {title}: {n} participants, {k} items.").format(
            title=state.session.title, n=len(state.rows), k=len(state.items)))

    def _mark_closed(self, closed: bool) -> None:
        """Show a closed session as read-only (``kit-cl-closed``: greyed, no pointer on cells)."""
        if closed:
            self.widget.add_class("kit-cl-closed")
        else:
            self.widget.remove_class("kit-cl-closed")

    def _name_label(self, row: Row) -> w.HTML:
        label = self._names.get(row.participant_id)
        if label is None:
            label = w.HTML(
                render("checklist_name.html.j2", self.lang, name=row.name,
                       business=row.business_name, district=row.district),
                layout=self._label_layout, style=self._label_style)
            self._names[row.participant_id] = label
        return label

    def _count_html(self, item: Item) -> str:
        state = self._require_state()
        title = item.title.get(self.lang)
        n, total = state.achieved_count(item.id), len(state.rows)
        return render("checklist_head.html.j2", self.lang, css=css_class("count", item.id),
                      title=title, code=self._codes[item.id], n=n, total=total)

    def _grid_for(self, materi: Materi) -> w.GridBox:
        """The grid of one materi, created on first use (all its cells in one pass)."""
        grid = self._grids.get(materi.id)
        if grid is not None:
            return grid
        state = self._require_state()
        for item in materi.items:
            self._counts[item.id] = w.HTML(self._count_html(item), layout=self._label_layout,
                                           style=self._label_style,
                                           _dom_classes=("kit-cl-headcell",))
        for row in state.rows:
            self._name_label(row)
            for item in materi.items:
                self._cells[(row.participant_id, item.id)] = self._new_cell(row, item)
        grid = w.GridBox(layout=w.Layout(
            grid_template_columns=f"minmax(11em, 16em) repeat({len(materi.items)}, max-content)",
            grid_gap="2px 6px", align_items="center"))
        self._grids[materi.id] = grid
        return grid

    def _new_cell(self, row: Row, item: Item) -> w.ToggleButtons:
        stored = self._require_state().cell(row.participant_id, item.id)
        cell = w.ToggleButtons(
            options=self._level_options, value=stored.level, tooltips=self._level_tooltips,
            layout=self._cell_layout, style=self._cell_style,
            _dom_classes=cell_classes(row.participant_id, item.id, stored))
        cell.observe(self._cell_handler(row.participant_id, item.id), names="value")
        return cell

    def _show_cell(self, widget: w.ToggleButtons, participant_id: str, item_id: str) -> None:
        """Show the stored level and origin of a cell (value and classes, only if different)."""
        stored = self._require_state().cell(participant_id, item_id)
        self._syncing = True
        try:
            if widget.value != stored.level:
                widget.value = stored.level
        finally:
            self._syncing = False
        classes = cell_classes(participant_id, item_id, stored)
        if tuple(widget._dom_classes) != classes:
            widget._dom_classes = classes

    def _cell_handler(self, participant_id: str, item_id: str) -> Callable[[dict[str, Any]], None]:
        def handler(change: dict[str, Any]) -> None:
            self._on_cell(participant_id, item_id, change["new"])
        return handler

    def _current_materi(self) -> Materi:
        state = self._require_state()
        return next((m for m in state.materi if m.id == self.materi_picker.value),
                    state.materi[0])

    def _show_materi(self, materi: Materi) -> None:
        grid = self._grid_for(materi)
        self.materi_title.value = render(
            "heading.html.j2", self.lang, level=3,
            title="{}: {}".format(_("Materi {no}").format(no=materi.no),
                                  materi.title.get(self.lang)))
        self._syncing = True
        try:
            self.filter_item.options = [(_("all items"), ALL_ITEMS)] + [
                (f"{self._codes[i.id]} {i.title.get(self.lang)}", i.id) for i in materi.items]
            self.filter_item.value = ALL_ITEMS
        finally:
            self._syncing = False
        self._apply_filter(materi)
        self.grid_holder.children = [grid]

    def _apply_filter(self, materi: Materi) -> None:
        """Lay out the grid's rows, keeping only "not yet" rows when the filter is on."""
        state = self._require_state()
        rows: list[Row] = list(state.rows)
        if self.filter_not_yet.value:
            wanted = [self.filter_item.value] if self.filter_item.value else [
                i.id for i in materi.items]
            rows = state.rows_not_yet(wanted)
        grid = self._grid_for(materi)
        corner = self._corner(materi)
        children: list[w.Widget] = [corner, *(self._counts[i.id] for i in materi.items)]
        for row in rows:
            children.append(self._names[row.participant_id])
            children.extend(self._cells[(row.participant_id, i.id)] for i in materi.items)
        grid.children = children
        self._visible = [row.participant_id for row in rows]
        self.visible_label.value = _esc(_("Showing {n} of {total} participants").format(
            n=len(rows), total=len(state.rows)))

    def _corner(self, materi: Materi) -> w.HTML:
        key = "__corner__" + materi.id
        label = self._counts.get(key)
        if label is None:
            label = w.HTML(f"<b>{_esc(_('Participant'))}</b>", layout=self._label_layout,
                           style=self._label_style, _dom_classes=("kit-cl-headcell",))
            self._counts[key] = label
        return label

    # -- events ---------------------------------------------------------------------------------

    def _on_session(self, change: dict[str, Any]) -> None:
        if change["new"] and not self._syncing:
            self._load(str(change["new"]))

    def _on_reload(self, _button: w.Button | None = None) -> None:
        """Read sessions, attendees, levels and notes again (e.g. after another laptop wrote)."""
        current = self.state.session.id if self.state is not None else None
        materi_id = self.materi_picker.value
        self._syncing = True
        try:
            self.session_picker.options = session_choices(self.ws, self.lang)
            ids = [sid for _label, sid in self.session_picker.options]
            chosen = current if current in ids else default_session_id(self.ws)
            self.session_picker.value = chosen
        finally:
            self._syncing = False
        if chosen is None:
            return
        self._load(chosen)
        if materi_id and self.state is not None and chosen == current:
            self.materi_picker.value = materi_id
        self._status_ok(_("Reloaded from the database."))

    def _on_facilitator(self, change: dict[str, Any]) -> None:
        if self._syncing or self.state is None:
            return
        try:
            name = self.state.set_facilitator(str(change["new"]))
        except ChecklistError as exc:
            self.state.facilitator = ""
            self._status_error(str(exc))
            return
        self._status_info(_("Observations are recorded as {name}.").format(name=name))

    def _on_materi(self, change: dict[str, Any]) -> None:
        if self._syncing or self.state is None or not change["new"]:
            return
        self._show_materi(self._current_materi())

    def _on_filter(self, _change: dict[str, Any]) -> None:
        if self._syncing or self.state is None or not self.state.rows:
            return
        self._apply_filter(self._current_materi())

    def _revert(self, participant_id: str, item_id: str) -> None:
        self._show_cell(self._cells[(participant_id, item_id)], participant_id, item_id)

    def _on_cell(self, participant_id: str, item_id: str, level: int | None) -> None:
        if self._syncing or level is None:
            return
        state = self._require_state()
        row, item = state.row(participant_id), state.item(item_id)
        self._status_busy(_("Saving…"))
        try:
            state.set_level(participant_id, item_id, level)
        except ChecklistError as exc:
            self._revert(participant_id, item_id)
            self._status_error(str(exc))
            return
        self.saved_count += 1
        self._show_cell(self._cells[(participant_id, item_id)], participant_id, item_id)
        self._counts[item_id].value = self._count_html(item)
        self._status_ok(_("Saved at {time}: {name}, item {code} = {level}.").format(
            time=datetime.now().strftime("%H:%M:%S"), name=row.name, code=self._codes[item_id],
            level=state.level_label(level, self.lang)))
        self._syncing = True
        try:
            self.note_participant.value = participant_id
            self.note_item.value = item_id
        finally:
            self._syncing = False
        self._show_note_target()

    def _on_note_target(self, _change: dict[str, Any]) -> None:
        if self._syncing or self.state is None:
            return
        self._show_note_target()

    def _show_note_target(self) -> None:
        state = self._require_state()
        pid, item_id = self.note_participant.value, self.note_item.value
        if not pid or not item_id:
            self.note_text.disabled = True
            self.note_level.value = _esc(_("Tap a cell (or choose a participant and an item) to "
                                           "write a note."))
            return
        cell = state.cell(pid, item_id)
        self._syncing = True
        try:
            self.note_text.value = cell.note or ""
            self.note_text.disabled = cell.level is None
        finally:
            self._syncing = False
        self.note_level.value = _esc(_("Level: {level}").format(
            level=state.level_label(cell.level, self.lang))) + (
            "" if cell.level is not None else
            " — " + _esc(_("choose a level for this item first, then write the note.")))

    def _on_note(self, change: dict[str, Any]) -> None:
        if self._syncing or self.state is None:
            return
        pid, item_id = self.note_participant.value, self.note_item.value
        if not pid or not item_id:
            return
        self._status_busy(_("Saving…"))
        try:
            cell = self.state.set_note(pid, item_id, str(change["new"]))
        except ChecklistError as exc:
            stored = self.state.cell(pid, item_id).note or ""
            self._syncing = True
            try:
                self.note_text.value = stored
            finally:
                self._syncing = False
            self._status_error(str(exc))
            return
        self.saved_count += 1
        self._status_ok(_("Note saved at {time}: {name}, item {code}.").format(
            time=datetime.now().strftime("%H:%M:%S"), name=self.state.row(pid).name,
            code=self._codes[item_id]) + ("" if cell.note else " " + _("(note removed)")))

    # -- status line ----------------------------------------------------------------------------

    def _set_status(self, css: str, text: str) -> None:
        self.status.value = f"<span class='{css}' role='status'>{_esc(text)}</span>"

    def _status_ok(self, text: str) -> None:
        self._set_status("kit-status-ok", "✓ " + text)

    def _status_busy(self, text: str) -> None:
        self._set_status("kit-status-busy", text)

    def _status_info(self, text: str) -> None:
        self._set_status("kit-status-info", text)

    def _status_error(self, text: str) -> None:
        self._set_status("kit-status-error", "⚠ " + text)


def ws_rubric_levels(lang: str) -> list[tuple[int, str]]:
    """``(level, label)`` of the rubric in its own order (2 Mandiri, 1 …, 0 Belum)."""
    from kit.framework import framework

    return [(lv.level, lv.title.get(lang)) for lv in framework().rubric.levels]


def checklist_app(
    workspace: Workspace | None = None,
    session_id: str | None = None,
    query_string: str | None = None,
    lang: str | None = None,
) -> ChecklistApp | w.HTML:
    """Build the checklist for a notebook or Voila page.

    The workspace defaults to ``$UMKM_KIT_WORKSPACE``; the session to ``?session=ID`` of the page
    URL (Voila passes it as ``$QUERY_STRING``), else the newest open session. Returns an HTML
    message instead of the app when the workspace cannot be opened.
    """
    if workspace is None:
        try:
            workspace = open_workspace(None)
        except WorkspaceError as exc:
            return w.HTML(f"<p class='kit-status-error'>⚠ {_esc(exc)}</p>")
    if session_id is None:
        query = query_string if query_string is not None else os.environ.get("QUERY_STRING")
        session_id = session_from_query(query)
    return ChecklistApp(workspace, session_id=session_id, lang=lang)


def checklist_page() -> w.Widget:
    """What ``voila_apps/checklist.py`` displays: the app's widget, or why it cannot open."""
    app = checklist_app()
    if not isinstance(app, ChecklistApp):
        return app
    app.start_live()
    return app.widget


def _close_tree(widget: Any) -> None:
    """Close ``widget`` and every widget below it (children first)."""
    for child in getattr(widget, "children", ()):
        _close_tree(child)
    widget.close()
