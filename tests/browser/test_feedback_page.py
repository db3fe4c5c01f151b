"""A participant's feedback page reads on a phone without sideways scrolling."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext

from kit.assess.demo import init_demo_workspace

pytestmark = [pytest.mark.browser, pytest.mark.slow]

REPO = Path(__file__).resolve().parents[2]


def test_feedback_page_fits_a_phone(browser_context: BrowserContext, tmp_path: Path,
                                    viewports: dict[str, dict[str, int]]) -> None:
    """At 360×740 every demo participant's page is as wide as the screen; each item is a card."""
    ws = init_demo_workspace(tmp_path / "ws")
    out = tmp_path / "umpan-balik"
    proc = subprocess.run([sys.executable, "-m", "kit", "feedback", "--out", str(out),
                           "--workspace", str(ws.root)], cwd=REPO, capture_output=True,
                          text=True, check=False)
    assert proc.returncode == 0, proc.stderr
    pages = sorted(p for p in out.glob("*.html") if p.name != "index.html")
    assert len(pages) >= 10
    page = browser_context.new_page()
    try:
        page.set_viewport_size(viewports["phone"])
        for path in pages:
            page.goto(path.as_uri())
            widths = page.evaluate("() => [document.documentElement.scrollWidth, "
                                   "document.documentElement.clientWidth]")
            assert widths[0] <= widths[1], (path.name, widths)
        label = page.evaluate("() => getComputedStyle(document.querySelector('tbody td'), "
                              "'::before').content")
        assert label == '"Butir"'
    finally:
        page.close()
