"""Which kernel messages a browser may send: widget traffic only, never code to execute.

Voila already configures the kernel manager to ignore other message types; the classroom server
checks again at the websocket, before a message reaches the kernel, so the rule holds whatever
kernel manager or provisioner starts the kernels.
"""

from __future__ import annotations

import json
from typing import Any

ALLOWED_MESSAGE_TYPES = frozenset({
    "comm_open", "comm_close", "comm_msg", "comm_info_request", "kernel_info_request",
})
V1_SUBPROTOCOL = "v1.kernel.websocket.jupyter.org"


def _header_v1(message: bytes) -> Any:
    count = int.from_bytes(message[:8], "little")
    if not 3 <= count <= 1024 or len(message) < 8 * (count + 1):
        return None
    offsets = [int.from_bytes(message[8 * (i + 1):8 * (i + 2)], "little") for i in range(count)]
    return json.loads(message[offsets[1]:offsets[2]].decode("utf-8"))


def _header_legacy_binary(message: bytes) -> Any:
    count = int.from_bytes(message[:4], "big")
    if not 1 <= count <= 1024 or len(message) < 4 * (count + 1):
        return None
    offsets = [int.from_bytes(message[4 * (i + 1):4 * (i + 2)], "big") for i in range(count)]
    end = offsets[1] if count > 1 else len(message)
    return json.loads(message[offsets[0]:end].decode("utf-8")).get("header")


def message_type(message: str | bytes, subprotocol: str | None) -> str | None:
    """The ``msg_type`` of a websocket message from the browser (``None`` if unreadable)."""
    try:
        if isinstance(message, bytes):
            header = (_header_v1(message) if subprotocol == V1_SUBPROTOCOL
                      else _header_legacy_binary(message))
        else:
            header = json.loads(message).get("header")
        kind = header.get("msg_type") if isinstance(header, dict) else None
    except (ValueError, AttributeError, IndexError, UnicodeDecodeError):
        return None
    return kind if isinstance(kind, str) else None


def is_allowed(message: str | bytes, subprotocol: str | None) -> bool:
    """Whether a message may be passed on to the kernel."""
    return message_type(message, subprotocol) in ALLOWED_MESSAGE_TYPES
