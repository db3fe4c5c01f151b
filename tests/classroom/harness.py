"""Helpers for the classroom browser tests: a real ``kit start --classroom`` on 127.0.0.1."""

from __future__ import annotations

import contextlib
import http.client
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import psutil

from kit.assess.demo import init_demo_workspace
from kit.classroom import store
from kit.records.participants import list_participants
from kit.records.sessions import check_in
from kit.storage.db import write_tx
from kit.workspace import Workspace

REPO = Path(__file__).resolve().parents[2]
HOST = "127.0.0.1"
PASSWORD = "fasilitator-uji-1"  # noqa: S105 - the test workspace's password
START_TIMEOUT = 120.0


@dataclass
class ClassroomServer:
    """A running classroom server and its workspace."""

    proc: subprocess.Popen[bytes]
    port: int
    ws: Workspace
    source: Path
    log: Path

    @property
    def base(self) -> str:
        """``http://127.0.0.1:<port>``."""
        return f"http://{HOST}:{self.port}"

    def url(self, path: str) -> str:
        """Absolute URL of a server path."""
        return self.base + path


def free_port() -> int:
    """A free TCP port on 127.0.0.1."""
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def shows_number(page_html: str, number: str) -> bool:
    """Whether ``number`` stands on its own in the text a person reads on ``page_html``.

    Tags and attribute values (the XSRF token) are left out, and a longer number that contains it
    (the join address's port, e.g. ``5059`` in ``127.0.0.1:50599``) does not count.
    """
    text = re.sub(r"<[^>]*>", " ", page_html)
    return re.search(rf"(?<!\d){re.escape(number)}(?!\d)", text) is not None


def make_source(root: Path) -> Path:
    """A source tree with the kit's apps and the classroom test module."""
    source = root / "source"
    shutil.copytree(REPO / "voila_apps", source / "voila_apps")
    shutil.copytree(Path(__file__).parent / "source" / "modules", source / "modules")
    return source


def make_workspace(root: Path) -> Workspace:
    """A demo workspace with the facilitator's password set and a classroom open."""
    ws = init_demo_workspace(root / "workspace")
    store.set_facilitator_password(ws.engine, PASSWORD)
    classroom = store.open_classroom(ws.engine)
    with write_tx(ws.engine) as conn:
        for person in list_participants(conn)[:8]:
            check_in(conn, classroom.session_id, person.id)
    assert len(store.checked_in(ws.engine, classroom)) >= 8
    return ws


def raw_get(port: int, path: str, cookie: str = "") -> tuple[int, bytes]:
    """GET ``path`` exactly as written (no client-side normalisation of ``..``)."""
    conn = http.client.HTTPConnection(HOST, port, timeout=30)
    try:
        conn.putrequest("GET", path, skip_accept_encoding=True)
        if cookie:
            conn.putheader("Cookie", cookie)
        conn.endheaders()
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def start(ws: Workspace, source: Path, log: Path, port: int | None = None,
          extra_env: dict[str, str] | None = None) -> ClassroomServer:
    """Start ``python -m kit start --classroom`` and wait until it answers."""
    port = port or free_port()
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "UMKM_KIT_LANG": "id", **(extra_env or {})}
    env.pop("BROWSER", None)
    with log.open("ab") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "kit", "start", "--classroom", "--no-browser", "--host", HOST,
             "--port", str(port), "--workspace", str(ws.root), "--source", str(source)],
            cwd=REPO, env=env, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            start_new_session=True)
    server = ClassroomServer(proc, port, ws, source, log)
    deadline = time.monotonic() + START_TIMEOUT
    while True:
        with contextlib.suppress(OSError):
            if raw_get(port, "/kelas")[0] == 200:
                return server
        if proc.poll() is not None or time.monotonic() > deadline:
            stop(server)
            raise RuntimeError(f"classroom server did not start:\n{log.read_text()}")
        time.sleep(0.5)


def stop(server: ClassroomServer) -> None:
    """Stop the server's process group and any kernel left behind."""
    try:
        family = psutil.Process(server.proc.pid).children(recursive=True)
    except psutil.NoSuchProcess:
        family = []
    with contextlib.suppress(ProcessLookupError):
        os.killpg(server.proc.pid, signal.SIGTERM)
    try:
        server.proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(server.proc.pid, signal.SIGKILL)
        server.proc.wait(timeout=10)
    for child in family:
        with contextlib.suppress(psutil.NoSuchProcess):
            child.kill()
