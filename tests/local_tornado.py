"""A real tornado application on 127.0.0.1, served from a thread of its own, for handler tests."""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import Iterator
from typing import Any


@contextlib.contextmanager
def serve(handlers: list[Any]) -> Iterator[str]:
    """Serve ``handlers`` on a free port of 127.0.0.1; yield the base URL (``http://…:port``)."""
    import tornado.web

    ready = threading.Event()
    state: dict[str, Any] = {}

    def run() -> None:
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        server = tornado.web.Application(handlers).listen(0, address="127.0.0.1")
        state["port"] = next(iter(server._sockets.values())).getsockname()[1]
        state["loop"] = loop
        ready.set()
        loop.run_forever()
        server.stop()
        # Keep-alive connections the server accepted are its own sockets: close them here, or
        # they are garbage-collected later as "unclosed socket" warnings in whichever test runs.
        loop.run_until_complete(server.close_all_connections())
        loop.close()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    if not ready.wait(10):
        raise RuntimeError("the tornado test server did not start")
    try:
        yield f"http://127.0.0.1:{state['port']}"
    finally:
        state["loop"].call_soon_threadsafe(state["loop"].stop)
        thread.join(10)
