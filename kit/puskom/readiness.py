"""Score a place's answers to the Puskom Kreatif readiness criteria (chapter VI, issue 15).

Each readiness criterion of the framework (``framework().puskom.readiness``) is a yes/no
question with a weight of 1–3. The score is the weighted share of "yes" among the criteria that
were answered, overall, per aspect (6.3) and per success factor; criteria answered "no" are what
is missing, blank ones are listed as unanswered and do not count in the percentages; the
verdict (:func:`verdict_of`) counts them as not in place.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import attrs

from kit.framework import framework
from kit.framework.model import Puskom, ReadinessCriterion
from kit.i18n import N_, _
from kit.problems import InputError

# The verdict's thresholds are the kit's choice, not the guide's: chapter VI names the three
# aspects but sets no figure. "siap" needs a high total AND no aspect left far behind (a centre
# with computers but no staff or no decree is not ready); "hampir" is at least half in place.
SIAP_MIN_PERCENT = 80.0
SIAP_MIN_ASPECT_PERCENT = 50.0
HAMPIR_MIN_PERCENT = 50.0

VERDICTS = ("siap", "hampir", "belum")
VERDICT_LABELS = {
    "siap": N_("ready to open"),
    "hampir": N_("nearly ready to open"),
    "belum": N_("not ready to open yet"),
}


@attrs.frozen
class Part:
    """The score of one aspect or one success factor: weights of "yes", answered and in all."""

    id: str
    yes_weight: int
    answered_weight: int
    total_weight: int

    @property
    def percent(self) -> float | None:
        """The weighted percentage of "yes" among the answered criteria (``None``: none)."""
        if not self.answered_weight:
            return None
        return 100.0 * self.yes_weight / self.answered_weight


@attrs.frozen
class Readiness:
    """The readiness of one place: overall, per aspect, per factor, what is missing, verdict."""

    overall: Part
    by_aspect: tuple[Part, ...]
    by_factor: tuple[Part, ...]
    missing: tuple[str, ...]
    unanswered: tuple[str, ...]
    verdict: str

    @property
    def percent(self) -> float | None:
        """The overall weighted percentage (``None`` when nothing was answered)."""
        return self.overall.percent

    @property
    def verdict_label(self) -> str:
        """The verdict in the current language."""
        return _(VERDICT_LABELS[self.verdict])


def _part(part_id: str, criteria: Iterable[ReadinessCriterion],
          answers: Mapping[str, bool | None]) -> Part:
    chosen = list(criteria)
    return Part(
        id=part_id,
        yes_weight=sum(c.weight for c in chosen if answers.get(c.id) is True),
        answered_weight=sum(c.weight for c in chosen if answers.get(c.id) is not None),
        total_weight=sum(c.weight for c in chosen),
    )


def check_ids(answers: Mapping[str, object], puskom: Puskom | None = None) -> None:
    """Raise :class:`InputError` naming the first answer whose criterion id is unknown."""
    known = {c.id for c in (puskom or framework().puskom).readiness}
    for key in answers:
        if key not in known:
            raise InputError(key, _("no readiness criterion has this id (see 'puskom readiness "
                                    "questions')"))


def verdict_of(overall: Part, by_aspect: tuple[Part, ...]) -> str:
    """``siap``, ``hampir`` or ``belum`` for these scores (thresholds above).

    The verdict counts a criterion not yet answered as not in place (what is not known to be
    there cannot make a centre ready); the percentages shown are of the answered criteria.
    """
    def in_place(part: Part) -> float:
        return 100.0 * part.yes_weight / part.total_weight if part.total_weight else 0.0

    percent = in_place(overall)
    aspects_ok = all(in_place(p) >= SIAP_MIN_ASPECT_PERCENT for p in by_aspect)
    if percent >= SIAP_MIN_PERCENT and aspects_ok:
        return "siap"
    if percent >= HAMPIR_MIN_PERCENT:
        return "hampir"
    return "belum"


def score(answers: Mapping[str, bool | None], puskom: Puskom | None = None) -> Readiness:
    """Score ``answers`` (criterion id → yes ``True``, no ``False``, blank ``None`` or absent).

    ``puskom`` defaults to the kit's framework. An unknown criterion id raises
    :class:`~kit.problems.InputError` naming it.
    """
    puskom = puskom or framework().puskom
    check_ids(answers, puskom)
    criteria = puskom.readiness
    by_aspect = tuple(_part(a.id, (c for c in criteria if c.aspect == a.id), answers)
                      for a in puskom.aspects)
    by_factor = tuple(_part(f.id, (c for c in criteria if c.factor == f.id), answers)
                      for f in puskom.success_factors)
    overall = _part("", criteria, answers)
    unanswered = tuple(c.id for c in criteria if answers.get(c.id) is None)
    return Readiness(
        overall=overall,
        by_aspect=by_aspect,
        by_factor=by_factor,
        missing=tuple(c.id for c in criteria if answers.get(c.id) is False),
        unanswered=unanswered,
        verdict=verdict_of(overall, by_aspect),
    )
