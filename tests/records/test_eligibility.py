"""The eligibility rule: an activity's prerequisites against what a person took part in."""

from __future__ import annotations

from kit.framework import Activity, framework
from kit.records.eligibility import eligibility, size_warnings


def _activity(activity_id: str) -> Activity:
    """The framework's activity with this id."""
    return next(a for a in framework().activities if a.id == activity_id)


def test_advokasi_has_no_prerequisite() -> None:
    """Anyone may attend advokasi, even someone who took part in nothing yet."""
    result = eligibility(_activity("advokasi"), set())
    assert result.eligible
    assert result.missing == ()


def test_bimtek_needs_advokasi() -> None:
    """Bimtek without advokasi is refused and names advokasi as missing; with it, accepted."""
    refused = eligibility(_activity("bimtek"), {"komunitas"})
    assert not refused.eligible
    assert refused.missing == ("advokasi",)
    assert eligibility(_activity("bimtek"), {"advokasi"}).eligible


def test_komunitas_needs_bimtek() -> None:
    """Komunitas needs bimtek: advokasi alone is not enough."""
    refused = eligibility(_activity("komunitas"), {"advokasi"})
    assert refused.missing == ("bimtek",)
    assert eligibility(_activity("komunitas"), {"advokasi", "bimtek"}).eligible


def test_prerequisites_come_from_the_framework() -> None:
    """The rule reads each activity's prerequisites, so every activity is covered by data."""
    for activity in framework().activities:
        assert eligibility(activity, set()).missing == activity.prerequisites
        assert eligibility(activity, set(activity.prerequisites)).eligible


def test_size_inside_the_guide_range_gives_no_warning() -> None:
    """A target of 30 in a room for 40 is inside the guide's ranges: no warning."""
    assert size_warnings(_activity("bimtek"), 30, 40) == []
    assert size_warnings(_activity("bimtek"), None, None) == []


def test_size_outside_the_guide_range_warns_with_the_range() -> None:
    """A target of 80 and a room for 10 each give one warning quoting the framework's range."""
    activity = _activity("advokasi")
    warnings = size_warnings(activity, 80, 10)
    assert len(warnings) == 2
    assert f"{activity.size_min}" in warnings[0] and f"{activity.size_max}" in warnings[0]
    assert f"{activity.room_min}" in warnings[1] and f"{activity.room_max}" in warnings[1]
