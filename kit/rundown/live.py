"""The rundown while the session runs: what is on now, time left, what comes next (pure rules).

From the session's segments (:class:`kit.rundown.plan.Segment`) and a clock, :func:`view` says
which line is running, how much of its planned time is left (negative once it is over time) and
which line comes next. The facilitator's actions return the new segments:

* :func:`start` starts the first line not yet run (also after :func:`finish`, to resume);
* :func:`advance` ends the running line and starts the next one (the last one: the day ends);
* :func:`extend` gives the running line N more minutes and moves the plan of every later line;
* :func:`finish` ends the running line; nothing runs afterwards.

A refused action raises :class:`LiveError` with one translated line; nothing is changed then.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

import attrs

from kit.i18n import _
from kit.problems import InputError
from kit.rundown.plan import Segment, clock_text

MAX_EXTEND = 240


class LiveError(InputError):
    """An action the rundown cannot take now (one translated line, ``field`` names the input)."""

    def __init__(self, message: str, field: str = "action") -> None:
        super().__init__(field, message)


@attrs.frozen
class LiveView:
    """The rundown at one moment: the running line, its time left, the next line."""

    state: str  # "not_started", "running" or "finished"
    current: Segment | None
    next: Segment | None
    seconds_left: int | None

    @property
    def over_time(self) -> bool:
        """Whether the running line has used more than its planned minutes."""
        return self.seconds_left is not None and self.seconds_left < 0


def aware(moment: datetime) -> datetime:
    """``moment`` with a timezone (a naive time, as SQLite returns it, is UTC)."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def countdown(seconds: int) -> str:
    """Seconds left as ``MM:SS`` (``H:MM:SS`` from an hour), ``-`` in front when over time."""
    sign = "-" if seconds < 0 else ""
    rest = abs(seconds)
    hours, rest = divmod(rest, 3600)
    mins, secs = divmod(rest, 60)
    if hours:
        return f"{sign}{hours}:{mins:02d}:{secs:02d}"
    return f"{sign}{mins:02d}:{secs:02d}"


def _running(segments: Sequence[Segment]) -> int | None:
    for n, segment in enumerate(segments):
        if segment.running:
            return n
    return None


def _first_not_run(segments: Sequence[Segment]) -> int | None:
    """The first line after the last one that ran, if it has not run yet."""
    last = max((n for n, s in enumerate(segments) if s.started_at is not None), default=-1)
    n = last + 1
    return n if n < len(segments) else None


def view(segments: Sequence[Segment], clock: datetime) -> LiveView:
    """What the projector shows at ``clock``."""
    running = _running(segments)
    if running is None:
        started = any(s.started_at is not None for s in segments)
        upcoming = _first_not_run(segments)
        return LiveView("finished" if started else "not_started", None,
                        segments[upcoming] if upcoming is not None else None, None)
    current = segments[running]
    assert current.started_at is not None  # noqa: S101 - running means started
    end = aware(current.started_at) + timedelta(minutes=current.planned_minutes)
    left = math.floor((end - aware(clock)).total_seconds())
    following = segments[running + 1] if running + 1 < len(segments) else None
    return LiveView("running", current, following, left)


def _replace(segments: Sequence[Segment], n: int, segment: Segment) -> tuple[Segment, ...]:
    out = list(segments)
    out[n] = segment
    return tuple(out)


def start(segments: Sequence[Segment], clock: datetime) -> tuple[Segment, ...]:
    """Start the first line not yet run; refused while one runs or when every line has run."""
    if _running(segments) is not None:
        raise LiveError(_("a segment is already running: use next or finish"))
    upcoming = _first_not_run(segments)
    if upcoming is None:
        raise LiveError(_("every segment of the rundown has already run"))
    return _replace(segments, upcoming, attrs.evolve(segments[upcoming], started_at=clock))


def advance(segments: Sequence[Segment], clock: datetime) -> tuple[Segment, ...]:
    """End the running line and start the next one (after the last line, nothing runs)."""
    running = _running(segments)
    if running is None:
        return start(segments, clock)
    out = _replace(segments, running, attrs.evolve(segments[running], ended_at=clock))
    if running + 1 < len(out):
        out = _replace(out, running + 1, attrs.evolve(out[running + 1], started_at=clock))
    return out


def finish(segments: Sequence[Segment], clock: datetime) -> tuple[Segment, ...]:
    """End the running line; refused when nothing runs."""
    running = _running(segments)
    if running is None:
        raise LiveError(_("no segment is running"))
    return _replace(segments, running, attrs.evolve(segments[running], ended_at=clock))


def extend(segments: Sequence[Segment], minutes: int) -> tuple[Segment, ...]:
    """Give the running line ``minutes`` more and move every later line's planned start.

    Refused when nothing runs, for minutes not between 1 and :data:`MAX_EXTEND`, or when the
    moved plan would end after 24:00.
    """
    if not 1 <= minutes <= MAX_EXTEND:
        raise LiveError(_("extend by 1 to {max} minutes, not {n}").format(max=MAX_EXTEND,
                                                                         n=minutes), "minutes")
    running = _running(segments)
    if running is None:
        raise LiveError(_("no segment is running"))
    out = list(segments)
    out[running] = attrs.evolve(out[running], planned_minutes=out[running].planned_minutes
                                + minutes)
    for n in range(running + 1, len(out)):
        moved = out[n].start_minute + minutes
        if moved + out[n].planned_minutes > 24 * 60:
            raise LiveError(_("the rundown would end after 24:00"), "minutes")
        out[n] = attrs.evolve(out[n], planned_start=clock_text(moved))
    return tuple(out)
