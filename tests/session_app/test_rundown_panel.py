"""The rundown panel, driven by ``.value`` and ``click()`` on a real SQLite workspace."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from kit.records import session_service
from kit.records.clock import now
from kit.rundown import service as rundown
from kit.session_app.panels import PanelContext
from kit.session_app.rundown_panel import RundownPanel, build
from kit.workspace import Workspace, init_workspace


@pytest.fixture
def ctx(tmp_path: Path) -> PanelContext:
    """A bimtek session's panel context on a new workspace."""
    ws: Workspace = init_workspace(tmp_path / "ws")
    session, _w = session_service.create(ws, "bimtek", "2026-12-17", "Sragen")
    return PanelContext(workspace=ws, session_id=session.id)


def test_the_plan_is_prefilled_with_the_strategy_role_as_speaker_placeholder(
        ctx: PanelContext) -> None:
    """The table shows 08:00 first and the second talk's placeholder is Facilitator 2's role."""
    panel = RundownPanel(ctx)
    assert panel.starts[0].value == "08:00" and panel.minutes[0].value == "10"
    assert "Mulai (JJ:MM)" in panel.rows.children[0].children[1].value
    blog = [s.segment_id for s in rundown.load(ctx.workspace, ctx.session_id).segments
            ].index("materi_blog")
    assert panel.speakers[blog].placeholder == "Fasilitator 2"
    assert "belum dimulai" in panel.projector.value
    assert panel.next_button.disabled and not panel.start_button.disabled


def test_buttons_run_the_rundown_and_the_countdown_turns_red_when_over(
        ctx: PanelContext) -> None:
    """Start shows the opening with 10:00 left; +5 moves the plan; over time is red; next moves."""
    panel = RundownPanel(ctx)
    panel.start_button.click()
    assert "Pembukaan" in panel.projector.value and "kit-rd-over" not in panel.projector.value
    assert "Laporan ketua panitia" in panel.projector.value
    panel.extend_button.click()
    assert panel.starts[1].value == "08:15"
    panel.show(now() + timedelta(minutes=16))
    assert "kit-rd-over" in panel.projector.value and "-01:" in panel.projector.value
    panel.next_button.click()
    assert "Laporan ketua panitia" in panel.projector.value.split("kit-rd-next")[0]
    panel.finish_button.click()
    assert "Tidak ada segmen" in panel.projector.value
    again = rundown.load(ctx.workspace, ctx.session_id).segments
    assert again[0].ended_at is not None and again[1].ended_at is not None


def test_an_overlapping_plan_is_refused_in_one_line_and_a_good_one_saved(
        ctx: PanelContext) -> None:
    """A start inside the previous line shows one error, saves nothing; a fixed plan saves."""
    panel = RundownPanel(ctx)
    panel.starts[1].value = "08:05"
    panel.save_button.click()
    assert "kit-error" in panel.status.value and "tumpang tindih" in panel.status.value
    assert rundown.load(ctx.workspace, ctx.session_id).segments[1].planned_start == "08:10"
    panel.starts[1].value = "08:10"
    panel.minutes[1].value = "5"
    panel.speakers[3].value = "Bu Rina"
    panel.save_button.click()
    assert "tersimpan" in panel.status.value
    stored = rundown.load(ctx.workspace, ctx.session_id).segments
    assert stored[1].planned_minutes == 5 and stored[3].speaker == "Bu Rina"


@pytest.mark.usefixtures("kernel_loop")
def test_build_returns_the_widget_with_its_countdown_scheduled(ctx: PanelContext) -> None:
    """``build`` schedules the countdown; it stops when asked or once the app closes the panel."""
    widget = build(ctx)
    panel = widget.panel
    assert panel.live.running
    panel.stop_live()
    assert not panel.live.running
    panel.live.fire()  # a tick already on its way after a stop does nothing
    assert not panel.live.running
    panel.start_live()
    panel.live.fire()
    assert panel.live.running
    widget.close()
    panel.live.fire()
    assert not panel.live.running
