"""Which kernel messages a browser may send, and what a participant's browser is sent back.

Towards the kernel: widget traffic only, never code to execute. Voila already configures the
kernel manager to ignore other message types; the classroom server checks again at the
websocket, before a message reaches the kernel, so the rule holds whatever kernel manager or
provisioner starts the kernels.

Towards the browser: a kernel's ``error`` and ``stream`` messages (a failed widget callback, a
malformed comm message logged on the kernel's stderr…) carry Python tracebacks with the server's
paths. :func:`screen_output` replaces their content with one friendly line for the participant;
the server logs what was withheld.
"""

from __future__ import annotations

import json
from itertools import pairwise
from typing import Any

from kit.i18n import _

ALLOWED_MESSAGE_TYPES = frozenset({
    "comm_open", "comm_close", "comm_msg", "comm_info_request", "kernel_info_request",
})
V1_SUBPROTOCOL = "v1.kernel.websocket.jupyter.org"


def v1_offsets(message: bytes) -> list[int] | None:
    """The part offsets of a well-formed v1 frame (binary websocket message), else ``None``.

    The frame starts with the number of offsets n (uint64, little-endian; at least 6: channel,
    header, parent header, metadata, content, then the end), then n offsets, each where a part
    starts, in order, the first right after them and the last the frame's end at most. A frame
    that lies about n must never reach jupyter_server or Voila: they build a list of n offsets
    first (n ≈ 10¹⁷ from 8 chosen bytes stops the whole server).
    """
    if len(message) < 8:
        return None
    count = int.from_bytes(message[:8], "little")
    if not 6 <= count <= 1024 or len(message) < 8 * (count + 1):
        return None
    offsets = [int.from_bytes(message[8 * (i + 1):8 * (i + 2)], "little") for i in range(count)]
    if (offsets[0] != 8 * (count + 1) or offsets[-1] > len(message)
            or any(a > b for a, b in pairwise(offsets))):
        return None
    return offsets


def v1_frame_ok(message: bytes) -> bool:
    """Whether a binary websocket message is a well-formed v1 frame (:func:`v1_offsets`)."""
    return v1_offsets(message) is not None


def _header_v1(message: bytes) -> Any:
    offsets = v1_offsets(message)
    if offsets is None:
        return None
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


# Kernel-to-browser messages whose content may hold a traceback or the kernel's stderr.
SCREENED_OUTPUT = frozenset({"error", "stream"})


def friendly_error() -> str:
    """What a participant sees instead of a kernel's error output."""
    return _("Sorry, something went wrong on this page. Your saved work is safe: reload the "
             "page, or ask the facilitator for help.")


def _screened(kind: str, content: Any) -> tuple[dict[str, Any], str] | None:
    """The friendly content replacing a kernel message's ``content``, and the details withheld.

    ``None`` when the message holds nothing to withhold.
    """
    if not isinstance(content, dict):
        return None
    if kind == "stream":
        text = content.get("text")
        return ({"name": content.get("name", "stderr"), "text": friendly_error() + "\n"},
                str(text)) if text else None
    if kind == "error" or "traceback" in content:
        details = "\n".join(str(line) for line in content.get("traceback") or ())
        details = details or f"{content.get('ename', '')}: {content.get('evalue', '')}"
        friendly = friendly_error()
        return {**{k: v for k, v in content.items() if k not in ("traceback", "evalue",
                                                                   "ename")},
                "ename": "", "evalue": friendly, "traceback": [friendly]}, details
    return None


def _screen_v1(message: bytes) -> tuple[bytes, str | None]:
    count = int.from_bytes(message[:8], "little")  # channel, header, parent, metadata, content
    if not 6 <= count <= 1024 or len(message) < 8 * (count + 1):
        return message, None
    offsets = [int.from_bytes(message[8 * (i + 1):8 * (i + 2)], "little") for i in range(count)]
    kind = json.loads(message[offsets[1]:offsets[2]].decode("utf-8")).get("msg_type")
    if kind not in SCREENED_OUTPUT and not str(kind).endswith("_reply"):
        return message, None  # widget traffic (the bulk): not copied, not decoded
    parts = [message[offsets[i]:offsets[i + 1]] for i in range(count - 1)]
    screened = _screened(str(kind), json.loads(parts[4].decode("utf-8")))
    if screened is None:
        return message, None
    parts[4] = json.dumps(screened[0]).encode("utf-8")
    sizes = [8 * (count + 1)]
    for part in parts:
        sizes.append(sizes[-1] + len(part))
    head = b"".join(n.to_bytes(8, "little") for n in [count, *sizes])
    return head + b"".join(parts), screened[1]


def _screen_json(message: str) -> tuple[str, str | None]:
    msg = json.loads(message)
    kind = (msg.get("header") or {}).get("msg_type") if isinstance(msg, dict) else None
    if kind not in SCREENED_OUTPUT and not str(kind).endswith("_reply"):
        return message, None
    screened = _screened(str(kind), msg.get("content"))
    if screened is None:
        return message, None
    msg["content"] = screened[0]
    return json.dumps(msg), screened[1]


def screen_output(message: str | bytes, subprotocol: str | None) -> tuple[str | bytes, str | None]:
    """A kernel message for a participant's browser, and the details withheld (for the log).

    ``error`` and ``stream`` messages, and replies carrying a traceback, get one friendly line
    instead of their content; the second value is the text they held (``None``: nothing was
    withheld, the message goes as it is). Binary messages of the legacy protocol carry widget
    buffers, never errors, and go as they are.
    """
    try:
        if isinstance(message, str):
            return _screen_json(message)
        if subprotocol == V1_SUBPROTOCOL:
            return _screen_v1(message)
    except (ValueError, AttributeError, IndexError, UnicodeDecodeError):
        pass
    return message, None
