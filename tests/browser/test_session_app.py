"""Issue 13 in Chromium: the day's app creates an advokasi session and shows one tab per panel."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import psutil
import pytest
from playwright.sync_api import BrowserContext, Page, expect

from kit.records import session_service
from kit.roster.service import participant_table
from kit.session_app.app import activity_choices
from kit.session_app.panels import PANELS
from kit.settings import SESSION_APP
from kit.workspace import open_workspace

pytestmark = [pytest.mark.browser, pytest.mark.slow]

READY = ".kit-session-app .kit-sa-tabs"
SHOTS = Path(os.environ.get("UMKM_KIT_TEST_SHOTS") or tempfile.gettempdir())
OpenPage = Callable[..., tuple[Page, Any]]
DEMO_SESSION = "sragen-komunitas-2026"
NO_SIDEWAYS = "() => document.documentElement.scrollWidth <= window.innerWidth"


@pytest.fixture(autouse=True)
def _patient_first_load(browser_context: BrowserContext) -> Iterator[None]:
    """The first page of a fresh server starts a kernel: allow it 90 s, then restore 30 s."""
    browser_context.set_default_navigation_timeout(90_000)
    yield
    browser_context.set_default_navigation_timeout(30_000)


def _fill(page: Page, field: str, text: str) -> None:
    box = page.locator(f".kit-session-app .kit-sa-f-{field} input")
    box.fill(text)
    box.press("Tab")


def _show_board(page: Page) -> None:
    page.locator(".kit-session-app .kit-sa-tabs button").filter(has_text="Papan pantau").click()
    page.wait_for_selector(".kit-board .kit-bd-head", timeout=30_000)


def test_create_an_advokasi_session_and_see_the_tabs_at_both_sizes(
        open_page: OpenPage, kit_server: Any, viewports: dict[str, dict[str, int]]) -> None:
    """The form creates an advokasi session; its tabs show; nothing scrolls sideways."""
    page, watch = open_page(f"voila/render/{SESSION_APP}", viewport=viewports["desktop"],
                            wait_for=READY)
    page.locator(".kit-sa-new-btn").click()
    page.locator(".kit-session-app .kit-sa-f-activity select").select_option(
        label=dict((v, k) for k, v in activity_choices("id"))["advokasi"])
    # Older than the demo's sessions: the pages that open the newest open session are unchanged.
    _fill(page, "date", "2026-01-15")
    _fill(page, "district", "Sragen")
    _fill(page, "title", "Forum Advokasi Uji Peramban")
    _fill(page, "venue", "Aula Dinas Koperasi")
    page.locator(".kit-sa-create").click()
    status = page.locator(".kit-session-app .kit-status-ok")
    expect(status).to_contain_text("Sesi dibuat", timeout=30_000)

    created = [s.session for s in session_service.summaries(open_workspace(kit_server.workspace))
               if s.session.title == "Forum Advokasi Uji Peramban"]
    assert len(created) == 1 and created[0].activity_id == "advokasi"
    assert created[0].venue == "Aula Dinas Koperasi"
    tabs = page.locator(".kit-session-app .kit-sa-tabs button")
    expect(tabs).to_have_count(len(PANELS))
    board_tab = tabs.filter(has_text="Papan pantau")
    expect(board_tab).to_have_count(1)
    board_tab.click()
    expect(page.locator(".kit-board .kit-bd-head")).to_contain_text("Hadir: 0", timeout=30_000)
    page.screenshot(path=str(SHOTS / "h5-session-app-desktop.png"), full_page=True)
    assert page.evaluate(NO_SIDEWAYS)

    page.set_viewport_size(viewports["phone"])
    page.wait_for_timeout(500)
    page.screenshot(path=str(SHOTS / "h5-session-app-phone.png"), full_page=True)
    assert page.evaluate(NO_SIDEWAYS), page.evaluate(
        "() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert watch.page_errors == []
    assert watch.foreign_requests() == []

    # A demo session in full swing: its board (grid of every present participant) at both sizes.
    full, full_watch = open_page(f"voila/render/{SESSION_APP}?session={DEMO_SESSION}",
                                 viewport=viewports["desktop"], wait_for=READY)
    _show_board(full)
    expect(full.locator(".kit-board .kit-bd-cell").first).to_be_visible(timeout=30_000)
    full.locator(".kit-board .kit-bd-cell.kit-lv-2").first.click()
    expect(full.locator(".kit-board .kit-bd-evidence")).to_be_visible(timeout=30_000)
    full.screenshot(path=str(SHOTS / "h5-board-desktop.png"))
    assert full.evaluate(NO_SIDEWAYS)
    full.set_viewport_size(viewports["phone"])
    full.wait_for_timeout(500)
    full.screenshot(path=str(SHOTS / "h5-board-phone.png"))
    assert full.evaluate(NO_SIDEWAYS), full.evaluate(
        "() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert full_watch.page_errors == []


def _open(context: BrowserContext, url: str, viewport: dict[str, int]) -> Page:
    page = context.new_page()
    page.set_viewport_size(viewport)
    page.goto(url, wait_until="load")
    page.wait_for_selector(READY, timeout=90_000)
    return page


def test_killing_the_apps_kernel_loses_nothing_saved(
        own_kit_server: Any, browser_context: BrowserContext,
        viewports: dict[str, dict[str, int]]) -> None:
    """A session created in the app and a check-in survive a SIGKILL of the app's kernel."""
    server, proc = own_kit_server
    before = {p.pid for p in psutil.Process(proc.pid).children(recursive=True)}
    page = _open(browser_context, server.url(f"voila/render/{SESSION_APP}"),
                 viewports["desktop"])
    try:
        page.locator(".kit-sa-new-btn").click()
        page.locator(".kit-session-app .kit-sa-f-activity select").select_option(
            label=dict((v, k) for k, v in activity_choices("id"))["advokasi"])
        _fill(page, "date", "2026-12-03")
        _fill(page, "district", "Sragen")
        _fill(page, "title", "Forum Advokasi Sebelum Mati Listrik")
        page.locator(".kit-sa-create").click()
        expect(page.locator(".kit-session-app .kit-status-ok")).to_contain_text(
            "Sesi dibuat", timeout=30_000)
        ws = open_workspace(server.workspace)
        [created] = [s.session for s in session_service.summaries(ws)
                     if s.session.title == "Forum Advokasi Sebelum Mati Listrik"]
        _show_board(page)
        # A check-in at the door (another process) reaches the open board by itself.
        pid = str(participant_table(ws)[0]["id"])
        checked = subprocess.run(
            [sys.executable, "-m", "kit", "session", "checkin", created.id, pid,
             "--workspace", str(server.workspace)], capture_output=True, text=True, check=False)
        assert checked.returncode == 0, checked.stderr
        expect(page.locator(".kit-board .kit-bd-head")).to_contain_text("Hadir: 1",
                                                                        timeout=30_000)

        kernels = [p for p in psutil.Process(proc.pid).children(recursive=True)
                   if p.pid not in before]
        assert len(kernels) == 1, kernels
        kernels[0].send_signal(signal.SIGKILL)
        kernels[0].wait(timeout=10)
    finally:
        page.close()

    again = _open(browser_context, server.url(f"voila/render/{SESSION_APP}"),
                  viewports["desktop"])
    try:
        picked = again.locator(".kit-session-app .kit-sa-top select")
        expect(picked).to_have_value(re.compile(".+"))
        shown = picked.evaluate("el => el.options[el.selectedIndex].text")
        assert "Forum Advokasi Sebelum Mati Listrik" in shown.replace("\xa0", " ")
        _show_board(again)
        expect(again.locator(".kit-board .kit-bd-head")).to_contain_text("Hadir: 1",
                                                                         timeout=30_000)
        detail = session_service.detail(open_workspace(server.workspace), created.id)
        assert detail.session == created
        assert [a.participant_id for a in detail.present] == [pid]
        again.screenshot(path=str(SHOTS / "h5-session-app-after-kernel-kill.png"))
    finally:
        again.close()

