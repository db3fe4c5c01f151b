"""A kernel websocket client speaking what the browser's Voila page speaks (protocol v1).

Shared by the browserless load generator (:mod:`bench.classroom.ws_participants`) and the
classroom attack tests (``tests/classroom/test_attack_widget_messages.py``): connect to
``/api/kernels/<id>/channels`` (with a cookie when the server asks for one), send kernel
messages, open ipywidgets' control comm and read every widget's state.
"""

from __future__ import annotations

import asyncio
import json
import uuid
from dataclasses import dataclass
from typing import Any

from jupyter_server.services.kernels.connection.base import (
    deserialize_msg_from_ws_v1,
    serialize_msg_to_ws_v1,
)
from tornado.httpclient import HTTPRequest
from tornado.websocket import websocket_connect

# The kernel websocket protocol Voila's page speaks (checked in Chromium's handshake): the server
# relays each message's parts as they are, without decoding them into JSON and back.
WS_PROTOCOL = "v1.kernel.websocket.jupyter.org"
WIDGET_PROTOCOL = "2.1.0"
CONTROL_PROTOCOL = "1.0.0"
CONTROL_TARGET = "jupyter.widget.control"


@dataclass
class Visit:
    """One participant's connection to the page's kernel (websocket :data:`WS_PROTOCOL`)."""

    ws: Any
    session: str

    def send(self, channel: str, msg_type: str, content: Any,
             metadata: dict[str, Any] | None = None) -> str:
        """Send one kernel message on ``channel``; return its ``msg_id``."""
        msg_id = uuid.uuid4().hex
        header = {"msg_id": msg_id, "msg_type": msg_type, "session": self.session,
                  "username": "peserta", "date": "", "version": "5.3"}
        parts = [json.dumps(part).encode() for part in (header, {}, metadata or {}, content)]
        self.ws.write_message(serialize_msg_to_ws_v1(parts, channel), binary=True)
        return msg_id

    async def receive_raw(self) -> tuple[bytes | str, dict[str, Any]]:
        """The next message as sent, and its header, parent header and content (no buffers)."""
        raw = await self.ws.read_message()
        if raw is None:
            raise ConnectionError("websocket closed")
        if isinstance(raw, str):  # a message the server wrote as JSON text
            msg = json.loads(raw)
            return raw, {"header": msg.get("header") or {},
                         "parent_header": msg.get("parent_header") or {},
                         "content": msg.get("content") or {}}
        _channel, parts = deserialize_msg_from_ws_v1(raw)
        return raw, {"header": json.loads(parts[0]), "parent_header": json.loads(parts[1]),
                     "content": json.loads(parts[3])}

    async def receive(self) -> dict[str, Any]:
        """The next kernel message: header and content (buffers, if any, are not read)."""
        return (await self.receive_raw())[1]

    async def close(self, wait_s: float = 5.0) -> None:
        """Close the websocket and wait (at most ``wait_s``) until its socket is closed.

        Tornado closes the client's socket only when the server answers the close frame (or five
        seconds later, by a timer): an event loop that ends right after ``ws.close()`` leaves the
        socket open, to be garbage-collected later as an "unclosed socket" warning.
        """
        protocol = getattr(self.ws, "protocol", None)
        stream = getattr(protocol, "stream", None)
        self.ws.close()
        if stream is None:
            return
        deadline = asyncio.get_running_loop().time() + wait_s
        while not stream.closed() and asyncio.get_running_loop().time() < deadline:
            await asyncio.sleep(0.02)
        if not stream.closed():
            stream.close()

    def comm_msg(self, comm_id: str, data: dict[str, Any],
                 version: str = WIDGET_PROTOCOL) -> str:
        """Send ``data`` to the widget (or comm) ``comm_id``."""
        return self.send("shell", "comm_msg", {"comm_id": comm_id, "data": data},
                         {"version": version})

    def request_states(self) -> str:
        """Open ipywidgets' control comm and ask for every widget's state; return its comm id."""
        control = uuid.uuid4().hex
        self.send("shell", "comm_open", {"comm_id": control, "data": {},
                                         "target_name": CONTROL_TARGET},
                  {"version": CONTROL_PROTOCOL})
        self.comm_msg(control, {"method": "request_states"}, CONTROL_PROTOCOL)
        return control


async def connect(base: str, kernel_id: str, cookie: str = "") -> Visit:
    """Open the websocket of kernel ``kernel_id`` on server ``base`` (``http://host:port/``)."""
    session = uuid.uuid4().hex
    ws_url = base.rstrip("/").replace("http://", "ws://", 1) + \
        f"/api/kernels/{kernel_id}/channels?session_id={session}"
    request = HTTPRequest(ws_url, headers={"Cookie": cookie} if cookie else {})
    return Visit(await websocket_connect(request, subprotocols=[WS_PROTOCOL]), session)


async def kernel_info(visit: Visit) -> None:
    """Ask for ``kernel_info`` and wait for the reply (what the page does first)."""
    visit.send("shell", "kernel_info_request", {})
    while (await visit.receive())["header"]["msg_type"] != "kernel_info_reply":
        pass


def update_states(msg: dict[str, Any]) -> dict[str, Any] | None:
    """The widget states of an ``update_states`` control message, else ``None``."""
    data = msg.get("content", {}).get("data", {})
    if msg["header"].get("msg_type") == "comm_msg" and isinstance(data, dict) and \
            data.get("method") == "update_states":
        return dict(data["states"])
    return None
