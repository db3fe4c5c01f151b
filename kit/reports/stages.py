"""The stage report: every participant's current stage by the framework's stage rule, and counts.

Uses :func:`kit.framework.stage_rule.current_stage` on the latest levels, exactly as the home page
(:func:`kit.reports.home.home_summary`) does, so both always agree. Only UMKM owners are staged
(3.1.3): NGO staff, government staff and community boards attend but are not in stage figures
(:func:`umkm_only`).
"""

from __future__ import annotations

from typing import Any

import attrs
import sqlalchemy as sa

from kit.framework import Framework, framework
from kit.framework.stage_rule import current_stage, next_stage
from kit.i18n import _
from kit.records.participant_types import UMKM
from kit.records.scores import latest_levels
from kit.records.sessions import participation
from kit.storage import schema
from kit.storage.db import read_tx
from kit.workspace import Workspace


@attrs.frozen
class ParticipantStage:
    """One participant's place on the path: current stage (``None`` = not started) and next."""

    participant_id: str
    name: str
    district: str
    stage_id: str | None
    next_stage_id: str | None
    achieved_items: int


@attrs.frozen
class StageCount:
    """How many participants are at a stage (``stage_id`` ``None`` = not started)."""

    stage_id: str | None
    title: str
    count: int


@attrs.frozen
class StageReport:
    """Participants with their current stage, and the count per stage in programme order."""

    participants: tuple[ParticipantStage, ...]
    counts: tuple[StageCount, ...]

    def count_by_stage(self) -> dict[str | None, int]:
        """Stage id (``None`` = not started) → participants; same shape as the home summary."""
        return {c.stage_id: c.count for c in self.counts}

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready: ``participants`` (list of dicts) and ``counts`` (list of dicts)."""
        return {
            "participants": [attrs.asdict(p) for p in self.participants],
            "counts": [attrs.asdict(c) for c in self.counts],
        }


def umkm_only(query: sa.Select[Any]) -> sa.Select[Any]:
    """``query`` on ``kit_participant`` limited to UMKM owners (type ``NULL`` or ``umkm``)."""
    p = schema.participant
    return query.where(sa.or_(p.c.participant_type.is_(None), p.c.participant_type == UMKM))


def stage_report(ws: Workspace, lang: str = "id", fw: Framework | None = None) -> StageReport:
    """Compute every UMKM owner's current stage and the number of them per stage."""
    fw = fw or framework()
    p = schema.participant
    with read_tx(ws.engine) as conn:
        people = conn.execute(umkm_only(
            sa.select(p.c.id, p.c.name, p.c.district).order_by(p.c.district, p.c.name, p.c.id))
        ).all()
        levels = latest_levels(conn)
        took_part = participation(conn)
    rows = []
    counts: dict[str | None, int] = {None: 0, **{s.id: 0 for s in fw.stages}}
    for pid, name, district in people:
        mine = levels.get(pid, {})
        part = took_part.get(pid, set())
        stage, upcoming = current_stage(fw, mine, part), next_stage(fw, mine, part)
        stage_id = stage.id if stage else None
        counts[stage_id] += 1
        rows.append(ParticipantStage(
            participant_id=pid, name=name, district=district, stage_id=stage_id,
            next_stage_id=upcoming.id if upcoming else None,
            achieved_items=sum(1 for lv in mine.values() if fw.rubric.is_achieved(lv)),
        ))
    ordered = [StageCount(None, _("Not started"), counts[None])]
    ordered += [StageCount(s.id, s.title.get(lang), counts[s.id]) for s in fw.stages]
    return StageReport(tuple(rows), tuple(ordered))


def stage_title(fw: Framework, stage_id: str | None, lang: str = "id") -> str:
    """The title of a stage in ``lang``, or "not started" for ``None``."""
    return fw.stage(stage_id).title.get(lang) if stage_id else _("Not started")
