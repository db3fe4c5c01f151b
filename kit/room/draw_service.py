"""Random questions in the workspace (``kit_random_draw``): draw, answer, list (services).

Each function takes a :class:`~kit.workspace.Workspace` and owns its transaction.
:func:`draw` picks a present UMKM owner and a question for the running segment's materi
(:mod:`kit.room.random_draw`) and saves the draw. :func:`answer` records the level the
facilitator gave the answer on the draw AND as evidence for the item — a ``kit_score`` row
(source ``observation``, noted as a random question, with the session) and nbgrader's manual
score, in the same transaction, as the checklist's :func:`kit.assess.observe.record_observation`
does. A closed or unknown session, an unknown draw or a level outside the rubric raises
:class:`DrawServiceError` (field, one translated line) and nothing is written.
"""

from __future__ import annotations

import random
from datetime import datetime

import attrs
import sqlalchemy as sa

from kit.assess.dual_write import write_facilitator_scores
from kit.assess.generate import ensure_generated
from kit.framework import framework
from kit.i18n import _
from kit.problems import InputError
from kit.records.clock import now
from kit.records.participant_types import is_umkm
from kit.records.scores import ScoreEntry, ScoreError
from kit.records.sessions import Session, attendees, get_session
from kit.room.random_draw import (
    DrawError,
    QuestionSource,
    pick_participant,
    pick_question,
    segment_items,
)
from kit.room.tables import random_draw as draw_table
from kit.rundown import live
from kit.rundown.service import lock_session, read_segments
from kit.storage import schema
from kit.workspace import Workspace, reading, writing


class DrawServiceError(InputError):
    """A draw or answer refused: ``field`` names the input, ``message`` says why (translated)."""


@attrs.frozen
class Draw:
    """One random question: who, which item and question, and the level given (if any)."""

    id: int
    session_id: str
    participant_id: str
    participant_name: str
    item_id: str
    question_id: str
    drawn_at: datetime
    level: int | None = None
    answered_at: datetime | None = None


def _session(conn: sa.Connection, session_id: str) -> Session:
    session = get_session(conn, session_id)
    if session is None:
        raise DrawServiceError("session_id", _("unknown session {session!r}").format(
            session=session_id))
    if session.status != "open":
        raise DrawServiceError("session_id", _("session {session!r} is closed: no more random "
                                               "questions can be drawn or answered").format(
            session=session_id))
    return session


def _rows(conn: sa.Connection, session_id: str, draw_id: int | None = None) -> list[Draw]:
    d, p = draw_table, schema.participant
    query = (sa.select(d, p.c.name).join(p, p.c.id == d.c.participant_id)
             .where(d.c.session_id == session_id).order_by(d.c.id))
    if draw_id is not None:
        query = query.where(d.c.id == draw_id)
    return [Draw(id=r["id"], session_id=r["session_id"], participant_id=r["participant_id"],
                 participant_name=r["name"], item_id=r["item_id"], question_id=r["question_id"],
                 drawn_at=live.aware(r["drawn_at"]), level=r["level"],
                 answered_at=live.aware(r["answered_at"]) if r["answered_at"] else None)
            for r in conn.execute(query).mappings()]


def _present_umkm(conn: sa.Connection, session_id: str) -> list[str]:
    """Checked-in participants who are UMKM owners (the others are not assessed)."""
    ids = attendees(conn, session_id)
    if not ids:
        return []
    p = schema.participant
    types = {pid: kind for pid, kind in
             conn.execute(sa.select(p.c.id, p.c.participant_type).where(p.c.id.in_(ids)))}
    return [pid for pid in ids if is_umkm(types.get(pid))]


def _segment_materi(conn: sa.Connection, session: Session) -> tuple[str, ...]:
    """The materi of the running segment of the session's rundown (none if nothing runs)."""
    current = live.view(read_segments(conn, session.id), now()).current
    if current is None:
        return ()
    for line in framework().activity(session.activity_id).rundown:
        if line.id == current.segment_id:
            return line.materi
    return ()


def draw(ws: Workspace, session_id: str, bank: QuestionSource,
         rng: random.Random | None = None) -> Draw:
    """Draw a present participant and a question for the running segment; save and return it."""
    chooser = rng or random.SystemRandom()
    with writing(ws) as conn:
        lock_session(conn, session_id)
        session = _session(conn, session_id)
        history = _rows(conn, session_id)
        activity = framework().activity(session.activity_id)
        try:
            who = pick_participant(_present_umkm(conn, session_id),
                                   [d.participant_id for d in history], chooser)
            item_id, question_id = pick_question(
                segment_items(activity, _segment_materi(conn, session)), bank,
                [d.question_id for d in history], chooser)
        except DrawError as exc:
            raise DrawServiceError("session_id", str(exc)) from None
        result = conn.execute(draw_table.insert().values(
            session_id=session_id, participant_id=who, item_id=item_id,
            question_id=question_id, drawn_at=now()))
        pk = result.inserted_primary_key
        assert pk is not None  # noqa: S101 - an insert always has a key
        return _rows(conn, session_id, int(pk[0]))[0]


def activity_of(ws: Workspace, session_id: str) -> str:
    """The activity id of a session (whose question bank to draw from)."""
    with reading(ws) as conn:
        session = get_session(conn, session_id)
    if session is None:
        raise DrawServiceError("session_id", _("unknown session {session!r}").format(
            session=session_id))
    return session.activity_id


def draws(ws: Workspace, session_id: str) -> list[Draw]:
    """The session's draws so far, oldest first (unknown session: :class:`DrawServiceError`)."""
    with reading(ws) as conn:
        if get_session(conn, session_id) is None:
            raise DrawServiceError("session_id", _("unknown session {session!r}").format(
                session=session_id))
        return _rows(conn, session_id)


def answer(ws: Workspace, session_id: str, draw_id: int, level: int, *,
           facilitator: str | None = None) -> Draw:
    """Record the answer's level on the draw and as the item's evidence, in one transaction."""
    fw = framework()
    if level not in fw.rubric.valid_levels:
        raise DrawServiceError("level", _("level must be one of {levels}, not {level!r}").format(
            levels=", ".join(str(v) for v in fw.rubric.valid_levels), level=level))
    with reading(ws) as conn:
        session = get_session(conn, session_id)
    if session is not None:
        ensure_generated(ws, session.activity_id)
    with writing(ws) as conn:
        _session(conn, session_id)
        found = _rows(conn, session_id, draw_id)
        if not found:
            raise DrawServiceError("draw_id", _("session {session!r} has no random question "
                                                "{draw}").format(session=session_id,
                                                                 draw=draw_id))
        at = now()
        conn.execute(draw_table.update().where(draw_table.c.id == draw_id)
                     .values(level=level, answered_at=at))
        entry = ScoreEntry(participant_id=found[0].participant_id, item_id=found[0].item_id,
                           level=level, source="observation", session_id=session_id,
                           note=_("random question {question}").format(
                               question=found[0].question_id),
                           recorded_by=facilitator, recorded_at=at)
        try:
            write_facilitator_scores(conn, ws, [entry])
        except ScoreError as exc:
            raise DrawServiceError("level", str(exc)) from None
        return attrs.evolve(found[0], level=level, answered_at=at)
