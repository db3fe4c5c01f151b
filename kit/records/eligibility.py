"""Who may attend an activity, and whether a planned session's size fits the guide (pure rules).

Eligibility follows the framework's activity prerequisites (``prerequisites:`` in each
activity's data, e.g. bimtek needs advokasi, komunitas needs bimtek; Bab II 2.2.2). What a person
"took part in" is given by the caller: :func:`kit.records.sessions.participation` (checked in to
a session of the activity, or a level recorded on one of its items), the same reading the stage
rule uses. The size ranges (25–50 participants, a room for 30–50) are the framework's
``size``/``room_capacity`` of each activity, never numbers written here.
"""

from __future__ import annotations

from collections.abc import Collection

import attrs

from kit.framework import Activity
from kit.i18n import _


@attrs.frozen
class Eligibility:
    """Whether a person may attend ``activity_id``; ``missing`` lists the prerequisites lacking."""

    activity_id: str
    missing: tuple[str, ...] = ()

    @property
    def eligible(self) -> bool:
        """True when no prerequisite is missing."""
        return not self.missing


def eligibility(activity: Activity, taken_part: Collection[str]) -> Eligibility:
    """The prerequisites of ``activity`` that are not among the activity ids in ``taken_part``."""
    return Eligibility(activity.id,
                       tuple(p for p in activity.prerequisites if p not in taken_part))


def size_warnings(activity: Activity, target: int | None, capacity: int | None) -> list[str]:
    """One translated warning per figure outside the guide's range for ``activity`` (or none)."""
    warnings: list[str] = []
    if target is not None and not activity.size_min <= target <= activity.size_max:
        warnings.append(
            _("The target of {n} participants is outside the guide's {lo}–{hi} for this "
              "activity.").format(n=target, lo=activity.size_min, hi=activity.size_max))
    if capacity is not None and not activity.room_min <= capacity <= activity.room_max:
        warnings.append(
            _("A room for {n} people is outside the guide's {lo}–{hi} for this "
              "activity.").format(n=capacity, lo=activity.room_min, hi=activity.room_max))
    return warnings
