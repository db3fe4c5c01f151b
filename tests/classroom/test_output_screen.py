"""What the classroom server sends a participant's browser from the kernel: no tracebacks."""

from __future__ import annotations

import json
from typing import Any

from jupyter_server.services.kernels.connection.base import (
    deserialize_msg_from_ws_v1,
    serialize_msg_to_ws_v1,
)

from kit.classroom.wsfilter import V1_SUBPROTOCOL, friendly_error, screen_output
from kit.i18n import set_language

TRACEBACK = ('Traceback (most recent call last):\n  File "/work/main/.venv/lib/python3.11/'
             'site-packages/comm/base_comm.py", line 253, in comm_open\nKeyError: '
             "'target_name'\n")


def _v1(msg_type: str, content: dict[str, Any], buffers: tuple[bytes, ...] = ()) -> bytes:
    header = {"msg_id": "m1", "msg_type": msg_type, "session": "s", "username": "k",
              "date": "", "version": "5.3"}
    parts = [json.dumps(p).encode() for p in (header, {"msg_id": "p1"}, {}, content)]
    return bytes(serialize_msg_to_ws_v1([*parts, *buffers], "iopub"))


def _content_v1(message: str | bytes) -> tuple[str, dict[str, Any], list[bytes]]:
    assert isinstance(message, bytes)
    channel, parts = deserialize_msg_from_ws_v1(message)
    return channel, json.loads(parts[3]), list(parts[4:])


def test_stream_and_error_become_one_friendly_line() -> None:
    """Text on stderr and an error's traceback are replaced; the withheld text is returned."""
    set_language("id")
    try:
        shown, withheld = screen_output(_v1("stream", {"name": "stderr", "text": TRACEBACK}),
                                        V1_SUBPROTOCOL)
        channel, content, _buffers = _content_v1(shown)
        assert channel == "iopub" and content == {"name": "stderr",
                                                  "text": friendly_error() + "\n"}
        assert content["text"].startswith("Maaf") and withheld == TRACEBACK
        error = {"ename": "KeyError", "evalue": "'target_name'", "traceback": [TRACEBACK]}
        shown, withheld = screen_output(_v1("error", error), V1_SUBPROTOCOL)
        _channel, content, _buffers = _content_v1(shown)
        assert "Traceback" not in json.dumps(content) and "/work/" not in json.dumps(content)
        assert content["traceback"] == [friendly_error()] and withheld == TRACEBACK
    finally:
        set_language(None)


def test_widget_traffic_and_replies_without_traceback_pass_unchanged() -> None:
    """Widget messages (with buffers) and ordinary replies go out byte for byte."""
    update = _v1("comm_msg", {"comm_id": "c", "data": {"method": "update", "state": {}}},
                 (b"\x00\x01binary",))
    assert screen_output(update, V1_SUBPROTOCOL) == (update, None)
    reply = _v1("kernel_info_reply", {"status": "ok", "implementation": "ipython"})
    assert screen_output(reply, V1_SUBPROTOCOL) == (reply, None)
    assert screen_output(b"\x01", V1_SUBPROTOCOL) == (b"\x01", None)


def test_reply_with_a_traceback_and_legacy_json_are_screened() -> None:
    """A reply carrying a traceback, and the JSON text protocol, are screened the same way."""
    reply = _v1("comm_info_reply", {"status": "error", "ename": "KeyError",
                                    "evalue": "x", "traceback": [TRACEBACK]})
    shown, withheld = screen_output(reply, V1_SUBPROTOCOL)
    _channel, content, _buffers = _content_v1(shown)
    assert content["status"] == "error" and "Traceback" not in json.dumps(content)
    assert withheld == TRACEBACK
    legacy = json.dumps({"header": {"msg_type": "stream"}, "parent_header": {},
                         "metadata": {}, "content": {"name": "stderr", "text": TRACEBACK},
                         "channel": "iopub"})
    shown, withheld = screen_output(legacy, None)
    assert isinstance(shown, str) and "Traceback" not in shown and withheld == TRACEBACK
