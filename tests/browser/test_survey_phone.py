"""The reaction survey in Chromium at 360x740: no sideways scrolling, large targets, taps saved."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext

from kit.classroom.web import DEVICE_COOKIE
from kit.survey import service
from tests.survey.page_harness import SURVEY, survey_room

# Browser tests run last (tests/conftest.py): Playwright keeps an event loop in the main thread.
pytestmark = [pytest.mark.browser, pytest.mark.slow]

PHONE = {"width": 360, "height": 740}
# Where a screenshot is kept for a person to look at (unset: none is written).
SHOTS = os.environ.get("KIT_TEST_SCREENSHOTS")


def test_a_participant_fills_the_survey_on_a_phone(browser_context: BrowserContext,
                                                    tmp_path: Path) -> None:
    """Every choice is at least 48 px tall, nothing is wider than the phone, taps are saved."""
    with survey_room(tmp_path) as room:
        token = room.phone("pani").cookies[DEVICE_COOKIE]
        browser_context.add_cookies([{"name": DEVICE_COOKIE, "value": token,
                                      "url": room.base}])
        page = browser_context.new_page()
        try:
            page.set_viewport_size(PHONE)
            page.goto(room.base + SURVEY, wait_until="load")
            assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
            heights = page.eval_on_selector_all(
                ".survey-choice span", "els => els.map(e => e.getBoundingClientRect().height)")
            assert len(heights) == 15 and min(heights) >= 48
            if SHOTS:
                page.screenshot(path=str(Path(SHOTS) / "survey-phone.png"), full_page=True)
            for question, value in (("manfaat", "4"), ("kejelasan", "5"), ("kecepatan", "3")):
                page.locator(f'.survey-choice:has(input[name="{question}"][value="{value}"])'
                             ).click()
            page.fill('textarea[name="perbaikan"]', "Waktu praktik lebih lama")
            page.click(".survey-send")
            page.wait_for_selector(".survey-saved")
            assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
            if SHOTS:
                page.screenshot(path=str(Path(SHOTS) / "survey-phone-sent.png"), full_page=True)
            assert service.own_answers(room.ws, room.session_id, "pani") == {
                "manfaat": "4", "kejelasan": "5", "kecepatan": "3",
                "perbaikan": "Waktu praktik lebih lama"}
        finally:
            page.close()
            browser_context.clear_cookies()
