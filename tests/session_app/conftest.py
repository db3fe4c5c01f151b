"""Fixtures of the session app's panel tests."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest


@pytest.fixture
def kernel_loop() -> Iterator[asyncio.AbstractEventLoop]:
    """An event loop set for this thread, as a kernel has one (live timers schedule on it)."""
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    try:
        yield loop
    finally:
        asyncio.set_event_loop(None)
        loop.close()
