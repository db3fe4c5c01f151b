"""The stage rule: which stage a participant has reached, given their item levels."""

from __future__ import annotations

from collections.abc import Mapping

from kit.framework.model import Framework, Stage


def achieved_items(fw: Framework, levels: Mapping[str, int]) -> set[str]:
    """Ids of the items whose recorded level counts as achieved."""
    return {item_id for item_id, level in levels.items() if fw.rubric.is_achieved(level)}


def reached_stages(fw: Framework, levels: Mapping[str, int]) -> list[Stage]:
    """Stages reached, in order: every item of the stage achieved and the previous stage reached.

    ``levels`` maps item id → the participant's latest level (0, 1 or 2); items never assessed
    are simply absent and count as not achieved.
    """
    done = achieved_items(fw, levels)
    reached: list[Stage] = []
    for stage in fw.stages:
        items = fw.items_for_stage(stage.id)
        if items and all(item.id in done for item in items):
            reached.append(stage)
        elif fw.stage_rule.requires_previous_stage:
            break
    return reached


def current_stage(fw: Framework, levels: Mapping[str, int]) -> Stage | None:
    """The highest stage reached, or ``None`` for a participant who has not completed any."""
    reached = reached_stages(fw, levels)
    return reached[-1] if reached else None


def next_stage(fw: Framework, levels: Mapping[str, int]) -> Stage | None:
    """The stage the participant is working towards (``None`` once Autonomy is reached)."""
    reached = reached_stages(fw, levels)
    remaining = [s for s in fw.stages if s not in reached]
    return remaining[0] if remaining else None
