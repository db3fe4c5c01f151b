"""The checklist's storage services: each takes a :class:`Workspace` and owns its transaction.

The widget (:mod:`kit.checklist.widget`) never touches SQLAlchemy or :mod:`kit.storage`; it calls
:class:`kit.checklist.state.ChecklistState`, which reads and writes only through the functions
here. Every failure comes back as :class:`ChecklistError` with a one-line, translated message.
"""

from __future__ import annotations

from collections.abc import Mapping

import attrs
import sqlalchemy as sa
from sqlalchemy.exc import SQLAlchemyError

from kit.assess.observe import record_observation
from kit.framework import framework
from kit.i18n import _, gettext_
from kit.records.scores import ScoreError
from kit.records.sessions import Session, attendees, get_session, list_sessions
from kit.storage import schema
from kit.storage.db import read_tx
from kit.workspace import Workspace

AUTOMATIC_SOURCES = frozenset({"autograde"})
# Shown in both languages (see closed_message); gettext_ marks it for the catalogue check.
CLOSED = gettext_("This session is closed: levels can no longer be changed.", "en")


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
    """What is stored for one participant × item: the latest level, its note and its source."""

    level: int | None = None
    note: str | None = None
    source: str | None = None

    @property
    def automatic(self) -> bool:
        """Whether the level came from the participant's own work (a sandbox or a quiz)."""
        return self.source in AUTOMATIC_SOURCES


EMPTY = Cell()


@attrs.frozen
class SessionSnapshot:
    """What the database holds for one session's checklist at one moment."""

    session: Session
    rows: tuple[Row, ...]
    cells: Mapping[tuple[str, str], Cell]
    facilitator: str


def _refused(exc: SQLAlchemyError) -> ChecklistError:
    return ChecklistError(_("Not saved: the database refused the change ({err}). Try again.")
                          .format(err=type(exc).__name__))


def closed_message() -> str:
    """Why a closed session's checklist does not record: Indonesian first, then English.

    The rule: a closed session is read-only, with no "open for correction" switch; a late
    correction is made in an open session (the newest level of a participant × item counts).
    """
    indonesian = gettext_(CLOSED, "id")
    english = gettext_(CLOSED, "en")
    return indonesian if indonesian == english else f"{indonesian} · {english}"


def find_session(ws: Workspace, session_id: str) -> Session | None:
    """The session with this id, or ``None``."""
    try:
        with read_tx(ws.engine) as conn:
            return get_session(conn, session_id)
    except SQLAlchemyError as exc:
        raise _unreadable(exc) from None


def _unreadable(exc: SQLAlchemyError) -> ChecklistError:
    return ChecklistError(_("The database could not be read ({err}). Try again.")
                          .format(err=type(exc).__name__))


def default_session_id(ws: Workspace) -> str | None:
    """The newest open session of the workspace, else the newest session, else ``None``."""
    with read_tx(ws.engine) as conn:
        sessions = list_sessions(conn)
    for session in sessions:
        if session.status == "open":
            return session.id
    return sessions[0].id if sessions else None


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
    """Newest level, note and source of every attendee × item of the activity (newest wins)."""
    if not participant_ids:
        return {}
    s = schema.score
    newest = (
        sa.select(sa.func.max(s.c.id))
        .where(s.c.participant_id.in_(participant_ids), s.c.activity_id == activity_id)
        .group_by(s.c.participant_id, s.c.item_id)
    )
    rows = conn.execute(
        sa.select(s.c.participant_id, s.c.item_id, s.c.level, s.c.note, s.c.source)
        .where(s.c.id.in_(newest.scalar_subquery()))
    )
    return {(pid, item_id): Cell(level, note, source)
            for pid, item_id, level, note, source in rows}


def read_session(ws: Workspace, session_id: str, activity_id: str) -> SessionSnapshot:
    """Attendees, levels, notes, sources and the remembered facilitator, in one read."""
    p = schema.participant
    try:
        with read_tx(ws.engine) as conn:
            session = get_session(conn, session_id)
            if session is None:
                raise ChecklistError(_("Unknown session {session!r}.").format(session=session_id))
            ids = attendees(conn, session_id)
            info = {
                r.id: r for r in conn.execute(
                    sa.select(p.c.id, p.c.name, p.c.district, p.c.business_name)
                    .where(p.c.id.in_(ids)))
            } if ids else {}
            cells = _load_cells(conn, ids, activity_id)
            facilitator = _remembered_facilitator(conn, session)
    except SQLAlchemyError as exc:
        raise _unreadable(exc) from None
    rows = tuple(Row(pid, info[pid].name, info[pid].district, info[pid].business_name)
                 for pid in ids if pid in info)
    return SessionSnapshot(session=session, rows=rows, cells=cells, facilitator=facilitator)


def save_observation(
    ws: Workspace,
    session_id: str,
    participant_id: str,
    item_id: str,
    level: int,
    *,
    note: str | None,
    facilitator: str,
) -> Cell:
    """Record the facilitator's observation in an open session; the stored cell is returned.

    A closed session is refused (:func:`closed_message`), as are unknown items and levels; a
    database failure becomes a one-line :class:`ChecklistError`. Nothing is written then.
    """
    session = find_session(ws, session_id)
    if session is None:
        raise ChecklistError(_("Unknown session {session!r}.").format(session=session_id))
    if session.status != "open":
        raise ChecklistError(closed_message())
    try:
        record_observation(ws, participant_id, item_id, level, note=note,
                           facilitator=facilitator, session_id=session_id)
    except ScoreError as exc:
        raise ChecklistError(str(exc)) from None
    except SQLAlchemyError as exc:
        raise _refused(exc) from None
    return Cell(level, note, "observation")
