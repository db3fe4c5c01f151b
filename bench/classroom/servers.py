"""Servers the classroom benchmark runs on 127.0.0.1: the kit's Voila and stock Voila.

* :func:`build_site` — the pages both servers serve (the bench page, and the advokasi module when
  ``modules/advokasi.py`` exists), converted from their jupytext sources;
* :func:`start_kit` — ``KitVoila`` with the kit's configuration (fork-server kernels), run by
  ``python -m bench.classroom.servers``;
* :func:`start_stock` — plain ``python -m voila`` (a fresh kernel process per page visit);
* :func:`tree_sample` — CPU seconds and memory of a server's whole process tree (psutil);
* :func:`kernel_count` — how many kernel processes run under a server;
* :func:`session_sample` / :func:`session_memory` — the tree's memory and kernels sampled over a
  long session, and what the samples show (start, peak, end).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import psutil

REPO = Path(__file__).resolve().parents[2]
HOST = "127.0.0.1"
BENCH_PAGE = Path(__file__).with_name("module_page.py")
ADVOKASI = REPO / "modules" / "advokasi.py"
START_TIMEOUT_S = 120.0


def free_port() -> int:
    """A free TCP port on 127.0.0.1."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def build_site(site: Path) -> dict[str, str]:
    """Convert the pages into ``site``; return ``{page name: path under voila/render/}``."""
    from kit.server.build import convert

    pages = {"bench": "bench_page.ipynb"}
    convert(BENCH_PAGE, site / pages["bench"])
    if ADVOKASI.is_file():
        pages["advokasi"] = "modules/advokasi.ipynb"
        convert(ADVOKASI, site / pages["advokasi"])
    return pages


@dataclass(frozen=True)
class Scratch:
    """A benchmark's temporary folders: the built site, its pages, the logs and a workspace."""

    site: Path
    pages: dict[str, str]
    logs: Path
    workspace: Path


@contextlib.contextmanager
def scratch(prefix: str, build: Callable[[Path], dict[str, str]] = build_site
            ) -> Iterator[Scratch]:
    """Build the pages (``build``) and a demo workspace in a temporary folder, removed after."""
    from kit.assess.demo import ensure_demo_workspace

    with tempfile.TemporaryDirectory(prefix=prefix) as tmp:
        root = Path(tmp)
        logs = root / "logs"
        logs.mkdir()
        pages = build(root / "site")
        yield Scratch(root / "site", pages, logs, ensure_demo_workspace(root / "workspace").root)


@dataclass
class Server:
    """A running server process (its own session) and its base URL."""

    proc: subprocess.Popen[bytes]
    base_url: str
    name: str

    def url(self, path: str) -> str:
        """Absolute URL of ``path`` under the server."""
        return self.base_url + path.lstrip("/")

    def stop(self) -> None:
        """SIGTERM the process group, then SIGKILL whatever of the tree is left."""
        try:
            family = psutil.Process(self.proc.pid).children(recursive=True)
        except psutil.NoSuchProcess:
            family = []
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, signal.SIGTERM)
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=10)
        for child in family:
            with contextlib.suppress(psutil.NoSuchProcess):
                child.kill()


def _wait_ready(proc: subprocess.Popen[bytes], url: str, log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5):  # noqa: S310 - local http URL
                return
        except urllib.error.HTTPError:
            return
        except OSError:
            pass
        if proc.poll() is not None:
            raise RuntimeError(f"server exited: {log.read_text(errors='replace')[-2000:]}")
        if time.monotonic() > deadline:
            raise RuntimeError("server did not start in time")
        time.sleep(0.3)


def _env(workspace: Path) -> dict[str, str]:
    from kit.server.config import kernel_environment

    env = {**os.environ, "PYTHONUNBUFFERED": "1", "UMKM_KIT_LANG": "id"}
    env.update(kernel_environment(workspace))
    env.pop("BROWSER", None)
    return env


def start_kit(site: Path, workspace: Path, log: Path, *, cull_idle: int = 0,
              cull_interval: int = 0, fork: bool = True) -> Server:
    """Run the kit's Voila (``KitVoila`` + kit configuration) on ``site``."""
    port = free_port()
    cmd = [sys.executable, "-m", "bench.classroom.servers", "--site", str(site),
           "--port", str(port), "--cull-idle", str(cull_idle),
           "--cull-interval", str(cull_interval)]
    env = _env(workspace)
    env["UMKM_KIT_FORK_KERNELS"] = "1" if fork else "0"
    with log.open("wb") as out:
        proc = subprocess.Popen(cmd, cwd=REPO, env=env, stdout=out, stderr=subprocess.STDOUT,
                                start_new_session=True)
    server = Server(proc, f"http://{HOST}:{port}/", "kit" if fork else "kit-nofork")
    _wait_ready(proc, server.url("voila/static/"), log)
    if fork:
        # The fork server preloads in the background; wait until it listens (like a facilitator
        # who starts the kit a minute before the class).
        deadline = time.monotonic() + START_TIMEOUT_S
        while b"[kit-forkserver" not in log.read_bytes() or b"] ready on" not in log.read_bytes():
            if time.monotonic() > deadline or proc.poll() is not None:
                raise RuntimeError("fork server did not become ready")
            time.sleep(0.2)
    return server


def start_stock(site: Path, workspace: Path, log: Path) -> Server:
    """Run plain ``voila`` (default template and kernel machinery) on ``site``."""
    port = free_port()
    cmd = [sys.executable, "-m", "voila", str(site), "--no-browser", f"--port={port}",
           f"--Voila.ip={HOST}", "--Voila.port_retries=0"]
    with log.open("wb") as out:
        proc = subprocess.Popen(cmd, cwd=site, env=_env(workspace), stdout=out,
                                stderr=subprocess.STDOUT, start_new_session=True)
    server = Server(proc, f"http://{HOST}:{port}/", "stock")
    _wait_ready(proc, server.url("voila/static/"), log)
    return server


def _family(pid: int) -> list[psutil.Process]:
    try:
        root = psutil.Process(pid)
        return [root, *root.children(recursive=True)]
    except psutil.NoSuchProcess:
        return []


def tree_sample(pid: int) -> dict[str, float]:
    """CPU seconds (user+sys, reaped children included) and memory (MB) of the process tree."""
    cpu = uss = pss = rss = 0.0
    count = 0
    for proc in _family(pid):
        try:
            times = proc.cpu_times()
            mem = proc.memory_full_info()
        except psutil.Error:
            continue
        count += 1
        cpu += times.user + times.system + times.children_user + times.children_system
        uss += mem.uss
        pss += mem.pss
        rss += mem.rss
    mb = 1024 * 1024
    return {"cpu_s": cpu, "uss_mb": uss / mb, "pss_mb": pss / mb, "rss_mb": rss / mb,
            "processes": count}


def kernel_count(server: Server) -> int:
    """Live kernel processes under the server: every descendant except the fork server."""
    count = 0
    with contextlib.suppress(psutil.Error):
        root = psutil.Process(server.proc.pid)
        zygotes = set()
        for child in root.children():
            with contextlib.suppress(psutil.Error):
                if "kit.server.kernels.forkserver" in " ".join(child.cmdline()):
                    zygotes.add(child.pid)
        count = sum(1 for p in root.children(recursive=True) if p.pid not in zygotes)
    return count


def session_sample(server: Server, t0: float) -> dict[str, float]:
    """The tree's CPU and memory now, seconds since ``t0`` and the live kernels."""
    row = {k: round(v, 2) for k, v in tree_sample(server.proc.pid).items()}
    row["t_s"] = round(time.perf_counter() - t0, 1)
    row["kernels"] = kernel_count(server)
    return row


def session_memory(samples: list[dict[str, float]]) -> dict[str, object]:
    """Start, peak and end of a session's :func:`session_sample` rows (PSS MB, kernels)."""
    start, end = samples[0], samples[-1]
    return {"start": start, "peak_pss_mb": max(s["pss_mb"] for s in samples),
            "peak_kernels": max(s["kernels"] for s in samples), "end": end,
            "end_minus_start_pss_mb": round(end["pss_mb"] - start["pss_mb"], 1),
            "samples": samples}


def _serve(argv: list[str] | None = None) -> None:
    """Entry point of the kit server process: ``KitVoila`` with the kit configuration."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--site", type=Path, required=True)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--cull-idle", type=int, default=0)
    parser.add_argument("--cull-interval", type=int, default=0)
    args = parser.parse_args(argv)
    from kit.server.config import standalone_config
    from kit.server.voila_app import run_voila

    config = standalone_config(args.site, host=HOST, port=args.port, open_browser=False)
    if args.cull_idle:
        config["MappingKernelManager"]["cull_idle_timeout"] = args.cull_idle
    if args.cull_interval:
        config["MappingKernelManager"]["cull_interval"] = args.cull_interval
    run_voila(args.site, config)


if __name__ == "__main__":
    _serve()
