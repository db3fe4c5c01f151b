"""Which fork-server failures are lasting: a lost connection is not, so a page is built later."""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from kit.server.kernels.client import ForkServerClient, ForkServerError


def test_a_connection_closed_without_an_answer_is_not_lasting() -> None:
    """A fork server that drops the page request: an error, but one worth asking again."""
    folder = tempfile.mkdtemp(prefix="kit-test-fork-")
    path = str(Path(folder, "fork.sock"))
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(path)
    listener.listen(1)
    stand_in = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    client = ForkServerClient(preload=())
    client._dir = folder  # the client talks to this socket, not to a fork server of its own
    client.process = stand_in  # type: ignore[assignment]

    async def ask() -> None:
        request = asyncio.ensure_future(client.page("x.ipynb", dict(os.environ), None))
        conn, _ = await asyncio.get_running_loop().sock_accept(listener)
        conn.close()
        await request

    try:
        listener.setblocking(False)
        with pytest.raises(ForkServerError) as err:
            asyncio.run(ask())
        assert not err.value.lasting
        assert str(err.value).startswith(("request failed", "the fork server closed"))
    finally:
        stand_in.kill()
        stand_in.wait()
        listener.close()
        os.unlink(path)
        os.rmdir(folder)
