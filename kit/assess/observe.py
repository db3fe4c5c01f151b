"""Record a facilitator's observation of one participant × item (the checklist's one operation).

Each observation is written to the kit's score log (``kit_score``, source ``observation``) and to
nbgrader's gradebook as the item's manual score, in one transaction (see
:mod:`kit.assess.dual_write`), so ``nbgrader export`` and the formgrader agree with the kit.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from kit.assess.dual_write import record_facilitator_scores, record_module_score
from kit.i18n import _
from kit.records.scores import ScoreEntry, ScoreError
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
    nothing is written then (neither in ``kit_score`` nor in the gradebook).
    """
    entry = ScoreEntry(
        participant_id=participant_id, item_id=item_id, level=level, source="observation",
        session_id=session_id, note=note, recorded_by=facilitator,
    )
    record_facilitator_scores(ws, [entry])
    return entry


def record_observations(ws: Workspace, entries: Iterable[ScoreEntry]) -> int:
    """Record many observations in one transaction (e.g. a whole checklist); returns the count."""
    batch = list(entries)
    for entry in batch:
        if entry.source != "observation":
            raise ScoreError(_("unknown score source {source!r}").format(source=entry.source))
    record_facilitator_scores(ws, batch)
    return len(batch)


def record_override(
    ws: Workspace,
    participant_id: str,
    item_id: str,
    level: int,
    *,
    by: str,
    note: str | None = None,
    session_id: str | None = None,
) -> ScoreEntry:
    """A facilitator overrides the item's level (any source); recorded with who and when.

    ``by`` (the facilitator's name) is required. Written as source ``override`` in ``kit_score``
    (with the time) and as the gradebook's manual score, in one transaction.
    """
    if not by or not by.strip():
        raise ScoreError(_("an override needs the name of the facilitator (--by)"))
    entry = ScoreEntry(
        participant_id=participant_id, item_id=item_id, level=level, source="override",
        session_id=session_id, note=note, recorded_by=by.strip(),
    )
    record_facilitator_scores(ws, [entry])
    return entry


def record_evidence_score(
    ws: Workspace,
    participant_id: str,
    item_id: str,
    level: int,
    *,
    details: dict[str, Any] | None = None,
    session_id: str | None = None,
) -> ScoreEntry:
    """Record a level a module established from the participant's own work (source ``autograde``).

    Written to ``kit_score`` and as the gradebook's auto score, in one transaction. A level the
    facilitator set (observation or override) stands: then the module's level is kept as evidence
    only, and the facilitator's entry is returned — the entry returned always decides the level.
    """
    entry = ScoreEntry(
        participant_id=participant_id, item_id=item_id, level=level, source="autograde",
        session_id=session_id, details=details,
    )
    return record_module_score(ws, entry)
