"""The language chosen on one page is the language of the next (issue 12), on a 360×740 phone."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import BrowserContext, Page

from kit.modules.content import module_content

pytestmark = [pytest.mark.browser, pytest.mark.slow]

RENDER_MS = 90_000
HOME = "voila/render/beranda.ipynb"
MODULE = "voila/render/modules/advokasi.ipynb"
CHECKLIST = "voila/render/apps/checklist.ipynb"
# Screenshots to look at (the temporary folder unless UMKM_KIT_TEST_SHOTS names another).
SHOTS = Path(os.environ.get("UMKM_KIT_TEST_SHOTS") or tempfile.gettempdir())
LANG_COOKIE = "kit_lang"  # the cookie every kit page reads (kit.i18n.LANG_COOKIE)


@pytest.fixture
def phone(browser_context: BrowserContext) -> Iterator[Page]:
    """A 360×740 page in a browser context of its own (no cookie from other tests)."""
    browser = browser_context.browser
    assert browser is not None
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="id-ID")
    page = context.new_page()
    try:
        yield page
    finally:
        context.close()


def _module_title(page: Page) -> str:
    page.wait_for_selector("h1", timeout=RENDER_MS)
    return page.inner_text("h1").strip()


def _checklist_labels(page: Page) -> list[str]:
    page.wait_for_selector(".kit-checklist .kit-cell", timeout=RENDER_MS)
    labels: list[str] = page.eval_on_selector_all(
        ".widget-label", "els => els.map(e => e.textContent.trim())")
    return labels


def _remembered(page: Page) -> str | None:
    for cookie in page.context.cookies():
        if cookie["name"] == LANG_COOKIE:
            return str(cookie["value"])
    return None


def test_english_chosen_on_the_home_page_stays_on_module_and_checklist(
        kit_server: Any, phone: Page) -> None:
    """English chosen on the home page: the module's and the checklist's headings are English."""
    titles = module_content("advokasi").title
    phone.goto(kit_server.url(HOME))
    phone.wait_for_selector(".kit-home .kit-title", timeout=RENDER_MS)
    assert phone.inner_text(".kit-home .kit-title").startswith("Beranda")
    phone.get_by_role("link", name="English").click()
    phone.wait_for_function(
        "() => (document.querySelector('.kit-home .kit-title') || {}).textContent"
        "?.startsWith('Home')", timeout=RENDER_MS)
    assert _remembered(phone) == "en"
    phone.screenshot(path=str(SHOTS / "language-home-en.png"))

    phone.goto(kit_server.url(MODULE))
    assert _module_title(phone) == titles.english
    phone.screenshot(path=str(SHOTS / "language-module-en.png"))
    phone.goto(kit_server.url(CHECKLIST))
    labels = _checklist_labels(phone)
    assert "Session" in labels and "Sesi" not in labels
    phone.screenshot(path=str(SHOTS / "language-checklist-en.png"))
    phone.reload()
    labels = _checklist_labels(phone)
    assert "Session" in labels and "Sesi" not in labels

    phone.goto(kit_server.url(HOME))
    phone.get_by_role("link", name="Bahasa Indonesia").click()
    phone.wait_for_function(
        "() => (document.querySelector('.kit-home .kit-title') || {}).textContent"
        "?.startsWith('Beranda')", timeout=RENDER_MS)
    phone.goto(kit_server.url(MODULE))
    assert _module_title(phone) == titles.indonesian


def test_lang_parameter_on_a_module_page_alone(kit_server: Any, phone: Page) -> None:
    """``?lang=en`` on a module page alone shows it in English; later visits and reloads keep it."""
    titles = module_content("advokasi").title
    assert titles.english != titles.indonesian
    phone.goto(kit_server.url(MODULE))
    assert _module_title(phone) == titles.indonesian
    phone.goto(kit_server.url(MODULE + "?lang=en"))
    assert _module_title(phone) == titles.english
    assert _remembered(phone) == "en"
    phone.goto(kit_server.url(MODULE))
    assert _module_title(phone) == titles.english
    phone.reload()
    assert _module_title(phone) == titles.english
    phone.goto(kit_server.url(CHECKLIST + "?lang=id"))
    assert "Sesi" in _checklist_labels(phone)
    phone.goto(kit_server.url(MODULE))
    assert _module_title(phone) == titles.indonesian
