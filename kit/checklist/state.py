"""The checklist of one session, without widgets: who, which items, what is saved, what counts.

:class:`ChecklistState` is the single source of truth of the checklist app. It is loaded from the
database through :mod:`kit.checklist.service`, and it changes only *after* a write through
:func:`kit.checklist.service.save_observation` has committed: if the write fails, the state (and
so the screen) still shows what is stored. A closed session is read-only. :meth:`ChecklistState.
refresh` reads the database again and reports what changed (joiners, practice results, another
laptop's taps), so the page can update live.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from urllib.parse import parse_qs

import attrs

from kit.checklist.service import (
    EMPTY,
    Cell,
    ChecklistError,
    Row,
    closed_message,
    default_session_id,
    find_session,
    read_session,
    save_observation,
    session_choices,
)
from kit.framework import Activity, Framework, Item, Materi, framework
from kit.i18n import _
from kit.records.sessions import Session
from kit.workspace import Workspace

__all__ = [
    "EMPTY",
    "Cell",
    "ChecklistError",
    "ChecklistState",
    "Refresh",
    "Row",
    "clean_facilitator",
    "clean_note",
    "default_session_id",
    "session_choices",
    "session_from_query",
    "stored_cells",
]

MAX_NOTE_CHARS = 2000
MAX_FACILITATOR_CHARS = 200


@attrs.frozen
class Refresh:
    """What a refresh found changed in the database: new attendees and changed cells."""

    new_rows: tuple[Row, ...] = ()
    changed: frozenset[tuple[str, str]] = frozenset()
    status_changed: bool = False

    def __bool__(self) -> bool:
        return bool(self.new_rows or self.changed or self.status_changed)


def session_from_query(query_string: str | None) -> str | None:
    """The ``session`` parameter of a URL query string (``"session=ID&x=1"``), if any."""
    if not query_string:
        return None
    values = parse_qs(query_string.lstrip("?")).get("session")
    if not values:
        return None
    return values[0].strip() or None


def clean_facilitator(name: str | None) -> str:
    """Validate a facilitator name: stripped, not empty, at most 200 characters."""
    value = " ".join((name or "").split())
    if not value:
        raise ChecklistError(_("Fill in the facilitator's name before recording."))
    if len(value) > MAX_FACILITATOR_CHARS:
        raise ChecklistError(_("The facilitator's name is too long (at most {n} characters).")
                             .format(n=MAX_FACILITATOR_CHARS))
    return value


def clean_note(note: str | None) -> str | None:
    """Validate a note: stripped, ``None`` when empty, at most 2000 characters."""
    value = (note or "").strip()
    if len(value) > MAX_NOTE_CHARS:
        raise ChecklistError(_("The note is too long (at most {n} characters).")
                             .format(n=MAX_NOTE_CHARS))
    return value or None


class ChecklistState:
    """Participants × items of one session, with the stored levels, notes and live counts."""

    def __init__(self, ws: Workspace, session_id: str, fw: Framework | None = None):
        self.ws = ws
        self.fw = fw or framework()
        session = find_session(ws, session_id)
        if session is None:
            raise ChecklistError(_("Unknown session {session!r}.").format(session=session_id))
        self.session: Session = session
        try:
            self.activity: Activity = self.fw.activity(session.activity_id)
        except KeyError:
            raise ChecklistError(
                _("Session {session!r} belongs to an unknown activity {activity!r}.").format(
                    session=session_id, activity=session.activity_id)) from None
        self.items: tuple[Item, ...] = self.activity.items
        self._item_ids = {item.id for item in self.items}
        self.rows: tuple[Row, ...] = ()
        self._row_ids: set[str] = set()
        self.cells: dict[tuple[str, str], Cell] = {}
        self.facilitator = ""
        self.reload()

    @property
    def materi(self) -> tuple[Materi, ...]:
        """The materi of the session's activity, each with its items, in table order."""
        return self.activity.materi

    @property
    def is_open(self) -> bool:
        """Whether the session still records levels (a closed session is read-only)."""
        return self.session.status == "open"

    def reload(self) -> None:
        """Read attendees, levels, notes and the remembered facilitator from the database."""
        snap = read_session(self.ws, self.session.id, self.activity.id)
        self.session = snap.session
        self.rows = snap.rows
        self._row_ids = {row.participant_id for row in self.rows}
        self.cells = dict(snap.cells)
        self.facilitator = snap.facilitator

    def refresh(self) -> Refresh:
        """Read the database again and say what changed (new attendees, changed cells).

        Used by the live refresh: joiners and practice results written by other processes
        appear without "Reload". The facilitator's name being typed is left alone.
        """
        snap = read_session(self.ws, self.session.id, self.activity.id)
        new_rows = tuple(row for row in snap.rows if row.participant_id not in self._row_ids)
        keys = set(self.cells) | set(snap.cells)
        changed = frozenset(k for k in keys if self.cells.get(k, EMPTY) != snap.cells.get(k, EMPTY))
        status_changed = snap.session.status != self.session.status
        self.session = snap.session
        self.rows = snap.rows
        self._row_ids = {row.participant_id for row in self.rows}
        self.cells = dict(snap.cells)
        return Refresh(new_rows=new_rows, changed=changed, status_changed=status_changed)

    # -- reading -------------------------------------------------------------------------------

    def cell(self, participant_id: str, item_id: str) -> Cell:
        """The stored level and note of one participant × item (empty if never recorded)."""
        return self.cells.get((participant_id, item_id), EMPTY)

    def is_achieved(self, participant_id: str, item_id: str) -> bool:
        """Whether the stored level counts as achieved by the rubric."""
        level = self.cell(participant_id, item_id).level
        return level is not None and self.fw.rubric.is_achieved(level)

    def achieved_count(self, item_id: str) -> int:
        """How many of the session's participants have achieved the item."""
        return sum(1 for row in self.rows if self.is_achieved(row.participant_id, item_id))

    def counts(self) -> dict[str, int]:
        """Item id → number of participants who achieved it, for every item of the session."""
        return {item.id: self.achieved_count(item.id) for item in self.items}

    def rows_not_yet(self, item_ids: Iterable[str]) -> list[Row]:
        """Participants with at least one of ``item_ids`` not yet achieved (0 or not recorded)."""
        wanted = list(item_ids)
        return [row for row in self.rows
                if any(not self.is_achieved(row.participant_id, i) for i in wanted)]

    def row(self, participant_id: str) -> Row:
        """The row of a participant of this session (:class:`ChecklistError` otherwise)."""
        for row in self.rows:
            if row.participant_id == participant_id:
                return row
        raise ChecklistError(_("Participant {participant!r} is not checked in to this session.")
                             .format(participant=participant_id))

    def item(self, item_id: str) -> Item:
        """An item of the session's activity (:class:`ChecklistError` otherwise)."""
        if item_id not in self._item_ids:
            raise ChecklistError(_("Item {item!r} is not part of this session's activity.")
                                 .format(item=item_id))
        return self.fw.item(item_id)

    def level_label(self, level: int | None, lang: str = "id") -> str:
        """The rubric's label of a level ("2 Mandiri"), or a dash when nothing is recorded."""
        if level is None:
            return "–"
        for lv in self.fw.rubric.levels:
            if lv.level == level:
                return f"{level} {lv.title.get(lang)}"
        return str(level)

    # -- writing -------------------------------------------------------------------------------

    def set_facilitator(self, name: str) -> str:
        """Remember the facilitator's name for the next observations (validated, returned)."""
        self.facilitator = clean_facilitator(name)
        return self.facilitator

    def _check_open(self) -> None:
        if not self.is_open:
            raise ChecklistError(closed_message())

    def _check(self, participant_id: str, item_id: str) -> None:
        if participant_id not in self._row_ids:
            self.row(participant_id)
        self.item(item_id)

    def set_level(self, participant_id: str, item_id: str, level: int) -> Cell:
        """Record ``level`` for one cell (keeping its note); the state changes only on commit."""
        self._check(participant_id, item_id)
        if level not in self.fw.rubric.valid_levels:
            raise ChecklistError(_("Level must be one of {levels}, not {level!r}.").format(
                levels=", ".join(str(v) for v in self.fw.rubric.valid_levels), level=level))
        self._check_open()
        facilitator = clean_facilitator(self.facilitator)
        note = self.cell(participant_id, item_id).note
        cell = save_observation(self.ws, self.session.id, participant_id, item_id, level,
                                note=note, facilitator=facilitator)
        self.cells[(participant_id, item_id)] = cell
        return cell

    def set_note(self, participant_id: str, item_id: str, note: str | None) -> Cell:
        """Record a new note for a cell that has a level (saved with the same level)."""
        self._check(participant_id, item_id)
        current = self.cell(participant_id, item_id)
        if current.level is None:
            raise ChecklistError(_("Choose a level for this item first, then write the note."))
        cleaned = clean_note(note)
        if cleaned == current.note:
            return current
        self._check_open()
        facilitator = clean_facilitator(self.facilitator)
        cell = save_observation(self.ws, self.session.id, participant_id, item_id,
                                current.level, note=cleaned, facilitator=facilitator)
        self.cells[(participant_id, item_id)] = cell
        return cell


def stored_cells(ws: Workspace, session_id: str) -> Mapping[tuple[str, str], Cell]:
    """What the database holds for a session right now (used by tests and the benchmark)."""
    return ChecklistState(ws, session_id).cells
