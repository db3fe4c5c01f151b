"""Test helpers: UMKM participants written into a real workspace, with the stage they reached."""

from __future__ import annotations

from kit.framework import framework
from kit.records.participants import Participant, add_participant
from kit.records.scores import ScoreEntry, record_score
from kit.workspace import Workspace, writing


def add_owner(ws: Workspace, pid: str, district: str, village: str | None,
              stage: str | None = None, participant_type: str | None = None) -> str:
    """Add participant ``pid`` and score level 2 on every item up to ``stage`` (so it is reached).

    Stages are reached in order: scoring the items of each stage up to ``stage`` (the
    preparatory items are advokasi's, which also counts as having taken part in advokasi).
    """
    fw = framework()
    with writing(ws) as conn:
        add_participant(conn, Participant(id=pid, name=f"Nama {pid}", district=district,
                                          village=village, participant_type=participant_type))
        if stage is None:
            return pid
        order = fw.stage(stage).order
        for s in fw.stages:
            if s.order > order:
                continue
            for item in fw.items_for_stage(s.id):
                record_score(conn, fw, ScoreEntry(participant_id=pid, item_id=item.id, level=2,
                                                  source="observation"))
    return pid
