"""Write levels to BOTH stores: the kit's score log and nbgrader's gradebook, atomically.

How the two stay consistent
---------------------------
Both live in the workspace's one database. Every write opens one kit write transaction
(:func:`kit.storage.db.write_tx`, ``BEGIN IMMEDIATE`` on SQLite) and runs nbgrader's own
:class:`~nbgrader.api.Gradebook` methods on that same connection
(:class:`kit.assess.gradebook.SharedGradebook`): the ``kit_score`` row and the gradebook's manual
score commit together or roll back together. No compensation is needed.

Which level counts is the same rule in both stores, nbgrader's rule:

* a facilitator's judgement (``observation`` or ``override``) is a gradebook *manual score*, and
  nbgrader reports the manual score when one is set; in the kit it is the newest facilitator row;
* an ``autograde`` level only counts for items the facilitator has not judged: the kit appends
  an ``autograde`` row only for those items, and clears nothing the facilitator set. The
  autograde result of a judged item is still kept (gradebook ``auto_score`` and ``kit_evidence``)
  so the facilitator can see it and override.

The one step outside a database transaction is ``nbgrader autograde`` itself (a separate
process writing ``auto_score``). Its results are copied into ``kit_score`` afterwards, in one
transaction together with the ``kit_submission_import`` row; if that copy fails, the file counts
as not imported and importing it again re-runs autograde and the copy (``auto_score`` is simply
overwritten). :func:`check_consistency` compares both stores; :func:`sync_gradebook` re-applies
the kit's facilitator levels to the gradebook (e.g. after restoring a database backup).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import attrs
import sqlalchemy as sa

from kit.assess.gradebook import (
    GradeRow,
    ensure_submission,
    grade_rows,
    set_manual_score,
    set_manual_scores,
    shared_gradebook,
)
from kit.framework import framework
from kit.i18n import _
from kit.records.clock import now
from kit.records.participants import get_participant
from kit.records.scores import (
    ScoreEntry,
    ScoreError,
    latest_scores,
    record_score,
    validate_score,
)
from kit.storage import schema
from kit.storage.db import read_tx, write_tx
from kit.workspace import Workspace

FACILITATOR_SOURCES = ("observation", "override")


def record_facilitator_scores(ws: Workspace, entries: Sequence[ScoreEntry]) -> list[int]:
    """Record observations/overrides in ``kit_score`` and as gradebook manual scores, atomically.

    Every entry is validated first (:class:`kit.records.scores.ScoreError`: nothing written);
    assignments missing from the gradebook are generated before the transaction starts.
    """
    from kit.assess.generate import ensure_generated

    fw = framework()
    for entry in entries:
        validate_score(fw, entry)
        if entry.source not in FACILITATOR_SOURCES:
            raise ValueError(entry.source)
    for activity_id in sorted({fw.item(e.item_id).activity_id for e in entries}):
        ensure_generated(ws, activity_id)
    with write_tx(ws.engine) as conn:
        return write_facilitator_scores(conn, ws, entries)


def write_facilitator_scores(conn: sa.Connection, ws: Workspace,
                             entries: Sequence[ScoreEntry]) -> list[int]:
    """Like :func:`record_facilitator_scores`, inside the caller's write transaction.

    The caller must have generated the activities' assignments before opening the transaction
    (:func:`kit.assess.generate.ensure_generated` runs nbgrader in another process, which would
    wait for this transaction's lock).
    """
    fw = framework()
    ids: list[int] = []
    with shared_gradebook(conn, ws) as gb:
        for pid in sorted({e.participant_id for e in entries}):
            if get_participant(conn, pid) is None:
                raise ScoreError(_("unknown participant {participant!r}").format(participant=pid))
        # The last entry per participant × item wins, as in the kit's log.
        batches: dict[tuple[str, str], dict[str, int]] = {}
        for entry in entries:
            if entry.source not in FACILITATOR_SOURCES:
                raise ScoreError(_("unknown score source {source!r}").format(
                    source=entry.source))
            ids.append(record_score(conn, fw, entry))
            key = (fw.item(entry.item_id).activity_id, entry.participant_id)
            batches.setdefault(key, {})[entry.item_id] = entry.level
        # Participant by participant, in one order for every writer: the first write of a
        # participant takes a lock on PostgreSQL (kit.assess.gradebook), never in a cycle.
        for (activity_id, participant_id), levels in sorted(
                batches.items(), key=lambda kv: (kv[0][1], kv[0][0])):
            set_manual_scores(gb, activity_id, participant_id, levels)
    return ids


def record_module_score(ws: Workspace, entry: ScoreEntry) -> ScoreEntry:
    """Record a level a module established live (source ``autograde``) in both stores.

    The level becomes the gradebook's ``auto_score`` of the item (what ``nbgrader autograde``
    would write). If a facilitator has judged the item, their level stands (nbgrader's manual
    score wins) and the module's level is kept as ``kit_evidence`` only. Returns the entry that
    now decides the item's level (``entry`` itself, or the facilitator's).
    """
    from kit.assess.generate import ensure_generated

    fw = framework()
    validate_score(fw, entry)
    if entry.source != "autograde":
        raise ValueError(entry.source)
    activity_id = fw.item(entry.item_id).activity_id
    ensure_generated(ws, activity_id)
    with write_tx(ws.engine) as conn, shared_gradebook(conn, ws) as gb:
        if get_participant(conn, entry.participant_id) is None:
            raise ScoreError(_("unknown participant {participant!r}").format(
                participant=entry.participant_id))
        ensure_submission(gb, activity_id, entry.participant_id)
        grade = gb.find_grade(entry.item_id, activity_id, activity_id, entry.participant_id)
        grade.auto_score = float(entry.level)
        grade.needs_manual_grade = False
        gb.db.commit()
        judged = facilitator_judged(conn, entry.participant_id).get(entry.item_id)
        if judged is not None:
            conn.execute(schema.evidence.insert().values(
                participant_id=entry.participant_id, item_id=entry.item_id,
                kind="autograde_kept",
                payload={"auto_level": entry.level, "details": entry.details},
                created_at=now()))
            return judged
        record_score(conn, fw, entry)
    return entry


def facilitator_judged(conn: sa.Connection, participant_id: str) -> dict[str, ScoreEntry]:
    """Items whose current kit level was set by a facilitator (item id → that entry)."""
    return {e.item_id: e for e in latest_scores(conn, participant_id)
            if e.source in FACILITATOR_SOURCES}


@attrs.frozen
class Mismatch:
    """A participant × item where the gradebook and ``kit_score`` disagree."""

    participant_id: str
    item_id: str
    kit_level: int | None
    kit_source: str | None
    gradebook_score: float | None
    gradebook_manual: float | None

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready."""
        return attrs.asdict(self)


def _compare(entries: Iterable[ScoreEntry], rows: Iterable[GradeRow]) -> list[Mismatch]:
    kit = {(e.participant_id, e.item_id): e for e in entries}
    gb = {(r.participant_id, r.item_id): r for r in rows}
    out: list[Mismatch] = []
    for key in sorted(set(kit) | set(gb)):
        e, r = kit.get(key), gb.get(key)
        kit_level = e.level if e else None
        score = r.score if r else None
        manual = r.manual_score if r else None
        judged = e is not None and e.source in FACILITATOR_SOURCES
        ok = (
            (score is None and kit_level is None)
            or (score is not None and kit_level is not None and float(kit_level) == score
                and (manual is not None) == judged)
        )
        # An item never scored in the kit may have an untouched grade row (no score yet).
        if not ok and e is None and r is not None and r.manual_score is None \
                and r.auto_score is None:
            ok = True
        if not ok:
            out.append(Mismatch(key[0], key[1], kit_level, e.source if e else None, score, manual))
    return out


def check_consistency(ws: Workspace, participant_id: str | None = None) -> list[Mismatch]:
    """Every participant × item where the gradebook's score differs from the kit's level."""
    with read_tx(ws.engine) as conn:
        tables = set(sa.inspect(conn).get_table_names())
        rows = grade_rows(conn, ws, participant_id) if "grade" in tables else []
        entries = latest_scores(conn, participant_id)
    return _compare(entries, rows)


def sync_gradebook(ws: Workspace) -> int:
    """Write the kit's facilitator levels into the gradebook where they differ; returns a count."""
    from kit.assess.generate import ensure_generated

    fw = framework()
    for activity in fw.activities:
        ensure_generated(ws, activity.id)
    fixed = 0
    with write_tx(ws.engine) as conn, shared_gradebook(conn, ws) as gb:
        rows = {(r.participant_id, r.item_id): r for r in grade_rows(conn, ws)}
        for entry in latest_scores(conn):
            if entry.source not in FACILITATOR_SOURCES:
                continue
            row = rows.get((entry.participant_id, entry.item_id))
            if row is not None and row.manual_score == float(entry.level):
                continue
            set_manual_score(gb, fw.item(entry.item_id).activity_id, entry.item_id,
                             entry.participant_id, entry.level)
            fixed += 1
    return fixed
