"""The reaction survey summarised for the report and the projector: counts, means, texts.

:func:`summarise` is a pure rule: it takes the survey, the stored answers (question id and
answer, with no respondent attached) and how many people were present, and gives per question
the number of answers, the mean and the distribution of a scale, or the texts of a text question
(in a stable order, never with a name or id), plus how many responded of how many present.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import attrs

from kit.survey.questions import SCALE_MAX, SCALE_MIN, Survey, SurveyQuestion


@attrs.frozen
class QuestionSummary:
    """One question's answers: ``n``, and the mean and 1–5 counts (scale) or the texts (text)."""

    question: SurveyQuestion
    n: int
    mean: float | None = None
    distribution: tuple[int, ...] = ()  # counts of 1, 2, 3, 4, 5 (scale questions)
    texts: tuple[str, ...] = ()         # the answers of a text question, sorted

    def as_dict(self, lang: str = "id") -> dict[str, Any]:
        """A JSON-ready form (``survey summary --format json``)."""
        q = self.question
        out: dict[str, Any] = {"id": q.id, "kind": q.kind, "text": q.text.get(lang),
                               "n": self.n}
        if q.is_scale:
            out["mean"] = None if self.mean is None else round(self.mean, 2)
            out["distribution"] = {str(v): c for v, c in
                                   zip(range(SCALE_MIN, SCALE_MAX + 1), self.distribution,
                                       strict=True)}
        else:
            out["texts"] = list(self.texts)
        return out


@attrs.frozen
class SurveySummary:
    """The survey of one session: per question, and how many responded of how many present."""

    session_id: str
    survey_id: str
    responded: int
    present: int
    questions: tuple[QuestionSummary, ...]

    def as_dict(self, lang: str = "id") -> dict[str, Any]:
        """A JSON-ready form (``survey summary --format json``)."""
        return {"session_id": self.session_id, "survey": self.survey_id,
                "responded": self.responded, "present": self.present,
                "questions": [q.as_dict(lang) for q in self.questions]}


def summarise(survey: Survey, session_id: str, answers: Iterable[tuple[str, str]],
              responded: int, present: int) -> SurveySummary:
    """Summarise ``answers`` (``(question id, answer)`` pairs) of one session.

    Answers to questions the survey no longer has, and scale answers that are not 1–5, are left
    out (the service stores only checked answers; this keeps the summary honest if the content
    file changed after the session).
    """
    by_question: dict[str, list[str]] = {q.id: [] for q in survey.questions}
    for question_id, answer in answers:
        if question_id in by_question:
            by_question[question_id].append(answer)
    out = []
    for q in survey.questions:
        given = by_question[q.id]
        if q.is_scale:
            values = [int(a) for a in given if a.isdigit() and SCALE_MIN <= int(a) <= SCALE_MAX]
            counts = tuple(values.count(v) for v in range(SCALE_MIN, SCALE_MAX + 1))
            mean = sum(values) / len(values) if values else None
            out.append(QuestionSummary(q, len(values), mean, counts))
        else:
            texts = tuple(sorted(a for a in given if a))
            out.append(QuestionSummary(q, len(texts), texts=texts))
    return SurveySummary(session_id, survey.id, responded, present, tuple(out))
