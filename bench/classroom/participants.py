"""Participants: headless Chromium contexts at 360×740 opening a page and using it.

A participant is *interactive* when the page's widgets are on screen and the kernel answers:
on the bench page the "Hitung" button is clicked and the kernel's answer appears; on a kit
module page "Nama saya belum ada di daftar" is clicked and the kernel's registration form
appears. Time to interactive is measured from the
moment the participant starts navigating.
"""

from __future__ import annotations

import asyncio
import contextlib
import statistics
import time
from dataclasses import dataclass, field
from typing import Any

from playwright.async_api import Browser, BrowserContext, async_playwright

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-quic", "--disable-dev-shm-usage",
]
PHONE = {"width": 360, "height": 740}
TTI_TIMEOUT_S = 150.0


@dataclass
class Join:
    """One participant's join: time to interactive (s) or the error that stopped it.

    ``requests`` counts the HTTP requests the page made until then (a fresh context: nothing
    comes from a cache).
    """

    tti_s: float | None = None
    error: str | None = None
    requests: int = 0


@dataclass
class Classroom:
    """A browser and the open contexts of the participants who joined."""

    browser: Browser
    contexts: list[BrowserContext] = field(default_factory=list)
    pages: dict[int, Any] = field(default_factory=dict)

    async def join(self, url: str, page_kind: str) -> Join:
        """Open ``url`` in a new phone-sized context and wait until it is interactive."""
        context = await self.browser.new_context(viewport=PHONE, locale="id-ID")
        self.contexts.append(context)
        page = await context.new_page()
        self.pages[id(context)] = page
        requests: list[str] = []
        page.on("request", lambda request: requests.append(request.url))
        t0 = time.perf_counter()
        try:
            await asyncio.wait_for(_interact(page, url, page_kind), TTI_TIMEOUT_S)
        except Exception as exc:
            return Join(error=f"{type(exc).__name__}: {str(exc)[:160]}", requests=len(requests))
        return Join(tti_s=time.perf_counter() - t0, requests=len(requests))

    async def _close(self, context: BrowserContext) -> None:
        page = self.pages.pop(id(context), None)
        with contextlib.suppress(Exception):
            if page is not None:
                # Like closing the tab: the page's unload handler asks Voila to end its kernel.
                await page.close(run_before_unload=True)
                await asyncio.sleep(0.2)
            await context.close()

    async def leave_all(self) -> None:
        """Close every participant's tab and context."""
        await self.leave(len(self.contexts))

    async def leave(self, count: int) -> None:
        """Close the ``count`` oldest participants' tabs."""
        contexts, self.contexts = self.contexts[:count], self.contexts[count:]
        for context in contexts:
            await self._close(context)


# Per page kind: the button to click and what the kernel's answer shows. On a kit module page
# "I am not on the list yet" makes the kernel add the registration form.
CLICKS = {"bench": ("Hitung", ".bench-answer"),
          "advokasi": ("Nama saya belum ada di daftar", ".kit-reg-name input")}


async def _interact(page: Any, url: str, page_kind: str) -> None:
    await page.goto(url, wait_until="commit")
    label, shows = CLICKS.get(page_kind, CLICKS["advokasi"])
    button = page.locator("button.widget-button", has_text=label)
    await button.wait_for(state="visible", timeout=TTI_TIMEOUT_S * 1000)
    # Clicking before the widget manager is connected is lost; retry until the kernel answers.
    answer = page.locator(shows)
    while True:
        await button.click()
        with contextlib.suppress(Exception):
            await answer.wait_for(state="visible", timeout=3000)
            return


@contextlib.asynccontextmanager
async def classroom() -> Any:
    """A Chromium browser for a classroom of participants."""
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        room = Classroom(browser)
        try:
            yield room
        finally:
            await room.leave_all()
            await browser.close()


def summary(joins: list[Join]) -> dict[str, Any]:
    """p50/p95/max time to interactive (s) and the errors of a set of joins."""
    times = sorted(j.tti_s for j in joins if j.tti_s is not None)
    errors = [j.error for j in joins if j.error]
    out: dict[str, Any] = {"participants": len(joins), "interactive": len(times),
                           "errors": len(errors), "error_samples": errors[:3]}
    if times:
        out["p50_s"] = round(statistics.median(times), 2)
        out["p95_s"] = round(times[min(len(times) - 1, round(0.95 * (len(times) - 1)))], 2)
        out["max_s"] = round(times[-1], 2)
    return out
