"""Issue 14 in Chromium: the door's consent question at 1366x768 and 360x740, answered, recorded."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from kit.records import consent_service, session_service
from kit.records.participants import Participant, add_participant
from kit.settings import SESSION_APP
from kit.workspace import open_workspace, writing

pytestmark = [pytest.mark.browser, pytest.mark.slow]

READY = ".kit-session-app .kit-sa-tabs"
SHOTS = Path(os.environ.get("UMKM_KIT_TEST_SHOTS") or tempfile.gettempdir())
NO_SIDEWAYS = "() => document.documentElement.scrollWidth <= window.innerWidth"
OpenPage = Callable[..., tuple[Page, Any]]
QUESTION = "Apakah Bapak/Ibu setuju data kegiatan ini dipakai untuk laporan program"


def test_the_door_asks_for_consent_at_both_sizes(
        open_page: OpenPage, kit_server: Any, viewports: dict[str, dict[str, int]]) -> None:
    """A person never asked gets the question by "Hadir"; "Ya, setuju" then "Hadir" records it."""
    ws = open_workspace(kit_server.workspace)
    session, _w = session_service.create(ws, "advokasi", "2026-01-21", "Sragen",
                                         title="Forum Advokasi Persetujuan", target_size=30,
                                         facilitator="Bu Retno")
    with writing(ws) as conn:
        add_participant(conn, Participant(id="pwulan", name="Wulan Kinanti",
                                          district="Kabupaten Sragen"))
    page, watch = open_page(f"voila/render/{SESSION_APP}?session={session.id}",
                            viewport=viewports["desktop"], wait_for=READY)
    page.locator(".kit-session-app .kit-sa-tabs button").filter(
        has_text="Kehadiran di pintu").click()
    page.wait_for_selector(".kit-sp-door", timeout=30_000)
    search = page.locator(".kit-sp-door .kit-sp-search input")
    search.fill("Wulan Kinanti")
    search.press("Enter")
    row = page.locator(".kit-sp-door .kit-sp-row").filter(has_text="Wulan Kinanti").first
    expect(row.locator(".kit-sp-consent")).to_contain_text(QUESTION, timeout=30_000)
    row.locator(".kit-sp-consent button").filter(has_text="Ya, setuju").click()
    for size in ("desktop", "phone"):
        page.set_viewport_size(viewports[size])
        page.wait_for_timeout(300)
        row.scroll_into_view_if_needed()
        page.screenshot(path=str(SHOTS / f"a-door-consent-{size}.png"), full_page=False)
        assert page.evaluate(NO_SIDEWAYS), size
        box = row.locator(".kit-sp-consent button").first.bounding_box()
        assert box is not None and box["height"] >= 44, (size, box)
    row.locator("button").filter(has_text="Hadir").click()
    expect(page.locator(".kit-sp-door .kit-sp-counts")).to_contain_text(
        "1 hadir dari 30", timeout=30_000)
    latest = next(s for s in consent_service.states(ws) if s.participant_id == "pwulan").latest
    assert latest is not None
    assert (latest.given, latest.context, latest.session_id, latest.recorded_by) == (
        True, "checkin", session.id, "Bu Retno")
    # The walk-in form asks the same question, above its button.
    page.locator(".kit-sp-door button").filter(has_text="Peserta baru").click()
    question = page.locator(".kit-sp-door .kit-sp-form .kit-sp-consent")
    expect(question).to_contain_text(QUESTION)
    for size in ("desktop", "phone"):
        page.set_viewport_size(viewports[size])
        page.wait_for_timeout(300)
        question.scroll_into_view_if_needed()
        page.screenshot(path=str(SHOTS / f"a-walk-in-consent-{size}.png"))
        assert page.evaluate(NO_SIDEWAYS), size
    assert watch.page_errors == []
    assert watch.foreign_requests() == []
