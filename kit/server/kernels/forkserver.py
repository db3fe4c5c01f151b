"""The fork server ("zygote"): one process that pre-imports what kernels need and forks them.

Run by :class:`kit.server.kernels.client.ForkServerClient` as::

    python -m kit.server.kernels.forkserver --socket PATH [--preload MOD ...] [--warm MOD:FUNC ...]

It imports the ``--preload`` modules (ipykernel, ipywidgets, the kit, pandas, matplotlib …), calls
the ``--warm`` functions (zero-argument, environment-independent caches such as the framework),
renders one matplotlib figure and one pandas table so their lazy imports and font caches are
loaded, freezes the garbage collector (so collections in the children do not touch — and copy —
the shared pages), then listens on a Unix socket.

Protocol (one JSON object per line, one connection per kernel):

* request ``{"op": "launch", "args": [...], "env": {...}, "cwd": "..."}`` — the fork server
  forks; the child applies ``env`` (replacing the whole environment), ``cwd`` and ``PYTHONPATH``,
  starts a new session (its own process group, so interrupts reach it and its subprocesses) and
  runs ``IPKernelApp`` with ``args`` (``-f connection_file`` …). The answer is ``{"pid": N}``;
  when the child exits, the fork server reaps it and writes ``{"exit": CODE}`` (``-SIGNAL`` when
  killed by a signal, like :attr:`subprocess.Popen.returncode`) on the same connection;
* request ``{"op": "page", "notebook": PATH, "env": {...}, "cwd": "..."}`` — builds the page once
  in this process (:mod:`kit.server.kernels.page_snapshot`; again when the notebook or the build
  environment changes) and answers ``{"id": SNAPSHOT_ID, "cells": [[output, ...], ...]}`` or
  ``{"error": "..."}``; a ``launch`` with ``"page_id": SNAPSHOT_ID`` then forks the kernel from
  that page (``{"error": "unknown page"}`` if this fork server never built it);
* request ``{"op": "status"}`` — answers ``{"pid": ..., "children": [...], "threads": N}``.

Its standard input is a lifeline: when the server that started it goes away (end of file), it
kills every kernel's process group and exits. It ignores SIGINT and SIGTERM (sent to the whole
process group by Ctrl+C or a service manager), so the server shuts its kernels down first.
Children are reaped on ``SIGCHLD``, so no zombie is left behind.
"""

from __future__ import annotations

import argparse
import atexit
import contextlib
import gc
import importlib
import json
import os
import random
import selectors
import signal
import socket
import sys
import threading
import traceback
from collections.abc import Sequence
from typing import Any

from kit.server import upstream
from kit.server.kernels import page_snapshot
from kit.server.kernels.page_snapshot import PageSnapshot, SnapshotError

INLINE_BACKEND = "module://matplotlib_inline.backend_inline"
# What every ipykernel needs; the server adds the libraries its pages import.
BASE_PRELOAD: tuple[str, ...] = (
    "ipykernel.kernelapp",
    "ipykernel.ipkernel",
    "ipykernel.zmqshell",
    "ipykernel.comm",
    # Imported by every kernel's initialisation (it pulls in debugpy: ~0.08 CPU-s per kernel).
    "ipykernel.debugger",
    "ipywidgets",
    "comm",
    "matplotlib_inline.backend_inline",
    # What IPKernelApp.initialize imports on top (measured): left to each kernel, ~0.015 CPU-s.
    "faulthandler",
    "pdb",
    "IPython.core.completerlib",
    "IPython.core.debugger",
    "IPython.core.oinspect",
    "IPython.extensions.storemagic",
    "IPython.utils.wildcard",
    "tornado.platform.asyncio",
)
# A page's kernel keeps no input history: nobody types into it, and 50 kernels would otherwise
# each open ~/.ipython's history database and start a thread to write it.
KERNEL_ARGS: tuple[str, ...] = ("--HistoryManager.enabled=False",)
MAX_REQUEST = 4 * 1024 * 1024
KILL_GRACE_S = 3.0


def _log(message: str) -> None:
    print(f"[kit-forkserver {os.getpid()}] {message}", file=sys.stderr, flush=True)


def preload(modules: Sequence[str]) -> list[str]:
    """Import ``modules`` (failures are logged and skipped); return those imported."""
    done = []
    for name in modules:
        try:
            importlib.import_module(name)
        except Exception as exc:  # a page's import may fail here and still be reported later
            _log(f"preload {name!r} skipped: {exc!r}")
            continue
        done.append(name)
        if threading.active_count() > 1:
            _log(f"warning: importing {name!r} started a thread; forking may be unsafe")
    return done


def warm_up(functions: Sequence[str]) -> None:
    """Call ``module:function`` warm-ups, then load the lazy parts of matplotlib and pandas."""
    for spec in functions:
        module_name, _, attr = spec.partition(":")
        try:
            getattr(importlib.import_module(module_name), attr)()
        except Exception as exc:
            _log(f"warm-up {spec!r} skipped: {exc!r}")
    if "matplotlib.pyplot" in sys.modules:
        _warm_matplotlib()
    if "pandas" in sys.modules:
        with contextlib.suppress(Exception):
            frame = sys.modules["pandas"].DataFrame({"a": [1, 2], "b": ["x", "y"]})
            frame._repr_html_()
            repr(frame)


def _warm_matplotlib() -> None:
    """Draw one figure off-screen (Agg): fonts, text layout and the PNG writer get loaded."""
    import io

    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    with contextlib.suppress(Exception):
        fig = Figure(figsize=(2, 1.5))
        FigureCanvasAgg(fig)
        ax = fig.subplots()
        ax.bar(["a", "b"], [1, 2])
        ax.set_ylabel("y")
        fig.savefig(io.BytesIO(), format="png")


def _reseed() -> None:
    """Give the child its own random state (a fork copies the parent's)."""
    random.seed()
    numpy = sys.modules.get("numpy")
    if numpy is not None:
        with contextlib.suppress(Exception):
            numpy.random.seed()


def _matplotlib_backend(env: dict[str, str]) -> None:
    """Use the backend the request's environment asks for (the kernel's inline one by default)."""
    matplotlib = sys.modules.get("matplotlib")
    if matplotlib is None:
        return
    wanted = env.get("MPLBACKEND") or INLINE_BACKEND
    os.environ["MPLBACKEND"] = wanted
    with contextlib.suppress(Exception):
        if upstream.matplotlib_backend_setting(matplotlib) != wanted:
            matplotlib.rcParams["backend"] = wanted


def run_kernel(request: dict[str, Any], page: PageSnapshot | None = None) -> int:
    """Become the kernel the request describes (in the forked child); return its exit code.

    With ``page``, the kernel takes over that built page (:func:`page_snapshot.adopt` before the
    kernel is initialised, :func:`page_snapshot.bind` after).
    """
    env = {str(k): str(v) for k, v in dict(request.get("env") or {}).items()}
    os.environ.clear()
    os.environ.update(env)
    cwd = request.get("cwd")
    if cwd:
        os.chdir(str(cwd))
    page_snapshot.apply_pythonpath(env)
    _reseed()
    _matplotlib_backend(env)
    args = [*(str(a) for a in request.get("args", [])), *KERNEL_ARGS]
    sys.argv = [sys.executable, *args]
    from ipykernel.kernelapp import IPKernelApp

    # parent_handle=1: no parent-poller thread (the fork server, not the Jupyter server, is the
    # parent; it reaps and kills kernels, and kernels outlive a fork-server crash) and no console
    # note meant for `ipython kernel` users. (Its default is read from JPY_PARENT_PID at import.)
    if page is not None:
        page_snapshot.adopt(page)
    app = IPKernelApp.instance(parent_handle=1)
    app.initialize(args)  # type: ignore[no-untyped-call]
    attach_to_shell()
    if page is not None:
        page_snapshot.bind(page, app.kernel)
    app.start()  # type: ignore[no-untyped-call]
    return 0


def attach_to_shell() -> None:
    """Redo what preloaded modules do at import time only when an IPython shell is running.

    In a fresh kernel these modules are imported by the notebook, after the shell exists; here
    they were imported by the fork server, where there was none. ipywidgets registers its
    ``jupyter.widget`` comm target (without it widgets stay "Loading widget..."), and
    matplotlib-inline hooks figure display into the shell (without it ``plt.show()`` prints
    ``<Figure ...>``).
    """
    widgets = sys.modules.get("ipywidgets")
    if widgets is not None:
        widgets.register_comm_target()
    inline = sys.modules.get("matplotlib_inline.backend_inline")
    if inline is not None:
        upstream.enable_inline_figures(inline)


class ForkServer:
    """The accept/fork/reap loop of the zygote."""

    def __init__(self, path: str):
        self.path = path
        self.selector = selectors.DefaultSelector()
        self.listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.buffers: dict[socket.socket, bytes] = {}
        self.children: dict[int, socket.socket | None] = {}
        self.wake_r, self.wake_w = socket.socketpair()
        self.running = True
        self.pages: dict[str, PageSnapshot] = {}  # build key → page
        self.pages_by_id: dict[str, PageSnapshot] = {}

    def _owned_fds(self) -> list[int]:
        fds = [self.listener.fileno(), self.wake_r.fileno(), self.wake_w.fileno()]
        fds += [c.fileno() for c in self.buffers]
        fds += [c.fileno() for c in self.children.values() if c is not None]
        return [fd for fd in fds if fd >= 0]

    def serve(self) -> None:
        """Listen on the socket until the lifeline (stdin) closes."""
        self.wake_r.setblocking(False)
        self.wake_w.setblocking(False)
        signal.set_wakeup_fd(self.wake_w.fileno())
        signal.signal(signal.SIGCHLD, lambda _s, _f: None)
        # Ctrl+C or SIGTERM sent to the server's process group reach this process too: ignore
        # them, so the server can shut its kernels down properly; the lifeline ends the loop.
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        self.listener.bind(self.path)
        os.chmod(self.path, 0o600)
        self.listener.listen(128)
        self.selector.register(self.listener, selectors.EVENT_READ, "accept")
        self.selector.register(self.wake_r, selectors.EVENT_READ, "signal")
        self.selector.register(sys.stdin.fileno(), selectors.EVENT_READ, "lifeline")
        _log(f"ready on {self.path}")
        while self.running:
            for key, _events in self.selector.select(timeout=5.0):
                if key.data == "accept":
                    self._accept()
                elif key.data == "signal":
                    with contextlib.suppress(BlockingIOError):
                        self.wake_r.recv(4096)
                elif key.data == "lifeline":
                    if not os.read(sys.stdin.fileno(), 4096):
                        self.stop()
                else:
                    self._read(key.fileobj)  # type: ignore[arg-type]
            self._reap()
        self._kill_children()

    def stop(self) -> None:
        """End the loop (the children are killed on the way out)."""
        self.running = False

    def _accept(self) -> None:
        with contextlib.suppress(BlockingIOError, InterruptedError):
            conn, _addr = self.listener.accept()
            conn.setblocking(True)
            self.buffers[conn] = b""
            self.selector.register(conn, selectors.EVENT_READ, "conn")

    def _drop(self, conn: socket.socket) -> None:
        self.buffers.pop(conn, None)
        with contextlib.suppress(KeyError, ValueError):
            self.selector.unregister(conn)
        for pid, owner in list(self.children.items()):
            if owner is conn:
                self.children[pid] = None
        conn.close()

    def _read(self, conn: socket.socket) -> None:
        try:
            chunk = conn.recv(65536)
        except OSError:
            chunk = b""
        if not chunk:
            self._drop(conn)
            return
        data = self.buffers.get(conn, b"") + chunk
        if b"\n" not in data:
            if len(data) > MAX_REQUEST:
                self._drop(conn)
            else:
                self.buffers[conn] = data
            return
        line = data.split(b"\n", 1)[0]
        self.buffers.pop(conn, None)
        self.selector.unregister(conn)
        try:
            request = json.loads(line)
        except ValueError:
            self._reply(conn, {"error": "bad request"})
            conn.close()
            return
        if request.get("op") == "launch":
            self._launch(conn, request)
        elif request.get("op") == "page":
            self._reply(conn, self._page(request))
            conn.close()
        else:
            self._reply(conn, {"pid": os.getpid(), "children": sorted(self.children),
                               "threads": threading.active_count()})
            conn.close()

    @staticmethod
    def _reply(conn: socket.socket, message: dict[str, Any]) -> bool:
        try:
            conn.sendall(json.dumps(message).encode() + b"\n")
        except OSError:
            return False
        return True

    def _page(self, request: dict[str, Any]) -> dict[str, Any]:
        """Build (or reuse) the page a request names; its id and outputs, or the error."""
        notebook = str(request.get("notebook", ""))
        env = {str(k): str(v) for k, v in dict(request.get("env") or {}).items()}
        cwd = str(request["cwd"]) if request.get("cwd") else None
        key = page_snapshot.snapshot_key(notebook, env, cwd)
        page = self.pages.get(key)
        if page is None:
            try:
                page = page_snapshot.build(notebook, env, cwd)
            except SnapshotError as exc:
                _log(f"page {notebook!r} not built in advance: {exc}")
                return {"error": str(exc)}
            self.pages[key] = self.pages_by_id[page.id] = page
            gc.collect()
            gc.freeze()  # the page's objects too: children's collections leave them alone
            _log(f"page {notebook!r} built: {len(page.model_ids)} widgets")
        return {"id": page.id, "cells": page.cells}

    def _launch(self, conn: socket.socket, request: dict[str, Any]) -> None:
        page = None
        if request.get("page_id"):
            page = self.pages_by_id.get(str(request["page_id"]))
            if page is None:
                self._reply(conn, {"error": "unknown page"})
                conn.close()
                return
        for stream in (sys.stdout, sys.stderr):
            stream.flush()
        pid = os.fork()
        if pid == 0:  # the child: never returns into the loop
            code = 1
            try:
                self._become_child()
                code = run_kernel(request, page)
            except SystemExit as exc:
                code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
            except BaseException:
                traceback.print_exc()
            finally:
                with contextlib.suppress(BaseException):
                    atexit._run_exitfuncs()
                with contextlib.suppress(BaseException):
                    sys.stdout.flush()
                    sys.stderr.flush()
                os._exit(code)
        self.children[pid] = conn
        if not self._reply(conn, {"pid": pid}):
            self.children[pid] = None
            conn.close()

    def _become_child(self) -> None:
        """Drop everything of the fork server: sockets, signal handlers, stdin, session."""
        signal.set_wakeup_fd(-1)
        for signum in (signal.SIGCHLD, signal.SIGTERM, signal.SIGPIPE):
            signal.signal(signum, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.default_int_handler)
        with contextlib.suppress(Exception):
            self.selector.close()
        for fd in self._owned_fds():
            with contextlib.suppress(OSError):
                os.close(fd)
        devnull = os.open(os.devnull, os.O_RDONLY)
        os.dup2(devnull, 0)
        os.close(devnull)
        os.setsid()

    def _reap(self) -> None:
        while self.children:
            try:
                pid, status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                return
            if pid == 0:
                return
            conn = self.children.pop(pid, None)
            if conn is not None:
                self._reply(conn, {"exit": os.waitstatus_to_exitcode(status)})
                conn.close()

    def _kill_children(self) -> None:
        """SIGTERM every kernel's group, give them a moment, SIGKILL the rest, reap all."""
        import time

        for sig, grace in ((signal.SIGTERM, KILL_GRACE_S), (signal.SIGKILL, KILL_GRACE_S)):
            for pid in list(self.children):
                with contextlib.suppress(OSError):
                    os.killpg(pid, sig)
            deadline = time.monotonic() + grace
            while self.children and time.monotonic() < deadline:
                self._reap()
                time.sleep(0.05)
        self._reap()
        with contextlib.suppress(OSError):
            os.unlink(self.path)


def main(argv: Sequence[str] | None = None) -> int:
    """Preload, warm up, freeze, then serve fork requests until the lifeline closes."""
    parser = argparse.ArgumentParser(description="Kit kernel fork server")
    parser.add_argument("--socket", required=True)
    parser.add_argument("--preload", action="append", default=[])
    parser.add_argument("--warm", action="append", default=[])
    args = parser.parse_args(argv)
    # `python -m` put the current folder first; a kernel gets its own cwd and path instead.
    if sys.path and sys.path[0] in ("", os.getcwd()):
        del sys.path[0]
    os.environ.setdefault("MPLBACKEND", INLINE_BACKEND)
    # debugpy (preloaded with ipykernel.debugger) warns on stderr about frozen modules.
    os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    preload([*BASE_PRELOAD, *args.preload])
    # The kernels' side of the upstream internals (the server checked its own): one line, exit.
    if upstream.stop_on_drift("kernel"):
        return 1
    warm_up(args.warm)
    gc.collect()
    gc.freeze()
    ForkServer(args.socket).serve()
    return 0


if __name__ == "__main__":
    sys.exit(main())
