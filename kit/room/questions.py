"""The room's questions: what participants type into a module's "Tanya" box, for the Q&A.

Rules and connection-level functions (no widgets, no workspace). A question is trimmed to one
line, must not be empty and holds at most :data:`QUESTION_MAX` characters. Each row of
``kit_room_question`` keeps who asked, the activity, the place in the module, the session (or
none, self-paced) and, once the facilitator marked it, when and by whom it was answered. Rows
are never deleted. The services are in :mod:`kit.room.question_service`.
"""

from __future__ import annotations

from datetime import datetime

import attrs
import sqlalchemy as sa

from kit.i18n import _
from kit.records.sessions import one_line
from kit.room.help_queue import RoomInputError, aware
from kit.room.tables import room_question
from kit.storage import schema

QUESTION_MAX = 300


@attrs.frozen
class RoomQuestion:
    """One question a participant asked, with their name, and whether it was answered."""

    id: int
    session_id: str | None
    participant_id: str
    name: str
    activity_id: str
    place: str | None
    text: str
    asked_at: datetime
    answered_at: datetime | None = None
    answered_by: str | None = None

    @property
    def answered(self) -> bool:
        """Whether the facilitator marked the question answered."""
        return self.answered_at is not None


def clean_question(text: str | None) -> str:
    """The question as stored (one line, trimmed); :class:`RoomInputError` if empty or too long."""
    cleaned = one_line(text or "")
    if not cleaned:
        raise RoomInputError("text", _("write your question first; an empty question is not "
                                       "sent"))
    if len(cleaned) > QUESTION_MAX:
        raise RoomInputError("text", _("the question is too long: {n} characters, at most "
                                       "{max}").format(n=len(cleaned), max=QUESTION_MAX))
    return cleaned


def _select() -> sa.Select[tuple[object, ...]]:
    q, p = room_question, schema.participant
    return sa.select(q.c.id, q.c.session_id, q.c.participant_id, p.c.name, q.c.activity_id,
                     q.c.place, q.c.text, q.c.asked_at, q.c.answered_at,
                     q.c.answered_by).join(p, p.c.id == q.c.participant_id)


def _question(row: sa.RowMapping) -> RoomQuestion:
    data = dict(row)
    data["asked_at"] = aware(data["asked_at"])
    if data["answered_at"] is not None:
        data["answered_at"] = aware(data["answered_at"])
    return RoomQuestion(**data)


def add_question(conn: sa.Connection, session_id: str | None, participant_id: str,
                 activity_id: str, place: str | None, text: str, at: datetime) -> int:
    """Insert a question; return its id."""
    result = conn.execute(room_question.insert().values(
        session_id=session_id, participant_id=participant_id, activity_id=activity_id,
        place=place, text=text, asked_at=at))
    key = result.inserted_primary_key
    assert key is not None  # noqa: S101 - an insert has a primary key
    return int(key[0])


def get_question(conn: sa.Connection, question_id: int) -> RoomQuestion | None:
    """The question with this id, or ``None``."""
    row = conn.execute(_select().where(room_question.c.id == question_id)).mappings().first()
    return None if row is None else _question(row)


def session_questions(conn: sa.Connection, session_id: str,
                      include_answered: bool = True) -> list[RoomQuestion]:
    """The session's questions, oldest first (the unanswered only, unless ``include_answered``)."""
    q = room_question
    query = _select().where(q.c.session_id == session_id)
    if not include_answered:
        query = query.where(q.c.answered_at.is_(None))
    return [_question(row) for row in conn.execute(query.order_by(q.c.asked_at, q.c.id))
            .mappings()]


def questions_of(conn: sa.Connection, participant_id: str,
                 session_id: str | None) -> list[RoomQuestion]:
    """One participant's own questions in a session (or self-paced: session ``None``)."""
    q = room_question
    where = q.c.session_id.is_(None) if session_id is None else q.c.session_id == session_id
    query = _select().where(q.c.participant_id == participant_id, where)
    return [_question(row) for row in conn.execute(query.order_by(q.c.asked_at, q.c.id))
            .mappings()]


def mark_answered(conn: sa.Connection, question_id: int, by: str, at: datetime) -> None:
    """Mark an unanswered question answered by ``by`` at ``at``."""
    q = room_question
    conn.execute(q.update().where(q.c.id == question_id, q.c.answered_at.is_(None))
                 .values(answered_at=at, answered_by=by))
