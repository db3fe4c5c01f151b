"""Rules of Puskom Kreatif classes (6.4): kinds, times, who may enrol, attendance, counts.

A class is of a kind declared in the framework (``framework().puskom.class_kinds``); a kind may
need a stage the participant has reached before they can enrol (:func:`enrol_refusal` says which
stage is missing). Attendance is recorded only for those enrolled and not before the class's day
(:func:`attend_refusal`). :func:`monthly_counts` counts classes per kind × district × month
(scheduled, enrolled, attended), without names. Pure logic: no database, no interface.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from datetime import date
from typing import Any

import attrs

from kit.framework import Framework, framework
from kit.framework.model import PuskomClassKind
from kit.i18n import _
from kit.problems import InputError

_TIME = re.compile(r"^([01]?\d|2[0-3])[:.]([0-5]\d)$")


def class_kind(kind_id: str, fw: Framework | None = None) -> PuskomClassKind:
    """The framework's class kind ``kind_id``; an unknown one is an :class:`InputError` (kind)."""
    puskom = (fw or framework()).puskom
    try:
        return puskom.class_kind(kind_id.strip())
    except KeyError:
        raise InputError("kind", _("{value!r} is not a class kind; choose one of: "
                                   "{choices}").format(
            value=kind_id, choices=", ".join(k.id for k in puskom.class_kinds))) from None


def start_time(text: str) -> str:
    """A starting time as ``HH:MM`` (``9:00``, ``09.30`` accepted); else :class:`InputError`."""
    found = _TIME.match(text.strip())
    if not found:
        raise InputError("at", _("{value!r} is not a time written HH:MM, for example "
                                 "09:00").format(value=text))
    return f"{int(found.group(1)):02d}:{found.group(2)}"


def enrol_refusal(kind: PuskomClassKind, reached: Collection[str], lang: str = "id",
                  fw: Framework | None = None) -> str | None:
    """Why a participant who reached the stages ``reached`` may not enrol, or ``None``.

    The message names the stage the kind needs and that it is not reached yet.
    """
    if kind.stage is None or kind.stage in reached:
        return None
    fw = fw or framework()
    return _("needs the stage {stage} reached first (this class: {kind})").format(
        stage=fw.stage(kind.stage).title.get(lang), kind=kind.title.get(lang))


def attend_refusal(enrolled: bool, held_on: date, today: date) -> str | None:
    """Why attendance cannot be recorded (not enrolled, class still ahead), or ``None``."""
    if not enrolled:
        return _("is not enrolled in this class")
    if held_on > today:
        return _("the class is on {day}; attendance can be recorded from that day").format(
            day=held_on.isoformat())
    return None


@attrs.frozen
class ClassFact:
    """What counting needs of one class: kind, district code (or name), day, people counts."""

    kind: str
    district: str
    held_on: date
    enrolled: int
    attended: int


@attrs.frozen
class MonthCount:
    """Classes of one kind in one district in one month: scheduled, enrolled, attended."""

    kind: str
    district: str
    month: str
    scheduled: int
    enrolled: int
    attended: int

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready."""
        return attrs.asdict(self)


def monthly_counts(classes: Iterable[ClassFact]) -> tuple[MonthCount, ...]:
    """Per kind × district × month (``YYYY-MM``): classes scheduled, people enrolled, attended."""
    sums: dict[tuple[str, str, str], list[int]] = {}
    for c in classes:
        key = (c.kind, c.district, c.held_on.strftime("%Y-%m"))
        row = sums.setdefault(key, [0, 0, 0])
        row[0] += 1
        row[1] += c.enrolled
        row[2] += c.attended
    return tuple(MonthCount(kind=k, district=d, month=m, scheduled=s, enrolled=e, attended=a)
                 for (k, d, m), (s, e, a) in sorted(sums.items(), key=lambda x: (
                     x[0][2], x[0][1], x[0][0])))
