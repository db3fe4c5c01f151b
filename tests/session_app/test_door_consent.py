"""The door panel's consent question (UU PDP) without a browser: widgets set by ``.value``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import ipywidgets as w
import pytest

from kit.records import consent_service
from kit.records import session_service as service
from kit.records.participants import Participant, add_participant
from kit.session_app import door_panel
from kit.session_app.panels import PanelContext
from kit.workspace import Workspace, init_workspace, writing

QUESTION = ("Apakah Bapak/Ibu setuju data kegiatan ini dipakai untuk laporan program, tanpa "
            "nama dan nomor HP?")


@pytest.fixture
def ws(tmp_path: Path) -> Workspace:
    """Ani and Budi on the roster; Budi already consented at the roster import."""
    made = init_workspace(tmp_path / "ws")
    with writing(made) as conn:
        add_participant(conn, Participant(id="pani", name="Ani Lestari",
                                          district="Kabupaten Sragen"))
        add_participant(conn, Participant(id="pbudi", name="Budi Santoso",
                                          district="Kabupaten Sragen"))
    consent_service.give(made, ["pbudi"], by="impor roster", context="roster")
    return made


def _question(row: Any) -> Any:
    """The consent question's yes/no buttons in a result row, or ``None``."""
    found = [c for box in row.children if isinstance(box, w.VBox) for c in box.children
             if isinstance(c, w.ToggleButtons)]
    return found[0] if found else None


def _hadir(row: Any) -> Any:
    """The "Hadir" button of a result row."""
    return next(c for c in row.children if isinstance(c, w.Button))


def _answer(ws: Workspace, name: str) -> consent_service.PersonConsent:
    """The current consent of the person called ``name``."""
    return next(s for s in consent_service.states(ws) if s.name == name)


def test_the_question_is_asked_only_of_someone_never_asked(ws: Workspace) -> None:
    """Ani (never asked) gets the read-aloud question next to "Hadir"; Budi does not."""
    session, _w = service.create(ws, "advokasi", "2026-12-10", "Sragen", facilitator="Bu Rina")
    panel = door_panel.DoorPanel(PanelContext(ws, session.id))
    panel.query.value = "Ani"
    [row] = panel.rows
    assert _question(row) is not None and _question(row).value is None
    assert QUESTION in str([c.value for box in row.children if isinstance(box, w.VBox)
                            for c in box.children if isinstance(c, w.HTML)])
    _question(row).value = True
    _hadir(row).click()
    ani = _answer(ws, "Ani Lestari").latest
    assert ani is not None and (ani.given, ani.context, ani.session_id, ani.recorded_by) == (
        True, "checkin", session.id, "Bu Rina")
    panel.query.value = "Budi"
    [row] = panel.rows
    assert _question(row) is None


def test_not_answering_does_not_block_check_in(ws: Workspace) -> None:
    """"Hadir" without an answer checks Ani in and records no consent."""
    session, _w = service.create(ws, "advokasi", "2026-12-10", "Sragen")
    panel = door_panel.DoorPanel(PanelContext(ws, session.id))
    panel.query.value = "Ani"
    [row] = panel.rows
    _hadir(row).click()
    assert [p.participant_id for p in service.detail(ws, session.id).present] == ["pani"]
    assert _answer(ws, "Ani Lestari").answer == "unasked"


def test_the_walk_in_form_asks_too(ws: Workspace) -> None:
    """A walk-in answering 'tidak' is registered, checked in, and recorded as not consenting."""
    session, _w = service.create(ws, "advokasi", "2026-12-10", "Sragen")
    panel = door_panel.DoorPanel(PanelContext(ws, session.id))
    form = panel.walk_in
    form.name.value, form.district.value = "Citra Dewi", "Sragen"
    form.consent.buttons.value = False
    form.save.click()
    assert "Citra Dewi" in panel.status.value
    citra = _answer(ws, "Citra Dewi").latest
    assert citra is not None and (citra.given, citra.context) == (False, "registration")
    assert form.consent.buttons.value is None
