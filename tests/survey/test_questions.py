"""The reaction survey's content file and its answer rules (no database)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kit.content_reader import ContentError
from kit.survey.questions import (
    SurveyInputError,
    clean_answers,
    evaluation_survey,
    load_survey,
)

GOOD = """\
id: coba
title: {id: "Coba", en: "Try"}
intro: {id: "Halo", en: "Hello"}
questions:
  - id: manfaat
    kind: scale
    required: true
    text: {id: "Bermanfaat?", en: "Useful?"}
    low: {id: "Tidak", en: "No"}
    high: {id: "Sangat", en: "Very"}
  - id: jelas
    kind: scale
    text: {id: "Jelas?", en: "Clear?"}
    low: {id: "Tidak", en: "No"}
    high: {id: "Sangat", en: "Very"}
  - id: saran
    kind: text
    text: {id: "Saran?", en: "Suggestions?"}
"""


def test_the_kits_survey_has_three_to_five_bilingual_questions() -> None:
    """evaluasi.yaml loads with 3-5 questions, each in Bahasa Indonesia and English."""
    survey = evaluation_survey()
    assert survey.id == "evaluasi"
    assert 3 <= len(survey.questions) <= 5
    assert all(q.text.indonesian and q.text.english for q in survey.questions)
    assert {q.kind for q in survey.questions} == {"scale", "text"}
    assert all(q.low and q.high for q in survey.questions if q.is_scale)


def test_a_bad_survey_file_names_file_line_and_field(tmp_path: Path) -> None:
    """A wrong kind, end labels on a text question and a missing English text are each located."""
    bad = GOOD.replace("kind: text", "kind: pilihan", 1).replace(
        'text: {id: "Jelas?", en: "Clear?"}', 'text: {id: "Jelas?"}').replace(
        '    text: {id: "Saran?", en: "Suggestions?"}',
        '    text: {id: "Saran?", en: "Suggestions?"}\n    kind2: x')
    path = tmp_path / "s.yaml"
    path.write_text(bad, encoding="utf-8")
    with pytest.raises(ContentError) as err:
        load_survey(path)
    lines = [str(p) for p in err.value.problems]
    assert any(":13:questions[1].text.en:" in line for line in lines), lines
    assert any(":17:questions[2].kind:" in line and "pilihan" in line for line in lines), lines
    assert any("questions[2].kind2" in line for line in lines), lines


def test_a_survey_with_two_questions_is_refused(tmp_path: Path) -> None:
    """Three questions load; two are one located problem on the list."""
    path = tmp_path / "s.yaml"
    path.write_text(GOOD, encoding="utf-8")
    assert len(load_survey(path).questions) == 3
    path.write_text(GOOD.split("  - id: saran")[0], encoding="utf-8")
    with pytest.raises(ContentError) as err:
        load_survey(path)
    assert [p.field for p in err.value.problems] == ["questions"]
    assert "3" in err.value.problems[0].message


def test_answers_are_checked_and_trimmed() -> None:
    """Scales 1-5 kept as digits, texts trimmed to one line, empty optional answers are None."""
    survey = evaluation_survey()
    raw = {"manfaat": " 5 ", "kejelasan": "4", "kecepatan": "3",
           "paling_berguna": "  foto produk\n dan harga  ", "perbaikan": "", "other": "x"}
    assert clean_answers(survey, raw) == {
        "manfaat": "5", "kejelasan": "4", "kecepatan": "3",
        "paling_berguna": "foto produk dan harga", "perbaikan": None}


@pytest.mark.parametrize(("field", "value", "needle"), [
    ("manfaat", "6", "1"), ("manfaat", "0", "1"), ("kejelasan", "-1", "1"),
    ("kecepatan", "3.5", "1"), ("manfaat", "", "1"), ("perbaikan", "x" * 501, "500"),
])
def test_a_bad_answer_names_its_question(field: str, value: str, needle: str) -> None:
    """Out of range, not a whole number, a missing required scale or a long text: refused."""
    raw = {"manfaat": "4", "kejelasan": "4", "kecepatan": "3", field: value}
    with pytest.raises(SurveyInputError) as err:
        clean_answers(evaluation_survey(), raw)
    assert err.value.field == field
    assert needle in err.value.text("en")
    assert err.value.text("id") != err.value.text("en")
