"""Classroom records: open and close classrooms, PINs, devices, attempts, walk-in registration.

Every function takes the workspace's engine and runs its own short transaction, so the web
handlers can call them from a worker thread. Argon2 hashing happens in the caller's thread too.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta

import attrs
import sqlalchemy as sa

from kit.classroom import tables
from kit.classroom.codes import new_code
from kit.classroom.credentials import (
    hash_password,
    hash_pin,
    new_token,
    token_hash,
    verify_password,
    verify_pin,
)
from kit.classroom.pin_rules import chosen_pin_problem, issue_pin
from kit.classroom.ratelimit import (
    PER_PARTICIPANT,
    WALK_IN,
    Policy,
    quota_wait_seconds,
    wait_seconds,
)
from kit.classroom.routing import FACILITATOR, PARTICIPANT, Principal
from kit.i18n import _
from kit.places import district_problem, normalise_district
from kit.records.clock import now
from kit.records.participants import (
    Participant,
    add_participant,
    get_participant,
    new_participant_id,
)
from kit.records.sessions import (
    Session,
    add_session,
    attendees,
    check_in,
    create_session,
    get_session,
    list_sessions,
)
from kit.roster.normalise import clean_name, clean_text, name_case, normalise_phone
from kit.storage import schema
from kit.storage.db import read_tx, write_tx

FACILITATOR_DEVICE_HOURS = 12
CODE_TRIES = 20
NAME_MAX = 80


class ClassroomError(Exception):
    """A classroom operation that cannot be done (message translated, ready to show)."""


@attrs.frozen
class Classroom:
    """One classroom run of a session."""

    id: int
    session_id: str
    code: str
    signing_key: str
    opened_at: datetime
    closed_at: datetime | None

    @property
    def is_open(self) -> bool:
        """Whether the join code still works."""
        return self.closed_at is None


@attrs.frozen
class Attendee:
    """A checked-in participant as the name list shows them, and whether they have a PIN."""

    participant: Participant
    has_pin: bool


def aware(value: datetime) -> datetime:
    """A datetime from the database as timezone-aware UTC (SQLite returns naive ones)."""
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def _classroom(row: sa.RowMapping | None) -> Classroom | None:
    if row is None:
        return None
    closed = row["closed_at"]
    return Classroom(id=int(row["id"]), session_id=str(row["session_id"]), code=str(row["code"]),
                     signing_key=str(row["signing_key"]), opened_at=aware(row["opened_at"]),
                     closed_at=aware(closed) if closed else None)


def current_classroom(engine: sa.Engine) -> Classroom | None:
    """The open classroom (the newest one if several were left open), or ``None``."""
    c = tables.classroom
    with read_tx(engine) as conn:
        row = conn.execute(sa.select(c).where(c.c.closed_at.is_(None))
                           .order_by(c.c.id.desc())).mappings().first()
    return _classroom(row)


def get_classroom(engine: sa.Engine, classroom_id: int) -> Classroom | None:
    """The classroom with this id, open or closed."""
    c = tables.classroom
    with read_tx(engine) as conn:
        return _classroom(conn.execute(sa.select(c).where(c.c.id == classroom_id))
                          .mappings().first())


def classroom_by_code(engine: sa.Engine, code: str) -> Classroom | None:
    """The classroom whose code this is, open or closed (``None`` if the code never existed)."""
    c = tables.classroom
    with read_tx(engine) as conn:
        return _classroom(conn.execute(sa.select(c).where(c.c.code == code)).mappings().first())


def _default_session(conn: sa.Connection) -> str:
    s = schema.session
    row = conn.execute(sa.select(s.c.id).where(s.c.status == "open")
                       .order_by(s.c.date.desc(), s.c.created_at.desc())).first()
    if row is not None:
        return str(row[0])
    today = date.today()
    session_id = f"kelas-{today.isoformat()}-{secrets.token_hex(2)}"
    add_session(conn, Session(id=session_id, activity_id="bimtek",
                              title=_("Classroom {date}").format(date=today.isoformat()),
                              date=today))
    return session_id


def open_classroom(engine: sa.Engine, session_id: str | None = None) -> Classroom:
    """Return the open classroom, or open one for ``session_id`` (default: the newest open session).

    The default is for tests and scripts: ``start --classroom``, ``classroom open`` and the
    projector page always pass the session the facilitator chose.

    When a classroom is already open it is returned unchanged (a restart brings the same code
    back); asking for a different session while one is open raises :class:`ClassroomError`.
    """
    existing = current_classroom(engine)
    if existing is not None:
        if session_id and session_id != existing.session_id:
            raise ClassroomError(_(
                "A classroom for session {open} is still open (code {code}); close it first "
                "with 'python -m kit classroom close'.").format(open=existing.session_id,
                                                                 code=existing.code))
        return existing
    c, s = tables.classroom, schema.session
    with write_tx(engine) as conn:
        if session_id:
            if get_session(conn, session_id) is None:
                raise ClassroomError(_("There is no session {id} in the workspace.")
                                     .format(id=session_id))
            conn.execute(s.update().where(s.c.id == session_id).values(status="open"))
        else:
            session_id = _default_session(conn)
        for _try in range(CODE_TRIES):
            code = new_code()
            if conn.execute(sa.select(c.c.id).where(c.c.code == code)).first() is None:
                break
        else:  # pragma: no cover - 20 collisions in a space of 887 million codes
            raise ClassroomError("no free session code")
        conn.execute(c.insert().values(session_id=session_id, code=code,
                                       signing_key=secrets.token_hex(32), opened_at=now()))
    opened = current_classroom(engine)
    assert opened is not None  # noqa: S101 - inserted above
    return opened


def close_classroom(engine: sa.Engine) -> Classroom | None:
    """Close the open classroom: its code expires, its participants' devices are signed out.

    The session is marked closed too. Returns the closed classroom (``None`` if none was open).
    """
    open_one = current_classroom(engine)
    if open_one is None:
        return None
    c, d, s = tables.classroom, tables.device, schema.session
    ts = now()
    with write_tx(engine) as conn:
        conn.execute(c.update().where(c.c.id == open_one.id).values(closed_at=ts))
        conn.execute(d.update().where(d.c.classroom_id == open_one.id, d.c.revoked_at.is_(None))
                     .values(revoked_at=ts))
        conn.execute(s.update().where(s.c.id == open_one.session_id).values(status="closed"))
    return get_classroom(engine, open_one.id)


def sessions(engine: sa.Engine) -> list[Session]:
    """Every session of the workspace a classroom could run, open ones first, newest first."""
    with read_tx(engine) as conn:
        found = list_sessions(conn)
    return [s for s in found if s.status == "open"] + [s for s in found if s.status != "open"]


def open_new_session(engine: sa.Engine, activity_id: str, title: str, day: str,
                     district: str) -> Classroom:
    """Create a session (:func:`kit.records.sessions.create_session`) and open its classroom.

    Raises :class:`kit.records.sessions.SessionProblems` (by field) for a field that is
    missing or wrong, and :class:`ClassroomError` when a classroom is open already.
    """
    existing = current_classroom(engine)
    if existing is not None:
        raise ClassroomError(_(
            "A classroom for session {open} is still open (code {code}); close it first "
            "with 'python -m kit classroom close'.").format(open=existing.session_id,
                                                             code=existing.code))
    made = new_session(engine, activity_id, title, day, district)
    return open_classroom(engine, made.id)


def new_session(engine: sa.Engine, activity_id: str, title: str, day: str,
                district: str) -> Session:
    """Create a new open session in its own write transaction (no classroom is opened).

    Raises :class:`kit.records.sessions.SessionProblems` (by field) for a field that is missing
    or wrong.
    """
    with write_tx(engine) as conn:
        return create_session(conn, activity_id, title, day, district)


def devices_signed_in(engine: sa.Engine, classroom: Classroom) -> int:
    """How many participant devices (phones, tabs) are signed in to the classroom now."""
    d = tables.device
    with read_tx(engine) as conn:
        return int(conn.execute(sa.select(sa.func.count()).select_from(d).where(
            d.c.classroom_id == classroom.id, d.c.role == PARTICIPANT,
            d.c.revoked_at.is_(None))).scalar_one())


def session_of(engine: sa.Engine, classroom: Classroom) -> Session | None:
    """The session a classroom runs."""
    with read_tx(engine) as conn:
        return get_session(conn, classroom.session_id)


def checked_in(engine: sa.Engine, classroom: Classroom) -> list[Attendee]:
    """The participants checked in to the classroom's session, by name, with their PIN status."""
    p = tables.pin
    with read_tx(engine) as conn:
        ids = attendees(conn, classroom.session_id)
        with_pin = {str(r[0]) for r in conn.execute(
            sa.select(p.c.participant_id).where(p.c.participant_id.in_(ids)))} if ids else set()
        people = [get_participant(conn, pid) for pid in ids]
    found = [x for x in people if x is not None]
    return [Attendee(x, x.id in with_pin) for x in sorted(found, key=lambda q: q.name.casefold())]


def attendee(engine: sa.Engine, classroom: Classroom, participant_id: str) -> Attendee | None:
    """One checked-in participant of the classroom (``None`` if not checked in)."""
    return next((a for a in checked_in(engine, classroom) if a.participant.id == participant_id),
                None)


def participant(engine: sa.Engine, participant_id: str) -> Participant | None:
    """The participant with this id, checked in or not (``None``: no such participant)."""
    with read_tx(engine) as conn:
        return get_participant(conn, participant_id)


def pin_hash_of(engine: sa.Engine, participant_id: str) -> str | None:
    """The stored PIN hash of a participant, or ``None`` when they have no PIN yet."""
    p = tables.pin
    with read_tx(engine) as conn:
        row = conn.execute(sa.select(p.c.pin_hash).where(p.c.participant_id == participant_id)
                           ).first()
    return str(row[0]) if row else None


def set_pin(engine: sa.Engine, participant_id: str, pin: str, set_by: str,
            only_if_unset: bool = False) -> bool:
    """Store a participant's PIN (hashed); ``False`` if ``only_if_unset`` and one exists."""
    hashed = hash_pin(pin)
    p = tables.pin
    with write_tx(engine) as conn:
        exists = conn.execute(sa.select(p.c.participant_id)
                              .where(p.c.participant_id == participant_id)).first()
        if exists and only_if_unset:
            return False
        if exists:
            conn.execute(p.update().where(p.c.participant_id == participant_id)
                         .values(pin_hash=hashed, set_by=set_by, set_at=now()))
        else:
            conn.execute(p.insert().values(participant_id=participant_id, pin_hash=hashed,
                                           set_by=set_by, set_at=now()))
    return True


def give_missing_pins(engine: sa.Engine, classroom: Classroom) -> list[tuple[Participant, str]]:
    """Give every checked-in participant without a PIN a random one; the PINs given, by name.

    The PINs are returned once, for the facilitator's own screen; only their hashes are kept.
    """
    given = []
    for person in checked_in(engine, classroom):
        if person.has_pin:
            continue
        pin = issue_pin()
        if set_pin(engine, person.participant.id, pin, FACILITATOR, only_if_unset=True):
            given.append((person.participant, pin))
    return given


def check_pin(engine: sa.Engine, participant_id: str, pin: str) -> bool:
    """Whether ``pin`` is the participant's PIN (``False`` when they have none)."""
    stored = pin_hash_of(engine, participant_id)
    return stored is not None and verify_pin(stored, pin)


def facilitator_hash(engine: sa.Engine) -> str | None:
    """The facilitator's password hash, or ``None`` before the first classroom start."""
    f = tables.facilitator
    with read_tx(engine) as conn:
        row = conn.execute(sa.select(f.c.password_hash).where(f.c.id == 1)).first()
    return str(row[0]) if row else None


def has_facilitator_password(engine: sa.Engine) -> bool:
    """Whether the facilitator's password was set."""
    return facilitator_hash(engine) is not None


def set_facilitator_password(engine: sa.Engine, password: str) -> None:
    """Set (or change) the facilitator's password; every facilitator device is signed out."""
    hashed = hash_password(password)
    f, d = tables.facilitator, tables.device
    ts = now()
    with write_tx(engine) as conn:
        if conn.execute(sa.select(f.c.id).where(f.c.id == 1)).first():
            conn.execute(f.update().where(f.c.id == 1).values(password_hash=hashed,
                                                               updated_at=ts))
        else:
            conn.execute(f.insert().values(id=1, password_hash=hashed, updated_at=ts))
        conn.execute(d.update().where(d.c.role == FACILITATOR, d.c.revoked_at.is_(None))
                     .values(revoked_at=ts))


def check_facilitator_password(engine: sa.Engine, password: str) -> bool:
    """Whether ``password`` is the facilitator's password."""
    stored = facilitator_hash(engine)
    return stored is not None and verify_password(stored, password)


ATTEMPT_LOCK_KEY = 0x6B697463  # "kitc": PostgreSQL advisory lock serialising attempt checks
FAILED = ("wrong", "checking")
RESETS = ("ok", "unlock")


@attrs.frozen
class Reservation:
    """A counted attempt: its row in the log to finish, or the wait when it was refused."""

    attempt_id: int | None
    wait: int = 0


def _serialise_attempts(conn: sa.Connection) -> None:
    """Make concurrent check-and-record transactions run one after the other.

    SQLite's ``BEGIN IMMEDIATE`` (:func:`write_tx`) already does; PostgreSQL takes a
    transaction-scoped advisory lock, released at commit.
    """
    if conn.dialect.name == "postgresql":
        conn.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": ATTEMPT_LOCK_KEY})


def _insert_attempt(conn: sa.Connection, kind: str, client_addr: str, outcome: str,
                    classroom_id: int | None, participant_id: str | None,
                    at: datetime | None = None) -> int:
    result = conn.execute(tables.attempt.insert().values(
        kind=kind, client_addr=client_addr[:64], outcome=outcome, classroom_id=classroom_id,
        participant_id=participant_id, at=at or now()))
    key = result.inserted_primary_key
    assert key is not None  # noqa: S101 - an insert always has one
    return int(key[0])


def record_attempt(engine: sa.Engine, kind: str, client_addr: str, outcome: str,
                   classroom_id: int | None = None, participant_id: str | None = None) -> None:
    """Log one attempt (kind: pin, password, code, walkin; outcome: ok, wrong, locked, unlock)."""
    with write_tx(engine) as conn:
        _insert_attempt(conn, kind, client_addr, outcome, classroom_id, participant_id)


def _failures(conn: sa.Connection, policy: Policy, kind: str, at: datetime,
              participant_id: str | None = None, client_addr: str | None = None
              ) -> list[datetime]:
    a = tables.attempt
    query = sa.select(a.c.outcome, a.c.at).where(a.c.kind == kind,
                                                 a.c.at >= at - policy.window)
    if participant_id is not None:
        query = query.where(a.c.participant_id == participant_id)
    if client_addr is not None:
        query = query.where(a.c.client_addr == client_addr[:64])
    failures: list[datetime] = []
    for outcome, when in conn.execute(query.order_by(a.c.at, a.c.id)).all():
        if outcome in RESETS and participant_id is not None:
            failures = []
        elif outcome in FAILED:
            failures.append(aware(when))
    return failures


def recent_failures(engine: sa.Engine, policy: Policy, kind: str, at: datetime,
                    participant_id: str | None = None,
                    client_addr: str | None = None) -> list[datetime]:
    """The failures that count towards a lock-out, within the policy's window.

    Per participant (``participant_id``): failures since their last success or unlock, so the
    real person getting in starts the count again. Per address (``client_addr`` alone): every
    failure in the window, whatever successes came in between. An attempt still being checked
    counts as a failure; refused attempts during a lock-out (``locked``) do not: they were never
    checked.
    """
    with read_tx(engine) as conn:
        return _failures(conn, policy, kind, at, participant_id, client_addr)


def reserve_attempt(engine: sa.Engine, kind: str, client_addr: str, address_policy: Policy,
                    participant_policy: Policy | None = None, classroom_id: int | None = None,
                    participant_id: str | None = None) -> Reservation:
    """Count the failures and log this attempt in one write transaction.

    When the address (or the participant) is locked, the attempt is logged as ``locked`` and the
    wait is returned. Otherwise it is logged as ``checking`` (counted as a failure until
    :func:`finish_attempt` says otherwise), so simultaneous attempts see each other and at most
    the free number of them is ever checked.
    """
    at = now()
    with write_tx(engine) as conn:
        _serialise_attempts(conn)
        wait = wait_seconds(address_policy, _failures(conn, address_policy, kind, at,
                                                      client_addr=client_addr), at)
        if participant_policy is not None and participant_id is not None:
            wait = max(wait, wait_seconds(participant_policy, _failures(
                conn, participant_policy, kind, at, participant_id=participant_id), at))
        if wait:
            _insert_attempt(conn, kind, client_addr, "locked", classroom_id, participant_id, at)
            return Reservation(None, wait)
        return Reservation(_insert_attempt(conn, kind, client_addr, "checking", classroom_id,
                                           participant_id, at))


def finish_attempt(engine: sa.Engine, attempt_id: int, outcome: str,
                   classroom_id: int | None = None) -> None:
    """Record the outcome (ok or wrong) of an attempt reserved by :func:`reserve_attempt`."""
    a = tables.attempt
    values: dict[str, object] = {"outcome": outcome}
    if classroom_id is not None:
        values["classroom_id"] = classroom_id
    with write_tx(engine) as conn:
        conn.execute(a.update().where(a.c.id == attempt_id).values(**values))


def unlock_participant(engine: sa.Engine, participant_id: str, by: str) -> bool:
    """Lift a participant's PIN lock-out (logged as ``unlock``; no attempt is deleted).

    ``by`` is the facilitator's address, or ``cli``. ``False`` when there is no such participant.
    """
    with write_tx(engine) as conn:
        if get_participant(conn, participant_id) is None:
            return False
        _insert_attempt(conn, "pin", by, "unlock", None, participant_id)
    return True


def locked_participants(engine: sa.Engine, participant_ids: Sequence[str],
                        at: datetime | None = None) -> dict[str, int]:
    """The participants among ``participant_ids`` who are locked out now, with seconds left."""
    at = at or now()
    out: dict[str, int] = {}
    with read_tx(engine) as conn:
        for pid in participant_ids:
            wait = wait_seconds(PER_PARTICIPANT, _failures(conn, PER_PARTICIPANT, "pin", at,
                                                           participant_id=pid), at)
            if wait:
                out[pid] = wait
    return out


def create_device(engine: sa.Engine, role: str, classroom_id: int | None = None,
                  participant_id: str | None = None) -> str:
    """Start a browser session; return the token for the cookie (only its hash is stored)."""
    token = new_token()
    with write_tx(engine) as conn:
        conn.execute(tables.device.insert().values(
            token_hash=token_hash(token), role=role, classroom_id=classroom_id,
            participant_id=participant_id, created_at=now()))
    return token


def revoke_device(engine: sa.Engine, token: str) -> None:
    """Sign a browser session out."""
    d = tables.device
    with write_tx(engine) as conn:
        conn.execute(d.update().where(d.c.token_hash == token_hash(token),
                                      d.c.revoked_at.is_(None)).values(revoked_at=now()))


def principal_for(engine: sa.Engine, token: str | None, at: datetime | None = None
                  ) -> Principal | None:
    """Who holds this device token, if it is still valid.

    A participant's device is valid while its classroom is open; the facilitator's for
    12 hours after signing in.
    """
    if not token or len(token) > 128:
        return None
    d, c = tables.device, tables.classroom
    hashed = token_hash(token)
    with read_tx(engine) as conn:
        row = conn.execute(
            sa.select(d.c.role, d.c.participant_id, d.c.created_at, c.c.closed_at,
                      d.c.classroom_id)
            .select_from(d.outerjoin(c, c.c.id == d.c.classroom_id))
            .where(d.c.token_hash == hashed, d.c.revoked_at.is_(None))).first()
    if row is None:
        return None
    role, participant_id, created_at, closed_at, classroom_id = row
    if role == FACILITATOR:
        limit = aware(created_at) + timedelta(hours=FACILITATOR_DEVICE_HOURS)
        return Principal(FACILITATOR, hashed) if (at or now()) < limit else None
    if role == PARTICIPANT and classroom_id is not None and closed_at is None and participant_id:
        return Principal(PARTICIPANT, hashed, str(participant_id), int(classroom_id))
    return None


def participant_count(engine: sa.Engine, classroom: Classroom) -> int:
    """How many different participants have signed in to the classroom."""
    d = tables.device
    with read_tx(engine) as conn:
        return int(conn.execute(sa.select(sa.func.count(sa.distinct(d.c.participant_id)))
                                .where(d.c.classroom_id == classroom.id,
                                       d.c.role == PARTICIPANT)).scalar_one())


def walk_in_problems(name: str, district: str, business_name: str = "", phone: str = "",
                     pin: str = "", pin_again: str = "") -> dict[str, str]:
    """Problems with a walk-in registration, by field (empty when it can be saved)."""
    errors: dict[str, str] = {}
    clean = clean_name(name)
    if not clean or sum(ch.isalpha() for ch in clean) < 2:
        errors["name"] = _("Please write your full name (at least two letters).")
    elif len(clean) > NAME_MAX or clean != " ".join(name.split()):
        errors["name"] = (_("That name is too long (at most 80 characters).")
                          if len(clean) > NAME_MAX else
                          _("A name cannot start with =, +, - or @."))
    where = clean_text(district)
    if not where or sum(ch.isalpha() for ch in where) < 3:
        errors["district"] = _("Please write your district or city (kabupaten/kota).")
    elif where != " ".join(district.split()) or len(where) > NAME_MAX:
        errors["district"] = _("Please write the name of your district or city only.")
    elif problem := district_problem(where):
        errors["district"] = problem
    business = clean_text(business_name)
    if business and (business != " ".join(business_name.split()) or len(business) > NAME_MAX):
        errors["business_name"] = _("Please write the name of your business only.")
    try:
        normalise_phone(phone)
    except ValueError as exc:
        errors["phone"] = str(exc)
    problem = chosen_pin_problem(pin)
    if problem:
        errors["pin"] = problem
    elif pin != pin_again:
        errors["pin_again"] = _("The two PINs are not the same.")
    return errors


class WalkInError(ValueError):
    """A walk-in registration that cannot be saved: the problems by field."""

    def __init__(self, errors: dict[str, str]):
        self.errors = errors
        super().__init__("; ".join(errors.values()))


class WalkInLimit(Exception):
    """Too many walk-in registrations from one address: wait ``seconds`` (or ask for help)."""

    def __init__(self, seconds: int):
        self.seconds = seconds
        super().__init__(seconds)


def register_walk_in(engine: sa.Engine, classroom: Classroom, name: str, district: str,
                     business_name: str = "", phone: str = "", pin: str = "",
                     pin_again: str = "", client_addr: str = "unknown") -> Participant:
    """Add a walk-in participant, check them in and store their PIN, all in one transaction.

    Raises :class:`WalkInError` for invalid input, or when someone with the same name and
    district is already registered (they ask the facilitator to check them in instead), and
    :class:`WalkInLimit` when ``client_addr`` registered :data:`~kit.classroom.ratelimit.WALK_IN`
    ``.free`` people in its window already (counted and logged in the same transaction, as
    ``walkin`` attempts).
    """
    errors = walk_in_problems(name, district, business_name, phone, pin, pin_again)
    if errors:
        raise WalkInError(errors)
    official = normalise_district(clean_text(district))
    assert official is not None  # noqa: S101 - walk_in_problems refused any other district
    person = Participant(id=new_participant_id(), name=name_case(str(clean_name(name))),
                         district=official.name,
                         business_name=clean_text(business_name),
                         phone=normalise_phone(phone))
    hashed = hash_pin(pin)
    t, a = schema.participant, tables.attempt
    at = now()
    with write_tx(engine) as conn:
        _serialise_attempts(conn)
        accepted = [aware(r[0]) for r in conn.execute(
            sa.select(a.c.at).where(a.c.kind == "walkin", a.c.outcome == "ok",
                                    a.c.client_addr == client_addr[:64],
                                    a.c.at >= at - WALK_IN.window))]
        wait = quota_wait_seconds(WALK_IN, accepted, at)
        if wait:
            _insert_attempt(conn, "walkin", client_addr, "locked", classroom.id, None, at)
        else:
            same = conn.execute(sa.select(t.c.id).where(
                sa.func.lower(t.c.name) == person.name.lower(),
                sa.func.lower(t.c.district) == person.district.lower())).first()
            if same is not None:
                raise WalkInError({"name": _(
                    "Someone with this name is already registered in this district. Find "
                    "your name in the list, or ask the facilitator to check you in.")})
            add_participant(conn, person)
            conn.execute(t.update().where(t.c.id == person.id)
                         .values(district_code=official.code))
            check_in(conn, classroom.session_id, person.id)
            conn.execute(tables.pin.insert().values(participant_id=person.id, pin_hash=hashed,
                                                    set_by=PARTICIPANT, set_at=at))
            _insert_attempt(conn, "walkin", client_addr, "ok", classroom.id, person.id, at)
    if wait:
        raise WalkInLimit(wait)
    return person


def ids_of(items: Sequence[Attendee]) -> list[str]:
    """The participant ids of a list of attendees."""
    return [a.participant.id for a in items]
