"""Participants without a browser: what each phone asks of the laptop, over HTTP and websocket.

With 50 headless Chromium pages on the same two cores as the server, the browsers' own rendering
decides the timings. This load generator asks the server for exactly what a phone asks, and
nothing is rendered:

1. ``GET`` the page, then every static file a real Chromium visit of that page loaded, over at
   most six kept-alive connections with gzip, as a browser does (:func:`record_static_urls`);
2. open the page kernel's websocket (``/api/kernels/<id>/channels``), send ``kernel_info``,
   open ipywidgets' control comm and ask for every widget's state (``request_states``), as the
   page's widget manager does;
3. click the page's button (a ``comm_msg`` with ``{"event": "click"}``) and wait for the kernel's
   answer: a message about another widget (the module's registration form is created; the bench
   page's answer changes).

Time to interactive runs from the ``GET`` to that answer.
"""

from __future__ import annotations

import asyncio
import re
import time
from typing import Any

import httpx

from bench.classroom.kernel_ws import Visit, connect, kernel_info, update_states
from bench.classroom.participants import (
    CHROMIUM,
    CHROMIUM_ARGS,
    CLICKS,
    PHONE,
    TTI_TIMEOUT_S,
    Join,
)

PARALLEL_FETCHES = 6  # a browser opens at most six connections to one server


async def record_static_urls(url: str, page_kind: str) -> list[str]:
    """The same-origin static files one real Chromium visit of ``url`` loads."""
    from playwright.async_api import async_playwright

    from bench.classroom.participants import _interact

    origin = url.split("/voila/", 1)[0]
    seen: list[str] = []
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = await (await browser.new_context(viewport=PHONE)).new_page()
        page.on("request", lambda r: seen.append(r.url))
        await _interact(page, url, page_kind)
        await browser.close()
    return [u for u in dict.fromkeys(seen)
            if u.startswith(origin) and ("/static/" in u or "/labextensions/" in u)]


def _button_id(states: dict[str, Any], label: str) -> str:
    for model_id, model in states.items():
        if model.get("model_name") == "ButtonModel" and \
                model.get("state", {}).get("description") == label:
            return str(model_id)
    raise LookupError(f"no button {label!r} among {len(states)} widgets")


async def _visit(base: str, url: str, page_kind: str, static: list[str]) -> float:
    """Visit the page as a phone does; return the moment (``perf_counter``) the click was answered.

    The websocket is closed after that moment and its closing is not counted: waiting until the
    server has closed the socket can take seconds and is not part of time to interactive.
    """
    # One client per participant: at most six kept-alive connections, gzip, like a browser.
    limits = httpx.Limits(max_connections=PARALLEL_FETCHES,
                          max_keepalive_connections=PARALLEL_FETCHES)
    async with httpx.AsyncClient(limits=limits, timeout=TTI_TIMEOUT_S,
                                 headers={"Accept-Encoding": "gzip"}) as client:
        page = await client.get(url)
        page.raise_for_status()
        found = re.search(r'"kernelId": "([^"]+)"', page.text)
        if not found:
            raise LookupError("the page names no kernel")
        for response in await asyncio.gather(*(client.get(u) for u in static)):
            response.raise_for_status()
    visit: Visit = await connect(base, found.group(1))
    try:
        await kernel_info(visit)
        control = visit.request_states()
        while True:
            states = update_states(await visit.receive())
            if states is not None:
                break
        button = _button_id(states, CLICKS.get(page_kind, CLICKS["advokasi"])[0])
        visit.comm_msg(button, {"method": "custom", "content": {"event": "click"}})
        while True:
            msg = await visit.receive()
            kind = msg["header"]["msg_type"]
            comm = msg.get("content", {}).get("comm_id")
            if kind == "comm_open" or (kind == "comm_msg" and comm not in (button, control)):
                return time.perf_counter()
    finally:
        await visit.close()


async def join(base: str, url: str, page_kind: str, static: list[str]) -> Join:
    """One participant: page, static files, kernel websocket, a click answered."""
    t0 = time.perf_counter()
    try:
        interactive = await asyncio.wait_for(_visit(base, url, page_kind, static),
                                             TTI_TIMEOUT_S + 10)
    except Exception as exc:
        return Join(error=f"{type(exc).__name__}: {str(exc)[:160]}")
    if interactive - t0 > TTI_TIMEOUT_S:
        return Join(error=f"TimeoutError: not interactive within {TTI_TIMEOUT_S} s")
    return Join(tti_s=interactive - t0)
