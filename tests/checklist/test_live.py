"""Issue 12: the checklist's colour, live refresh, closed sessions, notes and automatic levels."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from pathlib import Path

from kit.assess.observe import record_evidence_score
from kit.checklist.sample import add_sample_session
from kit.checklist.widget import ChecklistApp, checklist_app
from kit.records.participants import Participant, add_participant
from kit.records.sessions import check_in
from kit.storage.db import write_tx
from kit.workspace import Workspace

from .conftest import Big, open_app, score_rows


def _join(ws: Workspace, session_id: str, pid: str, name: str) -> None:
    """Add a participant and check them in (as the classroom's join page does)."""
    with write_tx(ws.engine) as conn:
        add_participant(conn, Participant(id=pid, name=name, district="Kabupaten Contoh"))
        check_in(conn, session_id, pid)


def test_level_colour_is_a_dom_class_that_follows_every_tap(big_ws: Big) -> None:
    """A tap moves the cell's level class (kit-lv-N), which the front end re-applies."""
    _ws, _session_id, ids = big_ws
    app = open_app(big_ws)
    cell = app.cell(ids[0], "kom_peran")
    assert "kit-lv-none" in cell._dom_classes
    cell.value = 1
    assert "kit-lv-1" in cell._dom_classes and "kit-lv-none" not in cell._dom_classes
    cell.value = 2
    assert "kit-lv-2" in cell._dom_classes and "kit-lv-1" not in cell._dom_classes


def test_refresh_shows_new_joiners_and_practice_results(big_ws: Big) -> None:
    """Without "Muat ulang", a refresh adds check-ins and sandbox levels to grid and counts."""
    ws, session_id, ids = big_ws
    app = open_app(big_ws)
    untouched = app.cell(ids[1], "kom_peran")
    record_evidence_score(ws, ids[0], "kom_peran", 2, details={"sandbox": "test"})
    _join(ws, session_id, "baru-001", "Ibu Baru Datang")
    assert app.refresh() is True
    assert app.visible_participants()[-1] == "baru-001"
    assert app.cell(ids[0], "kom_peran").value == 2
    assert "✓ 1/51" in app.count_label("kom_peran").value
    assert app.cell(ids[1], "kom_peran") is untouched
    assert ("Ibu Baru Datang", "baru-001") in app.note_participant.options
    assert "51" in app.status.value or "51" in app.visible_label.value
    assert app.refresh() is False  # nothing changed since: nothing is re-sent


def test_practice_level_is_marked_automatic_and_observation_is_not(big_ws: Big) -> None:
    """A sandbox/quiz level carries the kit-auto mark and label; the facilitator's tap does not."""
    ws, _session_id, ids = big_ws
    record_evidence_score(ws, ids[0], "kom_peran", 1, details={"quiz": "test"})
    app = open_app(big_ws)
    auto = app.cell(ids[0], "kom_peran")
    assert "kit-auto" in auto._dom_classes
    assert "otomatis" in app.legend.value and "diamati" in app.legend.value
    own = app.cell(ids[1], "kom_peran")
    own.value = 2
    assert "kit-auto" not in own._dom_classes and "kit-observed" in own._dom_classes
    auto.value = 2  # the facilitator confirms: now it is their observation
    assert "kit-auto" not in auto._dom_classes


def test_tap_on_a_closed_session_is_refused_with_a_reason(big_ws: Big) -> None:
    """A closed session's cells do not record: the cell goes back and the line says why."""
    ws, _session_id, _ids = big_ws
    closed, closed_ids = add_sample_session(ws, participants=2, session_id="contoh-tutup",
                                            status="closed")
    app = checklist_app(ws, session_id=closed)
    assert isinstance(app, ChecklistApp)
    before = len(score_rows(ws))
    cell = app.cell(closed_ids[0], "kom_peran")
    cell.value = 2
    assert cell.value is None
    assert len(score_rows(ws)) == before
    assert "kit-status-error" in app.status.value
    indonesian, english = app.status.value.split("⚠ ")[1].split(" · ")
    assert indonesian.startswith("Sesi ini sudah ditutup") and "closed" in english
    assert "kit-cl-closed" in app.widget._dom_classes


def test_retapping_a_cell_keeps_its_note(big_ws: Big) -> None:
    """Tapping another level of a cell with a note keeps the note in the box and in the log."""
    ws, _session_id, ids = big_ws
    app = open_app(big_ws)
    app.cell(ids[2], "kom_tugas").value = 1
    app.note_text.value = "dibantu anaknya"
    app.cell(ids[3], "kom_tugas").value = 1
    app.cell(ids[2], "kom_tugas").value = 2
    assert app.note_text.value == "dibantu anaknya"
    assert score_rows(ws)[-1]["note"] == "dibantu anaknya"


def test_live_refresh_runs_on_the_kernel_loop(big_ws: Big) -> None:
    """The periodic refresh scheduled on the running event loop picks up a new check-in."""
    ws, session_id, _ids = big_ws
    app = open_app(big_ws)

    async def scenario() -> list[str]:
        app.start_live(interval=0.05)
        _join(ws, session_id, "baru-002", "Pak Baru Lagi")
        for _ in range(200):
            if "baru-002" in app.visible_participants():
                break
            await asyncio.sleep(0.05)
        app.stop_live()
        return app.visible_participants()

    assert "baru-002" in asyncio.run(scenario())


def test_importing_the_package_does_not_pull_ipywidgets_or_storage_into_the_widget() -> None:
    """``import kit.checklist`` stays widget-free, and the widget module imports no SQLAlchemy."""
    code = ("import sys, kit.checklist, kit.checklist.state; "
            "print('ipywidgets' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.strip()
    assert out == "False"
    import kit.checklist.widget as widget_module

    source = Path(widget_module.__file__).read_text(encoding="utf-8")
    assert "sqlalchemy" not in source and "kit.storage" not in source


def test_state_refresh_reports_joiners_and_changed_cells_only(big_ws: Big) -> None:
    """``ChecklistState.refresh`` names new attendees and changed cells; the origin is kept."""
    from kit.checklist.state import ChecklistState

    ws, session_id, ids = big_ws
    state = ChecklistState(ws, session_id)
    assert not state.refresh()
    record_evidence_score(ws, ids[4], "kom_tugas", 1, details={"sandbox": "test"})
    _join(ws, session_id, "baru-003", "Bu Ketiga")
    changes = state.refresh()
    assert [r.participant_id for r in changes.new_rows] == ["baru-003"]
    assert changes.changed == frozenset({(ids[4], "kom_tugas")})
    assert state.cell(ids[4], "kom_tugas").automatic
    assert state.cell(ids[4], "kom_tugas").level == 1
