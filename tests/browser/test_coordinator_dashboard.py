"""Issue 14 in Chromium: the coordinator dashboard's filters redraw the chart and its table.

The known store of tests/coordinator/test_queries.py is written as the workspace's
``coordinator.duckdb`` (the dashboard's default store); a filter is changed at 1366×768 and
again at 360×740, and the page never scrolls sideways.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from kit.settings import COORDINATOR_APP
from tests.coordinator.test_queries import write_store

pytestmark = [pytest.mark.browser, pytest.mark.slow,
              pytest.mark.usefixtures("patient_first_load")]

READY = ".kit-coordinator-dashboard .kit-cd-chart"
SHOTS = Path(os.environ.get("UMKM_KIT_TEST_SHOTS") or tempfile.gettempdir())
TOP = "() => document.querySelector('.kit-coordinator-dashboard').scrollIntoView()"
NO_SIDEWAYS = "() => document.documentElement.scrollWidth <= window.innerWidth"
WIDTHS = "() => [document.documentElement.scrollWidth, window.innerWidth]"
OpenPage = Callable[..., tuple[Page, Any]]


@pytest.fixture
def known_store(kit_server: Any, tmp_path: Path) -> Iterator[Path]:
    """The known store as the workspace's coordinator.duckdb (any earlier one put back after)."""
    target = Path(kit_server.workspace) / "coordinator.duckdb"
    kept = tmp_path / "kept.duckdb"
    if target.exists():
        shutil.move(target, kept)
    write_store(target)
    yield target
    target.unlink(missing_ok=True)
    if kept.exists():
        shutil.move(kept, target)


def _chart(page: Page) -> str:
    return str(page.locator(READY).get_attribute("src"))


def _first_row_total(page: Page) -> Any:
    """The "reached" cell of the funnel table's first row (everybody under the filters)."""
    return page.locator(".kit-cd-tbl tbody tr").first.locator("td").nth(2)


def test_filters_redraw_chart_and_table_on_desktop_and_phone(
        open_page: OpenPage, kit_server: Any, known_store: Path,
        viewports: dict[str, dict[str, int]]) -> None:
    """A district and a gender filter change the funnel's chart and table; both sizes fit."""
    page, watch = open_page(f"voila/render/{COORDINATOR_APP}", viewport=viewports["desktop"],
                            wait_for=READY)
    page.locator(".kit-cd-table-btn").click()
    expect(_first_row_total(page)).to_have_text("28")
    before = _chart(page)
    page.locator(".kit-cd-f-district select").select_option(label="Kabupaten Sragen")
    page.locator(".kit-cd-f-gender select").select_option(label="Perempuan")
    expect(_first_row_total(page)).to_have_text("5")
    expect(page.locator(READY)).not_to_have_attribute("src", before)
    page.locator(".kit-cd-xlsx").click()
    expect(page.locator(".kit-cd-result a[download]")).to_have_attribute(
        "download", "dasbor-funnel-33.14.xlsx")
    assert (Path(kit_server.workspace) / "reports" / "dasbor-funnel-33.14.xlsx").is_file()
    page.evaluate(TOP)
    page.screenshot(path=str(SHOTS / "e-coordinator-desktop.png"), full_page=True)
    assert page.evaluate(NO_SIDEWAYS), page.evaluate(WIDTHS)

    page.set_viewport_size(viewports["phone"])
    page.wait_for_timeout(500)
    before = _chart(page)
    page.locator(".kit-cd-f-gender select").select_option(label="Semua")
    page.locator(".kit-cd-f-district select").select_option(label="Kabupaten Grobogan")
    expect(_first_row_total(page)).to_have_text("10")  # 5 + 1 + 3 + 1
    expect(page.locator(READY)).not_to_have_attribute("src", before)
    page.evaluate(TOP)
    page.screenshot(path=str(SHOTS / "e-coordinator-phone.png"), full_page=True)
    page.locator(".kit-cd-tbl").scroll_into_view_if_needed()
    page.screenshot(path=str(SHOTS / "e-coordinator-phone-table.png"))
    assert page.evaluate(NO_SIDEWAYS), page.evaluate(WIDTHS)
    assert watch.page_errors == []
    assert watch.foreign_requests() == []
