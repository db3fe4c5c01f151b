"""The stage rule: all items of a stage achieved, and the previous stage reached."""

from __future__ import annotations

from kit.framework import framework
from kit.framework.stage_rule import current_stage, next_stage, reached_stages


def _levels(stage_ids: list[str], level: int = 1) -> dict[str, int]:
    fw = framework()
    return {i.id: level for s in stage_ids for i in fw.items_for_stage(s)}


def test_nobody_starts_at_a_stage() -> None:
    """With no scores a participant has reached no stage and works towards Preparatory."""
    fw = framework()
    assert current_stage(fw, {}) is None
    nxt = next_stage(fw, {})
    assert nxt is not None and nxt.id == "preparatory"


def test_all_advokasi_items_reach_preparatory() -> None:
    """Achieving every advokasi item (level ≥ 1) reaches Preparatory."""
    fw = framework()
    stage = current_stage(fw, _levels(["preparatory"]))
    assert stage is not None and stage.id == "preparatory"


def test_one_item_at_level_zero_blocks_the_stage() -> None:
    """A single item at level 0 ('belum') keeps the stage unreached."""
    fw = framework()
    levels = _levels(["preparatory", "presence"], level=2)
    levels["email_cc_bcc"] = 0
    stage = current_stage(fw, levels)
    assert stage is not None and stage.id == "preparatory"


def test_portal_requires_presence() -> None:
    """Blog items alone do not give Portal when the email (Presence) items are missing."""
    fw = framework()
    levels = _levels(["preparatory", "portal"])
    assert [s.id for s in reached_stages(fw, levels)] == ["preparatory"]


def test_full_path_reaches_autonomy() -> None:
    """Every item achieved reaches Autonomy, and there is no next stage."""
    fw = framework()
    levels = _levels([s.id for s in fw.stages], level=2)
    assert [s.id for s in reached_stages(fw, levels)] == [s.id for s in fw.stages]
    assert next_stage(fw, levels) is None
