"""The store's reporting-rate and data-quality rules on small, hand-made examples."""

from __future__ import annotations

from datetime import date

from kit.coordinator.quality import (
    DATE_TOO_EARLY,
    FUTURE_DATE,
    NO_ATTENDANCE,
    SIZE_FAR_OUTSIDE,
    SessionFacts,
    quality_queue,
    size_bounds,
)
from kit.coordinator.reporting_rate import (
    LATE,
    MISSING,
    REPORTED,
    ReportedMonth,
    reporting_rate,
)
from kit.framework import framework

TODAY = date(2026, 12, 3)


def test_reporting_rate_marks_gaps_missing_and_the_current_month_late() -> None:
    """A district is expected every month from its first report to the store's latest month."""
    rows = reporting_rate([
        ReportedMonth("33", "33.14", date(2026, 8, 12), 2),
        ReportedMonth("33", "33.14", date(2026, 8, 20), 1),
        ReportedMonth("33", "33.14", date(2026, 10, 2), 1),
        ReportedMonth("33", "33.15", date(2026, 11, 9), 4),
        ReportedMonth("34", "34.01", date(2026, 9, 1), 1),
    ])
    assert [(r.district_code, r.month.isoformat(), r.status, r.sessions) for r in rows] == [
        ("33.14", "2026-08-01", REPORTED, 3), ("33.14", "2026-09-01", MISSING, 0),
        ("33.14", "2026-10-01", REPORTED, 1), ("33.14", "2026-11-01", LATE, 0),
        ("33.15", "2026-11-01", REPORTED, 4),
        ("34.01", "2026-09-01", REPORTED, 1), ("34.01", "2026-10-01", MISSING, 0),
        ("34.01", "2026-11-01", LATE, 0)]
    assert reporting_rate([]) == []


def _session(key: str, **changes: object) -> SessionFacts:
    """A plausible closed bimtek session, with ``changes`` applied."""
    facts: dict[str, object] = {
        "session_key": key, "province_code": "33", "district_code": "33.14",
        "activity_id": "bimtek", "date": date(2026, 10, 6), "status": "closed",
        "target_size": 30, "n_present": 28}
    facts.update(changes)
    return SessionFacts(**facts)  # type: ignore[arg-type]


def test_quality_queue_finds_each_kind_of_problem_and_only_those() -> None:
    """No attendance, a future or pre-2015 date and a far-off size are queued; a fine one not."""
    fw = framework()
    low, high = size_bounds(fw, "bimtek") or (0, 0)
    bimtek = fw.activity("bimtek")
    assert (low, high) == (bimtek.size_min // 2, bimtek.size_max * 2)
    issues = quality_queue([
        _session("ok"),
        _session("empty", n_present=0),
        _session("planned", date=date(2027, 1, 5), status="open", n_present=0),
        _session("old", date=date(2014, 5, 1)),
        _session("huge", target_size=high + 1),
        _session("tiny", n_present=low - 1),
        _session("edge", target_size=high, n_present=low),
    ], fw, TODAY)
    assert sorted((i.session_key, i.kind) for i in issues) == [
        ("empty", NO_ATTENDANCE), ("huge", SIZE_FAR_OUTSIDE), ("old", DATE_TOO_EARLY),
        ("planned", FUTURE_DATE), ("tiny", SIZE_FAR_OUTSIDE)]
    assert all(i.detail and "\n" not in i.detail for i in issues)
