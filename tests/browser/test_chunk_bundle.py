"""A kit page loads its front-end code as one script, and asks for no chunk of it one by one.

Against the real ``kit start`` server of the browser harness, in Chromium. When this fails after
an upgrade of Voila or ipywidgets, record the list again:
``python -m bench.classroom.record_chunks``.
"""

from __future__ import annotations

import re
import urllib.request
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from kit.server.chunk_bundle import is_chunk_url
from tests.browser.conftest import PHONE, KitServer

pytestmark = [pytest.mark.browser, pytest.mark.slow]

OpenPage = Callable[..., tuple[Page, Any]]
BUNDLE = re.compile(r"^/voila/static/kit-chunks\.[0-9a-f]+\.js$")
# A module page with Voila's own front end (by default it has the kit's light one, which loads
# no chunk at all: kit.server.light_page).
MODULE_FULL = "voila/render/modules/advokasi.ipynb?frontend=voila"
# (page, what shows once its widgets work)
PAGES = [
    (MODULE_FULL, ".kit-search input, .kit-reg-name input"),
    ("voila/render/apps/checklist.ipynb", ".kit-checklist .kit-cell"),
    ("", ".kit-home .kit-title"),
]


@pytest.mark.parametrize(("path", "ready"), PAGES, ids=["module", "checklist", "home"])
def test_page_asks_for_no_chunk(open_page: OpenPage, viewports: dict[str, dict[str, int]],
                                path: str, ready: str) -> None:
    """The page works with the bundle alone: one bundle request, no chunk request, no error."""
    page, watch = open_page(path, viewports["phone"], wait_for=ready)
    page.wait_for_load_state("networkidle")
    paths = [urlsplit(url).path for url in watch.requests]
    assert [p for p in paths if is_chunk_url(p)] == []
    assert len([p for p in paths if BUNDLE.match(p)]) == 1
    assert watch.page_errors == []
    assert watch.foreign_requests() == []


def test_bundle_comes_before_voilas_script(kit_server: KitServer) -> None:
    """The page names the bundle before voila.js, so Voila's runtime finds the chunks loaded."""
    url = kit_server.url(MODULE_FULL)
    with urllib.request.urlopen(url, timeout=120) as response:  # noqa: S310 - local http URL
        html = response.read().decode()
    scripts = re.findall(r'<script src="([^"]+)"', html)
    names = [urlsplit(src).path.rsplit("/", 1)[-1] for src in scripts]
    bundles = [i for i, name in enumerate(names) if name.startswith("kit-chunks.")]
    assert len(bundles) == 1
    assert names.index("voila.js") == bundles[0] + 1


def test_slow_phone_gets_working_widgets(kit_server: KitServer, browser_context: Any) -> None:
    """On a phone-speed CPU (Chromium throttled 10×) the module page works, visit after visit.

    Bundling the widget extensions' chunks as well made one such visit in three end with
    "widget model not found"; only Voila's own chunks are bundled.
    """
    for _ in range(3):
        page = browser_context.new_page()
        errors: list[str] = []
        page.on("console", lambda msg, errors=errors: msg.type == "error" and errors.append(
            msg.text))
        try:
            page.set_viewport_size(PHONE)
            cdp = browser_context.new_cdp_session(page)
            cdp.send("Emulation.setCPUThrottlingRate", {"rate": 10})
            page.goto(kit_server.url(PAGES[0][0]), wait_until="commit")
            button = page.locator("button.widget-button", has_text="Nama saya belum ada di daftar")
            button.wait_for(state="visible", timeout=120_000)
            answer = page.locator(".kit-reg-name input")
            for _attempt in range(20):  # a click before the kernel is connected is lost
                button.click()
                try:
                    answer.wait_for(state="visible", timeout=5_000)
                    break
                except PlaywrightTimeout:
                    continue
            assert answer.is_visible()
            assert [e for e in errors if "model not found" in e] == []
        finally:
            page.close()
