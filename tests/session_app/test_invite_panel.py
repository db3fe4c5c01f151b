"""The invite panel without a browser: its groups and "admit with a reason", on real SQLite."""

from __future__ import annotations

from pathlib import Path

from kit.records import session_service as service
from kit.records.participants import Participant, add_participant
from kit.session_app import invite_panel
from kit.session_app.panels import PanelContext
from kit.workspace import init_workspace, writing


def test_groups_and_admitting_a_newcomer_with_a_reason(tmp_path: Path) -> None:
    """Budi (no advokasi) is not yet eligible; admitted with a reason he moves to "admitted"."""
    ws = init_workspace(tmp_path / "ws")
    with writing(ws) as conn:
        add_participant(conn, Participant(id="pani", name="Ani", district="Kabupaten Sragen"))
        add_participant(conn, Participant(id="pbudi", name="Budi", district="Kabupaten Sragen"))
    advokasi, _w = service.create(ws, "advokasi", "2026-12-10", "Sragen")
    service.checkin(ws, advokasi.id, "pani")
    bimtek, _w = service.create(ws, "bimtek", "2026-12-17", "Sragen")
    panel = invite_panel.InvitePanel(PanelContext(ws, bimtek.id))
    shown = " ".join(c.children[0].value if hasattr(c, "children") else c.value
                     for c in panel.groups.children)
    assert "Memenuhi syarat (1)" in shown and "Belum memenuhi syarat (1)" in shown
    assert "advokasi" in shown
    assert list(panel.admit_buttons) == ["pbudi"]
    reason, admit = panel.admit_buttons["pbudi"]
    admit.click()
    assert "kit-error" in panel.status.value
    assert service.detail(ws, bimtek.id).present == ()
    reason.value = "sudah punya toko online"
    admit.click()
    assert "Budi" in panel.status.value
    shown = " ".join(c.children[0].value if hasattr(c, "children") else c.value
                     for c in panel.groups.children)
    assert "Diterima atas izin fasilitator (1)" in shown and "sudah punya toko online" in shown
    assert panel.admit_buttons == {}
    assert invite_panel.build(PanelContext(ws, bimtek.id)) is not None
