"""A participant on a 360×740 phone asks for help and a question; the facilitator sees both."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page

from kit.modules.identity import roster
from kit.records import session_service
from kit.room import help_service, question_service
from kit.session_app.help_panel import HelpPanel
from kit.session_app.panels import PanelContext
from kit.session_app.questions_panel import QuestionsPanel
from kit.workspace import open_workspace

pytestmark = [pytest.mark.browser, pytest.mark.slow]

MODULE = "voila/render/modules/advokasi.ipynb"
READY = ".kit-search input, .kit-reg-name input"
WAIT_MS = 60_000
PHONE = {"width": 360, "height": 740}
SHOTS = os.environ.get("KIT_TEST_SCREENSHOTS", "")  # a directory: keep screenshots to look at
QUESTION = "Bagaimana cara kirim barang ke luar pulau dengan aman?"
OpenPage = Callable[..., tuple[Page, Any]]
# Elements wider than the page's scrolling panel (Voila scrolls a panel, not the document).
WIDE = """() => {
  const panel = document.querySelector('.lm-BoxPanel-child') || document.scrollingElement;
  const found = panel.scrollWidth > panel.clientWidth ? [['panel', panel.scrollWidth]] : [];
  for (const el of panel.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (r.width > 0 && (r.left < -0.5 || r.right > panel.clientWidth + 0.5)) {
      found.push([el.tagName, String(el.className).slice(0, 60), r.left, r.right]);
    }
    if (el.scrollLeft > 0) {  // shifted sideways to show something too wide for it
      found.push(['scrolled', el.tagName, String(el.className).slice(0, 60), el.scrollLeft]);
    }
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


def test_phone_asks_for_help_and_a_question_the_facilitator_sees_both(
        open_page: OpenPage, kit_server: Any) -> None:
    """Tap "Minta bantuan" and send a question at 360×740; the panels list both; no overlap."""
    ws = open_workspace(kit_server.workspace)
    person = roster(ws)[1]
    session, _w = session_service.create(ws, "advokasi", "2026-12-10", "Sragen",
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
        wide = page.evaluate(WIDE)
        assert wide == [], f"the page scrolls sideways: {wide}"
        assert watch.page_errors == []
        # The facilitator's panels (built here as the session app builds them) see both.
        ctx = PanelContext(ws, session.id, lang="id", actor="Bu Sari")
        help_panel = HelpPanel(ctx)
        assert "1 peserta minta bantuan" in help_panel.head.value
        line = next(iter(help_panel.lines.values()))[1].value
        assert person.name in line and "menunggu" in line
        questions = QuestionsPanel(ctx)
        texts = [q.text for q in question_service.for_session(ws, session.id)]
        assert texts == [QUESTION]
        assert person.name in next(iter(questions.lines.values()))[1].value
        request = help_service.queue(ws, session.id)[0].request
        assert request.participant_id == person.id and request.place
    finally:
        for entry in help_service.queue(ws, session.id):
            help_service.resolve(ws, session.id, entry.request.id, "Bu Sari")
        session_service.close(ws, session.id)
