"""The live rundown rules: start, next, extend, finish, time left and over time."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from kit.framework import framework
from kit.rundown import live, plan

T0 = datetime(2026, 12, 10, 1, 0, tzinfo=UTC)


def _plan() -> tuple[plan.Segment, ...]:
    """The advokasi rundown from 08:00."""
    return plan.prefill(framework().activity("advokasi"))


def test_start_next_and_finish_record_times_and_show_what_comes_next() -> None:
    """Start runs the first line; next ends it and starts the second; finish ends the day."""
    segs = _plan()
    assert live.view(segs, T0).state == "not_started"
    segs = live.start(segs, T0)
    now = live.view(segs, T0 + timedelta(minutes=4))
    assert now.state == "running" and now.current is not None
    assert now.current.segment_id == "pembukaan" and now.seconds_left == 6 * 60
    assert now.next is not None and now.next.segment_id == "laporan_panitia"
    segs = live.advance(segs, T0 + timedelta(minutes=12))
    assert segs[0].ended_at == T0 + timedelta(minutes=12)
    assert segs[1].started_at == T0 + timedelta(minutes=12) and segs[1].running
    with pytest.raises(live.LiveError):
        live.start(segs, T0)
    segs = live.finish(segs, T0 + timedelta(minutes=20))
    assert live.view(segs, T0).state == "finished"
    with pytest.raises(live.LiveError):
        live.finish(segs, T0)


def test_over_time_is_negative_time_left() -> None:
    """Two minutes past the planned 10 is -120 seconds, shown as -02:00."""
    segs = live.start(_plan(), T0)
    late = live.view(segs, T0 + timedelta(minutes=12))
    assert late.over_time and late.seconds_left == -120
    assert live.countdown(-120) == "-02:00" and live.countdown(3725) == "1:02:05"


def test_extend_lengthens_the_running_line_and_moves_the_later_plan() -> None:
    """+5 minutes on the opening moves every later planned start by 5 minutes."""
    segs = live.start(_plan(), T0)
    longer = live.extend(segs, 5)
    assert longer[0].planned_minutes == segs[0].planned_minutes + 5
    assert [plan.minutes_of(s.planned_start) - plan.minutes_of(o.planned_start)
            for s, o in zip(longer[1:], segs[1:], strict=True)] == [5] * (len(segs) - 1)
    assert live.view(longer, T0).seconds_left == 15 * 60
    with pytest.raises(live.LiveError) as zero:
        live.extend(segs, 0)
    assert zero.value.field == "minutes"
    with pytest.raises(live.LiveError):
        live.extend(_plan(), 5)


def test_next_after_the_last_line_ends_the_day_and_start_resumes_after_finish() -> None:
    """Next on the last line ends it; start after an early finish resumes the next line."""
    segs = _plan()
    for n in range(len(segs)):
        segs = live.advance(segs, T0 + timedelta(minutes=n))
    segs = live.advance(segs, T0 + timedelta(hours=5))
    assert live.view(segs, T0).state == "finished" and all(s.ended_at for s in segs)
    with pytest.raises(live.LiveError):
        live.start(segs, T0)
    early = live.finish(live.start(_plan(), T0), T0)
    resumed = live.start(early, T0 + timedelta(minutes=1))
    assert resumed[1].running
