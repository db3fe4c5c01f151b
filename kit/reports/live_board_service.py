"""The live board's service: reads what the board needs from a workspace, in one transaction.

The panel (:mod:`kit.session_app.board_panel`) and the bench call :func:`live_board` and
:func:`cell_evidence`; the rules are in :mod:`kit.reports.live_board`. Unknown sessions raise
:class:`BoardError` (one translated line naming the session).
"""

from __future__ import annotations

from datetime import date
from typing import Any

import attrs
import sqlalchemy as sa

from kit.framework import Framework, framework
from kit.i18n import gettext_
from kit.reports.live_board import (
    AUTOMATIC_SOURCE,
    Board,
    Present,
    ScoreFact,
    build_board,
    evidence_lines,
)
from kit.storage import schema
from kit.workspace import Workspace, reading


class BoardError(ValueError):
    """The board cannot be shown (unknown session or activity); the message is translated."""


@attrs.frozen
class EvidenceEntry:
    """One piece of evidence behind a cell: what it is, when, and its ``(label, value)`` lines."""

    kind: str
    recorded_at: str
    lines: tuple[tuple[str, str], ...]


def _present(conn: sa.Connection, session_id: str) -> list[Present]:
    a, p = schema.attendance, schema.participant
    rows = conn.execute(
        sa.select(a.c.participant_id, p.c.name, p.c.participant_type, a.c.checked_in_at)
        .join(p, p.c.id == a.c.participant_id)
        .where(a.c.session_id == session_id)
        .order_by(p.c.name, a.c.participant_id))
    return [Present(pid, name, ptype, at) for pid, name, ptype, at in rows]


def _scores(conn: sa.Connection, participant_ids: list[str]) -> list[ScoreFact]:
    if not participant_ids:
        return []
    s, k = schema.score, schema.session
    rows = conn.execute(
        sa.select(s.c.id, s.c.participant_id, s.c.item_id, s.c.level, s.c.source,
                  s.c.session_id, s.c.recorded_at, s.c.details, k.c.date)
        .select_from(s.outerjoin(k, k.c.id == s.c.session_id))
        .where(s.c.participant_id.in_(participant_ids)).order_by(s.c.id))
    return [ScoreFact(pid, item_id, level, source, sid, at, details, row_id, day)
            for row_id, pid, item_id, level, source, sid, at, details, day in rows]


def _attended_elsewhere(conn: sa.Connection, session_id: str, participant_ids: list[str],
                        before: date | None = None) -> dict[str, set[str]]:
    """Participant → activities of the other sessions they attended (held before ``before``)."""
    if not participant_ids:
        return {}
    a, s = schema.attendance, schema.session
    query = (sa.select(a.c.participant_id, s.c.activity_id).join(s, s.c.id == a.c.session_id)
             .where(a.c.participant_id.in_(participant_ids), a.c.session_id != session_id)
             .distinct())
    if before is not None:
        query = query.where(s.c.date < before)
    out: dict[str, set[str]] = {}
    for pid, activity_id in conn.execute(query):
        out.setdefault(pid, set()).add(activity_id)
    return out


def live_board(ws: Workspace, session_id: str, lang: str = "id",
               fw: Framework | None = None) -> Board:
    """The board of ``session_id`` as the database holds it now (one read transaction)."""
    fw = fw or framework()
    with reading(ws) as conn:
        found = conn.execute(
            sa.select(schema.session.c.activity_id, schema.session.c.date)
            .where(schema.session.c.id == session_id)).first()
        if found is None:
            raise BoardError(gettext_("there is no session {id!r} (see 'session list')",
                                      lang).format(id=session_id))
        present = _present(conn, session_id)
        ids = [p.participant_id for p in present]
        activity_id, day = found
        scores = _scores(conn, ids)
        elsewhere = _attended_elsewhere(conn, session_id, ids)
        earlier = (_attended_elsewhere(conn, session_id, ids, before=day) if day is not None
                   else elsewhere)
    try:
        activity = fw.activity(str(activity_id))
    except KeyError:
        raise BoardError(gettext_("Session {session!r} belongs to an unknown activity "
                                  "{activity!r}.", lang).format(
            session=session_id, activity=activity_id)) from None
    return build_board(fw, session_id, activity, present, scores, elsewhere, lang,
                       session_date=day, attended_earlier=earlier)


def board_version(ws: Workspace, session_id: str) -> tuple[int, int, int]:
    """A cheap fingerprint of what the board shows: newest score, check-ins, newest evidence.

    Read by the panel twice a second; the board itself is read again only when this changes.
    """
    s, a, e = schema.score, schema.attendance, schema.evidence
    with reading(ws) as conn:
        newest_score = conn.execute(sa.select(sa.func.max(s.c.id))).scalar()
        present = conn.execute(sa.select(sa.func.count()).select_from(a)
                               .where(a.c.session_id == session_id)).scalar()
        newest_evidence = conn.execute(sa.select(sa.func.max(e.c.id))).scalar()
    return int(newest_score or 0), int(present or 0), int(newest_evidence or 0)


def cell_evidence(ws: Workspace, participant_id: str, item_id: str,
                  lang: str = "id") -> list[EvidenceEntry]:
    """Everything behind one cell, newest first: automatic scores' details, kept evidence rows.

    The module's own records (``kit_evidence``: a quiz answered, a tool's result, a level kept as
    evidence when the facilitator's judgement stood) come with the automatic scores.
    """
    s, e = schema.score, schema.evidence
    with reading(ws) as conn:
        scores = conn.execute(
            sa.select(s.c.recorded_at, s.c.level, s.c.details)
            .where(s.c.participant_id == participant_id, s.c.item_id == item_id,
                   s.c.source == AUTOMATIC_SOURCE).order_by(s.c.id.desc())).all()
        kept = conn.execute(
            sa.select(e.c.created_at, e.c.kind, e.c.payload)
            .where(e.c.participant_id == participant_id, e.c.item_id == item_id)
            .order_by(e.c.id.desc())).all()
    out: list[tuple[Any, EvidenceEntry]] = []
    for at, level, details in scores:
        lines = ((gettext_("Level", lang), str(level)), *evidence_lines(details, lang))
        out.append((at, EvidenceEntry("score", _when(at), lines)))
    for at, kind, payload in kept:
        shown = payload if isinstance(payload, dict) else {"value": payload}
        inner = shown.get("details") if kind == "autograde_kept" else None
        flat = {**{k: v for k, v in shown.items() if k != "details"},
                **(inner if isinstance(inner, dict) else {})}
        out.append((at, EvidenceEntry(str(kind), _when(at), evidence_lines(flat, lang))))
    out.sort(key=lambda pair: _when(pair[0]), reverse=True)
    return [entry for _at, entry in out]


def _when(at: Any) -> str:
    return at.strftime("%Y-%m-%d %H:%M:%S") if at is not None else ""
