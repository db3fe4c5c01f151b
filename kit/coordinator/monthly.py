"""What goes in the coordinator's monthly report (issue 14, "Look": ``report coordinator``).

Everything comes from the coordinator store only — its aggregate tables through
:mod:`kit.coordinator.queries`, the reporting rate and the data-quality queue through
:mod:`kit.coordinator.store` — never from a workspace, and never a person id, a name or a
facilitator's pseudonym. For one month (the *period*) and an optional province or district:

* the stage funnel of the month (each district's snapshot of that month) and the cumulative one
  (each district's latest snapshot up to the end of the month), each against the previous month;
* indicator achievement (persons at the rubric's top level out of persons assessed) per item,
  weakest first, and per district, weakest first, with the previous month's share;
* sessions held by activity, attendance against target;
* the reporting rate of the month (districts that sent, late, missing) and the data-quality
  queue of the month's sessions (plus dates that belong to no month: future or too early);
* Puskom Kreatif classes of the month per class kind × district (classes scheduled and held,
  persons enrolled and attended: :mod:`kit.coordinator.class_counts`);
* what to follow up: the weakest items, the districts that did not report, and the sessions far
  outside the activity's size (the bounds of :func:`kit.coordinator.quality.size_bounds`, from
  :mod:`kit.framework`).

Bad input (a period that is not ``YYYY-MM`` or that the store does not hold, an unknown province
or district) is :class:`MonthlyInputError`, naming the option.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import attrs
import ibis
import pandas as pd

from kit.coordinator import queries as q
from kit.coordinator.class_counts import ClassCount, class_counts, count_rows
from kit.coordinator.quality import (
    DATE_TOO_EARLY,
    FUTURE_DATE,
    QualityIssue,
    size_bounds,
)
from kit.coordinator.queries import Filters
from kit.coordinator.reporting_rate import LATE, MISSING, REPORTED, DistrictMonth
from kit.coordinator.store import DUPLICATE, default_store, store_quality, store_status
from kit.framework import Framework, framework
from kit.i18n import _
from kit.places import all_districts, district_by_code

WEAKEST_ITEMS = 3  # items named in "what to follow up"
FOLLOW_UP_PLACES = 10  # districts named per kind of problem in "what to follow up"
PACKAGE_LOG = "package_log"
_LOG_SCHEMA = {"package_id": "string", "workspace_id": "string", "outcome": "string"}


class MonthlyInputError(Exception):
    """Bad input for the monthly report: the option (``field``) and a translated message."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


@attrs.frozen
class FunnelRow:
    """One stage of a funnel: at it now, reached (it or later), conversion from the one before."""

    stage: str | None
    n: int
    reached: int
    conversion: float | None


@attrs.frozen
class Funnel:
    """A stage funnel (first row: no stage yet) and the UMKM it counts."""

    rows: tuple[FunnelRow, ...]

    @property
    def total(self) -> int:
        """UMKM counted (everybody has reached "no stage yet")."""
        return self.rows[0].reached if self.rows else 0


@attrs.frozen
class Achievement:
    """Persons assessed and at the top level for one item or one district, this month and before.

    ``key`` is an item id or a district code; ``previous`` is the previous month's share (None:
    not assessed then).
    """

    key: str
    n_assessed: int
    n_achieved: int
    previous: float | None

    @property
    def rate(self) -> float | None:
        """Share at the top level (None when nobody was assessed)."""
        return self.n_achieved / self.n_assessed if self.n_assessed else None


@attrs.frozen
class ActivitySessions:
    """Sessions of one activity in the month: count, target and present."""

    activity_id: str
    sessions: int
    target: int
    present: int

    @property
    def attendance(self) -> float | None:
        """Present against target."""
        return self.present / self.target if self.target else None


@attrs.frozen
class OutsideSession:
    """A session whose target or attendance is far outside its activity's plausible size."""

    district_code: str
    activity_id: str
    target: int
    present: int
    low: int
    high: int


@attrs.frozen
class FollowUp:
    """One line of "what to follow up": ``kind`` and a key.

    Kinds: weak_item, not_reported, not_reported_more, session_size, session_size_more.
    ``key`` is the item id, the district code or the activity ids; ``count`` and ``share`` give
    the figure behind it (for the ``*_more`` kinds, how many are left unnamed).
    """

    kind: str
    key: str
    district_code: str = ""
    count: int = 0
    share: float | None = None


@attrs.frozen
class MonthlyReport:
    """Everything the monthly report shows, read from the store in one go."""

    period: dt.date
    previous: dt.date
    province: str | None
    district: str | None
    packages: int
    workspaces: int
    funnel_month: Funnel
    funnel_month_before: Funnel
    funnel_total: Funnel
    funnel_total_before: Funnel
    items: tuple[Achievement, ...]
    districts: tuple[Achievement, ...]
    sessions: tuple[ActivitySessions, ...]
    outside: tuple[OutsideSession, ...]
    reporting: tuple[DistrictMonth, ...]
    quality: tuple[QualityIssue, ...]
    follow_up: tuple[FollowUp, ...]
    # Puskom Kreatif classes of the month, per kind x district (kind, then district code).
    classes: tuple[ClassCount, ...] = ()

    @property
    def reported(self) -> tuple[DistrictMonth, ...]:
        """Districts that sent the month."""
        return tuple(r for r in self.reporting if r.status == REPORTED)

    @property
    def not_reported(self) -> tuple[DistrictMonth, ...]:
        """Districts late or missing for the month."""
        return tuple(r for r in self.reporting if r.status in (LATE, MISSING))


def parse_period(text: str) -> dt.date:
    """``2026-10`` as the first day of the month; :class:`MonthlyInputError` when not."""
    parts = text.strip().split("-")
    try:
        if len(parts) != 2 or len(parts[0]) != 4:
            raise ValueError(text)
        return dt.date(int(parts[0]), int(parts[1]), 1)
    except ValueError:
        raise MonthlyInputError("--period", _(
            "'{value}' is not a month written YYYY-MM (for example 2026-10)").format(
                value=text)) from None


def previous_month(month: dt.date) -> dt.date:
    """The first day of the month before ``month``."""
    return (month.replace(day=1) - dt.timedelta(days=1)).replace(day=1)


def check_place(province: str | None, district: str | None) -> None:
    """Refuse a province or district code that :mod:`kit.places` does not know (or mismatched)."""
    if province is not None and not any(d.province_code == province for d in all_districts()):
        raise MonthlyInputError("--province", _(
            "'{value}' is not an official province code (for example 33)").format(
                value=province))
    if district is not None:
        found = district_by_code(district)
        if found is None:
            raise MonthlyInputError("--district", _(
                "'{value}' is not an official district code (for example 33.14)").format(
                    value=district))
        if province is not None and found.province_code != province:
            raise MonthlyInputError("--district", _(
                "district {value} is not in province {province}").format(
                    value=district, province=province))


def months_held(store: q.Store) -> list[dt.date]:
    """The months the store's aggregate tables hold, oldest first."""
    found: set[dt.date] = set()
    for name in (q.FUNNEL, q.ITEM_MONTH, q.SESSION):
        frame = store.frame(q.table(name).select("month").distinct())
        found.update(pd.Timestamp(m).date() for m in frame["month"].dropna())
    return sorted(found)


def package_count(store: q.Store) -> tuple[int, int]:
    """Packages taken by the store (duplicates not counted) and the workspaces they came from."""
    log = ibis.table(_LOG_SCHEMA, name=PACKAGE_LOG)
    kept = log.filter(log.outcome != DUPLICATE)
    frame = store.frame(kept.aggregate(packages=kept.package_id.nunique(),
                                       workspaces=kept.workspace_id.nunique()))
    if frame.empty:
        return 0, 0
    return int(frame["packages"].iloc[0] or 0), int(frame["workspaces"].iloc[0] or 0)


def _funnel(store: q.Store, f: Filters, fw: Framework) -> Funnel:
    frame = q.funnel(store, f, fw=fw)
    return Funnel(tuple(
        FunnelRow(None if pd.isna(s) else str(s), int(n), int(r),
                  None if c is None or pd.isna(c) else float(c))
        for s, n, r, c in zip(frame["stage"], frame["n"], frame["reached"],
                              frame["conversion"], strict=True)))


def _sums(long: pd.DataFrame, key: str) -> dict[str, tuple[int, int]]:
    """Persons assessed and achieved per ``key`` of a heatmap's long rows."""
    if long.empty:
        return {}
    grouped = long.groupby(key)[["n_assessed", "n_achieved"]].sum()
    return {str(k): (int(a), int(b)) for k, a, b in zip(
        grouped.index, grouped["n_assessed"], grouped["n_achieved"], strict=True)}


def _achievements(now: dict[str, tuple[int, int]],
                  before: dict[str, tuple[int, int]]) -> tuple[Achievement, ...]:
    """The month's rows (weakest first, then key), each with the previous month's share."""
    rows = []
    for key, (assessed, achieved) in now.items():
        prev = before.get(key)
        rows.append(Achievement(key, assessed, achieved,
                                prev[1] / prev[0] if prev and prev[0] else None))
    return tuple(sorted(rows, key=lambda a: (a.rate if a.rate is not None else 2.0, a.key)))


def _month(f: Filters, month: dt.date, *, cumulative: bool = False) -> Filters:
    return attrs.evolve(f, month_from=None if cumulative else month, month_to=month)


def _outside(frame: pd.DataFrame, fw: Framework) -> tuple[OutsideSession, ...]:
    """The sessions whose target or attendance lies far outside the activity's size."""
    found = []
    for district, activity, target, present in zip(
            frame.get("district_code", []), frame.get("activity_id", []),
            frame.get("target_size", []), frame.get("n_present", []), strict=True):
        bounds = size_bounds(fw, str(activity))
        if bounds is None:
            continue
        low, high = bounds
        values = [int(v) for v in (target, present) if v is not None and not pd.isna(v)]
        if any(v and not low <= v <= high for v in values):
            found.append(OutsideSession(str(district), str(activity), _int(target),
                                        _int(present), low, high))
    return tuple(sorted(found, key=lambda s: (s.district_code, s.activity_id, s.present)))


def _int(value: Any) -> int:
    return 0 if value is None or pd.isna(value) else int(value)


def _in_scope(code: str | None, province: str | None, district: str | None) -> bool:
    if district is not None:
        return code == district
    if province is not None:
        return (code or "").split(".")[0] == province
    return True


def follow_up(items: Sequence[Achievement], reporting: Sequence[DistrictMonth],
              outside: Sequence[OutsideSession]) -> tuple[FollowUp, ...]:
    """What to follow up, kept short: weakest items, districts that did not report, odd sessions.

    At most :data:`FOLLOW_UP_PLACES` districts that did not report (then one line of how many
    more: ``not_reported_more``) and the :data:`FOLLOW_UP_PLACES` districts with the most
    sessions far outside their activity's size (``session_size``: the district, its count and
    the activities, comma-separated; then ``session_size_more``, the sessions left).
    """
    out = [FollowUp("weak_item", a.key, count=a.n_assessed, share=a.rate)
           for a in [a for a in items if a.rate is not None][:WEAKEST_ITEMS]]
    missing = [r for r in reporting if r.status in (LATE, MISSING)]
    out += [FollowUp("not_reported", r.district_code, district_code=r.district_code)
            for r in missing[:FOLLOW_UP_PLACES]]
    if len(missing) > FOLLOW_UP_PLACES:
        out.append(FollowUp("not_reported_more", "", count=len(missing) - FOLLOW_UP_PLACES))
    by_place: dict[str, list[str]] = {}
    for s in outside:
        by_place.setdefault(s.district_code, []).append(s.activity_id)
    ranked = sorted(by_place.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    out += [FollowUp("session_size", ",".join(sorted(set(activities))), district_code=district,
                     count=len(activities)) for district, activities in ranked[:FOLLOW_UP_PLACES]]
    rest = ranked[FOLLOW_UP_PLACES:]
    if rest:
        out.append(FollowUp("session_size_more", "",
                            count=sum(len(activities) for _d, activities in rest)))
    return tuple(out)


def gather_monthly(db: str | Path | None, period: str, *, province: str | None = None,
                   district: str | None = None, today: dt.date | None = None,
                   fw: Framework | None = None) -> MonthlyReport:
    """Read the monthly report of ``period`` (``YYYY-MM``) from the store ``db``.

    Raises :class:`MonthlyInputError` for a bad period or place, and
    :class:`kit.coordinator.queries.StoreUnavailable` or
    :class:`kit.workspace.DatabaseUnavailable` when the store cannot be read.
    """
    month = parse_period(period)
    check_place(province, district)
    fw = fw or framework()
    before = previous_month(month)
    base = Filters(province=province, district=district)
    store = q.connect(db if db is not None else default_store())
    try:
        held = months_held(store)
        if month not in held:
            raise MonthlyInputError("--period", _(
                "the store holds no data for {month} (months held: {held})").format(
                    month=month.strftime("%Y-%m"),
                    held=", ".join(m.strftime("%Y-%m") for m in held) or _("none")))
        packages, workspaces = package_count(store)
        funnels = [_funnel(store, _month(base, m, cumulative=c), fw)
                   for c in (False, True) for m in (month, before)]
        by = "district"
        long_now = q.heatmap(store, _month(base, month), by=by)
        long_before = q.heatmap(store, _month(base, before), by=by)
        items = _achievements(_sums(long_now, "item_id"), _sums(long_before, "item_id"))
        places = _achievements(_sums(long_now, q.PLACES[by]),
                               _sums(long_before, q.PLACES[by]))
        per_activity = q.sessions_by_activity(store, _month(base, month))
        sessions = tuple(ActivitySessions(str(a), _int(n), _int(t), _int(p))
                         for a, n, t, p in zip(per_activity["activity_id"],
                                               per_activity["sessions"], per_activity["target"],
                                               per_activity["present"], strict=True))
        outside = _outside(q.sessions(store, _month(base, month)), fw)
        classes = count_rows(class_counts(store, _month(base, month)))
    finally:
        store.close()
    reporting = tuple(r for r in store_status(db) if r.month == month
                      and _in_scope(r.district_code, province, district))
    undated = (FUTURE_DATE, DATE_TOO_EARLY)
    quality = tuple(i for i in store_quality(db, today)
                    if _in_scope(i.district_code, province, district)
                    and (i.kind in undated or (i.date is not None
                                               and i.date.replace(day=1) == month)))
    return MonthlyReport(
        period=month, previous=before, province=province, district=district,
        packages=packages, workspaces=workspaces,
        funnel_month=funnels[0], funnel_month_before=funnels[1], funnel_total=funnels[2],
        funnel_total_before=funnels[3], items=items, districts=places, sessions=sessions,
        outside=outside, reporting=reporting, quality=quality,
        follow_up=follow_up(items, reporting, outside), classes=classes)
