"""Classroom mode as the room needs it (issue 12), in real Chromium against a real server.

Facilitator pages at 1366×768 (choosing or creating the session, confirming the close),
participant pages at 360×740 (searching the names page). Screenshots go to the test's folder.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, Page

from kit.assess.demo import init_demo_workspace
from kit.classroom import store
from kit.records.participants import Participant, add_participant
from kit.records.sessions import Session, add_session, check_in
from kit.storage.db import write_tx
from tests.classroom.harness import PASSWORD, ClassroomServer, make_source, start, stop

pytestmark = [pytest.mark.browser, pytest.mark.slow]
CHOSEN = "sragen-bimtek-room"
CROWD = 44
DESK = {"width": 1366, "height": 768}
PHONE = {"width": 360, "height": 740}
RENDER_MS = 120_000
# True once a <select> of the page (the checklist's session picker) shows the Sragen session
# (ipywidgets writes no-break spaces in option labels).
CHOSEN_IN_A_PICKER = """() => Array.from(document.querySelectorAll('select')).some(
    s => s.selectedOptions.length
      && s.selectedOptions[0].textContent.replace(/\\s+/g, ' ').includes('Bimtek Sragen'))"""


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ClassroomServer]:
    """A server started with no classroom open; a newer Pontianak session and the Sragen one."""
    root = tmp_path_factory.mktemp("room-browser")
    ws = init_demo_workspace(root / "workspace")
    store.set_facilitator_password(ws.engine, PASSWORD)
    with write_tx(ws.engine) as conn:
        add_session(conn, Session(id="pontianak-komunitas-room", activity_id="komunitas",
                                  title="Komunitas Pontianak", date=date(2030, 1, 2),
                                  district="Kota Pontianak"))
        add_session(conn, Session(id=CHOSEN, activity_id="bimtek", title="Bimtek Sragen",
                                  date=date(2030, 1, 1), district="Kabupaten Sragen"))
        for n in range(CROWD):
            pid = f"room-p{n:02d}"
            name = "Ratna Dewi" if n == 30 else f"Peserta Sragen {n:02d}"
            add_participant(conn, Participant(id=pid, name=name, district="Kabupaten Sragen"))
            check_in(conn, CHOSEN, pid)
    running = start(ws, make_source(root), root / "server.log")
    try:
        yield running
    finally:
        stop(running)


def _context(browser_context: BrowserContext, viewport: dict[str, int]) -> BrowserContext:
    browser = browser_context.browser
    assert browser is not None
    return browser.new_context(viewport=viewport, locale="id-ID")  # type: ignore[arg-type]


def _sign_in(page: Page, srv: ClassroomServer) -> None:
    page.goto(srv.url("/kelas/layar"))
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(srv.url("/kelas/layar"))


def test_facilitator_chooses_the_session_and_confirms_the_close(
        server: ClassroomServer, browser_context: BrowserContext, tmp_path: Path) -> None:
    """At 1366×768 the projector page asks for the session, opens it, and closing is confirmed."""
    context = _context(browser_context, DESK)
    try:
        page = context.new_page()
        _sign_in(page, server)
        assert store.current_classroom(server.ws.engine) is None
        assert page.locator("#session").is_visible() and page.locator("#title").is_visible()
        page.screenshot(path=str(tmp_path / "choose.png"))
        page.select_option("#session", CHOSEN)
        page.click("#pilih-sesi button[type=submit]")
        page.wait_for_selector(".kelas-qr svg")
        classroom = store.current_classroom(server.ws.engine)
        assert classroom is not None and classroom.session_id == CHOSEN
        link = page.locator("a", has_text="Daftar periksa")
        assert link.get_attribute("href") == (
            f"/voila/render/apps/checklist.ipynb?session={CHOSEN}")
        checklist = context.new_page()
        checklist.goto(server.url(link.get_attribute("href") or ""))
        checklist.wait_for_function(CHOSEN_IN_A_PICKER, timeout=RENDER_MS)
        checklist.screenshot(path=str(tmp_path / "checklist.png"))
        checklist.close()
        page.click("text=Tutup sesi")
        page.wait_for_url(server.url("/kelas/layar/tutup"))
        assert "0 ponsel" in page.inner_text("#tutup-jumlah")
        page.screenshot(path=str(tmp_path / "close.png"))
        assert store.current_classroom(server.ws.engine) is not None
        page.click("text=Ya, tutup sesi")
        page.wait_for_selector("#sesi-baru")
        assert store.current_classroom(server.ws.engine) is None
        page.select_option("#activity_id", "bimtek")
        page.fill("#title", "Bimtek Sragen hari kedua")
        page.fill("#district", "Kabupaten Sragen")
        page.click("#sesi-baru button[type=submit]")
        page.wait_for_selector(".kelas-qr svg")
        made = store.current_classroom(server.ws.engine)
        assert made is not None and made.session_id != CHOSEN
        assert "Bimtek Sragen hari kedua" in page.inner_text(".kelas-session")
        page.screenshot(path=str(tmp_path / "created.png"))
        page.click("text=Tutup sesi")
        page.click("text=Ya, tutup sesi")
        page.wait_for_selector("#pilih-sesi")
        page.select_option("#session", CHOSEN)
        page.click("#pilih-sesi button[type=submit]")
        page.wait_for_selector(".kelas-qr svg")
    finally:
        context.close()


def test_names_page_search_on_a_phone(server: ClassroomServer, browser_context: BrowserContext,
                                      tmp_path: Path) -> None:
    """At 360×740 with 44 names the search field is on the first screen and filters as you type."""
    classroom = store.current_classroom(server.ws.engine)
    if classroom is None or classroom.session_id != CHOSEN:
        classroom = store.open_classroom(server.ws.engine, CHOSEN)
    context = _context(browser_context, PHONE)
    try:
        page = context.new_page()
        page.goto(server.url(f"/k/{classroom.code}"))
        page.wait_for_url(server.url("/kelas/masuk"))
        box = page.locator("#cari").bounding_box()
        assert box is not None and box["y"] + box["height"] <= PHONE["height"]
        assert page.locator(".kelas-names li:visible").count() == CROWD
        page.locator("#cari").press_sequentially("ratna dew")
        page.wait_for_function(
            "document.querySelectorAll('.kelas-names li:not([hidden])').length === 1")
        assert page.locator(".kelas-names li:visible").inner_text().startswith("Ratna Dewi")
        page.screenshot(path=str(tmp_path / "search.png"))
        page.fill("#cari", "tidak ada")
        page.wait_for_selector("#nama-kosong:not([hidden])")
        page.fill("#cari", "")
        page.wait_for_function(
            f"document.querySelectorAll('.kelas-names li:not([hidden])').length === {CROWD}")
        page.click("a[href='/kelas/masuk/room-p30']")
        page.wait_for_url(server.url("/kelas/masuk/room-p30"))
    finally:
        context.close()
