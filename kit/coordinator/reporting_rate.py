"""Reporting rate of a coordinator store: which districts reported which months (issue 14).

A district *reported* a month when a stored package holds at least one of its sessions dated in
that month. The months expected of a district run from the first month it ever reported to the
latest month any district reported (the store's current month). An expected month without a
report is *missing* when it lies before the store's current month, and *late* when it is the
current month itself (the package may still come). The rule works on plain
``(district, month)`` pairs, so it needs no database.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable

import attrs

REPORTED = "reported"
LATE = "late"
MISSING = "missing"


@attrs.frozen
class DistrictMonth:
    """One expected month of one district and whether it was reported, late or missing."""

    province_code: str
    district_code: str
    month: dt.date
    status: str
    sessions: int


@attrs.frozen
class ReportedMonth:
    """Sessions of one district in one month, as the store holds them."""

    province_code: str
    district_code: str
    month: dt.date
    sessions: int


def month_start(day: dt.date) -> dt.date:
    """The first day of ``day``'s month."""
    return day.replace(day=1)


def next_month(month: dt.date) -> dt.date:
    """The first day of the month after ``month``."""
    return (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


def reporting_rate(reported: Iterable[ReportedMonth]) -> list[DistrictMonth]:
    """Every expected (district, month), sorted by district then month, with its status."""
    by_district: dict[tuple[str, str], dict[dt.date, int]] = defaultdict(dict)
    for row in reported:
        months = by_district[(row.province_code, row.district_code)]
        start = month_start(row.month)
        months[start] = months.get(start, 0) + row.sessions
    if not by_district:
        return []
    current = max(max(months) for months in by_district.values())
    rows: list[DistrictMonth] = []
    for (province, district), months in sorted(by_district.items()):
        month = min(months)
        while month <= current:
            count = months.get(month, 0)
            status = REPORTED if count else (LATE if month == current else MISSING)
            rows.append(DistrictMonth(province, district, month, status, count))
            month = next_month(month)
    return rows
