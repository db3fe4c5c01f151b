"""The room's questions as services: ask, list a session's, list one's own, mark answered.

Each function takes a :class:`~kit.workspace.Workspace` and owns its transaction. The module
page calls :func:`ask` and :func:`own_questions` with the id of the participant the page serves
(in a classroom fixed by the kernel's signed token), never an id the browser sent; the
facilitator's panel and ``python -m kit questions`` call :func:`for_session` and :func:`answer`.
Bad input raises :class:`~kit.room.help_queue.RoomInputError` before anything is written.
"""

from __future__ import annotations

from kit.i18n import _
from kit.records.clock import now
from kit.room.help_queue import (
    RoomInputError,
    check_activity,
    clean_actor,
    clean_place,
    lock_participant,
    session_exists,
)
from kit.room.questions import (
    RoomQuestion,
    add_question,
    clean_question,
    get_question,
    mark_answered,
    questions_of,
    session_questions,
)
from kit.workspace import Workspace, reading, writing

__all__ = ["RoomInputError", "RoomQuestion", "answer", "ask", "for_session", "own_questions"]


def _no_session(session_id: str) -> RoomInputError:
    return RoomInputError("session_id", _("there is no session {id!r} (see 'session "
                                          "list')").format(id=session_id))


def ask(ws: Workspace, participant_id: str, activity_id: str, text: str | None,
        place: str | None, session_id: str | None) -> RoomQuestion:
    """Record the participant's question (trimmed; empty or too long is refused)."""
    cleaned = clean_question(text)
    check_activity(activity_id)
    with writing(ws) as conn:
        if lock_participant(conn, participant_id) is None:
            raise RoomInputError("participant_id", _(
                "there is no participant {id!r} (see 'roster list')").format(id=participant_id))
        if session_id is not None and not session_exists(conn, session_id):
            raise _no_session(session_id)
        question_id = add_question(conn, session_id, participant_id, activity_id,
                                   clean_place(place), cleaned, now())
        made = get_question(conn, question_id)
    assert made is not None  # noqa: S101 - just inserted
    return made


def own_questions(ws: Workspace, participant_id: str,
                  session_id: str | None) -> list[RoomQuestion]:
    """The participant's own questions in the session (never anyone else's)."""
    with reading(ws) as conn:
        return questions_of(conn, participant_id, session_id)


def for_session(ws: Workspace, session_id: str,
                include_answered: bool = True) -> list[RoomQuestion]:
    """The session's questions, oldest first; an unknown session is an input error."""
    with reading(ws) as conn:
        if not session_exists(conn, session_id):
            raise _no_session(session_id)
        return session_questions(conn, session_id, include_answered)


def answer(ws: Workspace, session_id: str, question_id: int,
           by: str) -> tuple[RoomQuestion, bool]:
    """Mark the session's question answered by ``by``; ``(question, changed)``.

    One already answered is returned unchanged; a question of another session or an unknown
    id is :class:`RoomInputError` (field ``question_id``).
    """
    who = clean_actor(by, "answered_by")
    with writing(ws) as conn:
        if not session_exists(conn, session_id):
            raise _no_session(session_id)
        found = get_question(conn, question_id)
        if found is None or found.session_id != session_id:
            raise RoomInputError("question_id", _(
                "session {session!r} has no question {id} (see 'questions list')").format(
                session=session_id, id=question_id))
        if found.answered:
            return found, False
        mark_answered(conn, question_id, who, now())
        done = get_question(conn, question_id)
    assert done is not None  # noqa: S101 - it existed in this transaction
    return done, True
