"""Fixtures for the fork-server kernel tests: a fork server and kernels started through it.

The Voila page served through the fork server is tested with the browser harness, in
``tests/browser/test_forked_kernel_page.py``.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import os
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from typing import Any

import pytest
from jupyter_client.asynchronous.client import AsyncKernelClient
from jupyter_client.manager import AsyncKernelManager

from kit.server.kernels.client import ForkServerClient, fork_server
from kit.server.kernels.spec import ForkKernelSpecManager

# A small preload keeps the tests' fork server quick to start.
TEST_PRELOAD = ["kit", "kit.i18n"]


@pytest.fixture(scope="session")
def spec_manager() -> Iterator[ForkKernelSpecManager]:
    """A kernel-spec manager routing ipykernel specs to the fork provisioner."""
    manager = ForkKernelSpecManager(preload=TEST_PRELOAD, warm=[], start_now=True)
    yield manager
    fork_server(TEST_PRELOAD, []).close()


@pytest.fixture
def forkserver(spec_manager: ForkKernelSpecManager) -> ForkServerClient:
    """The fork server behind ``spec_manager``."""
    return fork_server(spec_manager.preload, spec_manager.warm)


@asynccontextmanager
async def started_kernel(spec_manager: ForkKernelSpecManager, **env: str
                         ) -> AsyncIterator[tuple[AsyncKernelManager, AsyncKernelClient]]:
    """Start a kernel through the fork provisioner with ``env`` added; shut it down after."""
    manager = AsyncKernelManager(kernel_name="python3", kernel_spec_manager=spec_manager)
    await manager.start_kernel(env={**os.environ, **env})
    client = manager.client()
    client.start_channels()
    try:
        await client.wait_for_ready(timeout=120)
        yield manager, client
    finally:
        client.stop_channels()
        if await manager.is_alive():
            await manager.shutdown_kernel(now=True)
        manager.context.destroy(linger=0)


async def run_code(client: AsyncKernelClient, code: str) -> dict[str, Any]:
    """Execute ``code``; return the reply content with the printed text under ``stdout``."""
    out: list[str] = []

    def hook(msg: dict[str, Any]) -> None:
        if msg["msg_type"] == "stream":
            out.append(msg["content"]["text"])

    reply = await client.execute_interactive(code, timeout=120, output_hook=hook)
    content = dict(reply["content"])
    content["stdout"] = "".join(out)
    return content


def run(coro: Any) -> Any:
    """Run a coroutine to completion in a fresh event loop, in a thread of its own.

    (Playwright's sync API, used by the session's browser fixtures, keeps an event loop marked
    running in the main thread; ``asyncio.run`` there would refuse to start.)
    """
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coro).result()
