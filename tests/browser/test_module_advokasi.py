from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from kit.modules.quiz import question_bank

pytestmark = [pytest.mark.browser, pytest.mark.slow]

MODULE = "voila/render/modules/advokasi.ipynb"
READY = ".kit-search input, .kit-reg-name input"
OpenPage = Callable[..., tuple[Page, Any]]


def _answer_check(page: Page, item_id: str) -> None:
    """Answer the drawn questions of ``item_id`` correctly, matching prompts to the bank."""
    bank = question_bank("advokasi")
    check = page.locator(f".kit-section:has(#kit-{item_id}) .kit-check")
    check.scroll_into_view_if_needed()
    prompts = check.locator("p > b").all_inner_texts()
    assert len(prompts) == 3, prompts
    for n, prompt in enumerate(prompts):
        text = prompt.split(". ", 1)[1].strip()
        q = next(q for q in bank.for_item(item_id) if q.prompt.indonesian == text)
        if q.kind == "choice":
            check.locator("label", has_text=q.correct_text("id")).first.click()
        else:
            check.locator(".widget-text input").nth(0).fill(q.accept[0])
        assert n < 3
    check.locator("button", has_text="Periksa jawaban saya").click()


def test_module_on_a_phone(open_page: OpenPage, viewports: dict[str, dict[str, int]]) -> None:
    """At 360×740: register, answer a check, see progress move; no side scroll, buttons ≥44px."""
    page, watch = open_page(MODULE, viewports["phone"], wait_for=READY)
    page.locator("button", has_text="Nama saya belum ada di daftar").click()
    page.locator(".kit-reg-name input").fill("Peserta Uji Peramban")
    page.locator(".kit-reg-district input").fill("Kabupaten Sragen")
    page.locator("button", has_text="Daftar dan mulai").click()
    page.wait_for_selector("text=Halo, Peserta Uji Peramban!", timeout=60_000)
    # The greeting and the progress line are separate widget updates: wait for both.
    expect(page.locator(".kit-progress").first).to_contain_text(
        "0 dari 19 butir tercapai", timeout=30_000)
    _answer_check(page, "adv_nawacita")
    page.wait_for_selector("text=Hebat, semua benar!", timeout=60_000)
    page.wait_for_function(
        "() => document.querySelector('.kit-progress').innerText.includes('1 dari 19')",
        timeout=30_000)
    page.wait_for_timeout(500)
    width = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert width[0] <= width[1], width
    small = page.evaluate("""() => [...document.querySelectorAll('.kit-module button')]
        .filter(b => b.offsetParent !== null)
        .map(b => [b.innerText, b.getBoundingClientRect().height])
        .filter(([t, h]) => h < 44)""")
    assert small == [], small
    tiny_text = page.evaluate("""() => [...document.querySelectorAll(
        '.kit-module p, .kit-module li, .kit-module label')].filter(e => e.offsetParent !== null)
        .map(e => parseFloat(getComputedStyle(e).fontSize)).filter(s => s < 16).length""")
    assert tiny_text == 0
    assert watch.page_errors == []
    assert watch.foreign_requests() == []
