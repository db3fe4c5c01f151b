"""An unanswered multiple-choice question is asked for, never graded as wrong."""

from __future__ import annotations

import sqlalchemy as sa

from kit.modules.advokasi import AdvokasiPage
from kit.storage import schema
from kit.storage.db import read_tx
from kit.workspace import Workspace
from tests.modules.helpers import answer, register_new


def _check_with_a_choice_question(page: AdvokasiPage) -> tuple[str, str]:
    """An item whose drawn check has a multiple-choice question; return (item id, question id)."""
    for item_id, check in page.checks.items():
        for qid in check.inputs:
            if page.bank.get(qid).kind == "choice":
                return item_id, qid
    raise AssertionError("no multiple-choice question drawn on the advokasi page")


def test_unanswered_choice_asks_for_an_answer_and_records_nothing(page: AdvokasiPage,
                                                                  ws: Workspace) -> None:
    """Every other answer filled, one choice left empty: the check asks, and nothing is saved."""
    pid = register_new(page, "Rini Pilihan")
    item_id, qid = _check_with_a_choice_question(page)
    check = page.checks[item_id]
    answer(check, len(check.inputs))
    check.inputs[qid].value = None
    check.submit_button.click()
    assert "Mohon jawab semua pertanyaan" in check.message.value
    assert page.frame.state.last_quiz(item_id) is None
    assert check.attempt == 0 and check.submit_button in check.widget.children
    with read_tx(ws.engine) as conn:
        scores = conn.execute(sa.select(sa.func.count()).select_from(schema.score)
                              .where(schema.score.c.participant_id == pid)).scalar()
    assert scores == 0


def test_answers_report_an_empty_choice_as_missing(page: AdvokasiPage) -> None:
    """``answers()`` gives ``None`` for an untouched radio list, not the text ``"None"``."""
    register_new(page, "Rudi Kosong")
    item_id, qid = _check_with_a_choice_question(page)
    assert page.checks[item_id].answers()[qid] is None
