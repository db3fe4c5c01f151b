"""The coordinator store's data-quality queue: sessions whose figures look wrong (issue 14).

Rules, on plain session rows (no database):

* a session with nobody present although it is closed or its day has passed (``no_attendance``);
* a date in the future (``future_date``) or before 2015, when the programme did not yet exist
  (``date_too_early``);
* a target size or an attendance *far* outside the activity's size in the framework (25–50 in
  today's framework): below half its ``size_min`` or above twice its ``size_max``
  (``size_far_outside``). The bounds come from :mod:`kit.framework`, never from a constant.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import attrs

from kit.framework import Framework
from kit.i18n import _

EARLIEST_DATE = dt.date(2015, 1, 1)
FAR_BELOW = 0.5  # "far outside": fewer than half the framework's minimum …
FAR_ABOVE = 2.0  # … or more than twice its maximum

NO_ATTENDANCE = "no_attendance"
FUTURE_DATE = "future_date"
DATE_TOO_EARLY = "date_too_early"
SIZE_FAR_OUTSIDE = "size_far_outside"


@attrs.frozen
class SessionFacts:
    """What the quality rules read of one stored session."""

    session_key: str
    province_code: str | None
    district_code: str | None
    activity_id: str | None
    date: dt.date | None
    status: str | None
    target_size: int | None
    n_present: int | None


@attrs.frozen
class QualityIssue:
    """One entry of the queue: the session, the kind of problem and a one-line explanation."""

    session_key: str
    district_code: str | None
    date: dt.date | None
    activity_id: str | None
    kind: str
    detail: str


def size_bounds(framework: Framework, activity_id: str | None) -> tuple[int, int] | None:
    """The (lowest, highest) plausible size of ``activity_id``'s sessions, or None if unknown."""
    for activity in framework.activities:
        if activity.id == activity_id:
            return (int(activity.size_min * FAR_BELOW), int(activity.size_max * FAR_ABOVE))
    return None


def session_issues(session: SessionFacts, framework: Framework,
                   today: dt.date) -> list[QualityIssue]:
    """The problems of one session (an empty list when it looks right)."""
    found: list[tuple[str, str]] = []
    past = session.date is not None and session.date < today
    if not session.n_present and (session.status == "closed" or past):
        found.append((NO_ATTENDANCE, _("nobody is recorded as present")))
    if session.date is not None and session.date > today:
        found.append((FUTURE_DATE, _("the date {date} is in the future").format(
            date=session.date.isoformat())))
    if session.date is not None and session.date < EARLIEST_DATE:
        found.append((DATE_TOO_EARLY, _("the date {date} is before {earliest}").format(
            date=session.date.isoformat(), earliest=EARLIEST_DATE.isoformat())))
    bounds = size_bounds(framework, session.activity_id)
    if bounds is not None:
        low, high = bounds
        for label, value in ((_("target size"), session.target_size),
                             (_("number present"), session.n_present)):
            if value and not low <= value <= high:
                found.append((SIZE_FAR_OUTSIDE, _(
                    "{what} {value} is far outside the activity's size "
                    "(plausible {low}–{high})").format(what=label, value=value, low=low,
                                                       high=high)))
    return [QualityIssue(session.session_key, session.district_code, session.date,
                         session.activity_id, kind, detail) for kind, detail in found]


def quality_queue(sessions: Iterable[SessionFacts], framework: Framework,
                  today: dt.date) -> list[QualityIssue]:
    """Every problem of every session, ordered by district, date and session."""
    issues = [issue for s in sessions for issue in session_issues(s, framework, today)]
    return sorted(issues, key=lambda i: (i.district_code or "", i.date or dt.date.min,
                                         i.session_key, i.kind))
