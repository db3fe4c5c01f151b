"""Sessions (one run of an activity in a district) and their attendance."""

from __future__ import annotations

import re
import secrets
import unicodedata
from datetime import date, datetime

import attrs
import sqlalchemy as sa

from kit.framework import framework
from kit.i18n import _
from kit.records.clock import now
from kit.storage import schema

TITLE_MAX = 120
DISTRICT_MAX = 80


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
    target_size: int | None = None
    room_capacity: int | None = None


def add_session(conn: sa.Connection, session: Session) -> None:
    """Insert a session (inside the caller's write transaction)."""
    conn.execute(schema.session.insert().values(**attrs.asdict(session), created_at=now()))


class SessionProblems(ValueError):
    """A new session that cannot be saved: the problems by field (translated, ready to show)."""

    def __init__(self, problems: dict[str, str]) -> None:
        self.problems = problems
        super().__init__("; ".join(problems.values()))


def _one_line(text: str) -> str:
    """``text`` without control or invisible characters, its spaces collapsed."""
    kept = "".join(" " if ch.isspace() else ch for ch in text
                   if ch.isspace() or unicodedata.category(ch)[0] != "C")
    return " ".join(kept.split())


def new_session_problems(activity_id: str, title: str, day: str | date | None,
                         district: str) -> dict[str, str]:
    """What is wrong with a new session's fields, by field name (empty when it can be saved)."""
    problems: dict[str, str] = {}
    if activity_id not in {a.id for a in framework().activities}:
        problems["activity_id"] = _("Choose the activity of the session.")
    clean_title = _one_line(title)
    if not clean_title:
        problems["title"] = _("Write a title for the session.")
    elif len(clean_title) > TITLE_MAX:
        problems["title"] = _("The title is too long (at most {n} characters).").format(
            n=TITLE_MAX)
    if not isinstance(day, date):
        try:
            date.fromisoformat(str(day or "").strip())
        except ValueError:
            problems["date"] = _("Write the date as YYYY-MM-DD, for example {example}.").format(
                example=date.today().isoformat())
    clean_district = _one_line(district)
    if sum(ch.isalpha() for ch in clean_district) < 3:
        problems["district"] = _("Write the district or city (kabupaten/kota) of the session.")
    elif len(clean_district) > DISTRICT_MAX:
        problems["district"] = _("The district is too long (at most {n} characters).").format(
            n=DISTRICT_MAX)
    return problems


def create_session(conn: sa.Connection, activity_id: str, title: str, day: str | date | None,
                   district: str, venue: str | None = None,
                   facilitator: str | None = None, target_size: int | None = None,
                   room_capacity: int | None = None) -> Session:
    """Check and add a new open session (inside the caller's write transaction); return it.

    Raises :class:`SessionProblems` (by field) when a field is missing or wrong. The id is made
    from the activity, the date and a random suffix, e.g. ``bimtek-2026-12-03-4f1a``.
    """
    problems = new_session_problems(activity_id, title, day, district)
    if problems:
        raise SessionProblems(problems)
    when = day if isinstance(day, date) else date.fromisoformat(str(day).strip())
    slug = re.sub(r"[^a-z0-9]+", "-", activity_id.lower()).strip("-")[:24] or "sesi"
    session = Session(id=f"{slug}-{when.isoformat()}-{secrets.token_hex(2)}",
                      activity_id=activity_id, title=_one_line(title), date=when,
                      venue=_one_line(venue or "") or None,
                      district=_one_line(district),
                      facilitator=_one_line(facilitator or "") or None, status="open",
                      target_size=target_size, room_capacity=room_capacity)
    add_session(conn, session)
    return session


def list_sessions(conn: sa.Connection, activity_id: str | None = None) -> list[Session]:
    """Sessions, newest first, optionally of one activity."""
    s = schema.session
    query = sa.select(s.c.id, s.c.activity_id, s.c.title, s.c.date, s.c.venue, s.c.district,
                      s.c.facilitator, s.c.status, s.c.target_size,
                      s.c.room_capacity).order_by(s.c.date.desc(), s.c.id)
    if activity_id:
        query = query.where(s.c.activity_id == activity_id)
    return [Session(**dict(row)) for row in conn.execute(query).mappings()]


def get_session(conn: sa.Connection, session_id: str) -> Session | None:
    """The session with this id, or ``None``."""
    return next((s for s in list_sessions(conn) if s.id == session_id), None)


def check_in(conn: sa.Connection, session_id: str, participant_id: str,
             admit_reason: str | None = None) -> bool:
    """Record attendance; returns ``False`` if the participant was already checked in.

    ``admit_reason`` is the facilitator's reason for admitting someone the activity's
    prerequisites did not allow (see :mod:`kit.records.eligibility`).
    """
    a = schema.attendance
    exists = conn.execute(
        sa.select(a.c.session_id).where(a.c.session_id == session_id,
                                         a.c.participant_id == participant_id)
    ).first()
    if exists:
        return False
    conn.execute(a.insert().values(session_id=session_id, participant_id=participant_id,
                                   checked_in_at=now(), admit_reason=admit_reason))
    return True


def one_line(text: str) -> str:
    """``text`` on one line: control and invisible characters dropped, spaces collapsed."""
    return _one_line(text)


def update_session(conn: sa.Connection, session_id: str, **changes: object) -> None:
    """Change some fields of a session (inside the caller's write transaction)."""
    allowed = {"title", "date", "venue", "district", "facilitator", "target_size",
               "room_capacity", "status"}
    unknown = set(changes) - allowed
    if unknown:
        raise ValueError(f"not a session field: {sorted(unknown)}")
    if changes:
        conn.execute(schema.session.update().where(schema.session.c.id == session_id)
                     .values(**changes))


def attendance_counts(conn: sa.Connection) -> dict[str, int]:
    """Session id → number of participants checked in (sessions with none are absent)."""
    a = schema.attendance
    rows = conn.execute(sa.select(a.c.session_id, sa.func.count()).group_by(a.c.session_id))
    return {sid: int(n) for sid, n in rows}


@attrs.frozen
class Attendance:
    """One person checked in to a session, and the facilitator's reason if they were admitted."""

    participant_id: str
    name: str
    checked_in_at: datetime
    admit_reason: str | None = None


def attendance(conn: sa.Connection, session_id: str) -> list[Attendance]:
    """Who is checked in to a session, in check-in order, with names and admission reasons."""
    a, p = schema.attendance, schema.participant
    rows = conn.execute(
        sa.select(a.c.participant_id, p.c.name, a.c.checked_in_at, a.c.admit_reason)
        .join(p, p.c.id == a.c.participant_id)
        .where(a.c.session_id == session_id)
        .order_by(a.c.checked_in_at, a.c.participant_id)
    ).mappings()
    return [Attendance(**dict(row)) for row in rows]


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
