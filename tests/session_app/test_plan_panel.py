"""The plan panel without a browser: facts, people and the guide's warnings, on real SQLite."""

from __future__ import annotations

from pathlib import Path

from kit.records import session_service as service
from kit.records.sessions import CommitteeMember
from kit.session_app import plan_panel
from kit.session_app.panels import PanelContext
from kit.workspace import init_workspace


def test_saving_the_plan_stores_the_people_and_warns_outside_the_guide(tmp_path: Path) -> None:
    """Committee, support team, head of office, notes are saved; 60 people and one helper warn."""
    ws = init_workspace(tmp_path / "ws")
    session, _w = service.create(ws, "bimtek", "2026-12-17", "Sragen")
    panel = plan_panel.PlanPanel(PanelContext(ws, session.id))
    assert panel.inputs["district"].value == "Kabupaten Sragen"
    assert "Narasumber" in panel.speakers.value and "Fasilitator 1" in panel.speakers.value
    panel.roles["ketua"].value = "Ibu Rina"
    panel.members.value = "Dewi\nEko"
    panel.inputs["support_team"].value = "Fajar"
    panel.inputs["head_of_office"].value = "Drs. Hartono"
    panel.inputs["notes"].value = "Bawa proyektor cadangan."
    panel.inputs["target_size"].value = "60"
    panel.inputs["venue"].value = "Aula Dinas"
    panel.save.click()
    assert "Tersimpan" in panel.feedback.value
    assert "60" in panel.feedback.value and "4.1.8" in panel.feedback.value
    saved = service.detail(ws, session.id).session
    assert saved.committee == (CommitteeMember("ketua", "Ibu Rina"),
                               CommitteeMember("anggota", "Dewi"),
                               CommitteeMember("anggota", "Eko"))
    assert saved.support_team == ("Fajar",) and saved.head_of_office == "Drs. Hartono"
    assert saved.notes == "Bawa proyektor cadangan." and saved.target_size == 60
    assert saved.venue == "Aula Dinas"


def test_a_bad_field_is_one_line_naming_it_and_nothing_is_saved(tmp_path: Path) -> None:
    """A date written 17/12/2026 names the date field; the venue typed with it is not saved."""
    ws = init_workspace(tmp_path / "ws")
    session, _w = service.create(ws, "advokasi", "2026-12-10", "Sragen")
    panel = plan_panel.PlanPanel(PanelContext(ws, session.id))
    panel.inputs["date"].value = "17/12/2026"
    panel.inputs["venue"].value = "Balai Desa"
    panel.save.click()
    assert "kit-error" in panel.feedback.value and "Tanggal" in panel.feedback.value
    assert service.detail(ws, session.id).session.venue is None
    panel.inputs["date"].value = "2026-12-12"
    panel.inputs["target_size"].value = "banyak"
    panel.save.click()
    assert "kit-error" in panel.feedback.value
    assert service.detail(ws, session.id).session.venue is None
    assert plan_panel.build(PanelContext(ws, session.id)) is not None
