"""Issue 13 in Chromium: the day's app, its tabs at both sizes, and the day with a killed kernel."""

from __future__ import annotations

import os
import signal
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import psutil
import pytest
from playwright.sync_api import BrowserContext, Page, expect

from kit.i18n import gettext_
from kit.records import session_service
from kit.records.participants import Participant, add_participant
from kit.roster.service import participant_table
from kit.session_app.app import activity_choices
from kit.session_app.panels import PANELS
from kit.settings import SESSION_APP
from kit.storage.db import write_tx
from kit.workspace import open_workspace

pytestmark = [pytest.mark.browser, pytest.mark.slow,
              pytest.mark.usefixtures("patient_first_load")]

READY = ".kit-session-app .kit-sa-tabs"
SHOTS = Path(os.environ.get("UMKM_KIT_TEST_SHOTS") or tempfile.gettempdir())
OpenPage = Callable[..., tuple[Page, Any]]
DEMO_SESSION = "sragen-komunitas-2026"
NO_SIDEWAYS = "() => document.documentElement.scrollWidth <= window.innerWidth"


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


def _tab(page: Page, english: str) -> None:
    """Show the tab whose title is ``english`` in Bahasa Indonesia."""
    page.locator(".kit-session-app .kit-sa-tabs").get_by_role(
        "button", name=gettext_(english, "id"), exact=True).click()


def _create_session(page: Page, activity: str, day: str, title: str) -> None:
    page.locator(".kit-sa-new-btn").click()
    page.locator(".kit-session-app .kit-sa-f-activity select").select_option(
        label=dict((v, k) for k, v in activity_choices("id"))[activity])
    _fill(page, "date", day)
    _fill(page, "district", "Sragen")
    _fill(page, "title", title)
    page.locator(".kit-sa-create").click()
    expect(page.locator(".kit-session-app .kit-status-ok")).to_contain_text(
        "Sesi dibuat", timeout=30_000)


def _at_the_door(page: Page, name: str) -> None:
    """Search ``name`` at the door and press "Hadir" on the first match."""
    door = page.locator(".kit-sp-door")
    box = door.locator(".kit-sp-search input")
    box.fill(name)
    box.press("Enter")
    row = door.locator(".kit-sp-row").filter(has_text=name).first
    row.get_by_role("button", name=gettext_("Present", "id"), exact=True).click()


def test_the_day_survives_a_killed_kernel(
        own_kit_server: Any, browser_context: BrowserContext,
        viewports: dict[str, dict[str, int]]) -> None:
    """Issue 13's day in Chromium, with the app's kernel SIGKILLed in the middle.

    Create an advokasi session, check in three at the door, start and advance the rundown, draw
    a random question and record its level; kill the kernel; reopened, the app shows all of it;
    a bimtek session refuses someone who never attended advokasi; the PDF report is made.
    """
    server, proc = own_kit_server
    ws = open_workspace(server.workspace)
    with write_tx(ws.engine) as conn:
        add_participant(conn, Participant("pbelumadv", "Rahmat Belum Advokasi",
                                          "Kabupaten Sragen"))
    three = [str(p["name"]) for p in participant_table(ws)
             if p["id"] != "pbelumadv"][:3]
    before = {p.pid for p in psutil.Process(proc.pid).children(recursive=True)}
    page = _open(browser_context, server.url(f"voila/render/{SESSION_APP}"),
                 viewports["desktop"])
    try:
        _create_session(page, "advokasi", "2026-12-03", "Forum Advokasi Sebelum Mati Listrik")
        [created] = [s.session for s in session_service.summaries(ws)
                     if s.session.title == "Forum Advokasi Sebelum Mati Listrik"]
        _tab(page, "Check-in at the door")
        for name in three:
            _at_the_door(page, name)
            expect(page.locator(".kit-sp-door .kit-ok")).to_contain_text(name, timeout=30_000)
        _tab(page, "Day's rundown")
        buttons = page.locator(".kit-rd-buttons button")
        buttons.nth(0).click()
        expect(buttons.nth(1)).to_be_enabled(timeout=30_000)
        first = page.locator(".kit-rd-projector .kit-rd-title").inner_text()
        buttons.nth(1).click()
        expect(page.locator(".kit-rd-projector .kit-rd-title")).not_to_have_text(
            first, timeout=30_000)
        second = page.locator(".kit-rd-projector .kit-rd-title").inner_text()
        _tab(page, "Random question draw")
        page.locator(".kit-draw-go").click()
        expect(page.locator(".kit-draw-levels button").first).to_be_enabled(timeout=30_000)
        drawn = page.locator(".kit-draw-now").inner_text()
        assert any(name in drawn for name in three), drawn
        page.locator(".kit-draw-levels button").first.click()
        expect(page.locator(".kit-draw .kit-ok")).to_be_visible(timeout=30_000)
        _show_board(page)
        expect(page.locator(".kit-board .kit-bd-head")).to_contain_text("Hadir: 3",
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
        shown = again.locator(".kit-session-app .kit-sa-top select").evaluate(
            "el => el.options[el.selectedIndex].text")
        assert "Forum Advokasi Sebelum Mati Listrik" in shown.replace("\xa0", " ")
        _show_board(again)
        expect(again.locator(".kit-board .kit-bd-head")).to_contain_text("Hadir: 3",
                                                                         timeout=30_000)
        _tab(again, "Day's rundown")
        expect(again.locator(".kit-rd-projector .kit-rd-title")).to_have_text(
            second, timeout=30_000)
        _tab(again, "Random question draw")
        expect(again.locator(".kit-draw")).to_contain_text(drawn.split("\n")[0].strip()
                                                            or three[0], timeout=30_000)
        detail = session_service.detail(open_workspace(server.workspace), created.id)
        assert detail.session.title == created.title and len(detail.present) == 3
        again.screenshot(path=str(SHOTS / "h5-session-app-after-kernel-kill.png"))

        # Bimtek needs advokasi attended: the door refuses Rahmat (no reason given).
        _create_session(again, "bimtek", "2026-12-04", "Bimtek Uji Syarat")
        _tab(again, "Check-in at the door")
        _at_the_door(again, "Rahmat Belum Advokasi")
        expect(again.locator(".kit-sp-door .kit-error")).to_contain_text("advokasi",
                                                                         timeout=30_000)
        [bimtek] = [s for s in session_service.summaries(open_workspace(server.workspace))
                    if s.session.title == "Bimtek Uji Syarat"]
        assert bimtek.checked_in == 0
        again.screenshot(path=str(SHOTS / "h5-door-refused.png"))
    finally:
        again.close()

    report = _open(browser_context,
                   server.url(f"voila/render/{SESSION_APP}?session={created.id}"),
                   viewports["desktop"])
    try:
        _tab(report, "Activity report")
        report.get_by_role("button", name=gettext_("Make the PDF report", "id"),
                           exact=True).click()
        expect(report.locator(".kit-report-panel .kit-ok")).to_be_visible(timeout=60_000)
        pdfs = list((server.workspace / "reports").glob("*.pdf"))
        assert any(created.id in p.name for p in pdfs), pdfs
    finally:
        report.close()
