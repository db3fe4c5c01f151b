"""A session's rundown as planned: prefilled from the framework, edited, checked (pure rules).

The framework's rundown of the activity (3.1.2 / 4.1.2 / 5.1.2, ``Activity.rundown``) is the one
source of the lines, their order and their suggested minutes. :func:`prefill` lays them out from
a start time (08:00 by default), each line starting when the previous one ends. The facilitator
may then change a line's start, minutes and speaker; :func:`check_plan` refuses a time not written
``HH:MM``, a duration that is not above zero, a line that starts before the previous one ends
(an overlap) and a plan whose lines are not the activity's, in the activity's order. Every refusal
is a :class:`PlanError` naming the segment and the field, with one translated line.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime

import attrs

from kit.framework import Activity
from kit.framework.model import RundownEntry
from kit.i18n import _, get_language
from kit.problems import InputError

DEFAULT_START = "08:00"
DAY_MINUTES = 24 * 60
_HHMM = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")


class PlanError(InputError):
    """A plan that cannot be used: ``segment`` (id or ``None``) and ``field`` name the place."""

    def __init__(self, field: str, message: str, segment: str | None = None) -> None:
        super().__init__(field, message)
        self.segment = segment


@attrs.frozen
class Segment:
    """One line of a session's rundown: as planned (start, minutes, speaker) and as run."""

    position: int
    segment_id: str
    planned_start: str
    planned_minutes: int
    speaker: str | None = None
    started_at: datetime | None = None
    ended_at: datetime | None = None

    @property
    def start_minute(self) -> int:
        """The planned start as minutes after midnight."""
        return minutes_of(self.planned_start)

    @property
    def planned_end(self) -> str:
        """The planned end, ``HH:MM`` (``24:00`` for a line ending at midnight)."""
        return clock_text(self.start_minute + self.planned_minutes)

    @property
    def running(self) -> bool:
        """Whether the line has started and not ended."""
        return self.started_at is not None and self.ended_at is None


def minutes_of(text: str) -> int:
    """``"08:30"`` → 510; :class:`PlanError` (field ``start``) if not written ``HH:MM``."""
    found = _HHMM.match(text.strip()) if isinstance(text, str) else None
    if found is None:
        raise PlanError("start", _("write the time as HH:MM (for example 08:00), not {given!r}")
                        .format(given=text))
    return int(found.group(1)) * 60 + int(found.group(2))


def clock_text(minutes: int) -> str:
    """510 → ``"08:30"``."""
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def entry(activity: Activity, segment_id: str) -> RundownEntry:
    """The framework's rundown line ``segment_id`` of ``activity``; :class:`PlanError` if none."""
    for line in activity.rundown:
        if line.id == segment_id:
            return line
    known = ", ".join(line.id for line in activity.rundown)
    raise PlanError("segment", _("{given!r} is not a line of the {activity} rundown; the lines "
                                 "are: {known}").format(given=segment_id, activity=activity.id,
                                                        known=known), segment_id)


def speaker_hint(activity: Activity, segment_id: str, lang: str = "id") -> str:
    """The speaker the guide proposes for a line (strategy tables 3.1 / 4.1 / 5.1), or ``""``.

    The strategy rows propose a role per issue, in order; the n-th talk (``kind: session``) of
    the rundown is given the n-th row's role; ceremonies and breaks get none.
    """
    talks = [line.id for line in activity.rundown if line.kind == "session"]
    if segment_id not in talks:
        return ""
    n = talks.index(segment_id)
    return activity.strategy[n].speaker.get(lang) if n < len(activity.strategy) else ""


def prefill(activity: Activity, start: str = DEFAULT_START) -> tuple[Segment, ...]:
    """The activity's rundown laid out from ``start``, each line when the previous one ends."""
    at = minutes_of(start)
    out = []
    for position, line in enumerate(activity.rundown):
        out.append(Segment(position, line.id, clock_text(at), line.minutes))
        at += line.minutes
    plan = tuple(out)
    check_plan(activity, plan)
    return plan


def title(activity: Activity, segment_id: str, lang: str | None = None) -> str:
    """The line's title in ``lang`` (default: the current language; its id if unknown)."""
    for line in activity.rundown:
        if line.id == segment_id:
            return line.title.get(lang or get_language())
    return segment_id


def check_plan(activity: Activity, plan: Sequence[Segment]) -> None:
    """Raise :class:`PlanError` for the first problem of ``plan`` (nothing when it is usable).

    The lines must be the activity's rundown, in its order; each start written ``HH:MM``; each
    duration above zero; no line may start before the previous one ends, nor end after 24:00.
    """
    expected = [line.id for line in activity.rundown]
    if [s.segment_id for s in plan] != expected:
        raise PlanError("segment", _("the rundown must keep the lines of the {activity} rundown "
                                     "in their order: {known}").format(
            activity=activity.id, known=", ".join(expected)))
    previous: Segment | None = None
    for segment in plan:
        name = title(activity, segment.segment_id)
        try:
            start = minutes_of(segment.planned_start)
        except PlanError as exc:
            raise PlanError("start", f"{name}: {exc.message}",
                            segment.segment_id) from None
        if segment.planned_minutes <= 0:
            raise PlanError("minutes", _("{name}: the duration must be above zero minutes, not "
                                         "{n}").format(name=name, n=segment.planned_minutes),
                            segment.segment_id)
        if start + segment.planned_minutes > DAY_MINUTES:
            raise PlanError("minutes", _("{name}: the line would end after 24:00").format(
                name=name), segment.segment_id)
        if previous is not None and start < previous.start_minute + previous.planned_minutes:
            raise PlanError("start", _("{name}: starts at {start}, before {previous} ends at "
                                       "{end} (the times overlap)").format(
                name=name, start=segment.planned_start,
                previous=title(activity, previous.segment_id), end=previous.planned_end),
                segment.segment_id)
        previous = segment


def edit(activity: Activity, plan: Sequence[Segment], segment_id: str, *,
         start: str | None = None, minutes: int | None = None,
         speaker: str | None = None) -> tuple[Segment, ...]:
    """``plan`` with one line changed (start, minutes, speaker), checked; the others unchanged.

    An empty ``speaker`` clears it. Raises :class:`PlanError` (nothing changed) if the result is
    not a usable plan, e.g. a new start that overlaps the line before.
    """
    entry(activity, segment_id)
    out = []
    for segment in plan:
        if segment.segment_id == segment_id:
            segment = attrs.evolve(
                segment,
                planned_start=segment.planned_start if start is None else start.strip(),
                planned_minutes=segment.planned_minutes if minutes is None else minutes,
                speaker=segment.speaker if speaker is None else
                " ".join(speaker.split()) or None)
        out.append(segment)
    plan_out = tuple(out)
    check_plan(activity, plan_out)
    return plan_out
