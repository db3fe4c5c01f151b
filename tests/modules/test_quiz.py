from pathlib import Path

import pytest

from kit.framework import framework
from kit.modules.quiz import (
    MIN_QUESTIONS_PER_ITEM,
    QUESTIONS_PER_CHECK,
    draw,
    grade,
    is_correct,
    level_for,
    load_bank,
    normalise_answer,
    question_bank,
)
from kit.modules.yamlnodes import ContentError

HEAD = "activity: advokasi\nquestions:\n"


def _q(qid: str, item: str = "adv_mp3ei", body: str | None = None) -> str:
    body = body or ("    choices:\n      - {text: benar, correct: true}\n      - {text: salah}\n")
    return (f"  - id: {qid}\n    item: {item}\n    question: Apa?\n    explanation: Karena.\n"
            + body)


def test_every_advokasi_item_has_at_least_three_valid_questions() -> None:
    """The shipped bank loads and every advokasi item has ≥3 questions."""
    bank = question_bank("advokasi")
    for item in framework().activity("advokasi").items:
        assert len(bank.for_item(item.id)) >= MIN_QUESTIONS_PER_ITEM, item.id


def test_bank_only_references_existing_advokasi_items() -> None:
    """Every question's item is an item of the advokasi activity in the framework."""
    items = {i.id for i in framework().activity("advokasi").items}
    bank = question_bank("advokasi")
    assert {q.item_id for q in bank.questions} <= items
    for q in bank.questions:
        assert q.explanation.indonesian
        if q.kind == "choice":
            assert q.correct_index is not None


def test_loader_reports_file_line_and_path_for_each_problem(tmp_path: Path) -> None:
    """Two correct choices, an unknown item and a duplicate id are all reported with lines."""
    two_correct = ("    choices:\n      - {text: a, correct: true}\n"
                   "      - {text: b, correct: true}\n")
    text = HEAD + _q("a1", body=two_correct) + _q("a2", item="adv_tidak_ada") + _q("a3") + _q("a3")
    path = tmp_path / "bank.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ContentError) as err:
        load_bank(path)
    message = str(err.value)
    assert f"{path}:" in message
    assert "tepat satu pilihan harus ditandai 'correct: true'" in message
    assert "adv_tidak_ada" in message
    assert "id 'a3' dipakai dua kali" in message
    assert "diperlukan paling sedikit 3" in message
    assert f"{path}:8:bank.questions[0].choices" in message  # the choices of a1, line 8


def test_loader_rejects_a_question_with_both_kinds_and_bad_yaml(tmp_path: Path) -> None:
    """A question with choices and accept, and a file that is not YAML, are refused."""
    both = "    accept: [x]\n    choices:\n      - {text: a, correct: true}\n      - {text: b}\n"
    path = tmp_path / "bank.yaml"
    path.write_text(HEAD + _q("b1", body=both), encoding="utf-8")
    with pytest.raises(ContentError, match="'choices' \\(pilihan ganda\\) atau 'accept'"):
        load_bank(path)
    path.write_text("activity: [unclosed\n", encoding="utf-8")
    with pytest.raises(ContentError, match="bukan YAML yang sah"):
        load_bank(path)


def test_draw_is_stable_per_participant_and_varies_between_people() -> None:
    """Same participant, item and attempt → same draw; other people or attempts differ."""
    bank = question_bank("advokasi")
    item = "adv_tips_sukses"  # four questions in the pool
    first = draw(bank, item, "p0001", 0)
    assert first == draw(bank, item, "p0001", 0)
    assert len(first) == QUESTIONS_PER_CHECK
    draws = {tuple(d.question.id for d in draw(bank, item, f"p{n:04d}", 0)) for n in range(30)}
    assert len(draws) > 1
    attempts = {tuple(d.question.id for d in draw(bank, item, "p0001", a)) for a in range(10)}
    assert len(attempts) > 1
    orders = {d.order for n in range(30) for d in draw(bank, item, f"p{n:04d}", 0)}
    assert len(orders) > 1  # choices are shuffled too


def test_level_rule_all_most_else() -> None:
    """All correct = 2, more than half = 1, otherwise 0 (and no questions = 0)."""
    assert level_for(3, 3) == 2
    assert level_for(2, 3) == 1
    assert level_for(1, 3) == 0
    assert level_for(0, 3) == 0
    assert level_for(2, 4) == 0
    assert level_for(3, 4) == 1
    assert level_for(0, 0) == 0


def test_grading_records_answers_and_short_answers_are_normalised() -> None:
    """Short answers ignore case, spaces and punctuation; details list ids, answers, correctness."""
    bank = question_bank("advokasi")
    q = bank.get("tahap_jumlah")
    assert is_correct(q, " Lima. ") and is_correct(q, "5") and not is_correct(q, "4")
    assert normalise_answer("  8 %  ") == "8 %"
    drawn = draw(bank, "adv_transformasi", "p0001", 0)
    answers: dict[str, str | int | None] = {}
    for d in drawn:
        answers[d.question.id] = d.question.correct_index if d.question.kind == "choice" \
            else d.question.accept[0]
    graded = grade(drawn, answers, "adv_transformasi")
    assert graded.level == 2 and graded.correct == (True, True, True)
    details = graded.details()
    assert details["questions"] == [d.question.id for d in drawn]
    assert len(details["answers"]) == 3 and details["n_correct"] == 3
    missing = grade(drawn, {}, "adv_transformasi")
    assert missing.level == 0 and missing.n_correct == 0
