"""The door panel without a browser: typing, clicking "Hadir", a walk-in, on real SQLite."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import ipywidgets as w
import pytest

from kit.records import session_service as service
from kit.records.participants import Participant, add_participant
from kit.roster.service import participant_table
from kit.session_app import door_panel
from kit.session_app.panels import PanelContext
from kit.workspace import Workspace, init_workspace, writing


@pytest.fixture
def ws(tmp_path: Path) -> Workspace:
    """Ani (phone 0812-3456-7890) attended an advokasi; Budi attended nothing yet."""
    made = init_workspace(tmp_path / "ws")
    with writing(made) as conn:
        add_participant(conn, Participant(id="pani", name="Ani Lestari", phone="+6281234567890",
                                          district="Kabupaten Sragen"))
        add_participant(conn, Participant(id="pbudi", name="Budi Santoso",
                                          district="Kabupaten Sragen"))
    advokasi, _w = service.create(made, "advokasi", "2026-12-10", "Sragen")
    service.checkin(made, advokasi.id, "pani")
    return made


def _buttons(row: Any) -> list[Any]:
    """The buttons of a result row."""
    return [c for c in row.children if isinstance(c, w.Button)]


def test_search_by_phone_then_hadir_updates_the_counts(ws: Workspace) -> None:
    """A phone typed with spaces finds Ani; "Hadir" checks her in and the count goes up."""
    session, _w = service.create(ws, "bimtek", "2026-12-17", "Sragen", target_size=40)
    panel = door_panel.DoorPanel(PanelContext(ws, session.id))
    assert "0 hadir dari 40 diharapkan" in panel.counts.value
    panel.query.value = "0812 3456"
    [row] = panel.rows
    assert "Ani Lestari" in row.children[0].value and "0812" in row.children[0].value
    _buttons(row)[0].click()
    assert "1 hadir dari 40 diharapkan" in panel.counts.value
    assert "Ani Lestari" in panel.status.value
    assert [p.participant_id for p in service.detail(ws, session.id).present] == ["pani"]
    [row] = panel.rows
    assert _buttons(row) == [] and "sudah hadir" in row.children[0].value


def test_a_newcomer_at_a_bimtek_needs_a_reason(ws: Workspace) -> None:
    """Budi is shown as not eligible; "Hadir" without a reason is refused, with one admitted."""
    session, _w = service.create(ws, "bimtek", "2026-12-17", "Sragen")
    panel = door_panel.DoorPanel(PanelContext(ws, session.id))
    panel.query.value = "budi"
    [row] = panel.rows
    assert "advokasi" in row.children[0].value
    reason = next(c for c in row.children if isinstance(c, w.Text))
    _buttons(row)[0].click()
    assert "kit-error" in panel.status.value and "advokasi" in panel.status.value
    # The way to admit is the panel's (a reason in the box), not the command line's option.
    assert "tulis alasannya" in panel.status.value and "--admit" not in panel.status.value
    assert service.detail(ws, session.id).present == ()
    reason.value = "sudah berjualan online"
    _buttons(row)[0].click()
    [present] = service.detail(ws, session.id).present
    assert present.admit_reason == "sudah berjualan online"
    assert "1 diterima dengan alasan" in panel.counts.value


def test_a_walk_in_is_refused_naming_the_field_then_registered(ws: Workspace) -> None:
    """An invalid phone is one line naming the phone, nothing added; corrected, they are in."""
    session, _w = service.create(ws, "advokasi", "2026-12-11", "Sragen")
    widget = door_panel.build(PanelContext(ws, session.id))
    panel_form = next(c for c in widget.children if "kit-sp-form" in c._dom_classes)
    assert panel_form.layout.display == "none"
    panel = door_panel.DoorPanel(PanelContext(ws, session.id))
    panel.open_form.click()
    form = panel.walk_in
    assert form.widget.layout.display != "none"
    before = participant_table(ws)
    form.name.value, form.district.value, form.phone.value = "Citra Dewi", "Sragen", "12345"
    form.kind.value = "government"
    form.save.click()
    assert "kit-error" in form.feedback.value and "HP" in form.feedback.value
    assert participant_table(ws) == before
    form.phone.value = "0813 1111 2222"
    form.save.click()
    assert "Citra Dewi" in panel.status.value
    assert "1 hadir dari" in panel.counts.value
    assert service.attendance_by_type(ws, session.id)["government"] == 1
    assert form.name.value == ""
