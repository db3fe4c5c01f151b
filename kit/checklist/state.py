"""The checklist of one session, without widgets: who, which items, what is saved, what counts.

:class:`ChecklistState` is the single source of truth of the checklist app. It is loaded from the
database, and it changes only *after* a write through
:func:`kit.assess.observe.record_observation` has committed: if the write fails, the state (and so
the screen) still shows what is stored. A browser refresh or a new kernel simply loads the state
again, which is therefore always what the database holds.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from urllib.parse import parse_qs

import attrs
import sqlalchemy as sa

from kit.assess.observe import record_observation
from kit.framework import Activity, Framework, Item, Materi, framework
from kit.i18n import _
from kit.records.sessions import Session, attendees, get_session, list_sessions
from kit.storage import schema
from kit.storage.db import read_tx
from kit.workspace import Workspace

MAX_NOTE_CHARS = 2000
MAX_FACILITATOR_CHARS = 200


class ChecklistError(ValueError):
    """An operation the checklist refuses (message is translated, nothing was written)."""


@attrs.frozen
class Row:
    """One participant row of the checklist."""

    participant_id: str
    name: str
    district: str
    business_name: str | None = None


@attrs.frozen
class Cell:
    """What is stored for one participant × item: the latest level and its note."""

    level: int | None = None
    note: str | None = None


EMPTY = Cell()


def session_from_query(query_string: str | None) -> str | None:
    """The ``session`` parameter of a URL query string (``"session=ID&x=1"``), if any."""
    if not query_string:
        return None
    values = parse_qs(query_string.lstrip("?")).get("session")
    if not values:
        return None
    return values[0].strip() or None


def default_session_id(ws: Workspace) -> str | None:
    """The newest open session of the workspace, else the newest session, else ``None``."""
    with read_tx(ws.engine) as conn:
        sessions = list_sessions(conn)
    for session in sessions:
        if session.status == "open":
            return session.id
    return sessions[0].id if sessions else None


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


def _remembered_facilitator(conn: sa.Connection, session: Session) -> str:
    """Who recorded the newest observation of the session, else the session's facilitator."""
    s = schema.score
    name = conn.execute(
        sa.select(s.c.recorded_by)
        .where(s.c.session_id == session.id, s.c.source == "observation",
               s.c.recorded_by.is_not(None))
        .order_by(s.c.id.desc()).limit(1)
    ).scalar()
    return str(name or session.facilitator or "")


def _load_cells(
    conn: sa.Connection, participant_ids: list[str], activity_id: str
) -> dict[tuple[str, str], Cell]:
    """Newest level and note of every attendee × item of the activity (newest row wins)."""
    if not participant_ids:
        return {}
    s = schema.score
    newest = (
        sa.select(sa.func.max(s.c.id))
        .where(s.c.participant_id.in_(participant_ids), s.c.activity_id == activity_id)
        .group_by(s.c.participant_id, s.c.item_id)
    )
    rows = conn.execute(
        sa.select(s.c.participant_id, s.c.item_id, s.c.level, s.c.note)
        .where(s.c.id.in_(newest.scalar_subquery()))
    )
    return {(pid, item_id): Cell(level, note) for pid, item_id, level, note in rows}


class ChecklistState:
    """Participants × items of one session, with the stored levels, notes and live counts."""

    def __init__(self, ws: Workspace, session_id: str, fw: Framework | None = None):
        self.ws = ws
        self.fw = fw or framework()
        with read_tx(ws.engine) as conn:
            session = get_session(conn, session_id)
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

    def reload(self) -> None:
        """Read attendees, levels, notes and the remembered facilitator from the database."""
        p = schema.participant
        with read_tx(self.ws.engine) as conn:
            ids = attendees(conn, self.session.id)
            info = {
                r.id: r for r in conn.execute(
                    sa.select(p.c.id, p.c.name, p.c.district, p.c.business_name)
                    .where(p.c.id.in_(ids)))
            } if ids else {}
            self.cells = _load_cells(conn, ids, self.activity.id)
            self.facilitator = _remembered_facilitator(conn, self.session)
        self.rows = tuple(
            Row(pid, info[pid].name, info[pid].district, info[pid].business_name)
            for pid in ids if pid in info
        )
        self._row_ids = {row.participant_id for row in self.rows}

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
        facilitator = clean_facilitator(self.facilitator)
        note = self.cell(participant_id, item_id).note
        record_observation(self.ws, participant_id, item_id, level, note=note,
                           facilitator=facilitator, session_id=self.session.id)
        cell = Cell(level, note)
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
        facilitator = clean_facilitator(self.facilitator)
        record_observation(self.ws, participant_id, item_id, current.level, note=cleaned,
                           facilitator=facilitator, session_id=self.session.id)
        cell = Cell(current.level, cleaned)
        self.cells[(participant_id, item_id)] = cell
        return cell


def session_choices(ws: Workspace, lang: str = "id") -> list[tuple[str, str]]:
    """``(label, session id)`` for a session picker, newest first; closed ones are marked."""
    fw = framework()
    with read_tx(ws.engine) as conn:
        sessions = list_sessions(conn)
    out = []
    for s in sessions:
        try:
            activity = fw.activity(s.activity_id).short_title.get(lang)
        except KeyError:
            activity = s.activity_id
        date = s.date.isoformat() if s.date else "—"
        closed = "" if s.status == "open" else " " + _("(closed)")
        out.append((f"{s.title} · {activity} · {date}{closed}", s.id))
    return out


def stored_cells(ws: Workspace, session_id: str) -> Mapping[tuple[str, str], Cell]:
    """What the database holds for a session right now (used by tests and the benchmark)."""
    return ChecklistState(ws, session_id).cells
