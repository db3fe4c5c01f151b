"""Knowledge checks: the question bank, a per-participant random draw, grading and the rule.

The bank (``assessments/questions/<activity>.yaml``, read by :mod:`kit.content_reader`) holds at
least three questions per item, each multiple choice (``choices``, exactly one marked
``correct: true``) or short answer (``accept``: the answers that count as right). A check shows
:data:`QUESTIONS_PER_CHECK` questions of one item, drawn at random — the guide's *pertanyaan
acak* — but seeded by participant, item and attempt, so a reload shows the same draw
and only "try again" brings a new one.

Scoring rule (:func:`level_for`), on the rubric's 0/1/2 scale: all answers correct → 2 (mandiri);
more than half correct → 1 (dengan bantuan minimal); otherwise → 0 (belum).
"""

from __future__ import annotations

import random
import re
import unicodedata
from collections.abc import Mapping, Sequence
from functools import cache
from pathlib import Path
from typing import Any

import attrs
import yaml

from kit.content_reader import PATHS, Bail, NodeReader, read_yaml
from kit.framework import Framework, Problem, Text, framework
from kit.i18n import _

QUESTIONS_PER_CHECK = 3
MIN_QUESTIONS_PER_ITEM = 3


@attrs.frozen
class Choice:
    """One option of a multiple-choice question."""

    text: Text
    correct: bool


@attrs.frozen
class Question:
    """One question of the bank, about one item."""

    id: str
    item_id: str
    kind: str
    prompt: Text
    explanation: Text
    choices: tuple[Choice, ...] = ()
    accept: tuple[str, ...] = ()

    @property
    def correct_index(self) -> int | None:
        """Index of the right choice (multiple choice only)."""
        for n, choice in enumerate(self.choices):
            if choice.correct:
                return n
        return None

    def correct_text(self, lang: str = "id") -> str:
        """The right answer as shown to the participant."""
        idx = self.correct_index
        if idx is not None:
            return self.choices[idx].text.get(lang) or self.choices[idx].text.indonesian
        return self.accept[0] if self.accept else ""


@attrs.frozen
class DrawnQuestion:
    """A question as drawn for one participant: ``order`` gives the bank indices of its choices."""

    question: Question
    order: tuple[int, ...]


@attrs.frozen
class Graded:
    """The result of one check: per-question answers and correctness, and the level."""

    item_id: str
    attempt: int
    question_ids: tuple[str, ...]
    answers: tuple[str, ...]
    correct: tuple[bool, ...]
    level: int
    raw: tuple[str | int | None, ...] = ()

    @property
    def n_correct(self) -> int:
        """How many answers were right."""
        return sum(self.correct)

    def details(self) -> dict[str, Any]:
        """What is stored with the score (question ids, answers, correctness, attempt)."""
        return {"kind": "knowledge_check", "attempt": self.attempt,
                "questions": list(self.question_ids), "answers": list(self.answers),
                "correct": list(self.correct), "raw": list(self.raw),
                "n_correct": self.n_correct,
                "n_questions": len(self.correct)}


@attrs.frozen
class QuestionBank:
    """All questions of one activity, by item."""

    activity_id: str
    questions: tuple[Question, ...]

    def for_item(self, item_id: str) -> tuple[Question, ...]:
        """The questions about ``item_id``, in bank order."""
        return tuple(q for q in self.questions if q.item_id == item_id)

    def get(self, question_id: str) -> Question:
        """The question with this id (``KeyError`` if unknown)."""
        for q in self.questions:
            if q.id == question_id:
                return q
        raise KeyError(question_id)


def load_bank(path: Path, fw: Framework | None = None) -> QuestionBank:
    """Load and validate a question bank; raise :class:`ContentError` listing every problem.

    Checks: ids unique; each question's item belongs to the bank's activity; choice questions have
    at least two options and exactly one correct; short answers list accepted answers; every item
    of the activity has at least :data:`MIN_QUESTIONS_PER_ITEM` valid questions.
    """
    fw = fw or framework()
    file = str(path)

    def parse(r: NodeReader, root: yaml.Node) -> QuestionBank:
        m = r.mapping(root, "bank")
        r.unknown_keys(m, "bank", ("activity", "questions"))
        activity = r.activity(m, root, "bank", fw)
        activity_id = activity.id
        item_ids = [item.id for item in activity.items]
        seen: set[str] = set()

        def choice(node: yaml.Node, path: str) -> Choice:
            cm = r.mapping(node, path)
            r.unknown_keys(cm, path, ("text", "correct"))
            correct = r.boolean(cm["correct"], f"{path}.correct") if "correct" in cm else False
            return Choice(text=r.text(r.get(cm, node, path, "text"), f"{path}.text",
                                      require_en=False), correct=correct)

        def question(node: yaml.Node, path: str) -> Question:
            qm = r.mapping(node, path)
            r.unknown_keys(qm, path, ("id", "item", "question", "choices", "accept",
                                      "explanation"))
            qid = r.unique_id(qm, node, path, seen, slug=True)
            item_node = r.get(qm, node, path, "item")
            item_id = r.scalar(item_node, f"{path}.item")
            if item_id not in item_ids:
                raise r.fail(item_node, f"{path}.item", _(
                    "item {item!r} is not an item of activity {activity!r}").format(
                    item=item_id, activity=activity_id))
            prompt = r.text(r.get(qm, node, path, "question"), f"{path}.question",
                            require_en=False)
            explanation = r.text(r.get(qm, node, path, "explanation"), f"{path}.explanation",
                                 require_en=False)
            if ("choices" in qm) == ("accept" in qm):
                raise r.fail(node, path, _(
                    "a question needs either 'choices' (multiple choice) or 'accept' "
                    "(short answer), not both or neither"))
            if "choices" in qm:
                n_before = len(r.problems)
                choices = tuple(r.each(qm["choices"], f"{path}.choices", choice))
                if len(r.problems) > n_before:
                    raise Bail()
                if len(choices) < 2:
                    raise r.fail(qm["choices"], f"{path}.choices", _(
                        "needs at least two choices"))
                n_correct = sum(c.correct for c in choices)
                if n_correct != 1:
                    raise r.fail(qm["choices"], f"{path}.choices", _(
                        "exactly one choice must be marked 'correct: true' (found {n})").format(
                        n=n_correct))
                return Question(id=qid, item_id=item_id, kind="choice", prompt=prompt,
                                explanation=explanation, choices=choices)
            accept = tuple(r.each(qm["accept"], f"{path}.accept", r.scalar))
            if not accept:
                raise r.fail(qm["accept"], f"{path}.accept", _(
                    "list at least one accepted answer"))
            return Question(id=qid, item_id=item_id, kind="short", prompt=prompt,
                            explanation=explanation, accept=accept)

        q_node = r.get(m, root, "bank", "questions")
        questions = r.each(q_node, "bank.questions", question)
        for item_id in item_ids:
            n = sum(1 for q in questions if q.item_id == item_id)
            if n < MIN_QUESTIONS_PER_ITEM:
                r.problems.append(Problem(file, None, f"bank.questions[item={item_id}]", _(
                    "item {item!r} has {n} valid questions; at least {min} are needed").format(
                    item=item_id, n=n, min=MIN_QUESTIONS_PER_ITEM)))
        return QuestionBank(activity_id=activity_id, questions=tuple(questions))

    return read_yaml(path, parse)


@cache
def question_bank(activity_id: str) -> QuestionBank:
    """The (process-cached) bank shipped with the kit for ``activity_id``."""
    return load_bank(PATHS.bank(activity_id))


def draw(bank: QuestionBank, item_id: str, participant_id: str, attempt: int = 0,
         k: int = QUESTIONS_PER_CHECK) -> tuple[DrawnQuestion, ...]:
    """Draw ``k`` questions about ``item_id`` for one participant, with shuffled choices.

    Deterministic for the same participant, item and attempt (a reload shows the same check);
    a different participant or a new attempt gets another draw when the pool allows it.
    """
    pool = bank.for_item(item_id)
    rng = random.Random(f"{participant_id}|{item_id}|{attempt}")  # noqa: S311 - not security
    picked = rng.sample(range(len(pool)), min(k, len(pool)))
    out = []
    for index in picked:
        q = pool[index]
        order = list(range(len(q.choices)))
        rng.shuffle(order)
        out.append(DrawnQuestion(question=q, order=tuple(order)))
    return tuple(out)


def normalise_answer(text: str) -> str:
    """Lower-case, strip accents, punctuation and extra spaces (``" Lima. "`` → ``"lima"``)."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    plain = re.sub(r"[^\w\s%]", " ", plain)
    return " ".join(plain.split())


def is_correct(question: Question, answer: str | int | None) -> bool:
    """Whether ``answer`` (a bank choice index, or the typed text) is right."""
    if answer is None:
        return False
    if question.kind == "choice":
        return isinstance(answer, int) and answer == question.correct_index
    given = normalise_answer(str(answer))
    return bool(given) and given in {normalise_answer(a) for a in question.accept}


def level_for(n_correct: int, n_questions: int) -> int:
    """The rule: all correct → 2, more than half correct → 1, otherwise 0."""
    if n_questions <= 0:
        return 0
    if n_correct >= n_questions:
        return 2
    if 2 * n_correct > n_questions:
        return 1
    return 0


def grade(drawn: Sequence[DrawnQuestion], answers: Mapping[str, str | int | None],
          item_id: str, attempt: int = 0, lang: str = "id") -> Graded:
    """Grade the answers (question id → choice index or text); unanswered counts as wrong."""
    ids: list[str] = []
    given: list[str] = []
    correct: list[bool] = []
    raw: list[str | int | None] = []
    for d in drawn:
        q = d.question
        answer = answers.get(q.id)
        ids.append(q.id)
        raw.append(answer)
        if q.kind == "choice" and isinstance(answer, int) and 0 <= answer < len(q.choices):
            given.append(q.choices[answer].text.get(lang) or q.choices[answer].text.indonesian)
        else:
            given.append("" if answer is None else str(answer))
        correct.append(is_correct(q, answer))
    return Graded(item_id=item_id, attempt=attempt, question_ids=tuple(ids),
                  answers=tuple(given), correct=tuple(correct),
                  level=level_for(sum(correct), len(correct)), raw=tuple(raw))
