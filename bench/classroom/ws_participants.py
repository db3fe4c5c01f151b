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
import json
import re
import time
import uuid
from dataclasses import dataclass
from typing import Any

import httpx
from jupyter_server.services.kernels.connection.base import (
    deserialize_msg_from_ws_v1,
    serialize_msg_to_ws_v1,
)
from tornado.websocket import websocket_connect

from bench.classroom.participants import (
    CHROMIUM,
    CHROMIUM_ARGS,
    CLICKS,
    PHONE,
    TTI_TIMEOUT_S,
    Join,
)

PARALLEL_FETCHES = 6  # a browser opens at most six connections to one server
WIDGET_PROTOCOL = "2.1.0"
# The kernel websocket protocol Voila's page speaks (checked in Chromium's handshake): the server
# relays each message's parts as they are, without decoding them into JSON and back.
WS_PROTOCOL = "v1.kernel.websocket.jupyter.org"
CONTROL_PROTOCOL = "1.0.0"


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


@dataclass
class Visit:
    """One participant's connection to the page's kernel (websocket :data:`WS_PROTOCOL`)."""

    ws: Any
    session: str

    def send(self, channel: str, msg_type: str, content: dict[str, Any],
             metadata: dict[str, Any] | None = None) -> None:
        """Send one kernel message on ``channel``."""
        header = {"msg_id": uuid.uuid4().hex, "msg_type": msg_type, "session": self.session,
                  "username": "peserta", "date": "", "version": "5.3"}
        parts = [json.dumps(part).encode() for part in (header, {}, metadata or {}, content)]
        self.ws.write_message(serialize_msg_to_ws_v1(parts, channel), binary=True)

    async def receive(self) -> dict[str, Any]:
        """The next kernel message: header and content (buffers, if any, are not read)."""
        raw = await self.ws.read_message()
        if raw is None:
            raise ConnectionError("websocket closed")
        _channel, parts = deserialize_msg_from_ws_v1(raw)
        return {"header": json.loads(parts[0]), "content": json.loads(parts[3])}


def _button_id(states: dict[str, Any], label: str) -> str:
    for model_id, model in states.items():
        if model.get("model_name") == "ButtonModel" and \
                model.get("state", {}).get("description") == label:
            return str(model_id)
    raise LookupError(f"no button {label!r} among {len(states)} widgets")


async def _visit(base: str, url: str, page_kind: str, static: list[str]) -> None:
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
    session = uuid.uuid4().hex
    ws_url = base.replace("http://", "ws://") + \
        f"api/kernels/{found.group(1)}/channels?session_id={session}"
    visit = Visit(await websocket_connect(ws_url, subprotocols=[WS_PROTOCOL]), session)
    try:
        visit.send("shell", "kernel_info_request", {})
        while (await visit.receive())["header"]["msg_type"] != "kernel_info_reply":
            pass
        control = uuid.uuid4().hex
        visit.send("shell", "comm_open", {"comm_id": control, "data": {},
                                          "target_name": "jupyter.widget.control"},
                   {"version": CONTROL_PROTOCOL})
        visit.send("shell", "comm_msg", {"comm_id": control,
                                         "data": {"method": "request_states"}},
                   {"version": CONTROL_PROTOCOL})
        while True:
            msg = await visit.receive()
            data = msg.get("content", {}).get("data", {})
            if msg["header"]["msg_type"] == "comm_msg" and data.get("method") == "update_states":
                states = data["states"]
                break
        button = _button_id(states, CLICKS.get(page_kind, CLICKS["advokasi"])[0])
        visit.send("shell", "comm_msg", {"comm_id": button, "data": {
            "method": "custom", "content": {"event": "click"}}}, {"version": WIDGET_PROTOCOL})
        while True:
            msg = await visit.receive()
            kind = msg["header"]["msg_type"]
            comm = msg.get("content", {}).get("comm_id")
            if kind == "comm_open" or (kind == "comm_msg" and comm not in (button, control)):
                return
    finally:
        visit.ws.close()


async def join(base: str, url: str, page_kind: str, static: list[str]) -> Join:
    """One participant: page, static files, kernel websocket, a click answered."""
    t0 = time.perf_counter()
    try:
        await asyncio.wait_for(_visit(base, url, page_kind, static), TTI_TIMEOUT_S)
    except Exception as exc:
        return Join(error=f"{type(exc).__name__}: {str(exc)[:160]}")
    return Join(tti_s=time.perf_counter() - t0)
