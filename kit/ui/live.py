"""A repeating timer on the kernel's event loop, for pages that refresh themselves.

ipykernel (and so Voila) runs an asyncio loop; a tick is a timer callback on it, so it never runs
at the same time as a tap's handler. The checklist, the session app's live panels and the module
page's room bar all refresh this way; an unexpected error in a tick is logged and the timer goes
on (a page must not stop updating silently in the middle of a session); a tick whose widget was
closed (another session chosen, the page left) stops the timer.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable

log = logging.getLogger(__name__)


def _loop_set_for_this_thread() -> asyncio.AbstractEventLoop | None:
    """The loop set for this thread but not running (a test's kernel stand-in), never a new one.

    ``asyncio.get_event_loop()`` would *create* a loop in a thread that never set one and leave
    it unclosed (its sockets then warn when it is collected, in whatever test runs then); the
    default policy keeps the set loop in ``_local._loop``, read here without creating one.
    """
    local = getattr(asyncio.get_event_loop_policy(), "_local", None)
    loop = getattr(local, "_loop", None)
    return loop if isinstance(loop, asyncio.AbstractEventLoop) else None


class Repeating:
    """Call ``tick`` every ``interval`` seconds until :meth:`stop` or until ``alive()`` is false."""

    def __init__(self, tick: Callable[[], object], *, alive: Callable[[], bool] | None = None,
                 name: str = "refresh") -> None:
        self._tick = tick
        self._alive = alive
        self._name = name
        self._handle: asyncio.TimerHandle | None = None
        self._active = False
        self.interval = 0.0

    @property
    def running(self) -> bool:
        """Whether a tick is scheduled."""
        return self._handle is not None

    def start(self, interval: float) -> None:
        """(Re)start: the first tick comes ``interval`` seconds from now."""
        self.stop()
        self.interval = interval
        self._active = True
        self._schedule()

    def stop(self) -> None:
        """Cancel the scheduled tick, if any (also from inside a tick: no next one comes)."""
        self._active = False
        if self._handle is not None:
            self._handle.cancel()
            self._handle = None

    def fire(self) -> None:
        """Run one tick now (what the loop calls), then schedule the next one."""
        self._handle = None
        if not self._active:
            return
        if self._alive is not None and not self._alive():
            self._active = False
            return
        try:
            self._tick()
        except Exception:  # keep the page updating; the log says what went wrong
            log.exception("%s failed", self._name)
        if self._active:
            self._schedule()

    def _schedule(self) -> None:
        if self._handle is not None:
            return
        try:
            loop: asyncio.AbstractEventLoop | None = asyncio.get_running_loop()
        except RuntimeError:
            loop = _loop_set_for_this_thread()
        if loop is None or loop.is_closed():  # a script without a loop: nothing would ever run
            return  # a tick (a kernel always has its running loop)
        self._handle = loop.call_later(self.interval, self.fire)
