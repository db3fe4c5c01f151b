"""Participant pages on a 360×740 phone: sandbox results near the button, layout, reload."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Locator, Page

from kit.modules.identity import roster
from kit.records.participants import Participant
from kit.sandbox.practice import Practice
from kit.workspace import open_workspace
from tests.sandbox.helpers import ready_mailbox
from tests.sandbox.test_store_blog import open_store

pytestmark = [pytest.mark.browser, pytest.mark.slow]

MODULE = "voila/render/modules/bimtek.ipynb"
READY = ".kit-search input, .kit-reg-name input"
WAIT_MS = 60_000
PHONE = {"width": 360, "height": 740}
SHOTS = os.environ.get("KIT_TEST_SCREENSHOTS", "")  # a directory: keep screenshots to look at
OpenPage = Callable[..., tuple[Page, Any]]


@pytest.fixture(scope="module")
def shopkeeper(kit_server: Any) -> Iterator[Participant]:
    """A roster participant with an active practice mailbox and an open, active store."""
    ws = open_workspace(kit_server.workspace)
    person = roster(ws)[-1]
    p = Practice(ws, person.id)
    ready_mailbox(p, "toko.telepon")
    open_store(p)
    yield person


def _shot(page: Page, name: str, full: bool = False) -> None:
    """Save a screenshot under ``$KIT_TEST_SCREENSHOTS`` when that is set."""
    if SHOTS:
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=full)


def _choose(page: Page, person: Participant) -> None:
    """Pick ``person`` from the roster search and confirm."""
    page.locator(".kit-search input").fill(person.name)
    page.locator(".widget-radio-box label").first.click()
    page.locator("button", has_text="Ya, ini saya").click()
    page.get_by_text(f"{person.name}!").first.wait_for(timeout=WAIT_MS)


def _store(page: Page) -> Locator:
    """The online-store section of the bimtek page."""
    return page.locator(".kit-section:has(#kit-bim_toko)")


def _open_store_part(page: Page) -> Locator:
    """Open the store part (from the module's part menu when the page has one) and return it."""
    menu = page.locator("button", has_text="Pembuatan dan manajemen toko online")
    if menu.count():
        menu.first.click()
    store = _store(page)
    store.locator("button", has_text="Tambah produk").wait_for(timeout=WAIT_MS)
    return store


def _field(scope: Locator, label: str, tag: str = "input") -> Locator:
    """The visible input under the bold label ``label`` of a sandbox field."""
    return scope.locator(
        f"xpath=.//b[normalize-space()='{label}']/ancestor::div"
        f"[contains(@class,'widget-vbox')][1]//{tag}").filter(visible=True).first


def test_store_result_shows_right_below_the_tapped_button(
        open_page: OpenPage, shopkeeper: Participant) -> None:
    """A refused price "15rb" is explained right under "Tambah produk", not 1,500 px lower."""
    page, _watch = open_page(MODULE, PHONE, wait_for=READY)
    _choose(page, shopkeeper)
    store = _open_store_part(page)
    _field(store, "Nama produk").fill("Keripik tempe")
    _field(store, "Harga (rupiah)").fill("15rb")
    _field(store, "Stok").first.fill("3")
    button = store.locator("button", has_text="Tambah produk")
    button.click()
    error = store.locator(".sbx-err").filter(visible=True).first
    error.wait_for(timeout=WAIT_MS)
    page.wait_for_timeout(300)
    _shot(page, "store_result")
    b, e = button.bounding_box(), error.bounding_box()
    assert b is not None and e is not None
    assert -2 <= e["y"] - (b["y"] + b["height"]) <= 100, (b, e)
    assert e["y"] >= 0 and e["y"] + min(e["height"], 60) <= PHONE["height"], e  # in view
    assert "15rb" in error.inner_text()


def test_phone_layout_of_the_practice(open_page: OpenPage, shopkeeper: Participant) -> None:
    """At 360×740 tab labels, checkbox labels, text-area fonts, widths and tooltips are right."""
    page, _watch = open_page(MODULE, PHONE, wait_for=READY)
    _choose(page, shopkeeper)
    tab = page.locator(".lm-TabBar-tab", has_text="Kotak masuk").first
    tab.wait_for(timeout=WAIT_MS)
    tab.scroll_into_view_if_needed()
    _shot(page, "layout_mail")
    _check_layout(page)
    _open_store_part(page)
    page.locator(".widget-checkbox").filter(visible=True).last.scroll_into_view_if_needed()
    page.wait_for_timeout(500)
    _shot(page, "layout_store")
    _check_layout(page)


def _check_layout(page: Page) -> None:
    """The layout checks of :func:`test_phone_layout_of_the_practice` on the page as it is."""
    cut_tabs = page.evaluate("""() => [...document.querySelectorAll('.lm-TabBar-tabLabel')]
        .filter(l => l.offsetParent !== null && l.scrollWidth > l.clientWidth + 1)
        .map(l => l.innerText)""")
    cut_boxes = page.evaluate("""() => [...document.querySelectorAll(
            '.widget-checkbox label, .widget-checkbox span')]
        .filter(l => l.offsetParent !== null && (l.scrollWidth > l.clientWidth + 1
                                                 || l.scrollHeight > l.clientHeight + 1))
        .map(l => [l.innerText, l.scrollWidth, l.clientWidth, l.scrollHeight, l.clientHeight])""")
    mono = page.evaluate("""() => [...document.querySelectorAll('.kit-module textarea')]
        .filter(t => t.offsetParent !== null)
        .map(t => getComputedStyle(t).fontFamily)
        .filter(f => /mono|courier/i.test(f))""")
    nulls = page.evaluate("""() => [...document.querySelectorAll('[title]')]
        .filter(e => e.offsetParent !== null && e.getAttribute('title') === 'null')
        .map(e => e.outerHTML.slice(0, 80))""")
    overflow = page.evaluate("""() => [...document.querySelectorAll(
            '.kit-module input, .kit-module textarea, .kit-module select, .kit-module button')]
        .filter(c => c.offsetParent !== null)
        .map(c => [c.tagName + '.' + c.parentElement.className, c.getBoundingClientRect().right,
                   c.closest('.kit-module').getBoundingClientRect().right])
        .filter(([t, r, box]) => r > box + 0.5)""")
    widths = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    faults = {"cut tab labels": cut_tabs, "cut checkbox labels": cut_boxes,
              "monospace text areas": mono, "title=null": nulls,
              "controls wider than the page": overflow[:5],
              "side scrolling": [] if widths[0] == widths[1] else widths}
    assert {k: v for k, v in faults.items() if v} == {}


def test_reload_offers_to_continue_as_the_chosen_participant(
        open_page: OpenPage, shopkeeper: Participant) -> None:
    """Without classroom mode a reload greets "Lanjutkan sebagai <nama>"; one tap continues."""
    page, _watch = open_page(MODULE, PHONE, wait_for=READY)
    _choose(page, shopkeeper)
    page.reload(wait_until="load")
    resume = page.locator("button", has_text=f"Lanjutkan sebagai {shopkeeper.name}")
    resume.wait_for(timeout=WAIT_MS)
    assert page.locator(".kit-search input").is_visible()  # or choose someone else
    _shot(page, "reload_resume")
    resume.click()
    page.get_by_text(f"{shopkeeper.name}!").first.wait_for(timeout=WAIT_MS)
    page.locator("button", has_text="Bukan Anda? Ganti nama").wait_for(timeout=WAIT_MS)
