"""The rundown and random-question tabs in Chromium, at 1366x768 and 360x740."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from kit.records import session_service
from kit.records.participants import Participant, add_participant
from kit.room import draw_service
from kit.rundown import service as rundown
from kit.settings import SESSION_APP
from kit.workspace import open_workspace, writing

pytestmark = [pytest.mark.browser, pytest.mark.slow,
              pytest.mark.usefixtures("patient_first_load")]

READY = ".kit-session-app .kit-sa-tabs"
SHOTS = Path(os.environ.get("UMKM_KIT_TEST_SHOTS") or tempfile.gettempdir())
OpenPage = Callable[..., tuple[Page, Any]]
NO_SIDEWAYS = "() => document.documentElement.scrollWidth <= window.innerWidth"
# The rundown lines whose name is cut off: its label reaches past its cell's edge.
CLIPPED_LINES = """() => Array.from(document.querySelectorAll('.kit-rd-row .kit-rd-line'))
  .filter(cell => { const label = cell.querySelector('.widget-html-content label');
    return label && label.getBoundingClientRect().right > cell.getBoundingClientRect().right + 1; })
  .map(cell => cell.textContent)"""


def test_start_the_rundown_and_draw_a_question_at_both_sizes(
        open_page: OpenPage, kit_server: Any, viewports: dict[str, dict[str, int]]) -> None:
    """Mulai shows the opening and its countdown; Tarik peserta draws; a level is recorded."""
    ws = open_workspace(kit_server.workspace)
    with writing(ws) as conn:
        for pid, name in (("prdani", "Ani Rundown"), ("prdbudi", "Budi Rundown")):
            add_participant(conn, Participant(id=pid, name=name, district="Kabupaten Sragen"))
    session, _w = session_service.create(ws, "advokasi", "2026-01-14", "Sragen",
                                         title="Forum Uji Susunan Acara")
    for pid in ("prdani", "prdbudi"):
        session_service.checkin(ws, session.id, pid)
    page, watch = open_page(f"voila/render/{SESSION_APP}?session={session.id}",
                            viewport=viewports["desktop"], wait_for=READY)
    tabs = page.locator(".kit-session-app .kit-sa-tabs button")
    tabs.filter(has_text="Susunan acara").click()
    page.locator(".kit-rundown .kit-rd-buttons button", has_text="Mulai").click()
    projector = page.locator(".kit-rundown .kit-rd-now")
    expect(projector).to_contain_text("Pembukaan", timeout=30_000)
    expect(projector.locator(".kit-rd-clock")).to_contain_text("0")
    page.screenshot(path=str(SHOTS / "h2-rundown-desktop.png"), full_page=True)
    assert page.evaluate(NO_SIDEWAYS)
    # "Sambutan dan pengarahan dari pejabat terkait" wraps, it is not cut at the column's edge.
    assert page.locator(".kit-rd-row .kit-rd-line", has_text="pejabat terkait").count() == 1
    assert page.evaluate(CLIPPED_LINES) == []
    page.set_viewport_size(viewports["phone"])
    page.wait_for_timeout(500)
    page.screenshot(path=str(SHOTS / "h2-rundown-phone.png"), full_page=True)
    page.locator(".kit-rundown").screenshot(path=str(SHOTS / "h2-rundown-plan-phone.png"))
    assert page.evaluate(CLIPPED_LINES) == []
    assert page.evaluate(NO_SIDEWAYS), page.evaluate(
        "() => [document.documentElement.scrollWidth, window.innerWidth]")

    tabs.filter(has_text="Pertanyaan acak").click()
    page.locator(".kit-draw button", has_text="Tarik peserta").click()
    card = page.locator(".kit-draw .kit-draw-name")
    expect(card).to_contain_text("Rundown", timeout=30_000)
    page.locator(".kit-draw .kit-draw-levels button", has_text="Mandiri").click()
    expect(page.locator(".kit-draw .kit-ok")).to_contain_text("Tercatat", timeout=30_000)
    page.screenshot(path=str(SHOTS / "h2-draw-phone.png"), full_page=True)
    assert page.evaluate(NO_SIDEWAYS)
    page.set_viewport_size(viewports["desktop"])
    page.wait_for_timeout(500)
    page.screenshot(path=str(SHOTS / "h2-draw-desktop.png"), full_page=True)
    assert page.evaluate(NO_SIDEWAYS)

    assert rundown.load(ws, session.id).segments[0].started_at is not None
    assert [d.level for d in draw_service.draws(ws, session.id)] == [2]
    assert watch.page_errors == []
    assert watch.foreign_requests() == []
