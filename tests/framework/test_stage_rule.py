"""The stage rule follows the guide: own items achieved, plus each stage's prerequisite (Bab II)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kit.framework import framework
from kit.framework.loader import DATA_DIR, FrameworkError, load_framework
from kit.framework.stage_rule import current_stage, next_stage, next_step, reached_stages

ADVOKASI = {"advokasi"}
NOBODY: set[str] = set()


def _levels(stage_ids: list[str], level: int = 1) -> dict[str, int]:
    fw = framework()
    return {i.id: level for s in stage_ids for i in fw.items_for_stage(s)}


def _ids(stages: list) -> list[str]:  # type: ignore[type-arg]
    return [s.id for s in stages]


def test_nobody_starts_at_a_stage() -> None:
    """With no scores a participant has reached no stage and works towards Preparatory."""
    fw = framework()
    assert current_stage(fw, {}, NOBODY) is None
    nxt = next_stage(fw, {}, NOBODY)
    assert nxt is not None and nxt.id == "preparatory"


def test_all_advokasi_items_reach_preparatory() -> None:
    """Achieving every advokasi item (level ≥ 1) reaches Preparatory."""
    fw = framework()
    stage = current_stage(fw, _levels(["preparatory"]), ADVOKASI)
    assert stage is not None and stage.id == "preparatory"


def test_presence_needs_attending_advokasi_not_all_its_items() -> None:
    """§2.2.2: email items and taking part in advokasi give Presence, whatever advokasi's items."""
    fw = framework()
    levels = _levels(["presence"], level=2)
    assert _ids(reached_stages(fw, levels, ADVOKASI)) == ["presence"]
    assert reached_stages(fw, levels, {"bimtek"}) == []


def test_every_bimtek_task_after_advokasi_reaches_transaction_integration() -> None:
    """All bimtek tasks after taking part in advokasi (a quiz missed) → Transaction Integration."""
    fw = framework()
    levels = _levels(["presence", "portal", "transaction_integration"], level=2)
    levels["adv_mp3ei"] = 0
    stage = current_stage(fw, levels, {"advokasi", "bimtek"})
    assert stage is not None and stage.id == "transaction_integration"


def test_one_item_at_level_zero_blocks_the_stage() -> None:
    """A single item at level 0 ('belum') keeps the stage unreached."""
    fw = framework()
    levels = _levels(["preparatory", "presence"], level=2)
    levels["email_cc_bcc"] = 0
    stage = current_stage(fw, levels, ADVOKASI)
    assert stage is not None and stage.id == "preparatory"


def test_portal_requires_presence() -> None:
    """§2.2.3: blog items alone do not give Portal when the email (Presence) items are missing."""
    fw = framework()
    levels = _levels(["preparatory", "portal"])
    assert _ids(reached_stages(fw, levels, ADVOKASI)) == ["preparatory"]


def test_autonomy_requires_transaction_integration() -> None:
    """§2.2.5: community items without the store (TI) items do not give Autonomy."""
    fw = framework()
    levels = _levels(["preparatory", "presence", "portal", "autonomy"], level=2)
    assert _ids(reached_stages(fw, levels, {"advokasi", "bimtek", "komunitas"})) == [
        "preparatory", "presence", "portal"]


def test_full_path_reaches_autonomy() -> None:
    """Every item achieved reaches Autonomy, and there is no next stage or step."""
    fw = framework()
    levels = _levels([s.id for s in fw.stages], level=2)
    assert _ids(reached_stages(fw, levels, ADVOKASI)) == _ids(list(fw.stages))
    assert next_stage(fw, levels, ADVOKASI) is None
    assert next_step(fw, levels, ADVOKASI) is None


def test_next_step_points_at_taking_part_when_that_is_all_that_is_missing() -> None:
    """All bimtek tasks but no advokasi: the next step is taking part, not the advokasi items."""
    fw = framework()
    levels = _levels(["presence", "portal", "transaction_integration"], level=2)
    step = next_step(fw, levels, {"bimtek"})
    assert step is not None and step.stage.id == "presence"
    assert step.activities == ("advokasi",) and step.items == ()


def test_next_step_after_presence_lists_the_blog_items() -> None:
    """At Presence the next step is Portal with its missing blog items and nothing else."""
    fw = framework()
    step = next_step(fw, _levels(["presence"], level=2), ADVOKASI)
    assert step is not None and step.stage.id == "portal"
    assert {i.id for i in step.items} == {i.id for i in fw.items_for_stage("portal")}
    assert step.activities == () and step.earlier_stage is None


def _data_with(tmp_path: Path, rule: str) -> Path:
    """A copy of the framework data whose stage rule is ``rule`` (YAML)."""
    data = tmp_path / "data"
    data.mkdir()
    for f in DATA_DIR.glob("*.yaml"):
        (data / f.name).write_text(f.read_text(encoding="utf-8"), encoding="utf-8")
    stages = (data / "stages.yaml").read_text(encoding="utf-8")
    (data / "stages.yaml").write_text(stages[:stages.index("stage_rule:")] + rule,
                                      encoding="utf-8")
    return data


@pytest.mark.parametrize(("rule", "field", "message"), [
    ("stage_rule:\n  items: all\n  prerequisites:\n    portal: {stage: autonomy}\n",
     "stage_rule.prerequisites.portal.stage", "'autonomy'"),
    ("stage_rule:\n  items: all\n  prerequisites:\n    presence: {attended: [pelatihan]}\n",
     "stage_rule.prerequisites.presence.attended", "pelatihan"),
    ("stage_rule:\n  items: all\n  prerequisites:\n    tahap_lain: {stage: presence}\n",
     "stage_rule.prerequisites.tahap_lain", "tahap_lain"),
    ("stage_rule:\n  items: all\n  prerequisites:\n    portal: {needs: presence}\n",
     "stage_rule.prerequisites.portal", "needs"),
])
def test_a_wrong_prerequisite_is_refused_naming_the_field(tmp_path: Path, rule: str, field: str,
                                                          message: str) -> None:
    """A later stage, an unknown activity, stage or key is refused naming the file and field."""
    with pytest.raises(FrameworkError) as err:
        load_framework(_data_with(tmp_path, rule))
    text = str(err.value)
    assert "stages.yaml" in text and field in text and message in text, text
