"""Read a file of answers to the readiness criteria: CSV (one row per criterion) or JSON.

JSON is one object ``{"siap_internet": "ya", "siap_lan": "tidak", "siap_ruang": ""}``. CSV has a
header with a criterion column (``kriteria``, ``criterion`` or ``id``), an answer column
(``jawaban`` or ``answer``) and optionally a note column (``catatan`` or ``note``). Answers are
``ya``/``yes``/``y``/``1``/``✓`` or ``tidak``/``no``/``n``/``0``; blank or ``-`` is not answered.
The first bad value raises :class:`AnswersFileError` with a :class:`~kit.problems.Problem` naming
the file, the row (CSV) and the field or key.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import attrs

from kit.framework import framework
from kit.i18n import _
from kit.problems import Problem
from kit.tabular.yes_no import NotAnAnswer, yes_no

YES = frozenset({"ya", "y", "yes", "1", "true", "✓", "✔", "v", "ada", "sudah"})
NO = frozenset({"tidak", "t", "no", "n", "0", "false", "✗", "x", "belum"})
BLANK = frozenset({"", "-"})
CRITERION_HEADS = ("kriteria", "criterion", "id")
ANSWER_HEADS = ("jawaban", "answer")
NOTE_HEADS = ("catatan", "note")


class AnswersFileError(ValueError):
    """The answers file cannot be used; ``problem`` says where and why (one line)."""

    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        super().__init__(str(problem))


@attrs.frozen
class AnswersFile:
    """What an answers file says: criterion id → yes/no/blank, and notes by criterion id."""

    answers: dict[str, bool | None]
    notes: dict[str, str]


def parse_answer(value: object) -> bool | None:
    """``True`` for yes, ``False`` for no, ``None`` for blank; :class:`ValueError` otherwise."""
    try:
        return yes_no(value, YES, NO, BLANK)
    except NotAnAnswer:
        pass
    raise ValueError(_("{value!r} is not an answer: write ya or tidak (blank when not "
                       "checked)").format(value=str(value))) from None


def _known(criterion_id: str) -> bool:
    return any(c.id == criterion_id for c in framework().puskom.readiness)


def _unknown_message(criterion_id: str) -> str:
    return _("unknown readiness criterion {value!r} (see 'puskom readiness questions')").format(
        value=criterion_id)


def _read_json(label: str, text: str) -> AnswersFile:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise AnswersFileError(Problem(label, exc.lineno, None, _(
            "not valid JSON: {err}").format(err=exc.msg))) from None
    if not isinstance(data, dict):
        raise AnswersFileError(Problem(label, None, None, _(
            "expected one JSON object {criterion_id: \"ya\" | \"tidak\" | \"\"}")))
    answers: dict[str, bool | None] = {}
    for key, value in data.items():
        if not _known(key):
            raise AnswersFileError(Problem(label, None, key, _unknown_message(key)))
        if not isinstance(value, str | bool) and value is not None:
            raise AnswersFileError(Problem(label, None, key, _(
                "expected \"ya\", \"tidak\" or \"\"")))
        try:
            answers[key] = parse_answer(value)
        except ValueError as exc:
            raise AnswersFileError(Problem(label, None, key, str(exc))) from None
    return AnswersFile(answers=answers, notes={})


def _column(heads: list[str], names: tuple[str, ...]) -> int | None:
    keys = [h.strip().casefold() for h in heads]
    for name in names:
        if name in keys:
            return keys.index(name)
    return None


def _read_csv(label: str, text: str) -> AnswersFile:
    reader = csv.reader(io.StringIO(text))
    heads = next(reader, None)
    if heads is None:
        raise AnswersFileError(Problem(label, None, None, _("file is empty")))
    crit_col = _column(heads, CRITERION_HEADS)
    ans_col = _column(heads, ANSWER_HEADS)
    note_col = _column(heads, NOTE_HEADS)
    if crit_col is None or ans_col is None:
        raise AnswersFileError(Problem(label, 1, None, _(
            "the header needs the columns kriteria and jawaban (or criterion and answer)")))
    answers: dict[str, bool | None] = {}
    notes: dict[str, str] = {}
    for row in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        cells = row + [""] * (len(heads) - len(row))
        criterion_id = cells[crit_col].strip()
        if not _known(criterion_id):
            raise AnswersFileError(Problem(label, line, heads[crit_col].strip(),
                                           _unknown_message(criterion_id)))
        if criterion_id in answers:
            raise AnswersFileError(Problem(label, line, heads[crit_col].strip(), _(
                "{value!r} is answered twice").format(value=criterion_id)))
        try:
            answers[criterion_id] = parse_answer(cells[ans_col])
        except ValueError as exc:
            raise AnswersFileError(Problem(label, line, heads[ans_col].strip(),
                                           str(exc))) from None
        if note_col is not None and cells[note_col].strip():
            notes[criterion_id] = cells[note_col].strip()
    return AnswersFile(answers=answers, notes=notes)


def read_answers(path: Path) -> AnswersFile:
    """Read the answers file at ``path`` (``.json`` as JSON, anything else as CSV)."""
    label = path.name
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise AnswersFileError(Problem(label, None, None, _("cannot read file: {err}").format(
            err=exc.strerror or exc))) from None
    except UnicodeDecodeError:
        raise AnswersFileError(Problem(label, None, None, _("file is not valid UTF-8"))) from None
    if path.suffix.casefold() == ".json":
        return _read_json(label, text)
    return _read_csv(label, text)
