"""The printable Puskom readiness page in Chromium: styled, nothing wider than screen or paper."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext

from kit.cli import main
from kit.framework import framework
from kit.puskom import service
from kit.workspace import init_workspace

pytestmark = [pytest.mark.browser, pytest.mark.slow]
A4_CONTENT_WIDTH = 681  # CSS pixels between the 15 mm margins of an A4 page


def test_the_printable_page_fits_the_screen_and_the_paper(
        browser_context: BrowserContext, tmp_path: Path) -> None:
    """At 1366×768, on a 360 px phone and at A4 print width nothing is wider than the page."""
    ws = init_workspace(tmp_path / "ws")
    answers: dict[str, bool | None] = {
        c.id: c.aspect != "regulasi" for c in framework().puskom.readiness}
    made = service.assess(ws, "Balai Desa Karangmalang", "Kabupaten Sragen", answers,
                          "Bu Rina", date(2026, 12, 1),
                          notes={"siap_dasar_hukum": "SK bupati masih dalam proses di bagian "
                                                     "hukum sekretariat daerah"})
    out = tmp_path / "cek.html"
    assert main(["puskom", "readiness", "show", made.id, "--workspace", str(ws.root),
                 "--format", "html", "--out", str(out)]) == 0
    page = browser_context.new_page()
    try:
        widths = {}
        for name, media, viewport in (
                ("laptop", "screen", {"width": 1366, "height": 768}),
                ("phone", "screen", {"width": 360, "height": 740}),
                ("print", "print", {"width": A4_CONTENT_WIDTH, "height": 960})):
            page.set_viewport_size(viewport)
            page.emulate_media(media=media)
            page.goto(out.as_uri())
            widths[name] = page.evaluate("""() => ({
                page: document.documentElement.scrollWidth,
                body: document.body.getBoundingClientRect().right,
                tables: [...document.querySelectorAll('table')]
                    .map(t => t.getBoundingClientRect().right)})""")
            assert widths[name]["page"] <= viewport["width"], name
            assert max(widths[name]["tables"]) <= widths[name]["body"] + 1, name
        verdict = page.locator(".kit-puskom-verdict")
        assert verdict.inner_text().strip().lower() == "hampir siap"
        assert page.locator(".kit-puskom-no .kit-puskom-answer").first.evaluate(
            "e => getComputedStyle(e).color") == "rgb(161, 29, 29)"
        page.screenshot(path=str(tmp_path / "print.png"), full_page=True)
    finally:
        page.close()
