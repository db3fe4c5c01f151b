"""The reaction survey's questions (*evaluasi kegiatan*), read from content, and answer rules.

The questions are content, not code: ``assessments/surveys/evaluasi.yaml`` (3 to 5 questions,
Bahasa Indonesia with English), read only through :mod:`kit.content_reader`. A question is a
``scale`` (1 to 5, with the meaning of the lowest and highest value) or a short ``text``.
:func:`clean_answers` checks what a participant sent (scale 1–5, text trimmed and at most
:data:`TEXT_MAX` characters, required questions answered) before anything is stored; a bad
answer is :class:`SurveyInputError`, naming the question.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from pathlib import Path

import attrs
import yaml

from kit.content_reader import PATHS, NodeReader, read_yaml
from kit.framework.model import Text
from kit.i18n import N_, _, gettext_

SCALE, TEXT = "scale", "text"
KINDS = (SCALE, TEXT)
SCALE_MIN, SCALE_MAX = 1, 5
TEXT_MAX = 500
MIN_QUESTIONS, MAX_QUESTIONS = 3, 5
DEFAULT_SURVEY = "evaluasi"

__all__ = [
    "DEFAULT_SURVEY", "SCALE", "SCALE_MAX", "SCALE_MIN", "TEXT", "TEXT_MAX", "Survey",
    "SurveyInputError", "SurveyQuestion", "clean_answers", "evaluation_survey", "load_survey",
]


@attrs.frozen
class SurveyQuestion:
    """One question: a 1–5 ``scale`` (with its end labels) or a short ``text``."""

    id: str
    kind: str
    text: Text
    required: bool
    low: Text | None = None
    high: Text | None = None

    @property
    def is_scale(self) -> bool:
        """Whether the answer is a number from 1 to 5."""
        return self.kind == SCALE


@attrs.frozen
class Survey:
    """A reaction survey: its id, title, introduction and questions, in order."""

    id: str
    title: Text
    intro: Text
    questions: tuple[SurveyQuestion, ...]

    def question(self, question_id: str) -> SurveyQuestion | None:
        """The question with this id, or ``None``."""
        return next((q for q in self.questions if q.id == question_id), None)


class SurveyInputError(ValueError):
    """An answer that cannot be stored: ``field`` names the question, :meth:`text` says why."""

    def __init__(self, field: str, message_id: str, **values: object) -> None:
        self.field = field
        self.message_id = message_id
        self.values = values
        super().__init__(self.text())

    def text(self, lang: str | None = None) -> str:
        """The reason, translated into ``lang`` (default: the language in force)."""
        return gettext_(self.message_id, lang).format(**self.values)


def load_survey(path: Path) -> Survey:
    """Read a survey file; every problem (file, line, field) in one :class:`ContentError`."""
    seen: set[str] = set()

    def question(r: NodeReader, node: yaml.Node, path: str) -> SurveyQuestion:
        m = r.mapping(node, path)
        r.unknown_keys(m, path, ("id", "kind", "required", "text", "low", "high"))
        qid = r.unique_id(m, node, path, seen, slug=True)
        kind_node = r.get(m, node, path, "kind")
        kind = r.scalar(kind_node, f"{path}.kind")
        if kind not in KINDS:
            raise r.fail(kind_node, f"{path}.kind", _(
                "unknown kind of question {kind!r} (allowed: {allowed})").format(
                kind=kind, allowed=", ".join(KINDS)))
        required = r.boolean(m["required"], f"{path}.required") if "required" in m else False
        text = r.text(r.get(m, node, path, "text"), f"{path}.text")
        low = high = None
        if kind == SCALE:
            low = r.text(r.get(m, node, path, "low"), f"{path}.low")
            high = r.text(r.get(m, node, path, "high"), f"{path}.high")
        else:
            for key in ("low", "high"):
                if key in m:
                    r.fail(m[key], f"{path}.{key}", _(
                        "only a scale question has end labels"))
        return SurveyQuestion(id=qid, kind=kind, text=text, required=required, low=low,
                              high=high)

    def parse(r: NodeReader, root: yaml.Node) -> Survey:
        m = r.mapping(root, "survey")
        r.unknown_keys(m, "survey", ("id", "title", "intro", "questions"))
        survey_id = r.ident(r.get(m, root, "survey", "id"), "id")
        title = r.text(r.get(m, root, "survey", "title"), "title")
        intro = r.text(r.get(m, root, "survey", "intro"), "intro")
        questions_node = r.get(m, root, "survey", "questions")
        questions = tuple(r.each(questions_node, "questions",
                                 lambda node, p: question(r, node, p)))
        count = len(r.seq(questions_node, "questions"))
        if not MIN_QUESTIONS <= count <= MAX_QUESTIONS:
            r.fail(questions_node, "questions", _(
                "a reaction survey has {low} to {high} questions, not {n}").format(
                low=MIN_QUESTIONS, high=MAX_QUESTIONS, n=count))
        return Survey(id=survey_id, title=title, intro=intro, questions=questions)

    return read_yaml(path, parse)



@cache
def evaluation_survey() -> Survey:
    """The kit's reaction survey, ``assessments/surveys/evaluasi.yaml`` (read once)."""
    return load_survey(PATHS.survey(DEFAULT_SURVEY))


def clean_answers(survey: Survey, raw: Mapping[str, str]) -> dict[str, str | None]:
    """The answers to store, by question id: a scale as ``"1"``–``"5"``, a text trimmed.

    ``None`` means "no answer" (an empty optional question: an earlier answer is removed).
    Keys that are not questions of ``survey`` are ignored. A required question left empty, a
    scale outside 1–5 or a text over :data:`TEXT_MAX` characters raises
    :class:`SurveyInputError` naming the question; nothing is returned half-checked.
    """
    out: dict[str, str | None] = {}
    for q in survey.questions:
        value = " ".join(str(raw.get(q.id) or "").split())
        if not value:
            if q.required:
                raise SurveyInputError(q.id, N_("answer this question (choose 1 to 5)")
                                       if q.is_scale else N_("answer this question"))
            out[q.id] = None
            continue
        if q.is_scale:
            if not value.isdigit() or not SCALE_MIN <= int(value) <= SCALE_MAX:
                raise SurveyInputError(q.id, N_("choose a number from {low} to {high}, not "
                                                "{given!r}"), low=SCALE_MIN, high=SCALE_MAX,
                                       given=value[:20])
            out[q.id] = str(int(value))
        else:
            if len(value) > TEXT_MAX:
                raise SurveyInputError(q.id, N_("the answer is too long ({n} characters; at "
                                                "most {limit})"), n=len(value), limit=TEXT_MAX)
            out[q.id] = value
    return out
