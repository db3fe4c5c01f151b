"""A long module on a phone (issue 12): section menu, one open section, the way back home.

And the facilitator notes: not in the participant's page, but in the facilitator guide.

At 360×740 the advokasi page starts with the menu and the first section only; a tap on a menu
entry shows that section (built then, in the page's own kernel); "Kembali ke daftar modul" leads
to the home page. The page has far fewer widgets at start than the whole module has.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from ipywidgets.widgets import widget as widget_module
from ipywidgets.widgets.domwidget import DOMWidget
from playwright.sync_api import Page, expect

from kit.framework import framework
from kit.i18n import set_language
from kit.modules.advokasi import build_advokasi

pytestmark = [pytest.mark.browser, pytest.mark.slow]

MODULE = "voila/render/modules/advokasi.ipynb"
READY = ".kit-search input, .kit-reg-name input"
HOME_READY = ".kit-home .kit-title"
GUIDE = "voila/render/apps/panduan_fasilitator.ipynb"
WAIT_MS = 60_000
SHOTS = Path(__file__).resolve().parents[2] / "build" / "screenshots"
OpenPage = Callable[..., tuple[Page, Any]]
# The element with this id is on screen, in the upper half (it was scrolled to).
TOP_IN_VIEW = """(id) => { const el = document.getElementById(id);
  if (!el) { return false; } const top = el.getBoundingClientRect().top;
  return top >= 0 && top < window.innerHeight / 2; }"""
COUNT_WIDGETS = "() => document.querySelectorAll('.jupyter-widgets').length"


def _dom_widgets_of_the_whole_module(home: Path) -> int:
    """How many DOM widgets the advokasi page has when every section is built (in-process)."""
    set_language("id")
    try:
        before = set(widget_module._instances)
        page = build_advokasi(local_home=home)
        page.column(page.opening())
        page.column(page.contents())
        page.column(page.closing())
        page.build_all()
        created = set(widget_module._instances) - before
        return sum(1 for m in created if isinstance(widget_module._instances.get(m), DOMWidget))
    finally:
        set_language(None)


def test_section_menu_on_a_phone(open_page: OpenPage, viewports: dict[str, dict[str, int]],
                                 tmp_path: Path) -> None:
    """The menu lists every section; a tap opens one; the way back reaches the module list."""
    page, watch = open_page(MODULE, viewports["phone"], wait_for=READY)
    items = framework().activity("advokasi").items
    entries = page.locator(".kit-menu-entry")
    expect(entries).to_have_count(len(items), timeout=WAIT_MS)
    texts = [t.strip() for t in entries.all_inner_texts()]
    assert texts == [i.title.get("id") for i in items]
    expect(page.locator("h3.kit-menu-group")).to_have_count(
        len(framework().activity("advokasi").materi))
    # Only the first section is on the page at start.
    assert page.locator(f"#kit-{items[0].id}").is_visible()
    assert page.locator(f"#kit-{items[5].id}").count() == 0
    html = page.content()
    assert "Catatan fasilitator" not in html and "Untuk fasilitator" not in html
    at_start = page.evaluate(COUNT_WIDGETS)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "module_sections_start_phone.png"))
    page.locator(".kit-menu-root").screenshot(path=str(SHOTS / "module_sections_menu_phone.png"))
    whole = _dom_widgets_of_the_whole_module(tmp_path / "home")
    assert 3 * at_start < whole, (at_start, whole)

    target = items[10]
    page.locator(".kit-menu-entry", has_text=target.title.get("id")).click()
    heading = page.locator(f"#kit-{target.id}")
    expect(heading).to_be_visible(timeout=WAIT_MS)
    expect(page.locator(f"#kit-{items[0].id}")).to_have_count(0)
    expect(page.locator(f".kit-section:has(#kit-{target.id}) .kit-check")).to_be_visible()
    expect(page.locator(".kit-menu-open")).to_have_text(target.title.get("id"))
    heading.scroll_into_view_if_needed()
    page.screenshot(path=str(SHOTS / "module_sections_open_phone.png"))
    width = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert width[0] <= width[1], width

    page.evaluate("() => window.scrollTo(0, document.documentElement.scrollHeight)")
    page.locator("button", has_text="Berikutnya: ").click()
    expect(page.locator(f"#kit-{items[11].id}")).to_be_visible(timeout=WAIT_MS)
    # The new section is brought into view: its heading near the top of the phone's screen,
    # not the bottom of the page where the button was (issue 12).
    page.wait_for_function(TOP_IN_VIEW, arg=f"kit-{items[11].id}", timeout=WAIT_MS)
    page.screenshot(path=str(SHOTS / "module_sections_next_phone.png"))
    # A menu entry far below the top does the same.
    page.evaluate("() => window.scrollTo(0, 0)")
    page.locator(".kit-menu-entry", has_text=items[15].title.get("id")).click()
    page.wait_for_function(TOP_IN_VIEW, arg=f"kit-{items[15].id}", timeout=WAIT_MS)

    expect(page.locator("a.kit-back-link")).to_have_count(2)  # top of the page, top of the menu
    page.locator("a.kit-back-link").first.click()
    page.wait_for_selector(HOME_READY, timeout=WAIT_MS)
    assert page.url.endswith("/voila/render/beranda.ipynb")
    assert watch.page_errors == []
    assert watch.foreign_requests() == []


def test_facilitator_guide_shows_the_notes(open_page: OpenPage,
                                           viewports: dict[str, dict[str, int]]) -> None:
    """At 1366×768 the facilitator guide app shows each module's facilitator notes."""
    page, watch = open_page(GUIDE, viewports["desktop"], wait_for=".kit-guide-module")
    expect(page.locator(".kit-guide-module")).to_have_count(len(framework().activities))
    text = page.locator(".kit-guide").inner_text()
    assert "Panduan fasilitator" in text
    assert "Untuk fasilitator." in text  # the opening of advokasi's module.yaml notes
    page.screenshot(path=str(SHOTS / "facilitator_guide_desktop.png"))
    width = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert width[0] <= width[1], width
    assert watch.page_errors == []
