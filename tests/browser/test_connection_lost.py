"""A kit page tells its user when the connection to the laptop is lost, and blocks its controls.

Tests that kill a server or a kernel process start their OWN real ``kit start``
(``own_kit_server``), open a page in Chromium and kill it (the server's process group with
SIGKILL, or the page's kernel). The shared ``kit_server`` serves the tests that leave the server
running: a healthy page, a socket that drops and reconnects, a kernel shut down under the page.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import psutil
import pytest
from playwright.sync_api import BrowserContext, Page, expect

from kit.checklist.state import ChecklistState
from kit.checklist.widget import css_class
from kit.settings import CHECKLIST_APP
from kit.workspace import open_workspace

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SESSION = "sragen-komunitas-2026"
CHECKLIST_READY = ".kit-checklist .kit-cell"
MODULE = "voila/render/modules/bimtek.ipynb"
MODULE_READY = ".kit-search input, .kit-reg-name input"
BANNER = "#kit-connection-lost"
RENDER_MS = 90_000
BANNER_MS = 20_000
DESKTOP = {"width": 1366, "height": 768}
PHONE = {"width": 360, "height": 740}
# Screenshots to look at (the temporary folder unless UMKM_KIT_TEST_SHOTS names another).
SHOTS = Path(os.environ.get("UMKM_KIT_TEST_SHOTS") or tempfile.gettempdir())
OpenPage = Callable[..., tuple[Page, Any]]


def _kill_server(proc: subprocess.Popen[bytes]) -> None:
    """SIGKILL the server's process group as a crash or a laptop switched off would end it.

    Kernels run in sessions of their own; they are killed too (found before the kill, while
    they are still the server's children) so that nothing of the server is left running.
    """
    family = psutil.Process(proc.pid).children(recursive=True)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=10)
    for child in family:
        with contextlib.suppress(psutil.NoSuchProcess):
            child.kill()


def _new_page(context: BrowserContext, url: str, viewport: dict[str, int], ready: str) -> Page:
    """A new tab on ``url`` at ``viewport``, once ``ready`` is on the page."""
    page = context.new_page()
    page.set_viewport_size(viewport)
    page.goto(url, wait_until="load")
    page.wait_for_selector(ready, timeout=RENDER_MS)
    return page


def _pick_cell(state: ChecklistState) -> tuple[str, str, int]:
    """A cell of the first materi with level 1 or 2, and the other of the two."""
    for item in state.materi[0].items:
        for row in state.rows:
            level = state.cell(row.participant_id, item.id).level
            if level in (1, 2):
                return row.participant_id, item.id, 3 - level
    raise AssertionError("the demo session has no achieved cell in its first materi")


def _active(page: Page, cell: str) -> list[str]:
    """The labels of the pressed buttons of a checklist cell."""
    return page.eval_on_selector_all(
        f"{cell} button.mod-active", "els => els.map(e => e.textContent.trim())")


def _tap(page: Page, selector: str) -> None:
    """A tap at the middle of ``selector`` where a finger would land (whatever is on top)."""
    box = page.locator(selector).bounding_box()
    assert box is not None, selector
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)


def test_checklist_blocks_taps_when_the_server_dies(own_kit_server: Any,
                                                    browser_context: BrowserContext) -> None:
    """After the server is killed the checklist shows the banner and a tap changes nothing."""
    server, proc = own_kit_server
    state = ChecklistState(open_workspace(server.workspace), SESSION)
    pid, item_id, new_level = _pick_cell(state)
    cell = "." + css_class("cell", pid, item_id)
    page = _new_page(browser_context, server.url(f"voila/render/{CHECKLIST_APP}?session={SESSION}"),
                     DESKTOP, CHECKLIST_READY)
    try:
        page.click(f"{cell} button[data-value='{new_level}']")
        expect(page.locator(".kit-checklist .kit-status-ok")).to_contain_text(
            "Tersimpan", timeout=60_000)
        assert _active(page, cell) == [str(new_level)]
        expect(page.locator(BANNER)).to_have_count(0)

        _kill_server(proc)
        banner = page.locator(BANNER)
        expect(banner).to_be_visible(timeout=BANNER_MS)
        expect(banner).to_contain_text("Koneksi ke laptop fasilitator terputus")
        expect(banner).to_contain_text("The connection to the facilitator's laptop was lost")
        expect(banner.get_by_role("button")).to_contain_text("Muat ulang halaman")

        other = str(3 - new_level)
        _tap(page, f"{cell} button[data-value='{other}']")
        page.wait_for_timeout(500)
        assert _active(page, cell) == [str(new_level)]
        # Keys cannot reach the controls either: the page under the banner is inert.
        assert page.eval_on_selector(cell, "el => el.closest('[inert]') !== null") is True
        page.screenshot(path=str(SHOTS / "h6-connection-lost.png"))
        # The reload button checks whether the laptop answers before leaving the page.
        banner.get_by_role("button").click()
        expect(banner).to_contain_text("masih belum menjawab", timeout=BANNER_MS)
        assert "voila/render" in page.url
    finally:
        page.close()


def test_phone_module_page_shows_the_banner_when_the_server_dies(
        own_kit_server: Any, browser_context: BrowserContext) -> None:
    """A participant's module page on a 360×740 phone shows the banner once the server dies."""
    server, proc = own_kit_server
    page = _new_page(browser_context, server.url(MODULE), PHONE, MODULE_READY)
    try:
        page.wait_for_timeout(1000)
        expect(page.locator(BANNER)).to_have_count(0)
        _kill_server(proc)
        banner = page.locator(BANNER)
        expect(banner).to_be_visible(timeout=BANNER_MS)
        expect(banner).to_contain_text("Jawaban terakhir Anda mungkin belum tersimpan")
        box = banner.locator(".kit-offline-box").bounding_box()
        assert box is not None and box["y"] < 40 and box["x"] >= 0
        assert box["x"] + box["width"] <= PHONE["width"]
        page.screenshot(path=str(SHOTS / "h6-phone.png"))
    finally:
        page.close()


def test_a_healthy_page_shows_no_banner(open_page: OpenPage, kit_server: Any) -> None:
    """Loading a page, a tap that keeps the kernel busy and 10 s idle never show the banner."""
    page, watch = open_page(f"voila/render/{CHECKLIST_APP}?session={SESSION}",
                            wait_for=CHECKLIST_READY)
    assert page.evaluate("() => typeof window.kitConnectionWatch") == "object"
    state = ChecklistState(open_workspace(kit_server.workspace), SESSION)
    pid, item_id, new_level = _pick_cell(state)
    cell = "." + css_class("cell", pid, item_id)
    page.click(f"{cell} button[data-value='{new_level}']")
    expect(page.locator(".kit-checklist .kit-status-ok")).to_contain_text(
        "Tersimpan", timeout=60_000)
    page.wait_for_timeout(10_000)
    expect(page.locator(BANNER)).to_have_count(0)
    phone, _watch = open_page(MODULE, PHONE, wait_for=MODULE_READY)
    phone.wait_for_timeout(10_000)
    expect(phone.locator(BANNER)).to_have_count(0)
    assert watch.page_errors == []


# Keeps every WebSocket the page opens in window.__kitTestSockets (runs before the page's
# scripts; the banner's own wrapper then extends this one).
RECORD_SOCKETS = """
(() => {
  const Native = window.WebSocket;
  window.__kitTestSockets = [];
  window.WebSocket = class extends Native {
    constructor(...args) { super(...args); window.__kitTestSockets.push(this); }
  };
})();
"""


def test_a_dropped_socket_that_reconnects_shows_no_banner(
        kit_server: Any, browser_context: BrowserContext) -> None:
    """A phone's socket that drops (screen locked) and reconnects at once never shows the banner."""
    page = browser_context.new_page()
    try:
        page.add_init_script(RECORD_SOCKETS)
        page.set_viewport_size(PHONE)
        page.goto(kit_server.url(MODULE), wait_until="load")
        page.wait_for_selector(MODULE_READY, timeout=RENDER_MS)
        page.wait_for_function("() => window.kitConnectionWatch.state().open === 1",
                               timeout=RENDER_MS)
        dropped = page.evaluate("""() => window.__kitTestSockets
            .filter(ws => ws.url.includes('/channels') && ws.readyState === 1)
            .map(ws => { ws.close(); return ws.url; })""")
        assert len(dropped) == 1, dropped
        # The kernel connection reconnects to the same kernel, within the grace period.
        page.wait_for_function(
            """() => window.__kitTestSockets.filter(
                 ws => ws.url.includes('/channels') && ws.readyState === 1).length === 1""",
            timeout=BANNER_MS)
        page.wait_for_timeout(6_000)
        expect(page.locator(BANNER)).to_have_count(0)
        assert page.evaluate("() => window.kitConnectionWatch.state()") == {
            "open": 1, "reason": None, "leaving": False}
    finally:
        page.close()


def test_a_kernel_shut_down_under_the_page_shows_the_banner(open_page: OpenPage) -> None:
    """A kernel shut down under an open page (as the idle culler does) shows the banner on a tap."""
    page, _watch = open_page("voila/render/beranda.ipynb", PHONE, wait_for=".jupyter-widgets")
    page.wait_for_function("() => window.kitConnectionWatch.state().open === 1",
                           timeout=RENDER_MS)
    status = page.evaluate("""async () => {
        const config = JSON.parse(document.getElementById('jupyter-config-data').textContent);
        const form = new FormData();
        const xsrf = document.cookie.split('; ').find(c => c.startsWith('_xsrf=')) || '';
        form.append('_xsrf', xsrf.slice('_xsrf='.length));
        const response = await fetch(config.baseUrl + 'voila/api/shutdown/' + config.kernelId,
                                     {method: 'POST', body: form});
        return response.status;
    }""")
    assert status == 204
    # The kernel's socket stays open: only asking the server tells the page its kernel is gone.
    page.wait_for_timeout(1_000)
    _tap(page, "h1")
    banner = page.locator(BANNER)
    expect(banner).to_be_visible(timeout=BANNER_MS)
    expect(banner).to_contain_text("Halaman ini berhenti berjalan di laptop fasilitator")
    expect(banner).to_contain_text("Jawaban terakhir Anda mungkin belum tersimpan")


def test_a_kernel_that_dies_under_the_page_shows_the_banner(
        own_kit_server: Any, browser_context: BrowserContext) -> None:
    """A page whose kernel process dies (restarted without the page's widgets) shows the banner."""
    server, proc = own_kit_server
    before = {p.pid for p in psutil.Process(proc.pid).children(recursive=True)}
    page = _new_page(browser_context, server.url("voila/render/beranda.ipynb"), PHONE,
                     ".jupyter-widgets")
    try:
        page.wait_for_function("() => window.kitConnectionWatch.state().open === 1",
                               timeout=RENDER_MS)
        kernels = [p for p in psutil.Process(proc.pid).children(recursive=True)
                   if p.pid not in before]
        assert len(kernels) == 1, kernels
        kernels[0].kill()
        banner = page.locator(BANNER)
        expect(banner).to_be_visible(timeout=BANNER_MS)
        expect(banner).to_contain_text("Halaman ini berhenti berjalan di laptop fasilitator")
        # The server restarts the kernel and the socket reconnects: the page's widgets are
        # still gone, so the banner stays.
        page.wait_for_timeout(5_000)
        expect(banner).to_be_visible()
    finally:
        page.close()
