"""The stage rule: which stage a participant has reached, given their item levels.

A stage is reached when every item that evidences it is achieved and its prerequisite (in the
framework data, ``stages.yaml`` → ``stage_rule.prerequisites``) holds: an earlier stage reached,
activities taken part in. The guide is strict where it says so (Portal needs Presence met, §2.2.3)
and asks only for attendance where that is all it asks (Presence needs the participant to have
taken part in advokasi, §2.2.2, not all its items). ``took_part`` is the set of activity ids the
participant took part in (see :func:`kit.records.sessions.participation`).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping

import attrs

from kit.framework.model import Framework, Item, Stage


def achieved_items(fw: Framework, levels: Mapping[str, int]) -> set[str]:
    """Ids of the items whose recorded level counts as achieved."""
    return {item_id for item_id, level in levels.items() if fw.rubric.is_achieved(level)}


@attrs.frozen
class Missing:
    """What a participant still lacks for one stage: items, an earlier stage, activities."""

    stage: Stage
    items: tuple[Item, ...] = ()
    earlier_stage: Stage | None = None
    activities: tuple[str, ...] = ()

    @property
    def nothing(self) -> bool:
        """Whether the stage is reached (nothing is missing)."""
        return not (self.items or self.earlier_stage or self.activities)


def missing_for(fw: Framework, stage: Stage, levels: Mapping[str, int],
                took_part: Collection[str], reached: Collection[str] = ()) -> Missing:
    """What keeps ``stage`` from being reached (``reached``: ids of the stages already reached)."""
    done = achieved_items(fw, levels)
    pre = fw.stage_rule.prerequisite(stage.id)
    items = fw.items_for_stage(stage.id)
    return Missing(
        stage=stage,
        items=tuple(i for i in items if i.id not in done),
        earlier_stage=fw.stage(pre.stage) if pre.stage and pre.stage not in reached else None,
        activities=tuple(a for a in pre.attended if a not in took_part),
    )


def reached_stages(fw: Framework, levels: Mapping[str, int],
                   took_part: Collection[str]) -> list[Stage]:
    """Stages reached, in programme order.

    ``levels`` maps item id → the participant's latest level (0, 1 or 2); items never assessed
    are simply absent and count as not achieved. A stage without items is never reached.
    """
    reached: list[Stage] = []
    for stage in fw.stages:
        if not fw.items_for_stage(stage.id):
            continue
        if missing_for(fw, stage, levels, took_part, [s.id for s in reached]).nothing:
            reached.append(stage)
    return reached


def current_stage(fw: Framework, levels: Mapping[str, int],
                  took_part: Collection[str]) -> Stage | None:
    """The highest stage reached, or ``None`` for a participant who has not reached any."""
    reached = reached_stages(fw, levels, took_part)
    return reached[-1] if reached else None


def next_stage(fw: Framework, levels: Mapping[str, int],
               took_part: Collection[str]) -> Stage | None:
    """The stage the participant works towards: the first after the current one not reached.

    ``None`` once the last stage is reached.
    """
    reached = reached_stages(fw, levels, took_part)
    after = reached[-1].order if reached else None
    for stage in fw.stages:
        if stage not in reached and (after is None or stage.order > after):
            return stage
    return None


def next_step(fw: Framework, levels: Mapping[str, int],
              took_part: Collection[str]) -> Missing | None:
    """The nearest stage to encourage: the unreached one above the current with the least missing.

    Missing counts items, an earlier stage and activities; on a tie the earlier stage wins. A
    participant who did every bimtek task but never took part in advokasi is pointed at taking
    part (one thing) rather than the 19 advokasi items; ``None`` once the last stage is reached.
    """
    reached = reached_stages(fw, levels, took_part)
    ids = [s.id for s in reached]
    after = reached[-1].order if reached else None
    options = [missing_for(fw, stage, levels, took_part, ids) for stage in fw.stages
               if stage not in reached and fw.items_for_stage(stage.id)
               and (after is None or stage.order > after)]
    if not options:
        return None
    return min(options, key=lambda m: (len(m.items) + len(m.activities)
                                       + (1 if m.earlier_stage else 0), m.stage.order))
