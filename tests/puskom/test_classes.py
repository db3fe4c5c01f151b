"""The rules of Puskom Kreatif classes: kinds, times, stage prerequisites, attendance, counts."""

from __future__ import annotations

from datetime import date

import pytest

from kit.framework import framework
from kit.i18n import set_language
from kit.problems import InputError
from kit.puskom.classes import (
    ClassFact,
    attend_refusal,
    class_kind,
    enrol_refusal,
    monthly_counts,
    start_time,
)


def test_a_kind_comes_from_the_framework_and_an_unknown_one_is_refused() -> None:
    """Known kinds are returned; an unknown kind names ``kind`` and lists the choices."""
    assert class_kind(" kelas_tik_dasar ").programme == "puskom_tik_dasar"
    with pytest.raises(InputError) as err:
        class_kind("kelas_menari")
    assert err.value.field == "kind"
    assert "kelas_menari" in err.value.message and "kelas_jualan_online" in err.value.message


@pytest.mark.parametrize(("given", "kept"), [("9:00", "09:00"), ("09.30", "09:30"),
                                             (" 13:05 ", "13:05"), ("23:59", "23:59")])
def test_a_starting_time_is_kept_as_hh_mm(given: str, kept: str) -> None:
    """Times written H:MM, HH:MM or HH.MM are kept as HH:MM."""
    assert start_time(given) == kept


@pytest.mark.parametrize("given", ["24:00", "9", "09:60", "pagi", ""])
def test_a_bad_time_is_refused_naming_at(given: str) -> None:
    """A time that is not HH:MM is an input error naming ``at``."""
    with pytest.raises(InputError) as err:
        start_time(given)
    assert err.value.field == "at"


def test_a_kind_open_to_all_never_refuses() -> None:
    """The basic ICT class needs no stage: someone who reached nothing may enrol."""
    assert enrol_refusal(class_kind("kelas_tik_dasar"), set()) is None


def test_a_missing_stage_is_named_in_the_language_asked() -> None:
    """Below the kind's stage the refusal names that stage (Indonesian, then English)."""
    kind = class_kind("kelas_jualan_online")
    portal = framework().stage("portal").title
    assert enrol_refusal(kind, {"preparatory", "presence", "portal"}) is None
    set_language("id")
    reason = enrol_refusal(kind, {"preparatory", "presence"}, "id")
    assert reason is not None and portal.indonesian in reason and "tahap" in reason
    set_language("en")
    try:
        reason = enrol_refusal(kind, {"preparatory"}, "en")
        assert reason is not None and portal.english in reason and "stage" in reason
    finally:
        set_language("id")


def test_attendance_needs_enrolment_and_the_day_to_have_come() -> None:
    """Not enrolled, or a class after today, is refused; on or after the day it is fine."""
    day = date(2026, 12, 10)
    assert attend_refusal(True, day, day) is None
    assert attend_refusal(True, day, date(2026, 12, 11)) is None
    assert attend_refusal(False, day, day) is not None
    early = attend_refusal(True, day, date(2026, 12, 9))
    assert early is not None and "2026-12-10" in early


def test_counts_per_kind_district_and_month() -> None:
    """Classes add up per kind × district × month: scheduled, enrolled, attended."""
    facts = [ClassFact("kelas_tik_dasar", "33.14", date(2026, 12, 1), 10, 8),
             ClassFact("kelas_tik_dasar", "33.14", date(2026, 12, 15), 5, 5),
             ClassFact("kelas_tik_dasar", "33.14", date(2027, 1, 5), 4, 0),
             ClassFact("kelas_administrasi", "33.09", date(2026, 12, 3), 6, 2)]
    got = [(c.kind, c.district, c.month, c.scheduled, c.enrolled, c.attended)
           for c in monthly_counts(facts)]
    assert got == [("kelas_administrasi", "33.09", "2026-12", 1, 6, 2),
                   ("kelas_tik_dasar", "33.14", "2026-12", 2, 15, 13),
                   ("kelas_tik_dasar", "33.14", "2027-01", 1, 4, 0)]
