"""The rundown plan rules: prefill from the framework, times HH:MM, durations, overlaps, order."""

from __future__ import annotations

import pytest

from kit.framework import framework
from kit.rundown import plan


def test_prefill_follows_the_framework_from_the_start_time() -> None:
    """Each line starts when the previous ends, with the framework's minutes, from 08:00."""
    activity = framework().activity("advokasi")
    laid = plan.prefill(activity)
    assert [s.segment_id for s in laid] == [line.id for line in activity.rundown]
    assert laid[0].planned_start == "08:00"
    assert laid[1].planned_start == plan.clock_text(8 * 60 + activity.rundown[0].minutes)
    assert [s.planned_minutes for s in laid] == [line.minutes for line in activity.rundown]
    later = plan.prefill(activity, "13:30")
    assert later[0].planned_start == "13:30"


def test_a_time_not_written_hhmm_is_refused_naming_the_segment() -> None:
    """"8.00" as a start is one PlanError on the field start of that line."""
    activity = framework().activity("advokasi")
    laid = plan.prefill(activity)
    with pytest.raises(plan.PlanError) as refused:
        plan.edit(activity, laid, "sambutan", start="8.00")
    assert refused.value.field == "start" and refused.value.segment == "sambutan"
    assert "08:00" in refused.value.message and "Sambutan" in refused.value.message


def test_an_overlap_and_a_zero_duration_are_refused() -> None:
    """A line starting before the previous ends, or lasting 0 minutes, names segment and field."""
    activity = framework().activity("bimtek")
    laid = plan.prefill(activity)
    with pytest.raises(plan.PlanError) as overlap:
        plan.edit(activity, laid, "pembukaan", minutes=30)
    assert overlap.value.field == "start" and overlap.value.segment == "laporan_panitia"
    with pytest.raises(plan.PlanError) as zero:
        plan.edit(activity, laid, "istirahat", minutes=0)
    assert zero.value.field == "minutes" and zero.value.segment == "istirahat"


def test_an_edit_that_leaves_a_gap_is_kept_and_the_order_is_checked() -> None:
    """A later start and a speaker are accepted; lines out of order are refused."""
    activity = framework().activity("advokasi")
    laid = plan.prefill(activity)
    shorter = plan.edit(activity, laid, "sambutan", minutes=10)
    edited = plan.edit(activity, shorter, "narasumber_1", start="08:30", speaker="  Ibu  Sari ")
    changed = next(s for s in edited if s.segment_id == "narasumber_1")
    assert changed.planned_start == "08:30" and changed.speaker == "Ibu Sari"
    with pytest.raises(plan.PlanError) as order:
        plan.check_plan(activity, tuple(reversed(laid)))
    assert order.value.field == "segment"


def test_the_speaker_hint_is_the_strategy_tables_role_for_talks_only() -> None:
    """The n-th talk gets the n-th strategy row's role; a ceremony gets no hint."""
    activity = framework().activity("bimtek")
    assert plan.speaker_hint(activity, "materi_blog") == activity.strategy[1].speaker.indonesian
    assert plan.speaker_hint(activity, "pembukaan") == ""
