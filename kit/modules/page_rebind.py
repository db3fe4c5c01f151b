"""What a pre-built page re-reads in each kernel forked from it (no server imports here).

The fork server can build a page once (run its cells, keep its widgets) and fork one kernel per
participant from it (:mod:`kit.server.kernels.page_snapshot`). Whatever the page read from the
kernel's environment or the workspace while it was built — who the participant is, the roster —
belongs to the build, not to the participant. A page registers a callback with :func:`on_fork`;
each forked kernel calls the callbacks of its page, with its own environment in place, before the
browser asks for the widgets' state.

In an ordinary kernel (no fork server) the callbacks are registered and never called.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from types import MethodType

# Bound methods are held weakly: a page built in an ordinary kernel (or a test) is not kept
# alive by its callback. The fork server keeps a built page's namespace, so its objects live.
_CALLBACKS: list[Callable[[], Callable[[], None] | None]] = []


def on_fork(callback: Callable[[], None]) -> None:
    """Call ``callback()`` in every kernel forked from the page being built."""
    if isinstance(callback, MethodType):
        _CALLBACKS.append(weakref.WeakMethod(callback))
    else:
        _CALLBACKS.append(lambda: callback)


def mark() -> int:
    """How many callbacks are registered now (the start of a page's own callbacks)."""
    return len(_CALLBACKS)


def callbacks_since(start: int) -> list[Callable[[], None]]:
    """The callbacks registered after :func:`mark` returned ``start`` (those still alive)."""
    alive = (ref() for ref in _CALLBACKS[start:])
    return [callback for callback in alive if callback is not None]
