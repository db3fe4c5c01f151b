"""The report panel on a real SQLite workspace: each button saves its file and offers its link."""

from __future__ import annotations

import base64
import io
import re
from pathlib import Path

import openpyxl

from kit.session_app import report_panel
from kit.session_app.panels import PANELS, PanelContext
from tests.reports.conftest import SHOWN_PHONE, build_finished


def _link_data(link_html: str) -> bytes:
    """The bytes behind a ``data:`` download link."""
    found = re.search(r"base64,([A-Za-z0-9+/=]+)", link_html)
    assert found, link_html
    return base64.b64decode(found.group(1))


def test_each_button_saves_its_file_and_offers_it(tmp_path: Path) -> None:
    """PDF, Excel, HTML and the attendance sheet are saved in reports/ and linked on the page."""
    finished = build_finished(tmp_path / "ws")
    panel = report_panel.ReportPanel(PanelContext(finished.ws, finished.session_id, lang="id"))
    sid = finished.session_id
    expected = {"pdf": (f"laporan-{sid}.pdf", b"%PDF"), "xlsx": (f"laporan-{sid}.xlsx", b"PK"),
                "html": (f"laporan-{sid}.html", b"<!DOCTYPE html>"),
                "sheet": (f"daftar-hadir-{sid}.pdf", b"%PDF")}
    for kind, (name, magic) in expected.items():
        panel.buttons[kind].click()
        saved = finished.ws.root / "reports" / name
        assert "Tersimpan di folder reports" in panel.result.value and name in panel.result.value
        assert saved.read_bytes().startswith(magic)
        assert f"download='{name}'" in panel.link.value
        assert _link_data(panel.link.value) == saved.read_bytes()
    assert "report_panel" in [spec.module for spec in PANELS]


def test_contacts_only_when_ticked_and_an_empty_session_is_refused(tmp_path: Path) -> None:
    """Phones appear only with the box ticked; a session nobody attended gets one line, no link."""
    finished = build_finished(tmp_path / "ws")
    panel = report_panel.ReportPanel(PanelContext(finished.ws, finished.session_id, lang="en"))
    without = panel.make("xlsx")
    panel.contacts.value = True
    with_phones = panel.make("xlsx")
    assert without is not None and with_phones is not None

    def values(data: bytes) -> set[object]:
        wb = openpyxl.load_workbook(io.BytesIO(data))
        return {c.value for ws in wb.worksheets for row in ws.iter_rows() for c in row}

    assert SHOWN_PHONE not in values(without.data) and SHOWN_PHONE in values(with_phones.data)
    empty = report_panel.ReportPanel(PanelContext(finished.ws, finished.empty_id, lang="en"))
    empty.buttons["pdf"].click()
    assert "has no participant checked in yet" in empty.result.value
    assert empty.link.value == ""
    assert not (finished.ws.root / "reports" / f"laporan-{finished.empty_id}.pdf").exists()
