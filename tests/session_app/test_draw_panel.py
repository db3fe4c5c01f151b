"""The random-question panel, driven by ``click()`` on a real SQLite workspace."""

from __future__ import annotations

from pathlib import Path

import pytest

from kit.records import session_service
from kit.records.participants import Participant, add_participant
from kit.records.scores import latest_scores
from kit.room import draw_service
from kit.session_app.draw_panel import DrawPanel, build
from kit.session_app.panels import PanelContext
from kit.workspace import init_workspace, reading, writing


@pytest.fixture
def ctx(tmp_path: Path) -> PanelContext:
    """An advokasi session with Ani and Budi checked in."""
    ws = init_workspace(tmp_path / "ws")
    with writing(ws) as conn:
        for pid, name in (("pani", "Ani"), ("pbudi", "Budi")):
            add_participant(conn, Participant(id=pid, name=name, district="Kabupaten Sragen"))
    session, _w = session_service.create(ws, "advokasi", "2026-12-10", "Sragen")
    for pid in ("pani", "pbudi"):
        session_service.checkin(ws, session.id, pid)
    return PanelContext(workspace=ws, session_id=session.id, actor="Bu Rina")


def test_draw_shows_a_present_person_and_a_question_and_a_level_is_recorded(
        ctx: PanelContext) -> None:
    """Draw shows Ani or Budi with the question; the Mandiri button stores level 2."""
    panel = DrawPanel(ctx)
    assert "Belum ada pertanyaan acak" in panel.history.value
    assert all(b.disabled for b in panel.level_buttons.values())
    panel.draw_button.click()
    made = panel.current
    assert made is not None and made.participant_name in panel.card.value
    assert "Mandiri" in panel.level_buttons[2].description
    panel.level_buttons[2].click()
    assert "Tercatat" in panel.status.value
    assert draw_service.draws(ctx.workspace, ctx.session_id)[0].level == 2
    with reading(ctx.workspace) as conn:
        entry = {(e.participant_id, e.item_id): e for e in latest_scores(conn)}[
            (made.participant_id, made.item_id)]
    assert entry.level == 2 and entry.recorded_by == "Bu Rina"
    panel.draw_button.click()
    assert panel.current is not None and panel.current.participant_id != made.participant_id
    assert panel.history.value.count("<li>") == 2


def test_a_closed_session_shows_one_error_line_and_draws_nothing(ctx: PanelContext) -> None:
    """After close, the draw button says why in one line and the list stays empty."""
    session_service.close(ctx.workspace, ctx.session_id)
    panel = build(ctx).panel
    panel.draw_button.click()
    assert "kit-error" in panel.status.value and "ditutup" in panel.status.value
    assert draw_service.draws(ctx.workspace, ctx.session_id) == []
