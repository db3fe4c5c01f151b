from __future__ import annotations

from pathlib import Path

import ipywidgets as w
import pytest
from sqlalchemy.exc import OperationalError

from kit.assess.demo import init_demo_workspace
from kit.assess.observe import record_observation
from kit.checklist.sample import add_sample_session
from kit.checklist.widget import ChecklistApp, checklist_app
from kit.workspace import Workspace, init_workspace

from .conftest import Big, open_app, score_rows


def test_opens_newest_open_session_by_default(demo_ws: Workspace) -> None:
    """Without a session id the app opens the newest open session with its attendees."""
    app = checklist_app(demo_ws, query_string="")
    assert isinstance(app, ChecklistApp) and app.state is not None
    assert app.session_picker.value == "pontianak-komunitas-2026"
    assert app.facilitator.value == "Bu Maya (Dinas Koperasi dan UKM)"
    assert len(app.visible_participants()) == len(app.state.rows) > 0
    assert "Mandiri" in app.legend.value and "Dengan bantuan minimal" in app.legend.value
    assert "Belum" in app.legend.value


def test_query_string_picks_the_session(demo_ws: Workspace) -> None:
    """``?session=ID`` from Voila's QUERY_STRING opens that session; an unknown one warns."""
    app = checklist_app(demo_ws, query_string="session=sragen-bimtek-2026")
    assert isinstance(app, ChecklistApp) and app.state is not None
    assert app.state.session.id == "sragen-bimtek-2026"
    other = checklist_app(demo_ws, query_string="session=nope")
    assert isinstance(other, ChecklistApp) and other.state is not None
    assert other.state.session.id == "pontianak-komunitas-2026"
    assert "nope" in other.status.value and "kit-status-error" in other.status.value


def test_tap_saves_and_shows_saved_after_commit(big_ws: Big) -> None:
    """Setting a cell's value writes the observation, then shows "tersimpan" and the new count."""
    ws, session_id, ids = big_ws
    app = open_app(big_ws)
    cell = app.cell(ids[3], "kom_macam_pembinaan")
    assert cell.value is None
    cell.value = 2
    rows = score_rows(ws)
    assert [(r["participant_id"], r["item_id"], r["level"], r["session_id"], r["recorded_by"])
            for r in rows] == [(ids[3], "kom_macam_pembinaan", 2, session_id,
                                "Bu Contoh (Dinas Koperasi dan UKM)")]
    assert "Tersimpan" in app.status.value and "2 Mandiri" in app.status.value
    assert "✓ 1/50" in app.count_label("kom_macam_pembinaan").value
    assert "kit-lv-2" in cell._dom_classes
    assert (app.note_participant.value, app.note_item.value) == (ids[3], "kom_macam_pembinaan")
    cell.value = 0
    assert "✓ 0/50" in app.count_label("kom_macam_pembinaan").value
    assert len(score_rows(ws)) == 2


def test_reload_shows_stored_levels_and_notes(big_ws: Big) -> None:
    """A new app (a browser refresh or a new kernel) shows exactly what was stored."""
    ws, _session_id, ids = big_ws
    app = open_app(big_ws)
    app.cell(ids[0], "kom_pelantikan").value = 1
    app.note_text.value = "=dibantu rekan"
    app.facilitator.value = "Pak Joko"
    app.cell(ids[1], "kom_tugas").value = 2
    again = open_app(big_ws)
    assert again.cell(ids[0], "kom_pelantikan").value == 1
    assert again.cell(ids[1], "kom_tugas").value == 2
    assert again.cell(ids[2], "kom_tugas").value is None
    assert again.facilitator.value == "Pak Joko"
    again.note_participant.value = ids[0]
    again.note_item.value = "kom_pelantikan"
    assert again.note_text.value == "=dibantu rekan"
    assert [r["note"] for r in score_rows(ws)] == [None, "=dibantu rekan", None]


def test_note_needs_a_level_first(big_ws: Big) -> None:
    """For a cell without a level the note field is disabled and nothing can be written."""
    ws, _session_id, ids = big_ws
    app = open_app(big_ws)
    app.note_participant.value = ids[5]
    app.note_item.value = "kom_peran"
    assert app.note_text.disabled
    app.note_text.value = "catatan"
    assert score_rows(ws) == []
    assert app.note_text.value == ""
    assert "kit-status-error" in app.status.value


def test_filter_not_yet_hides_achieved_rows(big_ws: Big) -> None:
    """The "belum" filter keeps rows with an unachieved item of the materi (or chosen item)."""
    _ws, _session_id, ids = big_ws
    app = open_app(big_ws)
    app.materi_picker.value = "kom_pemilihan"
    for item_id in ("kom_pemilihan_pengurus", "kom_pelantikan"):
        app.cell(ids[0], item_id).value = 2
    app.cell(ids[1], "kom_pemilihan_pengurus").value = 1
    app.filter_not_yet.value = True
    visible = app.visible_participants()
    assert ids[0] not in visible and ids[1] in visible and len(visible) == 49
    app.filter_item.value = "kom_pemilihan_pengurus"
    visible = app.visible_participants()
    assert ids[0] not in visible and ids[1] not in visible and len(visible) == 48
    assert "48" in app.visible_label.value
    app.filter_not_yet.value = False
    assert len(app.visible_participants()) == 50


def test_missing_facilitator_blocks_saving(big_ws: Big) -> None:
    """With the name field emptied a tap is refused, the cell goes back and nothing is stored."""
    ws, _session_id, ids = big_ws
    app = open_app(big_ws)
    app.facilitator.value = "   "
    cell = app.cell(ids[0], "kom_peran")
    cell.value = 2
    assert cell.value is None
    assert score_rows(ws) == []
    assert "fasilitator" in app.status.value


def test_failed_write_reverts_the_cell(big_ws: Big, monkeypatch: pytest.MonkeyPatch) -> None:
    """If the database refuses the write, the cell shows the stored level and an error."""
    ws, _session_id, ids = big_ws
    app = open_app(big_ws)
    app.cell(ids[0], "kom_peran").value = 1

    def locked(*_args: object, **_kwargs: object) -> None:
        raise OperationalError("INSERT", {}, Exception("database is locked"))

    monkeypatch.setattr("kit.checklist.service.record_observation", locked)
    app.cell(ids[0], "kom_peran").value = 2
    assert app.cell(ids[0], "kom_peran").value == 1
    assert "Belum tersimpan" in app.status.value
    assert app.state is not None and app.state.cell(ids[0], "kom_peran").level == 1
    assert [r["level"] for r in score_rows(ws)] == [1]


def test_reload_button_shows_changes_from_another_device(big_ws: Big) -> None:
    """Levels written elsewhere (another laptop, the CLI) appear after "Muat ulang"."""
    ws, session_id, ids = big_ws
    app = open_app(big_ws)
    app.materi_picker.value = "kom_pembekalan"
    record_observation(ws, ids[7], "kom_peran", 2, facilitator="Pak Lain", session_id=session_id)
    assert app.cell(ids[7], "kom_peran").value is None
    app.reload_button.click()
    assert app.cell(ids[7], "kom_peran").value == 2
    assert app.materi_picker.value == "kom_pembekalan"
    assert app.facilitator.value == "Pak Lain"
    assert "Muat ulang" not in app.status.value and "dimuat ulang" in app.status.value


def test_switching_session_rebuilds_the_grid(big_ws: Big) -> None:
    """Choosing another session in the picker shows that session's participants and items."""
    ws, _session_id, _ids = big_ws
    other, other_ids = add_sample_session(ws, participants=3, activity_id="bimtek",
                                          session_id="contoh-bimtek", status="closed")
    app = open_app(big_ws)
    assert any(sid == other for _label, sid in app.session_picker.options)
    app.session_picker.value = other
    assert app.state is not None and app.state.session.id == other
    assert app.visible_participants() == other_ids
    assert app.cell(other_ids[0], "email_cc_bcc").value is None


def test_full_size_session_builds_every_cell_with_shared_models(big_ws: Big) -> None:
    """50 × 21 builds all 1050 cells; they share one layout and one style model."""
    _ws, _session_id, ids = big_ws
    app = open_app(big_ws)
    assert app.state is not None
    cells = [app.cell(pid, item.id) for pid in ids for item in app.state.items]
    assert len(cells) == 1050 == len({id(c) for c in cells})
    assert len({c.layout.model_id for c in cells}) == 1
    assert len({c.style.model_id for c in cells}) == 1
    assert app.cell(ids[0], "kom_peran").options == (("2", 2), ("1", 1), ("0", 0))
    assert app.cell(ids[0], "kom_peran").tooltips == (
        "Mandiri", "Dengan bantuan minimal", "Belum")
    for materi in app.state.materi:
        app.materi_picker.value = materi.id
        assert len(app.visible_participants()) == 50
        grid = app.grid_holder.children[0]
        assert isinstance(grid, w.GridBox)
        assert len(grid.children) == (1 + len(materi.items)) * 51
    app.close()


def test_no_sessions_and_no_attendees(tmp_path: Path) -> None:
    """An empty workspace explains there is no session; a session without attendees says so."""
    ws = init_workspace(tmp_path / "empty")
    app = checklist_app(ws)
    assert isinstance(app, ChecklistApp) and app.state is None
    assert "Belum ada sesi" in app.body.children[0].value
    add_sample_session(ws, participants=0)
    app = checklist_app(ws)
    assert isinstance(app, ChecklistApp) and app.state is not None
    assert "Belum ada peserta" in app.body.children[1].value


def test_missing_workspace_gives_a_message(tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """Without a workspace the page shows a translated explanation instead of a traceback."""
    monkeypatch.setenv("UMKM_KIT_WORKSPACE", str(tmp_path / "none"))
    page = checklist_app()
    assert isinstance(page, w.HTML) and "bukan ruang kerja" in page.value


def test_closing_the_checklist_leaves_other_widgets_open(tmp_path: Path) -> None:
    """Closing a checklist closes its own widgets only, never the other widgets of the kernel."""
    ws = init_demo_workspace(tmp_path / "ws")
    bystander = w.Layout(width="100%")
    app = checklist_app(ws)
    app.close()
    assert bystander.comm is not None
    assert w.HTML("still works", layout=bystander).comm is not None
