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
from kit.problems import InputError
from kit.records.clock import now
from kit.storage import schema

TITLE_MAX = 120
DISTRICT_MAX = 80


@attrs.frozen
class CommitteeMember:
    """One member of the organising committee (*panitia*): a role id and a name."""

    role: str
    name: str


@attrs.frozen
class Session:
    """A session of an activity: when, where, who facilitates, organises, supports and signs."""

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
    committee: tuple[CommitteeMember, ...] = ()
    support_team: tuple[str, ...] = ()
    head_of_office: str | None = None
    notes: str | None = None
    closed_at: datetime | None = None


# The columns of kit_session that :class:`Session` holds, in its order.
SESSION_COLUMNS = tuple(f.name for f in attrs.fields(Session))


def committee_json(members: tuple[CommitteeMember, ...]) -> list[dict[str, str]]:
    """The committee as stored in ``kit_session.committee``: ``[{"role", "name"}, ...]``."""
    return [{"role": m.role, "name": m.name} for m in members]


def _row_to_session(row: dict[str, object]) -> Session:
    values = dict(row)
    committee = values.pop("committee", None)
    support = values.pop("support_team", None)
    members = tuple(CommitteeMember(str(m.get("role", "")), str(m.get("name", "")))
                    for m in committee if isinstance(m, dict)) \
        if isinstance(committee, list) else ()
    team = tuple(str(n) for n in support) if isinstance(support, list) else ()
    return Session(**values, committee=members, support_team=team)  # type: ignore[arg-type]


def add_session(conn: sa.Connection, session: Session) -> None:
    """Insert a session (inside the caller's write transaction)."""
    values = attrs.asdict(session, recurse=False)
    values["committee"] = committee_json(session.committee)
    values["support_team"] = list(session.support_team)
    conn.execute(schema.session.insert().values(**values, created_at=now()))


class SessionInputError(InputError):
    """Input that cannot be used: ``field`` names it, ``message`` says why (translated)."""

    def __init__(self, field: str, message: str, *, admittable: bool = False) -> None:
        super().__init__(field, message)
        # A refusal the facilitator may override with a reason (each front end says how).
        self.admittable = admittable


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
    query = sa.select(*[s.c[c] for c in SESSION_COLUMNS]).order_by(s.c.date.desc(), s.c.id)
    if activity_id:
        query = query.where(s.c.activity_id == activity_id)
    return [_row_to_session(dict(row)) for row in conn.execute(query).mappings()]


def get_session(conn: sa.Connection, session_id: str) -> Session | None:
    """The session with this id, or ``None``."""
    s = schema.session
    row = conn.execute(sa.select(*[s.c[c] for c in SESSION_COLUMNS])
                       .where(s.c.id == session_id)).mappings().first()
    return _row_to_session(dict(row)) if row else None


def check_in(conn: sa.Connection, session_id: str, participant_id: str,
             admit_reason: str | None = None) -> bool:
    """Record attendance; returns ``False`` if the participant was already checked in.

    One statement that cannot double-insert: ``INSERT … ON CONFLICT DO NOTHING`` on the
    attendance key (session, participant), so two check-ins of the same person at the same time
    leave one row, and the one that came second learns that the person is already present.
    ``admit_reason`` is the facilitator's reason for admitting someone the activity's
    prerequisites did not allow (see :mod:`kit.records.eligibility`).
    """
    a = schema.attendance
    values = {"session_id": session_id, "participant_id": participant_id,
              "checked_in_at": now(), "admit_reason": admit_reason}
    dialect = conn.dialect.name
    if dialect in ("sqlite", "postgresql"):
        if dialect == "sqlite":
            from sqlalchemy.dialects.sqlite import insert as dialect_insert
        else:
            from sqlalchemy.dialects.postgresql import insert as dialect_insert  # type: ignore[assignment]
        statement = dialect_insert(a).values(**values).on_conflict_do_nothing(
            index_elements=[a.c.session_id, a.c.participant_id])
        inserted = conn.execute(statement.returning(a.c.participant_id)).first()
        return inserted is not None
    try:  # another database: a savepoint keeps the caller's transaction usable
        with conn.begin_nested():
            conn.execute(a.insert().values(**values))
    except sa.exc.IntegrityError:
        return False
    return True


def one_line(text: str) -> str:
    """``text`` on one line: control and invisible characters dropped, spaces collapsed."""
    return _one_line(text)


def update_session(conn: sa.Connection, session_id: str, **changes: object) -> None:
    """Change some fields of a session (inside the caller's write transaction)."""
    allowed = set(SESSION_COLUMNS) - {"id", "activity_id"}
    unknown = set(changes) - allowed
    if unknown:
        raise ValueError(f"not a session field: {sorted(unknown)}")
    members = changes.get("committee")
    if isinstance(members, tuple):
        changes["committee"] = committee_json(members)
    team = changes.get("support_team")
    if isinstance(team, tuple):
        changes["support_team"] = list(team)
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
    participant_type: str | None = None  # None: an UMKM owner (kit.records.participant_types)


def attendance(conn: sa.Connection, session_id: str) -> list[Attendance]:
    """Who is checked in to a session, in check-in order, with names and admission reasons."""
    a, p = schema.attendance, schema.participant
    rows = conn.execute(
        sa.select(a.c.participant_id, p.c.name, a.c.checked_in_at, a.c.admit_reason,
                  p.c.participant_type)
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
