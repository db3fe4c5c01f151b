"""Multiple-choice options stay readable on a phone: long options wrap without overlapping."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page

pytestmark = [pytest.mark.browser, pytest.mark.slow]

MODULE = "voila/render/modules/advokasi.ipynb"
READY = ".kit-search input, .kit-reg-name input"
OpenPage = Callable[..., tuple[Page, Any]]

# Each option label's box, and the boxes of the option text's own line boxes: an option whose text
# runs below its label's box overlaps the next option.
OVERLAPS = """() => {
  const out = [];
  for (const box of document.querySelectorAll('.kit-module .widget-radio-box')) {
    if (box.offsetParent === null) continue;
    const labels = [...box.querySelectorAll('label')];
    for (let i = 0; i < labels.length; i++) {
      const r = labels[i].getBoundingClientRect();
      const range = document.createRange();
      range.selectNodeContents(labels[i]);
      const text = range.getBoundingClientRect();
      if (text.bottom > r.bottom + 1) out.push(['text below its option', labels[i].innerText]);
      if (i + 1 < labels.length) {
        const next = labels[i + 1].getBoundingClientRect();
        if (next.top < r.bottom - 1) out.push(['options overlap', labels[i].innerText]);
      }
    }
  }
  return out;
}"""


def test_long_choice_options_do_not_overlap_on_a_phone(
        open_page: OpenPage, viewports: dict[str, dict[str, int]], tmp_path: Path) -> None:
    """At 360×740 every visible multiple-choice option holds its whole text, none overlap."""
    page, watch = open_page(MODULE, viewports["phone"], wait_for=READY)
    page.locator("button", has_text="Nama saya belum ada di daftar").click()
    page.locator(".kit-reg-name input").fill("Peserta Uji Tata Letak")
    page.locator(".kit-reg-district input").fill("Kabupaten Sragen")
    page.locator("button", has_text="Daftar dan mulai").click()
    page.wait_for_selector("text=Halo, Peserta Uji Tata Letak!", timeout=60_000)
    page.wait_for_selector(".kit-module .widget-radio-box label", timeout=60_000)
    text_heights = page.evaluate("""() => [...document.querySelectorAll(
        '.kit-module .widget-radio-box label')].filter(l => l.offsetParent !== null).map(l => {
          const range = document.createRange(); range.selectNodeContents(l);
          return range.getBoundingClientRect().height; })""")
    # The page must hold an option whose text wraps (at least twice a one-line option's height,
    # less half a line), or the test proves nothing. How many lines depends on the fonts installed:
    # three here, two on CI's machine (44 px against 26 px).
    assert max(text_heights) > 1.5 * min(text_heights), text_heights
    assert page.evaluate(OVERLAPS) == []
    page.evaluate("""() => [...document.querySelectorAll('.kit-module .widget-radio-box label')]
        .filter(l => l.offsetParent !== null)
        .sort((a, b) => b.offsetHeight - a.offsetHeight)[0].scrollIntoView({block: 'center'})""")
    page.screenshot(path=str(tmp_path / "quiz-phone.png"))  # for a person to look at
    assert watch.page_errors == []
