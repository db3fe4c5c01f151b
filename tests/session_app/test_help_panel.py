"""The facilitator's help queue panel on a real workspace: lines, waiting time, "Selesai"."""

from __future__ import annotations

from pathlib import Path

from kit.i18n import set_language
from kit.records import session_service
from kit.records.participants import Participant, add_participant
from kit.room import help_service
from kit.session_app import help_panel
from kit.session_app.panels import PanelContext
from kit.workspace import Workspace, init_workspace, writing


def _room(tmp_path: Path) -> tuple[Workspace, str]:
    """A workspace with Ani and Budi checked in to an open advokasi session."""
    ws = init_workspace(tmp_path / "ws")
    with writing(ws) as conn:
        add_participant(conn, Participant(id="pani", name="Ani", district="Kabupaten Sragen"))
        add_participant(conn, Participant(id="pbudi", name="Budi", district="Kabupaten Sragen"))
    session, _w = session_service.create(ws, "advokasi", "2026-12-10", "Sragen")
    return ws, session.id


def test_the_queue_shows_new_requests_and_done_records_who(tmp_path: Path) -> None:
    """A refresh adds a line per request (name, place, minutes); "Selesai" resolves as the actor."""
    ws, sid = _room(tmp_path)
    panel = help_panel.HelpPanel(PanelContext(ws, sid, lang="id", actor="Bu Sari"))
    assert "Tidak ada yang menunggu" in panel.head.value and panel.rows.children == ()
    help_service.request_help(ws, "pani", "advokasi", "adv_nawacita", sid)
    help_service.request_help(ws, "pbudi", "advokasi", None, sid)
    panel.refresh()
    assert "2 peserta minta bantuan" in panel.head.value
    first = panel.lines[min(panel.lines)]
    assert "Ani" in first[1].value and "menunggu 0 menit" in first[1].value
    assert "Nawacita" in first[1].value or "1." in first[1].value
    first[2].click()
    assert [e.request.name for e in help_service.queue(ws, sid)] == ["Budi"]
    assert len(panel.rows.children) == 1 and "1 peserta" in panel.head.value
    help_service.cancel_help(ws, "pbudi")
    panel.refresh()
    assert panel.rows.children == ()


def test_an_unknown_session_is_one_line_not_a_traceback(tmp_path: Path) -> None:
    """A session id that does not exist shows one error line naming it (in the visit's language)."""
    ws, _sid = _room(tmp_path)
    set_language("en")
    panel = help_panel.HelpPanel(PanelContext(ws, "tidak-ada", lang="en"))
    assert "there is no session &#39;tidak-ada&#39;" in panel.status.value
    assert panel.rows.children == ()
