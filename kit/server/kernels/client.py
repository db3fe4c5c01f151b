"""The server's side of the fork server: start it, ask it for kernels, follow their exit.

:func:`fork_server` returns the one :class:`ForkServerClient` per preload set of this process
(started on first use, restarted if it died). :meth:`ForkServerClient.launch` opens one Unix-socket
connection per kernel, sends the launch request and returns a :class:`ForkedKernel`, whose
connection stays open: the fork server writes the kernel's exit code on it when it reaps the child.
"""

from __future__ import annotations

import asyncio
import atexit
import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import psutil

START_TIMEOUT_S = 180.0
REQUEST_TIMEOUT_S = 30.0


class ForkServerError(RuntimeError):
    """The fork server could not be started or did not answer a launch request.

    ``lasting`` is true when asking again would give the same answer (a page whose build
    failed); a timeout or a lost connection is not lasting.
    """

    def __init__(self, message: str, *, lasting: bool = False) -> None:
        super().__init__(message)
        self.lasting = lasting


class ForkedKernel:
    """A kernel process forked by the fork server: its pid and, once reaped, its exit code.

    The exit code arrives on the launch connection; :meth:`poll` reads it without blocking and
    without an event-loop task, so it works from whichever loop (or none) the server uses when
    it shuts kernels down.
    """

    def __init__(self, pid: int, sock: socket.socket, pending: bytes = b""):
        self.pid = pid
        self.exit_code: int | None = None
        self._sock: socket.socket | None = sock
        self._buffer = pending
        self._orphaned = False
        try:
            self._create_time: float | None = psutil.Process(pid).create_time()
        except psutil.Error:
            self._create_time = None

    def _read(self) -> None:
        sock = self._sock
        if sock is None:
            return
        while True:
            try:
                chunk = sock.recv(4096)
            except (BlockingIOError, InterruptedError):
                break
            except OSError:
                chunk = b""
            if not chunk:
                # The fork server went away without a word: watch the pid instead.
                self._orphaned = b"\n" not in self._buffer
                break
            self._buffer += chunk
        if b"\n" in self._buffer:
            with contextlib.suppress(ValueError, KeyError, TypeError):
                self.exit_code = int(json.loads(self._buffer.split(b"\n", 1)[0])["exit"])
            self._orphaned = self.exit_code is None
        if self.exit_code is not None or self._orphaned:
            sock.close()
            self._sock = None

    def _orphan_alive(self) -> bool:
        try:
            proc = psutil.Process(self.pid)
            same = self._create_time is None or proc.create_time() == self._create_time
            return bool(same and proc.status() != psutil.STATUS_ZOMBIE)
        except psutil.Error:
            return False

    def poll(self) -> int | None:
        """``None`` while the kernel runs, else its exit code (``-N`` when killed by signal N)."""
        if self.exit_code is None:
            self._read()
        if self.exit_code is None and self._orphaned and not self._orphan_alive():
            self.exit_code = -signal.SIGKILL
        return self.exit_code

    async def wait(self) -> int:
        """Wait until the kernel has exited and been reaped; return its exit code."""
        while True:
            code = self.poll()
            if code is not None:
                return code
            await asyncio.sleep(0.05)

    def send_signal(self, signum: int) -> None:
        """Signal the kernel's process group (the kernel and what it started); no-op once gone."""
        if self.poll() is not None:
            return
        try:
            os.killpg(self.pid, signum)
        except ProcessLookupError:
            return
        except PermissionError:
            os.kill(self.pid, signum)


class ForkServerClient:
    """One fork-server process: its socket, its lifeline pipe, and how to ask it for kernels."""

    def __init__(self, preload: Sequence[str], warm: Sequence[str] = (),
                 python: str = sys.executable, env: Mapping[str, str] | None = None):
        self.preload = tuple(preload)
        self.warm = tuple(warm)
        self.python = python
        self.env = dict(os.environ if env is None else env)
        self._dir: str | None = None
        self.process: subprocess.Popen[bytes] | None = None
        self._lock = threading.Lock()

    @property
    def socket_path(self) -> str:
        """Path of the Unix socket (in a private 0700 folder)."""
        if self._dir is None:
            self._dir = tempfile.mkdtemp(prefix="kit-forkserver-")
        return str(Path(self._dir, "fork.sock"))

    def alive(self) -> bool:
        """Whether the fork-server process is running."""
        return self.process is not None and self.process.poll() is None

    def start(self) -> None:
        """Start the process (returns at once; it preloads in the background)."""
        with self._lock:
            if self.alive():
                return
            path = self.socket_path
            with contextlib.suppress(FileNotFoundError):
                os.unlink(path)
            cmd = [self.python, "-m", "kit.server.kernels.forkserver", "--socket", path]
            for name in self.preload:
                cmd += ["--preload", name]
            for name in self.warm:
                cmd += ["--warm", name]
            # stdin is the lifeline; stdout/stderr are shared with the server (like kernels).
            self.process = subprocess.Popen(  # noqa: S603 - our own module, fixed argv
                cmd, stdin=subprocess.PIPE, env=self.env)

    async def _connect(self) -> socket.socket:
        """Connect to the socket, starting the fork server and waiting for it when needed."""
        if not self.alive():
            self.start()
        loop = asyncio.get_running_loop()
        deadline = time.monotonic() + START_TIMEOUT_S
        while True:
            sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            sock.setblocking(False)
            try:
                await loop.sock_connect(sock, self.socket_path)
                return sock
            except (FileNotFoundError, ConnectionRefusedError):
                sock.close()
                if not self.alive():
                    raise ForkServerError("the fork server exited while starting") from None
                if time.monotonic() > deadline:
                    raise ForkServerError("the fork server did not start in time") from None
                await asyncio.sleep(0.05)

    async def _request(self, message: dict[str, Any]) -> tuple[socket.socket, dict[str, Any],
                                                                bytes]:
        """Send one request; return the socket, the answer and any bytes read after it."""
        sock = await self._connect()
        loop = asyncio.get_running_loop()
        try:
            await loop.sock_sendall(sock, json.dumps(message).encode() + b"\n")
            data = b""
            async with asyncio.timeout(REQUEST_TIMEOUT_S):
                while b"\n" not in data:
                    chunk = await loop.sock_recv(sock, 65536)
                    if not chunk:
                        raise ForkServerError("the fork server closed the connection")
                    data += chunk
            line, rest = data.split(b"\n", 1)
            return sock, dict(json.loads(line)), rest
        except (TimeoutError, OSError, ValueError) as exc:
            sock.close()
            raise ForkServerError(f"request failed: {exc!r}") from exc
        except ForkServerError:
            sock.close()
            raise

    async def ready(self) -> None:
        """Wait until the fork server accepts connections (it has finished preloading)."""
        await self.status()

    async def status(self) -> dict[str, Any]:
        """The fork server's own pid, the pids of its live children and its thread count."""
        sock, answer, _rest = await self._request({"op": "status"})
        sock.close()
        return answer

    async def page(self, notebook: str, env: Mapping[str, str],
                   cwd: str | None) -> dict[str, Any]:
        """Have the page built (once): ``{"id": ..., "cells": [[output, ...], ...]}``.

        Raises :class:`ForkServerError` when the page cannot be built in advance (the reason is
        in the message and in the fork server's log).
        """
        sock, answer, _rest = await self._request(
            {"op": "page", "notebook": notebook, "env": dict(env), "cwd": cwd})
        sock.close()
        if not isinstance(answer.get("id"), str) or not isinstance(answer.get("cells"), list):
            raise ForkServerError(f"page not built: {answer.get('error', answer)!r}",
                                  lasting=True)
        return answer

    async def launch(self, args: Sequence[str], env: Mapping[str, str],
                     cwd: str | None, page_id: str | None = None) -> ForkedKernel:
        """Fork a kernel running ``IPKernelApp`` with ``args``, ``env`` and ``cwd``.

        With ``page_id`` (from :meth:`page`) the kernel is forked from that built page.
        """
        request: dict[str, Any] = {"op": "launch", "args": list(args), "env": dict(env),
                                   "cwd": cwd}
        if page_id:
            request["page_id"] = page_id
        sock, answer, rest = await self._request(request)
        try:
            pid = int(answer["pid"])
        except (KeyError, TypeError, ValueError) as exc:
            sock.close()
            raise ForkServerError(f"launch refused: {answer!r}") from exc
        return ForkedKernel(pid, sock, rest)

    def close(self, timeout: float = 10.0) -> None:
        """Close the lifeline (the fork server kills its kernels and exits) and wait for it."""
        with self._lock:
            proc = self.process
            if proc is not None:
                if proc.stdin is not None:
                    with contextlib.suppress(OSError):
                        proc.stdin.close()
                try:
                    proc.wait(timeout)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait(5)
            if self._dir is not None:
                shutil.rmtree(self._dir, ignore_errors=True)
                self._dir = None


_SERVERS: dict[tuple[str, tuple[str, ...], tuple[str, ...]], ForkServerClient] = {}
_SERVERS_LOCK = threading.Lock()


def fork_server(preload: Sequence[str], warm: Sequence[str] = (),
                python: str = sys.executable) -> ForkServerClient:
    """The fork server of this process for ``preload``/``warm`` (created, not yet started)."""
    key = (python, tuple(preload), tuple(warm))
    with _SERVERS_LOCK:
        server = _SERVERS.get(key)
        if server is None:
            server = _SERVERS[key] = ForkServerClient(preload, warm, python)
        return server


def close_all() -> None:
    """Stop every fork server this process started (and so their kernels)."""
    with _SERVERS_LOCK:
        servers = list(_SERVERS.values())
        _SERVERS.clear()
    for server in servers:
        server.close()


atexit.register(close_all)
