"""The room's questions panel on a real workspace: what participants typed, "Sudah dijawab"."""

from __future__ import annotations

from pathlib import Path

from kit.records import session_service
from kit.records.participants import Participant, add_participant
from kit.room import question_service
from kit.session_app import questions_panel
from kit.session_app.panels import PanelContext
from kit.workspace import init_workspace, writing


def test_questions_appear_and_answered_ones_move_below(tmp_path: Path) -> None:
    """New questions appear on refresh, oldest first; "Sudah dijawab" records the actor."""
    ws = init_workspace(tmp_path / "ws")
    with writing(ws) as conn:
        add_participant(conn, Participant(id="pani", name="Ani", district="Kabupaten Sragen"))
    session, _w = session_service.create(ws, "advokasi", "2026-12-10", "Sragen")
    panel = questions_panel.QuestionsPanel(PanelContext(ws, session.id, lang="id",
                                                        actor="Narasumber 1"))
    assert "Belum ada pertanyaan" in panel.head.value
    first = question_service.ask(ws, "pani", "advokasi", "Apa itu <b>QRIS</b>?",
                                 "adv_tanya_peserta", session.id)
    second = question_service.ask(ws, "pani", "advokasi", "Berapa biaya kirim?", None,
                                  session.id)
    panel.refresh()
    assert "2 pertanyaan dari peserta" in panel.head.value
    row, text, _answered = panel.lines[first.id]
    assert "Apa itu &lt;b&gt;QRIS&lt;/b&gt;?" in text.value and "Ani" in text.value
    row.children[1].click()
    assert question_service.for_session(ws, session.id)[0].answered_by == "Narasumber 1"
    assert panel.rows.children[0] is panel.lines[second.id][0]
    assert "sudah dijawab" in panel.lines[first.id][1].value
    assert len(panel.lines[first.id][0].children) == 1  # no button once answered
    assert "1 sudah dijawab" in panel.head.value and "1 pertanyaan dari peserta" in panel.head.value
