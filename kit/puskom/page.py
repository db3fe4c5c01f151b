"""The printable page of one readiness assessment: the context of its Jinja template.

The template is ``kit/ui/templates/puskom_readiness.html.j2`` (autoescaped) with the stylesheet
``kit/ui/css/puskom_readiness.css`` (``@media print`` for paper). This rule module only builds the
context; the caller renders it with :func:`kit.ui.render`.
"""

from __future__ import annotations

from typing import Any

from kit.framework import framework
from kit.i18n import _
from kit.puskom.readiness import HAMPIR_MIN_PERCENT, SIAP_MIN_ASPECT_PERCENT, SIAP_MIN_PERCENT
from kit.puskom.service import Assessment

TEMPLATE = "puskom_readiness.html.j2"
STYLESHEET = "puskom_readiness"


def percent_text(value: float | None) -> str:
    """A percentage as shown (``72 %``), or ``-`` when nothing was answered."""
    return "-" if value is None else f"{value:.0f} %"


def answer_text(value: bool | None) -> str:
    """An answer as shown: ya, tidak or a dash."""
    if value is None:
        return "-"
    return _("yes") if value else _("no")


def context(a: Assessment, lang: str) -> dict[str, Any]:
    """The template's context for assessment ``a`` in ``lang`` (texts already translated)."""
    puskom = framework().puskom
    r = a.readiness
    aspects = {x.id: x.title.get(lang) for x in puskom.aspects}
    factors = {x.id: x.title.get(lang) for x in puskom.success_factors}
    groups = []
    for aspect in puskom.aspects:
        part = next(p for p in r.by_aspect if p.id == aspect.id)
        rows = [{"question": c.question.get(lang), "factor": factors[c.factor],
                 "weight": c.weight, "answer": answer_text(a.answers.get(c.id)),
                 "state": {True: "yes", False: "no", None: "blank"}[a.answers.get(c.id)],
                 "note": a.notes.get(c.id, "")}
                for c in puskom.readiness if c.aspect == aspect.id]
        groups.append({"title": aspects[aspect.id], "percent": percent_text(part.percent),
                       "rows": rows})
    questions = {c.id: c.question.get(lang) for c in puskom.readiness}
    return {
        "lang": lang,
        "title": _("Puskom Kreatif readiness check"),
        "centre": a.name,
        "facts": [
            (_("District"), a.district + (f" ({a.district_code})"
                                          if a.district_code else "")),
            (_("Assessed on"), a.assessed_on.isoformat()),
            (_("Assessed by"), a.assessed_by),
            (_("Assessment id"), a.id),
            (_("Questions answered"), _("{n} of {total}").format(
                n=len(puskom.readiness) - len(r.unanswered), total=len(puskom.readiness))),
        ],
        "score_label": _("Readiness score"),
        "percent": percent_text(r.percent),
        "verdict": r.verdict,
        "verdict_label": r.verdict_label,
        "factors_heading": _("By success factor"),
        "factors": [(factors[p.id], percent_text(p.percent)) for p in r.by_factor],
        "heads": (_("Question"), _("Factor"), _("Weight"), _("Answer"), _("Note")),
        "groups": groups,
        "missing_heading": _("What is missing"),
        "missing": [questions[i] for i in r.missing],
        "unanswered_heading": _("Not answered yet"),
        "unanswered": [questions[i] for i in r.unanswered],
        "rule_note": _("The percentages are the weighted share of yes among the answered "
                       "questions. The verdict counts a question not answered yet as not in "
                       "place. Ready: at least {siap:.0f} % of all weights and every aspect at "
                       "least {aspect:.0f} %; nearly ready: at least {hampir:.0f} %. These "
                       "thresholds are the kit's choice, not the guide's.").format(
                           siap=SIAP_MIN_PERCENT, aspect=SIAP_MIN_ASPECT_PERCENT,
                           hampir=HAMPIR_MIN_PERCENT),
    }
