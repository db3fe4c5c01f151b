"""A participant on a 360×740 phone asks for help and a question; the facilitator sees both."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from kit.i18n import gettext_
from kit.modules.identity import roster
from kit.records import session_service
from kit.room import help_service, question_service
from kit.settings import SESSION_APP
from kit.workspace import open_workspace

pytestmark = [pytest.mark.browser, pytest.mark.slow]

MODULE = "voila/render/modules/advokasi.ipynb"
READY = ".kit-search input, .kit-reg-name input"
WAIT_MS = 60_000
PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1366, "height": 768}
SHOTS = os.environ.get("KIT_TEST_SCREENSHOTS", "")  # a directory: keep screenshots to look at
QUESTION = "Bagaimana cara kirim barang ke luar pulau dengan aman?"
OpenPage = Callable[..., tuple[Page, Any]]
NO_SIDEWAYS = "() => document.documentElement.scrollWidth <= window.innerWidth"
# What would make a part of the page (``selector``) scroll sideways: an element past the window's
# edges, a scrolling box wider than itself, or a box shifted sideways to show something too wide.
WIDE = """(selector) => {
  const found = [];
  const root = document.querySelector(selector);
  for (const el of [root, ...root.querySelectorAll('*')]) {
    const r = el.getBoundingClientRect();
    const name = [el.tagName, String(el.className).slice(-60)];
    if (r.width > 0 && r.height > 0 && (r.left < -0.5 || r.right > window.innerWidth + 0.5)) {
      found.push([...name, r.left, r.right]);
    }
    const s = getComputedStyle(el);
    if (['auto', 'scroll'].includes(s.overflowX) && el.scrollWidth > el.clientWidth + 1) {
      found.push(['scrolls', ...name, el.scrollWidth, el.clientWidth]);
    }
    if (el.scrollLeft > 0) found.push(['scrolled', ...name, el.scrollLeft]);
  }
  return found.slice(0, 8);
}"""


def _shot(page: Page, name: str) -> None:
    """Save a screenshot under ``$KIT_TEST_SCREENSHOTS`` when that is set."""
    if SHOTS:
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"))


def _box(page: Page, selector: str) -> dict[str, float]:
    """The bounding box of the first visible element matching ``selector``."""
    found = page.locator(selector).filter(visible=True).first.bounding_box()
    assert found is not None, selector
    return found


def _tab(page: Page, english: str) -> None:
    """Show the session app's tab whose title is ``english`` (shown in Bahasa Indonesia)."""
    page.locator(".kit-session-app .kit-sa-tabs").get_by_role(
        "button", name=gettext_(english, "id"), exact=True).click()


def _both_sizes(page: Page, name: str) -> None:
    """Screenshot the page at 1366x768 and 360x740; nothing may scroll sideways at either."""
    for size, viewport in (("1366", DESKTOP), ("360", PHONE)):
        page.set_viewport_size(viewport)
        page.wait_for_timeout(300)
        _shot(page, f"{name}-{size}")
        wide = page.evaluate(WIDE, ".kit-room-panel")
        assert wide == [], f"{name} at {size} px scrolls sideways: {wide}"
        assert page.evaluate(NO_SIDEWAYS), f"{name} at {size} px: the page scrolls sideways"
    page.set_viewport_size(DESKTOP)


def test_phone_asks_for_help_and_a_question_the_facilitator_sees_both(
        open_page: OpenPage, kit_server: Any) -> None:
    """Help and a question from 360×740; the day app's two tabs list both; nothing overlaps."""
    ws = open_workspace(kit_server.workspace)
    # Someone in no other open advokasi session of the shared server (other browser tests open
    # sessions and check demo people in): the page files the request in the open session the
    # person is checked in to, which must be this test's.
    person = next(p for p in roster(ws)[1:]
                  if help_service.session_of(ws, p.id, "advokasi") is None)
    session, _w = session_service.create(ws, "advokasi", "2026-01-20", "Sragen",
                                         title="Forum advokasi uji bantuan")
    session_service.checkin(ws, session.id, person.id, admit_reason="uji")
    try:
        page, watch = open_page(MODULE, PHONE, wait_for=READY)
        page.locator(".kit-search input").fill(person.name)
        page.locator(".widget-radio-box label").first.click()
        page.locator("button", has_text="Ya, ini saya").click()
        page.get_by_text(f"{person.name}!").first.wait_for(timeout=WAIT_MS)
        bar = page.locator(".kit-help-bar")
        bar.locator("button", has_text="Minta bantuan").click()
        bar.get_by_text("Bantuan sudah diminta — fasilitator akan datang").wait_for(
            timeout=WAIT_MS)
        assert bar.locator("button", has_text="Batalkan permintaan").is_visible()
        # The bar sits at the bottom of the screen, within the phone's width.
        bar_box = _box(page, ".kit-help-bar")
        assert bar_box["y"] + bar_box["height"] <= PHONE["height"] + 1
        assert bar_box["x"] >= 0 and bar_box["x"] + bar_box["width"] <= PHONE["width"] + 1
        _shot(page, "help-requested-360")
        bar.locator("button", has_text="Batalkan permintaan").click()
        bar.locator("button", has_text="Tanya").click()
        bar.locator("textarea").fill(QUESTION)
        bar.locator("button", has_text="Kirim pertanyaan").click()
        bar.get_by_text("Pertanyaan terkirim").wait_for(timeout=WAIT_MS)
        _shot(page, "question-sent-360")
        bar.locator("button", has_text="Tutup").click()
        bar.locator("button", has_text="Minta bantuan").click()
        bar.get_by_text("Bantuan sudah diminta").wait_for(timeout=WAIT_MS)
        # At the end of the page the last control is above the bar, not under it.
        page.locator(".kit-help-spacer").scroll_into_view_if_needed()
        page.wait_for_timeout(300)
        _shot(page, "page-end-360")
        last = _box(page, "button:has-text('Siapkan file kiriman saya')")
        bar_box = _box(page, ".kit-help-bar")
        assert last["y"] + last["height"] <= bar_box["y"], (last, bar_box)
        wide = page.evaluate(WIDE, "body")
        assert wide == [], f"the page scrolls sideways: {wide}"
        assert watch.page_errors == []
        request = help_service.queue(ws, session.id)[0].request
        assert request.participant_id == person.id and request.place
        assert [q.text for q in question_service.for_session(ws, session.id)] == [QUESTION]
        # The facilitator's day app: both tabs list the participant, at 1366x768 and 360x740.
        app, app_watch = open_page(f"voila/render/{SESSION_APP}?session={session.id}",
                                   DESKTOP, wait_for=".kit-session-app .kit-sa-tabs")
        _tab(app, "Help queue")
        queue = app.locator(".kit-room-panel .kit-room-row")
        expect(queue).to_have_count(1, timeout=WAIT_MS)
        expect(queue).to_contain_text(person.name)
        expect(queue).to_contain_text("menunggu")
        _both_sizes(app, "help-panel")
        _tab(app, "The room's questions")
        asked = app.locator(".kit-room-panel .kit-room-questions .kit-room-row")
        expect(asked).to_have_count(1, timeout=WAIT_MS)
        expect(asked).to_contain_text(QUESTION)
        _both_sizes(app, "questions-panel")
        asked.locator("button", has_text="Sudah dijawab").click()
        expect(asked.locator("button")).to_have_count(0, timeout=WAIT_MS)
        assert question_service.for_session(ws, session.id)[0].answered
        assert app_watch.page_errors == []
    finally:
        for entry in help_service.queue(ws, session.id):
            help_service.resolve(ws, session.id, entry.request.id, "Bu Sari")
        session_service.close(ws, session.id)
