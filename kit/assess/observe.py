"""Record a facilitator's observation of one participant × item (the checklist's one operation)."""

from __future__ import annotations

from kit.framework import framework
from kit.records.scores import ScoreEntry, record_score
from kit.storage.db import write_tx
from kit.workspace import Workspace


def record_observation(
    ws: Workspace,
    participant_id: str,
    item_id: str,
    level: int,
    *,
    note: str | None = None,
    facilitator: str | None = None,
    session_id: str | None = None,
) -> ScoreEntry:
    """Record level 0/1/2 (and an optional note) observed by the facilitator; returns the entry.

    Raises :class:`kit.records.scores.ScoreError` for an unknown item or a level out of range;
    nothing is written then.
    """
    entry = ScoreEntry(
        participant_id=participant_id, item_id=item_id, level=level, source="observation",
        session_id=session_id, note=note, recorded_by=facilitator,
    )
    fw = framework()
    with write_tx(ws.engine) as conn:
        record_score(conn, fw, entry)
    return entry


def record_evidence_score(
    ws: Workspace,
    participant_id: str,
    item_id: str,
    level: int,
    *,
    details: dict[str, object],
    session_id: str | None = None,
) -> ScoreEntry:
    """Record a level the kit established itself (a module's knowledge check or practice action).

    Source ``autograde``; ``details`` says what the participant did or answered (stored as JSON).
    Raises :class:`kit.records.scores.ScoreError` for an unknown item or level; nothing is
    written then.
    """
    entry = ScoreEntry(
        participant_id=participant_id, item_id=item_id, level=level, source="autograde",
        session_id=session_id, recorded_by="kit", details=dict(details),
    )
    fw = framework()
    with write_tx(ws.engine) as conn:
        record_score(conn, fw, entry)
    return entry
