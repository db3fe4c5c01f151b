"""Sessions (one run of an activity in a district) and their attendance."""

from __future__ import annotations

from datetime import date

import attrs
import sqlalchemy as sa

from kit.framework import framework
from kit.records.clock import now
from kit.storage import schema


@attrs.frozen
class Session:
    """A session of an activity: when, where, who facilitates."""

    id: str
    activity_id: str
    title: str
    date: date | None = None
    venue: str | None = None
    district: str | None = None
    facilitator: str | None = None
    status: str = "open"


def add_session(conn: sa.Connection, session: Session) -> None:
    """Insert a session (inside the caller's write transaction)."""
    conn.execute(schema.session.insert().values(**attrs.asdict(session), created_at=now()))


def list_sessions(conn: sa.Connection, activity_id: str | None = None) -> list[Session]:
    """Sessions, newest first, optionally of one activity."""
    s = schema.session
    query = sa.select(s.c.id, s.c.activity_id, s.c.title, s.c.date, s.c.venue, s.c.district,
                      s.c.facilitator, s.c.status).order_by(s.c.date.desc(), s.c.id)
    if activity_id:
        query = query.where(s.c.activity_id == activity_id)
    return [Session(**dict(row)) for row in conn.execute(query).mappings()]


def get_session(conn: sa.Connection, session_id: str) -> Session | None:
    """The session with this id, or ``None``."""
    return next((s for s in list_sessions(conn) if s.id == session_id), None)


def check_in(conn: sa.Connection, session_id: str, participant_id: str) -> bool:
    """Record attendance; returns ``False`` if the participant was already checked in."""
    a = schema.attendance
    exists = conn.execute(
        sa.select(a.c.session_id).where(a.c.session_id == session_id,
                                         a.c.participant_id == participant_id)
    ).first()
    if exists:
        return False
    conn.execute(a.insert().values(session_id=session_id, participant_id=participant_id,
                                   checked_in_at=now()))
    return True


def attendees(conn: sa.Connection, session_id: str) -> list[str]:
    """Participant ids checked in to a session, in check-in order."""
    a = schema.attendance
    rows = conn.execute(
        sa.select(a.c.participant_id).where(a.c.session_id == session_id)
        .order_by(a.c.checked_in_at, a.c.participant_id)
    )
    return [r[0] for r in rows]


def attended_activities(conn: sa.Connection, participant_id: str) -> set[str]:
    """Activity ids of every session the participant attended."""
    a, s = schema.attendance, schema.session
    rows = conn.execute(
        sa.select(s.c.activity_id).join(a, a.c.session_id == s.c.id)
        .where(a.c.participant_id == participant_id).distinct()
    )
    return {r[0] for r in rows}


def participation(conn: sa.Connection,
                  participant_id: str | None = None) -> dict[str, set[str]]:
    """Participant id → ids of the activities they took part in (one participant, or everyone).

    Taking part is being checked in to a session of the activity, or having a level recorded on
    one of its items (a facilitator observed them there, or they worked through its module on
    their own, e.g. on Binder). This is what the stage rule's ``attended`` prerequisite reads.
    """
    activity_of = {item.id: a.id for a in framework().activities for item in a.items}
    a, s, sc = schema.attendance, schema.session, schema.score
    checked_in = sa.select(a.c.participant_id, s.c.activity_id).join(
        s, a.c.session_id == s.c.id).distinct()
    scored = sa.select(sc.c.participant_id, sc.c.item_id).distinct()
    if participant_id is not None:
        checked_in = checked_in.where(a.c.participant_id == participant_id)
        scored = scored.where(sc.c.participant_id == participant_id)
    out: dict[str, set[str]] = {}
    for pid, activity_id in conn.execute(checked_in):
        out.setdefault(pid, set()).add(activity_id)
    for pid, item_id in conn.execute(scored):
        if item_id in activity_of:
            out.setdefault(pid, set()).add(activity_of[item_id])
    return out
