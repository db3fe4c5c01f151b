"""Kernel websockets speak the v1 protocol only (``v1.kernel.websocket.jupyter.org``).

jupyter_server also accepts a websocket that asks for no subprotocol and then relays kernel
messages in the older ("legacy") framing. Measured on this kit (Voila 0.5.13, jupyter_server
2.21.1): a legacy-framed socket asking for the widgets' state of a page holding binary data (a
picture, an uploaded file) put the whole server at 100 % CPU, its memory growing by about 1 GB in
half a minute, and no page answered any more. The cause (seen with faulthandler): Voila's
``VoilaKernelWebsocketHandler.write_message`` reads *every* binary message as v1 framing; a
legacy binary message's first 8 bytes, read as a little-endian count, give about 10¹⁷, and its
list of offsets grows until the memory is gone. Every front end the kit serves (its light module
pages, kit-widgets.js, and Voila's own) asks for v1, so a socket that does not is refused before
it opens: one phone cannot stop the classroom. The v1 parsers have the same weakness (they trust
the frame's own count of offsets), so a binary message that is not a well-formed v1 frame, or a
text message, is dropped before it reaches them (:func:`kit.classroom.wsfilter.v1_frame_ok`).
"""

from __future__ import annotations

import logging
from typing import Any

import tornado.web

from kit.classroom.wsfilter import V1_SUBPROTOCOL, v1_frame_ok

log = logging.getLogger(__name__)

__all__ = ["V1_SUBPROTOCOL", "offers_v1", "v1_only"]


def offers_v1(header: str | None) -> bool:
    """Whether a ``Sec-WebSocket-Protocol`` header offers the v1 kernel protocol."""
    return V1_SUBPROTOCOL in [part.strip() for part in (header or "").split(",")]


def v1_only(handler_class: type[Any]) -> type[Any]:
    """A subclass of a kernel websocket handler refusing (400) a socket that does not offer v1."""

    class V1OnlyKernelSocket(handler_class):  # type: ignore[misc]
        async def get(self, *args: Any, **kwargs: Any) -> None:
            if not offers_v1(self.request.headers.get("Sec-WebSocket-Protocol")):
                raise tornado.web.HTTPError(400, "kernel websockets must use " + V1_SUBPROTOCOL)
            await super().get(*args, **kwargs)

        def on_message(self, message: str | bytes) -> Any:
            if not isinstance(message, bytes) or not v1_frame_ok(message):
                log.warning("kernel websocket: dropped a message that is not a v1 frame")
                return None
            return super().on_message(message)

    V1OnlyKernelSocket.__name__ = f"V1Only{handler_class.__name__}"
    return V1OnlyKernelSocket
