"""Issue 15 in Chromium: the day's app runs the community tab on the demo's komunitas session."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from kit.community import service
from kit.settings import SESSION_APP
from kit.workspace import open_workspace

pytestmark = [pytest.mark.browser, pytest.mark.slow,
              pytest.mark.usefixtures("patient_first_load")]

READY = ".kit-session-app .kit-sa-tabs"
PANEL = ".kit-community-panel"
DEMO_SESSION = "sragen-komunitas-2026"
SHOTS = Path(os.environ.get("KIT_TEST_SCREENSHOTS") or os.environ.get("UMKM_KIT_TEST_SHOTS")
             or tempfile.gettempdir())
NO_SIDEWAYS = "() => document.documentElement.scrollWidth <= window.innerWidth"
OpenPage = Callable[..., tuple[Page, Any]]


def _shot(page: Page, where: Any, name: str) -> None:
    """Scroll ``where`` into view and keep what the screen shows (the app scrolls inside)."""
    where.scroll_into_view_if_needed()
    page.wait_for_timeout(300)
    page.screenshot(path=str(SHOTS / f"d-community-panel-{name}.png"))


def test_community_tab_shows_the_board_and_writes_the_mou_at_both_sizes(
        open_page: OpenPage, kit_server: Any, viewports: dict[str, dict[str, int]]) -> None:
    """The tab shows the demo community and its board, writes the MoU PDF; fits 1366 and 360 px."""
    ws = open_workspace(kit_server.workspace)
    [community] = [c for c in service.list_communities(ws) if "Sragen" in c.district]
    board = service.show(ws, community.id).board
    page, watch = open_page(f"voila/render/{SESSION_APP}?session={DEMO_SESSION}",
                            viewport=viewports["desktop"], wait_for=READY)
    page.locator(".kit-session-app .kit-sa-tabs button").filter(
        has_text="Pembentukan komunitas").click()
    panel = page.locator(PANEL)
    expect(panel).to_contain_text(community.name, timeout=60_000)
    for seat in board:
        expect(panel.locator(".kit-cp-board")).to_contain_text(seat.name)
    expect(panel).to_contain_text("Anggota (")
    _shot(page, panel.locator(".kit-cp-board"), "board-desktop")
    font = page.evaluate("() => getComputedStyle(document.querySelector("
                         "'.kit-community-panel .kit-cp-board td')).fontSize")
    assert float(font.rstrip("px")) >= 16
    assert page.evaluate(NO_SIDEWAYS)

    panel.locator("button").filter(has_text="Tampilkan program kerja").click()
    expect(panel).to_contain_text("Prioritas", timeout=30_000)
    panel.locator("button").filter(has_text="MoU (PDF)").click()
    expect(panel.locator(".kit-ok").filter(has_text="Tersimpan")).to_have_count(
        1, timeout=60_000)
    name = f"kesepakatan-{community.id}.pdf"
    expect(panel.locator("a[download]")).to_have_attribute("download", name)
    assert (kit_server.workspace / "reports" / name).read_bytes()[:4] == b"%PDF"
    _shot(page, panel.locator("a[download]"), "mou-desktop")

    page.set_viewport_size(viewports["phone"])
    page.wait_for_timeout(500)
    _shot(page, panel.locator(".kit-cp-board"), "board-phone")
    _shot(page, panel.locator("a[download]"), "mou-phone")
    assert page.evaluate(NO_SIDEWAYS), page.evaluate(
        "() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert watch.page_errors == []
    assert watch.foreign_requests() == []
