"""Issue 13 in Chromium: the plan, invite and door panels at 1366x768 and 360x740."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from kit.records import session_service
from kit.roster.service import participant_table
from kit.settings import SESSION_APP
from kit.workspace import open_workspace

pytestmark = [pytest.mark.browser, pytest.mark.slow]

READY = ".kit-session-app .kit-sa-tabs"
SHOTS = Path(os.environ.get("UMKM_KIT_TEST_SHOTS") or tempfile.gettempdir())
NO_SIDEWAYS = "() => document.documentElement.scrollWidth <= window.innerWidth"
OpenPage = Callable[..., tuple[Page, Any]]


def _tab(page: Page, title: str, ready: str) -> None:
    """Show the tab called ``title`` and wait for ``ready`` inside it."""
    page.locator(".kit-session-app .kit-sa-tabs button").filter(has_text=title).click()
    page.wait_for_selector(ready, timeout=30_000)


def _both_sizes(page: Page, name: str, viewports: dict[str, dict[str, int]]) -> None:
    """Screenshots at 1366x768 and 360x740; neither scrolls sideways."""
    for size in ("desktop", "phone"):
        page.set_viewport_size(viewports[size])
        page.wait_for_timeout(300)
        page.screenshot(path=str(SHOTS / f"h1-{name}-{size}.png"), full_page=True)
        assert page.evaluate(NO_SIDEWAYS), (name, size, page.evaluate(
            "() => [document.documentElement.scrollWidth, window.innerWidth]"))
    page.set_viewport_size(viewports["desktop"])


def test_plan_invite_and_door_check_in_at_both_sizes(
        open_page: OpenPage, kit_server: Any, viewports: dict[str, dict[str, int]]) -> None:
    """The plan shows the session; the door finds a person, "Hadir" counts them; no side scroll."""
    ws = open_workspace(kit_server.workspace)
    # Older than the demo's sessions, so pages that open the newest open session are unchanged.
    session, _w = session_service.create(ws, "advokasi", "2026-01-20", "Sragen",
                                         title="Forum Advokasi Pintu Masuk", target_size=30)
    person = str(participant_table(ws)[0]["name"])
    page, watch = open_page(f"voila/render/{SESSION_APP}?session={session.id}",
                            viewport=viewports["desktop"], wait_for=READY)
    _tab(page, "Rencana sesi", ".kit-sp-plan")
    expect(page.locator(".kit-sp-plan")).to_contain_text("Forum Advokasi Pintu Masuk")
    _both_sizes(page, "plan", viewports)
    _tab(page, "Daftar undangan", ".kit-sp-invite")
    expect(page.locator(".kit-sp-invite")).to_contain_text("Memenuhi syarat")
    _both_sizes(page, "invite", viewports)

    _tab(page, "Kehadiran di pintu", ".kit-sp-door")
    counts = page.locator(".kit-sp-door .kit-sp-counts")
    expect(counts).to_contain_text("0 hadir dari 30 diharapkan")
    search = page.locator(".kit-sp-door .kit-sp-search input")
    search.fill(person)
    search.press("Enter")
    row = page.locator(".kit-sp-door .kit-sp-row").filter(has_text=person).first
    row.locator("button").filter(has_text="Hadir").click()
    expect(counts).to_contain_text("1 hadir dari 30 diharapkan", timeout=30_000)
    page.locator(".kit-sp-door button").filter(has_text="Peserta baru").click()
    expect(page.locator(".kit-sp-door .kit-sp-form")).to_be_visible()
    _both_sizes(page, "door", viewports)
    present = session_service.detail(ws, session.id).present
    assert [p.name for p in present] == [person]
    assert watch.page_errors == []
    assert watch.foreign_requests() == []
