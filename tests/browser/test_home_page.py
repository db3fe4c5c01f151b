from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import BrowserContext, Page, Response

from kit.framework import framework
from kit.settings import CHECKLIST_APP, COORDINATOR_APP, module_target

pytestmark = [pytest.mark.browser, pytest.mark.slow]

TITLE = "Beranda — Kit Pelatihan e-UMKM"
HOME_READY = ".kit-home .kit-title"

OpenPage = Callable[..., tuple[Page, Any]]


def _link_targets(page: Page) -> dict[str, str]:
    """Map every home-page link target to "link" (clickable) or "soon" (coming soon)."""
    links = page.eval_on_selector_all(
        ".kit-home a.kit-link", "els => els.map(e => e.getAttribute('href'))")
    soon = page.eval_on_selector_all(
        ".kit-home .kit-soon", "els => els.map(e => e.getAttribute('data-target'))")
    return {**{t: "link" for t in links}, **{t: "soon" for t in soon}}


@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_home_renders_title_and_links(open_page: OpenPage, kit_server: Any,
                                      viewports: dict[str, dict[str, int]], size: str) -> None:
    """The root URL shows the Beranda with its title, module and role links, without errors."""
    page, watch = open_page("", viewports[size], wait_for=HOME_READY)
    assert page.url == kit_server.url("voila/render/beranda.ipynb")
    assert page.inner_text(HOME_READY).strip() == TITLE
    targets = _link_targets(page)
    expected = [module_target(a.id) for a in framework().activities]
    expected += [CHECKLIST_APP, COORDINATOR_APP]
    for target in expected:
        built = (kit_server.site / target).is_file()
        assert targets.get(target) == ("link" if built else "soon"), target
    for activity in framework().activities:
        assert activity.short_title.indonesian in page.inner_text(".kit-home")
    assert page.locator(".jp-InputArea, .jp-CodeMirrorEditor").count() == 0
    assert watch.console_errors == []
    assert watch.page_errors == []
    assert watch.foreign_requests() == []


def test_home_fits_a_phone(open_page: OpenPage, viewports: dict[str, dict[str, int]]) -> None:
    """At 360×740 the home page has no horizontal scroll, text ≥16px and tap targets ≥44px."""
    page, watch = open_page("", viewports["phone"], wait_for=HOME_READY)
    page.wait_for_timeout(500)  # let fonts and widget layout settle
    overflow = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert overflow[0] <= overflow[1], overflow
    small_text = page.evaluate("""() => {
        const out = [];
        for (const el of document.querySelectorAll('.kit-home-page *')) {
            const own = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
            if (!own || !el.offsetParent) continue;
            const size = parseFloat(getComputedStyle(el).fontSize);
            if (size < 16) out.push([el.tagName, el.className, size]);
        }
        return out;
    }""")
    assert small_text == []
    small_targets = page.evaluate("""() => {
        const out = [];
        for (const el of document.querySelectorAll('a, button, [role=button], input, select')) {
            const r = el.getBoundingClientRect();
            if (!r.width || !r.height) continue;
            if (r.width < 44 || r.height < 44) out.push([el.tagName, el.textContent.trim(),
                                                         r.width, r.height]);
        }
        return out;
    }""")
    assert small_targets == []
    assert watch.foreign_requests() == []


def test_home_language_toggle(open_page: OpenPage, browser_context: BrowserContext) -> None:
    """Choosing English on the language links shows the home page in English."""
    page, watch = open_page("", wait_for=HOME_READY)
    try:
        page.get_by_role("link", name="English").click()
        page.wait_for_function(
            "() => (document.querySelector('.kit-title') || {}).textContent?.startsWith('Home')",
            timeout=60_000)
        assert page.inner_text(".kit-subtitle").strip() == TITLE
        assert "Training modules" in page.inner_text(".kit-home")
        assert page.get_by_role("link", name="Bahasa Indonesia").count() == 1
        assert watch.console_errors == []
        assert watch.foreign_requests() == []
    finally:  # the shared browser remembers the choice: later tests expect Indonesian
        browser_context.clear_cookies(name="kit_lang")


def test_folder_listing_is_local(open_page: OpenPage) -> None:
    """The folder listing page links the home notebook and loads nothing from other hosts."""
    page, watch = open_page("voila/tree", wait_for=".kit-tree")
    assert page.locator(".kit-tree a[href$='voila/render/beranda.ipynb']").count() == 1
    assert watch.console_errors == []
    assert watch.foreign_requests() == []


def _icon_checks(page: Page, url: str, ready: str) -> tuple[list[str], list[str]]:
    """Load ``url`` and wait for ``ready``; return (404 responses, console errors)."""
    missing: list[str] = []
    errors: list[str] = []

    def on_response(response: Response) -> None:
        if response.status == 404:
            missing.append(response.url)

    page.on("response", on_response)
    page.on("console", lambda msg: msg.type == "error" and errors.append(msg.text))
    page.goto(url, wait_until="load")
    page.wait_for_selector(ready, timeout=90_000)
    page.wait_for_timeout(1000)  # the icon is asked for after the page has loaded
    icon = page.evaluate("() => document.querySelector('link[rel=icon]')?.href")
    assert icon is not None and icon.endswith("/favicon.ico"), icon
    answer = page.request.get(icon)
    assert answer.status == 200, icon
    assert answer.headers["content-type"] == "image/x-icon"
    assert answer.body()[:4] == b"\x00\x00\x01\x00"  # an ICO file
    return missing, errors


def test_pages_have_the_kits_icon(kit_server: Any, browser_context: BrowserContext,
                                  tmp_path: Path) -> None:
    """Home, a module page and a classroom page link the kit's icon, served 200; no 404 at all."""
    from tests.classroom.harness import make_source, make_workspace, start, stop

    browser = browser_context.browser
    assert browser is not None
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="id-ID")
    try:
        for path, ready in (("", HOME_READY),
                            ("voila/render/modules/advokasi.ipynb", "h1"),
                            ("voila/tree", ".kit-tree")):
            missing, errors = _icon_checks(context.new_page(), kit_server.url(path), ready)
            assert (missing, errors) == ([], []), path
        classroom = start(make_workspace(tmp_path), make_source(tmp_path), tmp_path / "log")
        try:
            missing, errors = _icon_checks(context.new_page(), classroom.url("/kelas"), "main")
            assert (missing, errors) == ([], [])
        finally:
            stop(classroom)
    finally:
        context.close()
