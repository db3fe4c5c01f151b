"""The live board panel: built from the database, refreshed in place, evidence one click away."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kit.assess.observe import record_evidence_score, record_observation
from kit.cli import main
from kit.framework import framework
from kit.records import session_service
from kit.records.participants import Participant, add_participant
from kit.session_app.board_panel import BoardPanel, board_panel, build, cell_class
from kit.session_app.panels import PanelContext
from kit.storage.db import write_tx
from kit.workspace import Workspace, init_workspace


@pytest.fixture
def room(tmp_path: Path) -> tuple[Workspace, str]:
    """A bimtek session with two participants checked in (admitted) and a third not present."""
    ws = init_workspace(tmp_path / "ws")
    with write_tx(ws.engine) as conn:
        for pid, name in (("p1", "Ani"), ("p2", "Budi"), ("p3", "Citra")):
            add_participant(conn, Participant(pid, name, "Kabupaten Sragen"))
    session, _warnings = session_service.create(ws, "bimtek", "2026-12-03", "Sragen")
    for pid in ("p1", "p2"):
        session_service.checkin(ws, session.id, pid, admit_reason="uji coba")
    return ws, session.id


def _panel(ws: Workspace, session_id: str) -> BoardPanel:
    panel = board_panel(PanelContext(ws, session_id, "en"))
    assert isinstance(panel, BoardPanel)
    return panel


def test_a_refresh_changes_only_the_cell_and_tally_that_changed(
        room: tuple[Workspace, str]) -> None:
    """A tap recorded elsewhere is seen by the next poll and changes one cell button only."""
    ws, sid = room
    item = framework().activity("bimtek").items[0].id
    other = framework().activity("bimtek").items[1].id
    panel = _panel(ws, sid)
    cell, untouched = panel.cells[("p1", item)], panel.cells[("p1", other)]
    assert cell.description == "–" and "kit-lv-none" in cell._dom_classes
    assert "0/2" in panel.items.value
    chart = panel.chart.value
    assert panel.poll() is False and panel.refresh() is False
    record_observation(ws, "p1", item, 2, facilitator="Rina", session_id=sid)
    assert panel.poll() is True
    assert panel.poll() is False
    assert panel.cells[("p1", item)] is cell and cell.description == "2"
    assert "kit-lv-2" in cell._dom_classes and cell_class("p1", item) in cell._dom_classes
    assert untouched.description == "–"
    assert "1/2" in panel.items.value
    first_materi = framework().activity("bimtek").materi[0].id
    assert "1/2" in panel._grids[first_materi].children[1].value  # the item's column head
    assert panel.chart.value == chart  # bimtek's first item alone moves nobody's stage


def test_a_check_in_adds_a_row_and_an_absent_person_is_not_on_the_board(
        room: tuple[Workspace, str]) -> None:
    """Citra is not on the board until she is checked in; then her row appears, typed."""
    ws, sid = room
    with write_tx(ws.engine) as conn:
        add_participant(conn, Participant("p4", "Dewi", "Kabupaten Sragen",
                                          participant_type="ngo"))
    session_service.checkin(ws, sid, "p4", admit_reason="uji coba")
    panel = _panel(ws, sid)
    assert "<b>Dewi</b> <span class='kit-muted'>(NGO/practitioner)</span>" in panel.missing.value
    assert "UMKM owners: 2" in panel.head.value
    assert "Citra" not in panel.missing.value and "Present: 3" in panel.head.value
    session_service.checkin(ws, sid, "p3", admit_reason="uji coba")
    panel.refresh()
    assert "Citra" in panel.missing.value and "Present: 4" in panel.head.value
    assert ("p3", framework().activity("bimtek").items[0].id) in panel.cells


def test_clicking_an_automatic_cell_shows_the_email_sent(room: tuple[Workspace, str]) -> None:
    """The sandbox's record of an email sent is shown when its cell is clicked."""
    ws, sid = room
    item = framework().activity("bimtek").items[2].id
    record_evidence_score(ws, "p2", item, 2, session_id=sid,
                          details={"sandbox": True, "action": "send",
                                   "subject": "Penawaran <keripik>", "to": ["a@b.id"]})
    panel = _panel(ws, sid)
    button = panel.cells[("p2", item)]
    assert "kit-auto" in button._dom_classes and button.description == "2 ⚙"
    button.click()
    assert "Penawaran &lt;keripik&gt;" in panel.evidence.value
    assert "a@b.id" in panel.evidence.value and "Budi" in panel.evidence.value
    panel.cells[("p1", item)].click()
    assert "Nothing is recorded for this item yet." in panel.evidence.value


@pytest.mark.usefixtures("kernel_loop")
def test_an_unknown_session_is_one_line_and_the_live_timer_stops_with_the_tab(
        room: tuple[Workspace, str]) -> None:
    """A board of a missing session says so in one line; closing the tab stops the refresh."""
    ws, sid = room
    missing = board_panel(PanelContext(ws, "nope", "en"))
    assert not isinstance(missing, BoardPanel) and "no session &#39;nope&#39;" in missing.value
    panel = _panel(ws, sid)
    panel.start_live(interval=60)
    assert panel.live.running
    panel.widget.close()
    panel.live.fire()
    assert not panel.live.running
    assert build(PanelContext(ws, sid, "en")) is not None


def test_the_board_command_prints_the_board_evidence_and_refuses_bad_ids_in_one_line(
        room: tuple[Workspace, str], capsys: pytest.CaptureFixture[str]) -> None:
    """``kit board ID`` is the tab's twin: tallies, what is missing, stages, one cell's evidence."""
    ws, sid = room
    item = framework().activity("bimtek").items[2].id
    record_evidence_score(ws, "p2", item, 2, session_id=sid,
                          details={"sandbox": True, "action": "send", "subject": "Halo"})
    where = ["--workspace", str(ws.root), "--lang", "en"]
    assert main(["board", sid, *where]) == 0
    out = capsys.readouterr().out
    assert "Present: 2" in out and "  1.3     1/2" in out and "Ani: 1.1, 1.2, 1.3" in out
    assert main(["board", sid, "--format", "json", *where]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [r["name"] for r in data["rows"]] == ["Ani", "Budi"]
    assert main(["board", sid, "--evidence", "p2", item, *where]) == 0
    assert "  Subject: Halo" in capsys.readouterr().out
    assert main(["board", "nope", *where]) == 2
    err = capsys.readouterr().err.strip()
    assert err == "ID: there is no session 'nope' (see 'session list')"
    assert main(["board", sid, "--evidence", "p3", item, *where]) == 2
    assert capsys.readouterr().err.startswith("PARTICIPANT_ID: 'p3' is not checked in")
