"""The reaction survey's services: submit a participant's answers, read them back, summarise.

Each function takes a :class:`~kit.workspace.Workspace` and owns its transaction. Answers are
stored per (session, respondent, question), where the respondent is a keyed hash of the session
and participant ids (HMAC-SHA256 with a key derived from the workspace's secret key,
:func:`kit.assess.origin.workspace_origin`), never the participant's id: the table cannot be
read back to a name, and the same person is a different respondent in another session. A
participant may change their answers (each is an upsert, so a replayed form changes nothing
more) until the session is closed; then they are refused. Only participants checked in to the
session may answer. Nothing here returns another person's answer with anything that identifies
them.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Mapping

import attrs
import sqlalchemy as sa

from kit.assess.origin import workspace_origin
from kit.i18n import N_
from kit.records.clock import now
from kit.records.sessions import Session, attendees, get_session
from kit.survey.questions import Survey, SurveyInputError, clean_answers, evaluation_survey
from kit.survey.summary import SurveySummary, summarise
from kit.survey.tables import survey_answer
from kit.workspace import Workspace, reading, with_database_errors, writing

__all__ = ["Submitted", "accepting", "own_answers", "progress", "respondent_id", "store_answers",
           "submit", "summary"]

_PURPOSE = b"kit survey respondent v1"


@attrs.frozen
class Submitted:
    """What a submission stored: answers saved (set or changed) and answers removed."""

    saved: int
    removed: int


def respondent_id(workspace_key: str, session_id: str, participant_id: str) -> str:
    """The stored respondent of a participant in a session: 64 hex digits, not reversible.

    A key for this purpose only is derived from the workspace's secret key, so the survey never
    uses the key that signs submission files directly.
    """
    key = hmac.new(workspace_key.encode(), _PURPOSE, hashlib.sha256).digest()
    message = f"{session_id}\x00{participant_id}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def _workspace_key(ws: Workspace) -> str:
    return with_database_errors(ws, workspace_origin, ws).signing_key


def _session(conn: sa.Connection, session_id: str) -> Session:
    found = get_session(conn, session_id)
    if found is None:
        raise SurveyInputError("session_id", N_("there is no session {id!r} (see 'session "
                                                "list')"), id=session_id)
    return found


def _answering(conn: sa.Connection, session_id: str, participant_id: str) -> None:
    session = _session(conn, session_id)
    if session.status != "open":
        raise SurveyInputError("session_id", N_("the session is closed: its survey no longer "
                                                "takes answers"))
    if participant_id not in set(attendees(conn, session_id)):
        raise SurveyInputError("participant_id", N_("only participants checked in to this "
                                                    "session can answer its survey"))


def store_answers(conn: sa.Connection, session_id: str, respondent: str,
                  answers: Mapping[str, str | None]) -> Submitted:
    """Upsert checked answers (``None`` removes one), inside the caller's write transaction."""
    t = survey_answer
    saved = removed = 0
    at = now()
    for question_id, answer in answers.items():
        key = (t.c.session_id == session_id, t.c.respondent == respondent,
               t.c.question_id == question_id)
        if answer is None:
            removed += conn.execute(t.delete().where(*key)).rowcount or 0
            continue
        values = {"session_id": session_id, "respondent": respondent,
                  "question_id": question_id, "answer": answer, "answered_at": at}
        dialect = conn.dialect.name
        if dialect == "sqlite":
            from sqlalchemy.dialects.sqlite import insert as sqlite_insert
            conn.execute(sqlite_insert(t).values(**values).on_conflict_do_update(
                index_elements=[t.c.session_id, t.c.respondent, t.c.question_id],
                set_={"answer": answer, "answered_at": at}))
        elif dialect == "postgresql":
            from sqlalchemy.dialects.postgresql import insert as pg_insert
            conn.execute(pg_insert(t).values(**values).on_conflict_do_update(
                index_elements=[t.c.session_id, t.c.respondent, t.c.question_id],
                set_={"answer": answer, "answered_at": at}))
        else:  # another database: delete then insert, in the caller's transaction
            conn.execute(t.delete().where(*key))
            conn.execute(t.insert().values(**values))
        saved += 1
    return Submitted(saved, removed)


def submit(ws: Workspace, session_id: str, participant_id: str, raw: Mapping[str, str],
           survey: Survey | None = None) -> Submitted:
    """Check and store one participant's answers to a session's survey (all or nothing).

    Raises :class:`~kit.survey.questions.SurveyInputError` (naming the question, or
    ``session_id``/``participant_id``) before anything is written: an answer out of range, an
    unknown or closed session, a participant not checked in to it.
    """
    answers = clean_answers(survey or evaluation_survey(), raw)
    respondent = respondent_id(_workspace_key(ws), session_id, participant_id)
    with writing(ws) as conn:
        _answering(conn, session_id, participant_id)
        return store_answers(conn, session_id, respondent, answers)


def own_answers(ws: Workspace, session_id: str, participant_id: str) -> dict[str, str]:
    """A participant's own stored answers in a session (to show their form filled in)."""
    respondent = respondent_id(_workspace_key(ws), session_id, participant_id)
    t = survey_answer
    with reading(ws) as conn:
        rows = conn.execute(sa.select(t.c.question_id, t.c.answer).where(
            t.c.session_id == session_id, t.c.respondent == respondent)).all()
    return {str(q): str(a) for q, a in rows}


def _counts(conn: sa.Connection, session_id: str) -> tuple[int, int]:
    t = survey_answer
    responded = conn.execute(sa.select(sa.func.count(sa.distinct(t.c.respondent))).where(
        t.c.session_id == session_id)).scalar() or 0
    return int(responded), len(attendees(conn, session_id))


def progress(ws: Workspace, session_id: str) -> tuple[int, int]:
    """``(responded, present)`` of a session: the running count for the projector."""
    with reading(ws) as conn:
        _session(conn, session_id)
        return _counts(conn, session_id)


def accepting(ws: Workspace, session_id: str) -> bool:
    """Whether the session's survey still takes answers (the session is open)."""
    with reading(ws) as conn:
        return _session(conn, session_id).status == "open"


def summary(ws: Workspace, session_id: str, survey: Survey | None = None) -> SurveySummary:
    """The survey of a session summarised (:func:`kit.survey.summary.summarise`); no names."""
    t = survey_answer
    with reading(ws) as conn:
        _session(conn, session_id)
        rows = conn.execute(sa.select(t.c.question_id, t.c.answer).where(
            t.c.session_id == session_id).order_by(t.c.question_id, t.c.answer)).all()
        responded, present = _counts(conn, session_id)
    return summarise(survey or evaluation_survey(), session_id,
                     [(str(q), str(a)) for q, a in rows], responded, present)
