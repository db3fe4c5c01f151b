"""The "Minta bantuan" queue: rules and connection-level functions (no widgets, no workspace).

A participant taps "Minta bantuan" in a module: one row of ``kit_help_request`` records who,
the activity, the place in the module (the section id the page had open) and when. A
participant has at most ONE open request (a second tap returns the first one, so nobody queues
twice). The request is closed either by the facilitator ("Selesai": ``resolved_by`` is who
resolved it) or by the participant ("Batalkan": ``resolved_by`` is :data:`CANCELLED_BY`). Rows
are never deleted.

The services that own the transactions are in :mod:`kit.room.help_service`.
"""

from __future__ import annotations

from datetime import UTC, datetime

import attrs
import sqlalchemy as sa

from kit.framework import framework
from kit.i18n import _
from kit.problems import InputError
from kit.records.sessions import one_line
from kit.room.tables import help_request
from kit.storage import schema

# ``resolved_by`` of a request the participant cancelled themselves.
CANCELLED_BY = "participant-cancelled"
PLACE_MAX = 120
ACTOR_MAX = 80


class RoomInputError(InputError):
    """Input the room's services cannot use: ``field`` names it, ``message`` says why."""


@attrs.frozen
class HelpRequest:
    """One "Minta bantuan" tap, with the participant's name, and how it ended (if it did)."""

    id: int
    session_id: str | None
    participant_id: str
    name: str
    activity_id: str
    place: str | None
    requested_at: datetime
    resolved_at: datetime | None = None
    resolved_by: str | None = None

    @property
    def is_open(self) -> bool:
        """Whether nobody has resolved or cancelled the request yet."""
        return self.resolved_at is None

    @property
    def cancelled(self) -> bool:
        """Whether the participant cancelled the request themselves."""
        return self.resolved_by == CANCELLED_BY


def aware(moment: datetime) -> datetime:
    """``moment`` as timezone-aware UTC (SQLite gives back naive UTC datetimes)."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment


def waiting_minutes(since: datetime, at: datetime) -> int:
    """Whole minutes from ``since`` to ``at`` (never below zero)."""
    seconds = (aware(at) - aware(since)).total_seconds()
    return max(0, int(seconds // 60))


def clean_place(place: str | None) -> str | None:
    """The place as stored: one line, at most :data:`PLACE_MAX` characters, ``None`` if empty."""
    text = one_line(place or "")[:PLACE_MAX]
    return text or None


def clean_actor(actor: str, field: str) -> str:
    """Who resolves or answers, on one line; :class:`RoomInputError` naming ``field`` if empty."""
    text = one_line(actor or "")
    if not text:
        raise RoomInputError(field, _("write who did it (a name), it cannot be empty"))
    if len(text) > ACTOR_MAX:
        raise RoomInputError(field, _("the name is too long (at most {n} characters)").format(
            n=ACTOR_MAX))
    if text == CANCELLED_BY:
        raise RoomInputError(field, _("{name!r} cannot be used as a name").format(name=text))
    return text


def place_title(activity_id: str, place: str | None, lang: str) -> str:
    """The place as a participant's page names it: the item's or materi's title, else the id.

    A module's sections are the framework's items (advokasi, komunitas) or materi (bimtek).
    """
    if not place:
        return "-"
    fw = framework()
    try:
        activity = fw.activity(activity_id)
    except KeyError:
        return place
    for materi in activity.materi:
        if materi.id == place:
            return f"{materi.no}. {materi.title.get(lang)}"
        for item in materi.items:
            if item.id == place:
                return f"{materi.no}. {item.title.get(lang)}"
    return place


def check_activity(activity_id: str) -> str:
    """``activity_id`` if the framework has that activity, else :class:`RoomInputError`."""
    known = [a.id for a in framework().activities]
    if activity_id not in known:
        raise RoomInputError("activity_id", _("unknown activity {given!r}; the activities are: "
                                              "{known}").format(given=activity_id,
                                                                known=", ".join(known)))
    return activity_id


# ------------------------------------------------------------------ connection-level functions

def lock_participant(conn: sa.Connection, participant_id: str) -> str | None:
    """The participant's name, locking their row until the transaction ends (PostgreSQL).

    Two taps of the same participant then never both find "no open request" (on SQLite the
    write transaction already holds the database's write lock). ``None``: no such participant.
    """
    p = schema.participant
    row = conn.execute(sa.select(p.c.name).where(p.c.id == participant_id)
                       .with_for_update()).first()
    return None if row is None else str(row[0])


def session_exists(conn: sa.Connection, session_id: str) -> bool:
    """Whether a session with this id exists."""
    s = schema.session
    return conn.execute(sa.select(s.c.id).where(s.c.id == session_id)).first() is not None


def participant_session(conn: sa.Connection, participant_id: str,
                        activity_id: str) -> str | None:
    """The open session of ``activity_id`` the participant is checked in to (latest), or ``None``.

    How a self-paced module page (no classroom token) learns its session: from the check-in the
    facilitator recorded, never from the browser.
    """
    s, a = schema.session, schema.attendance
    row = conn.execute(
        sa.select(s.c.id).join(a, a.c.session_id == s.c.id)
        .where(a.c.participant_id == participant_id, s.c.activity_id == activity_id,
               s.c.status == "open")
        .order_by(s.c.date.desc(), a.c.checked_in_at.desc(), s.c.id)
    ).first()
    return None if row is None else str(row[0])


def _select() -> sa.Select[tuple[object, ...]]:
    h, p = help_request, schema.participant
    return sa.select(h.c.id, h.c.session_id, h.c.participant_id, p.c.name, h.c.activity_id,
                     h.c.place, h.c.requested_at, h.c.resolved_at,
                     h.c.resolved_by).join(p, p.c.id == h.c.participant_id)


def _request(row: sa.RowMapping) -> HelpRequest:
    data = dict(row)
    data["requested_at"] = aware(data["requested_at"])
    if data["resolved_at"] is not None:
        data["resolved_at"] = aware(data["resolved_at"])
    return HelpRequest(**data)


def open_request_of(conn: sa.Connection, participant_id: str) -> HelpRequest | None:
    """The participant's open request, or ``None``."""
    h = help_request
    row = conn.execute(_select().where(h.c.participant_id == participant_id,
                                       h.c.resolved_at.is_(None))
                       .order_by(h.c.id)).mappings().first()
    return None if row is None else _request(row)


def get_request(conn: sa.Connection, request_id: int) -> HelpRequest | None:
    """The request with this id, or ``None``."""
    row = conn.execute(_select().where(help_request.c.id == request_id)).mappings().first()
    return None if row is None else _request(row)


def add_request(conn: sa.Connection, session_id: str | None, participant_id: str,
                activity_id: str, place: str | None, at: datetime) -> int:
    """Insert an open request; return its id."""
    result = conn.execute(help_request.insert().values(
        session_id=session_id, participant_id=participant_id, activity_id=activity_id,
        place=place, requested_at=at))
    key = result.inserted_primary_key
    assert key is not None  # noqa: S101 - an insert has a primary key
    return int(key[0])


def close_request(conn: sa.Connection, request_id: int, by: str, at: datetime) -> None:
    """Mark an open request resolved (or cancelled) by ``by`` at ``at``."""
    h = help_request
    conn.execute(h.update().where(h.c.id == request_id, h.c.resolved_at.is_(None))
                 .values(resolved_at=at, resolved_by=by))


def session_requests(conn: sa.Connection, session_id: str,
                     open_only: bool = True) -> list[HelpRequest]:
    """The session's requests, oldest first (only the open ones unless ``open_only`` is off)."""
    h = help_request
    query = _select().where(h.c.session_id == session_id)
    if open_only:
        query = query.where(h.c.resolved_at.is_(None))
    rows = conn.execute(query.order_by(h.c.requested_at, h.c.id)).mappings()
    return [_request(row) for row in rows]
