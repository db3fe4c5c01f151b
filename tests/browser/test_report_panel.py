"""Issue 13 in Chromium: the day's app makes the PDF report from its report tab, at both sizes."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from kit.records import session_service
from kit.settings import SESSION_APP
from kit.workspace import open_workspace

pytestmark = [pytest.mark.browser, pytest.mark.slow,
              pytest.mark.usefixtures("patient_first_load")]

READY = ".kit-session-app .kit-sa-tabs"
SHOTS = Path(os.environ.get("UMKM_KIT_TEST_SHOTS") or tempfile.gettempdir())
NO_SIDEWAYS = "() => document.documentElement.scrollWidth <= window.innerWidth"
OpenPage = Callable[..., tuple[Page, Any]]


def test_report_tab_makes_the_pdf_and_fits_desktop_and_phone(
        open_page: OpenPage, kit_server: Any, viewports: dict[str, dict[str, int]]) -> None:
    """"Buat laporan PDF" saves the report and links it; nothing scrolls sideways at either size."""
    ws = open_workspace(kit_server.workspace)
    attended = [s.session.id for s in session_service.summaries(ws) if s.checked_in]
    assert attended, "the demo workspace has a session with participants checked in"
    sid = attended[0]
    page, watch = open_page(f"voila/render/{SESSION_APP}?session={sid}",
                            viewport=viewports["desktop"], wait_for=READY)
    page.locator(".kit-session-app .kit-sa-tabs button").filter(
        has_text="Laporan kegiatan").click()
    page.locator(".kit-report-panel button").filter(has_text="Buat laporan PDF").click()
    expect(page.locator(".kit-report-panel .kit-ok")).to_contain_text("Tersimpan",
                                                                     timeout=60_000)
    link = page.locator(".kit-report-panel a[download]")
    expect(link).to_have_attribute("download", f"laporan-{sid}.pdf")
    assert (kit_server.workspace / "reports" / f"laporan-{sid}.pdf").read_bytes()[:4] == b"%PDF"
    page.screenshot(path=str(SHOTS / "h4-report-panel-desktop.png"), full_page=True)
    assert page.evaluate(NO_SIDEWAYS)

    page.set_viewport_size(viewports["phone"])
    page.wait_for_timeout(500)
    page.screenshot(path=str(SHOTS / "h4-report-panel-phone.png"), full_page=True)
    assert page.evaluate(NO_SIDEWAYS), page.evaluate(
        "() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert watch.page_errors == []
    assert watch.foreign_requests() == []
