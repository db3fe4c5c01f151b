"""The "Minta bantuan" services: request, cancel, the session's queue, resolve.

Each function takes a :class:`~kit.workspace.Workspace` and owns its transaction. The module
page calls :func:`request_help`, :func:`cancel_help` and :func:`open_request` with the id of the
participant the page serves (in a classroom fixed by the kernel's signed token), never an id
the browser sent. The facilitator's panel and ``python -m kit help`` call :func:`queue` and
:func:`resolve`. Bad input raises :class:`~kit.room.help_queue.RoomInputError` (the field and
one translated line) before anything is written. The rules are in :mod:`kit.room.help_queue`.
"""

from __future__ import annotations

from datetime import datetime

import attrs

from kit.i18n import _, get_language
from kit.records.clock import now
from kit.room.help_queue import (
    CANCELLED_BY,
    HelpRequest,
    RoomInputError,
    add_request,
    check_activity,
    clean_actor,
    clean_place,
    close_request,
    get_request,
    lock_participant,
    open_request_of,
    participant_session,
    place_title,
    session_exists,
    session_requests,
    waiting_minutes,
)
from kit.workspace import Workspace, reading, writing

__all__ = ["HelpRequest", "QueueEntry", "RoomInputError", "cancel_help", "open_request",
           "queue", "request_help", "resolve", "session_of"]


@attrs.frozen
class QueueEntry:
    """One line of the facilitator's queue: who, where in the module, how long they wait."""

    request: HelpRequest
    place: str
    waiting_minutes: int

    def as_dict(self) -> dict[str, object]:
        """The keys of ``help list --format json``."""
        r = self.request
        return {"id": r.id, "participant_id": r.participant_id, "name": r.name,
                "activity": r.activity_id, "place": self.place, "place_id": r.place,
                "requested_at": r.requested_at.isoformat(),
                "waiting_minutes": self.waiting_minutes}


def _no_session(session_id: str) -> RoomInputError:
    return RoomInputError("session_id", _("there is no session {id!r} (see 'session "
                                          "list')").format(id=session_id))


def session_of(ws: Workspace, participant_id: str, activity_id: str,
               known: str | None = None) -> str | None:
    """The session a module page's requests and questions belong to.

    ``known``: the classroom's session (from the kernel's signed token). Without one, the open
    session of the activity the participant is checked in to, or ``None`` (self-paced).
    """
    if known is not None:
        return known
    with reading(ws) as conn:
        return participant_session(conn, participant_id, activity_id)


def request_help(ws: Workspace, participant_id: str, activity_id: str, place: str | None,
                 session_id: str | None) -> tuple[HelpRequest, bool]:
    """Record that the participant asks for help; ``(request, new)``.

    A participant with an open request in the same session gets it back unchanged (``new`` is
    ``False``): tapping twice never queues twice. An open request of another session (or of
    none, self-paced) is closed as cancelled and the new one queued: still one open request.
    """
    check_activity(activity_id)
    with writing(ws) as conn:
        if lock_participant(conn, participant_id) is None:
            raise RoomInputError("participant_id", _(
                "there is no participant {id!r} (see 'roster list')").format(id=participant_id))
        if session_id is not None and not session_exists(conn, session_id):
            raise _no_session(session_id)
        existing = open_request_of(conn, participant_id)
        if existing is not None and existing.session_id == session_id:
            return existing, False
        if existing is not None:  # left open elsewhere (another session, or none): moved here
            close_request(conn, existing.id, CANCELLED_BY, now())
        request_id = add_request(conn, session_id, participant_id, activity_id,
                                 clean_place(place), now())
        made = get_request(conn, request_id)
    assert made is not None  # noqa: S101 - just inserted
    return made, True


def cancel_help(ws: Workspace, participant_id: str) -> bool:
    """Cancel the participant's own open request; ``False`` when there was none."""
    with writing(ws) as conn:
        lock_participant(conn, participant_id)
        existing = open_request_of(conn, participant_id)
        if existing is None:
            return False
        close_request(conn, existing.id, CANCELLED_BY, now())
    return True


def open_request(ws: Workspace, participant_id: str) -> HelpRequest | None:
    """The participant's open request, or ``None``."""
    with reading(ws) as conn:
        return open_request_of(conn, participant_id)


def queue(ws: Workspace, session_id: str, *, at: datetime | None = None,
          lang: str | None = None) -> list[QueueEntry]:
    """The session's open requests, longest waiting first, with the place's title.

    An unknown session is :class:`RoomInputError` (field ``session_id``).
    """
    moment = at or now()
    language = lang or get_language()
    with reading(ws) as conn:
        if not session_exists(conn, session_id):
            raise _no_session(session_id)
        found = session_requests(conn, session_id)
    return [QueueEntry(r, place_title(r.activity_id, r.place, language),
                       waiting_minutes(r.requested_at, moment)) for r in found]


def resolve(ws: Workspace, session_id: str, request_id: int, by: str) -> tuple[HelpRequest, bool]:
    """Mark the session's request resolved by ``by``; ``(request, changed)``.

    A request already resolved or cancelled is returned unchanged (``changed`` is ``False``);
    a request of another session or an unknown id is :class:`RoomInputError`.
    """
    who = clean_actor(by, "resolved_by")
    with writing(ws) as conn:
        if not session_exists(conn, session_id):
            raise _no_session(session_id)
        found = get_request(conn, request_id)
        if found is None or found.session_id != session_id:
            raise RoomInputError("request_id", _(
                "session {session!r} has no help request {id} (see 'help list')").format(
                session=session_id, id=request_id))
        if not found.is_open:
            return found, False
        close_request(conn, request_id, who, now())
        done = get_request(conn, request_id)
    assert done is not None  # noqa: S101 - it existed in this transaction
    return done, True
