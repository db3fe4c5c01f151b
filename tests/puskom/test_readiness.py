"""The readiness rule: weighted percentages, what is missing, and the verdict."""

from __future__ import annotations

import pytest

from kit.framework import framework
from kit.framework.model import ReadinessCriterion
from kit.problems import InputError
from kit.puskom.readiness import (
    HAMPIR_MIN_PERCENT,
    SIAP_MIN_ASPECT_PERCENT,
    SIAP_MIN_PERCENT,
    score,
)

CRITERIA = framework().puskom.readiness


def _pct(yes: list[ReadinessCriterion], answered: list[ReadinessCriterion]) -> float:
    """The weighted percentage computed here from the YAML weights."""
    return 100 * sum(c.weight for c in yes) / sum(c.weight for c in answered)


def test_a_ready_centre_is_siap_with_its_weighted_score() -> None:
    """A centre that lacks only one light criterion per aspect is ``siap``; nothing unanswered."""
    light = {a: min((c for c in CRITERIA if c.aspect == a), key=lambda c: c.weight).id
             for a in ("infrastruktur", "sdm", "regulasi")}
    answers: dict[str, bool | None] = {c.id: c.id not in light.values() for c in CRITERIA}
    result = score(answers)
    yes = [c for c in CRITERIA if answers[c.id]]
    assert result.percent == pytest.approx(_pct(yes, list(CRITERIA)))
    assert result.percent >= SIAP_MIN_PERCENT
    assert result.verdict == "siap"
    assert set(result.missing) == set(light.values())
    assert result.unanswered == ()
    for part in result.by_aspect:
        in_aspect = [c for c in CRITERIA if c.aspect == part.id]
        assert part.percent == pytest.approx(
            _pct([c for c in in_aspect if answers[c.id]], in_aspect))


def test_a_centre_without_regulation_is_not_siap_even_with_a_high_total() -> None:
    """Every infrastructure and people criterion yes, regulation all no: never ``siap``."""
    answers: dict[str, bool | None] = {c.id: c.aspect != "regulasi" for c in CRITERIA}
    result = score(answers)
    yes = [c for c in CRITERIA if answers[c.id]]
    assert result.percent == pytest.approx(_pct(yes, list(CRITERIA)))
    regulasi = next(p for p in result.by_aspect if p.id == "regulasi")
    assert regulasi.percent == 0 < SIAP_MIN_ASPECT_PERCENT
    expected = "hampir" if result.percent >= HAMPIR_MIN_PERCENT else "belum"
    assert result.verdict == expected
    assert set(result.missing) == {c.id for c in CRITERIA if c.aspect == "regulasi"}


def test_a_centre_with_little_in_place_is_belum() -> None:
    """Only the internet connection in place: ``belum``, with its score from the weights."""
    answers: dict[str, bool | None] = {c.id: c.id == "siap_internet" for c in CRITERIA}
    result = score(answers)
    internet = [c for c in CRITERIA if c.id == "siap_internet"]
    assert result.percent == pytest.approx(_pct(internet, list(CRITERIA)))
    assert result.verdict == "belum"


def test_unanswered_criteria_are_left_out_of_the_percentage_and_listed() -> None:
    """Blank answers (``None`` or absent) do not count against the centre but are listed."""
    first, second, *rest = CRITERIA
    result = score({first.id: True, second.id: None})
    assert result.percent == 100
    assert result.missing == ()
    assert result.unanswered == (second.id, *(c.id for c in rest))
    factor = next(p for p in result.by_factor if p.id == first.factor)
    assert factor.yes_weight == factor.answered_weight == first.weight


def test_one_yes_per_aspect_and_the_rest_unanswered_is_not_siap() -> None:
    """100 % of what was answered, but most criteria unknown: not in place, so ``belum``."""
    first = {}
    for criterion in CRITERIA:
        first.setdefault(criterion.aspect, criterion.id)
    result = score(dict.fromkeys(first.values(), True))
    assert result.percent == 100.0
    assert len(result.unanswered) == len(CRITERIA) - len(first)
    assert result.verdict == "belum"


def test_an_aspect_without_any_answer_keeps_a_centre_from_siap() -> None:
    """All of infrastructure and people yes, regulation unanswered: 100 % but not ``siap``."""
    result = score({c.id: True for c in CRITERIA if c.aspect != "regulasi"})
    assert result.percent == 100
    assert result.verdict == "hampir"


def test_nothing_answered_is_belum_without_a_percentage() -> None:
    """No answer at all gives no percentage and the verdict ``belum``."""
    result = score({})
    assert result.percent is None
    assert result.verdict == "belum"


def test_an_unknown_criterion_is_an_input_error_naming_it() -> None:
    """An answer to a criterion the framework does not have is refused naming that id."""
    with pytest.raises(InputError) as err:
        score({"siap_internet": True, "siap_kolam_renang": False})
    assert err.value.field == "siap_kolam_renang"
