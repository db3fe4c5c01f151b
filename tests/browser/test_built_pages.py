"""Module pages come from a build in the fork server; other pages are rendered per visit.

Against the real ``kit start`` server of the browser harness (fork kernels on, the default).
"""

from __future__ import annotations

import re
import urllib.request
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from kit.modules.identity import register
from kit.server.page_snapshot_handler import KERNEL_ID_PLACEHOLDER
from kit.workspace import open_workspace
from tests.browser.conftest import KitServer

pytestmark = [pytest.mark.browser, pytest.mark.slow]

MODULE = "voila/render/modules/advokasi.ipynb"
CHECKLIST = "voila/render/apps/checklist.ipynb"
READY = ".kit-search input, .kit-reg-name input"
OpenPage = Callable[..., tuple[Page, Any]]


def _get(server: KitServer, path: str) -> tuple[str, str]:
    """The ``X-Kit-Page`` header and the body of a page."""
    with urllib.request.urlopen(server.url(path), timeout=120) as response:  # noqa: S310
        return response.headers.get("X-Kit-Page", ""), response.read().decode()


def _kernel_id(html: str) -> str:
    found = re.search(r'"kernelId": "([^"]+)"', html)
    assert found, "the page names its kernel"
    return found.group(1)


def test_module_page_is_served_from_the_build(kit_server: KitServer) -> None:
    """Two visits: the same built HTML, each with a kernel of its own; the checklist is not."""
    first, html_a = _get(kit_server, MODULE)
    second, html_b = _get(kit_server, MODULE)
    assert first == second == "built"
    kernel_a, kernel_b = _kernel_id(html_a), _kernel_id(html_b)
    assert kernel_a != kernel_b
    assert KERNEL_ID_PLACEHOLDER not in html_a + html_b  # each visit got its own kernel's id
    assert html_a.replace(kernel_a, "K") == html_b.replace(kernel_b, "K")
    # The light page (kit.server.light_page): widget placeholders and the kit's own script.
    assert "data-kit-model-id=" in html_a and "kit-widgets.js" in html_a
    assert "voila.js" not in html_a
    # A tab or bookmark names the module and the kit (the notebook's title), not the file.
    assert "<title>Modul Advokasi — Kit Pelatihan e-UMKM</title>" in html_a
    header, html_c = _get(kit_server, CHECKLIST)
    assert header == "" and "application/vnd.jupyter.widget-view+json" in html_c
    # ?frontend=voila: the same built page with Voila's own front end.
    full_header, html_d = _get(kit_server, MODULE + "?frontend=voila")
    assert full_header == "built"
    assert "application/vnd.jupyter.widget-view+json" in html_d and "kit-widgets.js" not in html_d
    assert "<title>Modul Advokasi — Kit Pelatihan e-UMKM</title>" in html_d


def test_walk_in_registered_after_the_build_is_found(kit_server: KitServer,
                                                     open_page: OpenPage) -> None:
    """Somebody registered after the page was built finds their name on the next visit."""
    _get(kit_server, MODULE)  # the build exists before she registers
    ws = open_workspace(kit_server.workspace)
    register(ws, "Ibu Ratna Sesudah Dibangun", "Kabupaten Sragen")
    page, watch = open_page(MODULE, wait_for=READY)
    page.locator(".kit-search input").fill("Ratna Sesudah")
    expect(page.locator(".kit-module label", has_text="Ibu Ratna Sesudah Dibangun")).to_be_visible(
        timeout=60_000)
    assert watch.page_errors == []
