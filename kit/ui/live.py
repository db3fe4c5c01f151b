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
            loop = asyncio.get_running_loop()
        except RuntimeError:
            try:
                loop = asyncio.get_event_loop_policy().get_event_loop()
            except RuntimeError:  # no loop in this thread (a script after asyncio.run):
                return  # nothing would ever run a tick; a kernel always has its loop
        self._handle = loop.call_later(self.interval, self.fire)
