"""What a participant did in a module, kept in the workspace (``kit_evidence`` rows).

Every action appends a row (nothing is updated), tagged with the module id in its payload:

============== =========================================================================
kind           payload (besides ``module``)
============== =========================================================================
section_done   ``section``: the section (item) id the participant finished reading
quiz           the graded check: ``attempt``, ``questions``, ``answers``, ``raw``, ``correct``,
               ``level`` (the score itself goes through ``record_evidence_score``)
tool           ``tool`` (selfcheck, calculator, checklist, ask…) and its ``state``
============== =========================================================================

:func:`load_state` folds the rows back into a :class:`ModuleState` so a participant resumes where
they left off; :func:`item_levels` gives the latest level of each item for the progress bar.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import attrs
import sqlalchemy as sa

from kit.records.clock import now
from kit.records.scores import latest_scores
from kit.storage import schema
from kit.storage.db import read_tx, write_tx
from kit.workspace import Workspace


@attrs.define
class ModuleState:
    """A participant's saved progress in one module."""

    sections_done: set[str] = attrs.field(factory=set)
    quizzes: dict[str, list[dict[str, Any]]] = attrs.field(factory=dict)
    tools: dict[str, dict[str, Any]] = attrs.field(factory=dict)

    def last_quiz(self, item_id: str) -> dict[str, Any] | None:
        """The newest graded check of ``item_id``, if any."""
        attempts = self.quizzes.get(item_id)
        return attempts[-1] if attempts else None

    def attempts(self, item_id: str) -> int:
        """How many checks of ``item_id`` were submitted."""
        return len(self.quizzes.get(item_id, ()))


def save_evidence(ws: Workspace, participant_id: str, item_id: str, kind: str,
                  payload: dict[str, Any]) -> None:
    """Append one evidence row (its own write transaction)."""
    with write_tx(ws.engine) as conn:
        conn.execute(schema.evidence.insert().values(
            participant_id=participant_id, item_id=item_id, kind=kind, payload=payload,
            created_at=now()))


def load_state(ws: Workspace, participant_id: str, module_id: str) -> ModuleState:
    """Fold the participant's evidence rows of ``module_id`` into a :class:`ModuleState`."""
    e = schema.evidence
    with read_tx(ws.engine) as conn:
        rows = conn.execute(
            sa.select(e.c.item_id, e.c.kind, e.c.payload)
            .where(e.c.participant_id == participant_id).order_by(e.c.id)).all()
    state = ModuleState()
    for item_id, kind, payload in rows:
        if not isinstance(payload, dict) or payload.get("module") != module_id:
            continue
        if kind == "section_done":
            state.sections_done.add(str(payload.get("section", item_id)))
        elif kind == "quiz":
            state.quizzes.setdefault(item_id, []).append(payload)
        elif kind == "tool":
            state.tools[str(payload.get("tool"))] = dict(payload.get("state") or {})
    return state


def item_levels(ws: Workspace, participant_id: str, item_ids: Iterable[str]) -> dict[str, int]:
    """The participant's latest level of each of ``item_ids`` that has one (any source)."""
    wanted = set(item_ids)
    with read_tx(ws.engine) as conn:
        entries = latest_scores(conn, participant_id)
    return {e.item_id: e.level for e in entries if e.item_id in wanted}
