"""The rundown service on real workspaces: made once, edited, run, read back, closed refused."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest

from kit.records import session_service
from kit.rundown import service
from kit.workspace import Workspace

T0 = datetime(2026, 12, 10, 1, 0, tzinfo=UTC)


def test_the_plan_is_made_once_edited_and_run_with_times_read_back(
        make_workspace: Callable[..., Workspace]) -> None:
    """The first load stores the framework's plan; actions persist and a fresh read resumes."""
    ws = make_workspace()
    session, _w = session_service.create(ws, "advokasi", "2026-12-10", "Sragen")
    first = service.load(ws, session.id)
    assert first.segments[0].planned_start == "08:00"
    service.set_segment(ws, session.id, "narasumber_1", speaker="Ibu Sari")
    service.start(ws, session.id, T0)
    service.advance(ws, session.id, T0 + timedelta(minutes=11))
    service.extend(ws, session.id, 5)
    again = service.load(ws, session.id)
    assert again.segments[0].started_at == T0
    assert again.segments[0].ended_at == T0 + timedelta(minutes=11)
    assert again.segments[1].running and again.segments[1].planned_minutes == 15
    assert again.segments[2].planned_start == "08:25"
    assert again.segments[3].speaker == "Ibu Sari"
    now = again.view(T0 + timedelta(minutes=20))
    assert now.current is not None and now.current.segment_id == "laporan_panitia"
    assert now.seconds_left == 6 * 60


def test_an_overlap_and_a_closed_session_are_refused_with_nothing_written(
        make_workspace: Callable[..., Workspace]) -> None:
    """An overlapping start names the field; a closed session refuses every change."""
    ws = make_workspace()
    session, _w = session_service.create(ws, "bimtek", "2026-12-17", "Sragen")
    before = service.load(ws, session.id).segments
    with pytest.raises(service.RundownError) as overlap:
        service.set_segment(ws, session.id, "laporan_panitia", start="08:05")
    assert overlap.value.field == "start" and "Pembukaan" in overlap.value.message
    assert service.load(ws, session.id).segments == before
    with pytest.raises(service.RundownError) as unknown:
        service.start(ws, "tidak-ada")
    assert unknown.value.field == "session_id"
    session_service.close(ws, session.id)
    with pytest.raises(service.RundownError) as closed:
        service.start(ws, session.id)
    assert closed.value.field == "session_id"
    assert service.load(ws, session.id).segments == before


def test_two_facilitators_pressing_next_at_once_both_count(
        make_workspace: Callable[..., Workspace]) -> None:
    """Two simultaneous Next presses move the rundown two lines on, never one (no lost update)."""
    ws = make_workspace()
    session, _w = session_service.create(ws, "bimtek", "2026-12-17", "Sragen")
    service.start(ws, session.id, T0)
    for _round in range(3):
        before = [s.segment_id for s in service.load(ws, session.id).segments if s.running]
        barrier = threading.Barrier(2)

        def press(barrier: threading.Barrier = barrier) -> None:
            """Wait for the other facilitator, then press Next."""
            barrier.wait()
            service.advance(ws, session.id)

        threads = [threading.Thread(target=press) for _n in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        segments = service.load(ws, session.id).segments
        ids = [s.segment_id for s in segments]
        running = [s.segment_id for s in segments if s.running]
        assert running == [ids[ids.index(before[0]) + 2]]
