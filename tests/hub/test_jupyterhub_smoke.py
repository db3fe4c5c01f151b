"""A real JupyterHub serving the kit's Voila pages to two users sharing one PostgreSQL workspace.

DummyAuthenticator, SimpleLocalProcessSpawner and configurable-http-proxy, all on 127.0.0.1.
"""

from __future__ import annotations

import html
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
from contextlib import ExitStack, closing, suppress
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import psutil
import pytest
import requests

from kit.assess.demo import init_demo_workspace
from kit.hub.config import find_proxy
from kit.workspace import Workspace

REPO = Path(__file__).resolve().parents[2]
JUPYTERHUB = Path(sys.executable).parent / "jupyterhub"
USERS = ("fasilitator1", "koordinator1")
HUB_START_TIMEOUT = 90
SPAWN_TIMEOUT = 180
STOP_TIMEOUT = 60

pytestmark = [pytest.mark.slow, pytest.mark.postgres]


def _free_ports(count: int) -> list[int]:
    """``count`` distinct free TCP ports on 127.0.0.1 (held open together while chosen)."""
    with ExitStack() as stack:
        socks = [stack.enter_context(socket.socket()) for _ in range(count)]
        for sock in socks:
            sock.bind(("127.0.0.1", 0))
        return [int(sock.getsockname()[1]) for sock in socks]


def _tail(path: Path, chars: int = 6000) -> str:
    """The end of a log file, for assertion messages."""
    return path.read_text(errors="replace")[-chars:] if path.exists() else "(no log)"


@pytest.fixture
def hub_tools() -> str:
    """The proxy's path; skips, saying why, when JupyterHub or the proxy is missing."""
    if not JUPYTERHUB.is_file():
        pytest.skip(f"jupyterhub is not installed in {JUPYTERHUB.parent} "
                    "(pip install -e '.[dev]')")
    proxy = find_proxy()
    if proxy is None:
        pytest.skip("configurable-http-proxy is missing: run 'make hub-deps' (needs npm)")
    return proxy


class RunningHub:
    """A ``jupyterhub`` process in its own process group, stopped with everything it started."""

    def __init__(self, config: Path, cwd: Path, log: Path, base_url: str) -> None:
        self.log = log
        self.base_url = base_url
        self._out = log.open("wb")
        self.proc = subprocess.Popen(
            [str(JUPYTERHUB), "-f", str(config), "--no-ssl"], cwd=cwd, stdout=self._out,
            stderr=subprocess.STDOUT, start_new_session=True,
            env={**os.environ, "PATH": f"{JUPYTERHUB.parent}{os.pathsep}{os.environ['PATH']}"})
        self._seen: set[int] = set()

    def wait_ready(self) -> None:
        """Wait until the hub answers its API through the proxy (bounded)."""
        deadline = time.monotonic() + HUB_START_TIMEOUT
        while True:
            assert self.proc.poll() is None, _tail(self.log)
            try:
                if requests.get(f"{self.base_url}/hub/api/", timeout=5).status_code == 200:
                    return
            except requests.RequestException:
                pass
            assert time.monotonic() < deadline, "hub did not start:\n" + _tail(self.log)
            time.sleep(0.5)

    def remember_children(self) -> None:
        """Record every process the hub started so far (user servers, kernels, the proxy)."""
        with suppress(psutil.NoSuchProcess):
            self._seen.update(p.pid for p in psutil.Process(self.proc.pid).children(True))

    def stop(self) -> list[int]:
        """Stop the hub (it stops the servers and the proxy); end survivors; return their pids."""
        self.remember_children()
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=STOP_TIMEOUT)
        self._out.close()
        survivors = []
        for pid in sorted(self._seen):
            try:
                proc = psutil.Process(pid)
                if proc.status() == psutil.STATUS_ZOMBIE:
                    continue
                survivors.append(pid)
                proc.kill()
            except psutil.NoSuchProcess:
                continue
        # A server in its own session may need a moment after the hub's SIGTERM.
        return [pid for pid in survivors if psutil.pid_exists(pid)
                and psutil.Process(pid).status() != psutil.STATUS_ZOMBIE]


def _login(base_url: str, name: str) -> requests.Session:
    """Sign in through the hub's login form (DummyAuthenticator), with its ``_xsrf`` token."""
    session = requests.Session()
    form = session.get(f"{base_url}/hub/login", timeout=30)
    assert form.status_code == 200, form.text[:2000]
    match = re.search(r'name="_xsrf"\s+value="([^"]+)"', form.text)
    assert match, form.text[:2000]
    answer = session.post(f"{base_url}/hub/login",
                          data={"username": name, "password": "sandi-apa-saja",
                                "_xsrf": html.unescape(match.group(1))},
                          allow_redirects=False, timeout=30)
    assert answer.status_code == 302, answer.text[:2000]
    assert "jupyterhub-session-id" in session.cookies or any(
        c.name.startswith("jupyterhub-hub-login") for c in session.cookies), session.cookies
    return session


def _spawn(session: requests.Session, base_url: str, name: str) -> None:
    """Ask the hub to start ``name``'s server (the hub's spawn page, as a browser would)."""
    answer = session.get(f"{base_url}/hub/spawn/{name}", timeout=60)
    assert answer.status_code == 200, answer.text[:2000]


def _voila_page(session: requests.Session, base_url: str, name: str, notebook: str,
                log: Path) -> str:
    """GET a Voila page through the hub until the user's server renders it (bounded)."""
    path = f"/user/{name}/voila/render/{notebook}"
    deadline = time.monotonic() + SPAWN_TIMEOUT
    while True:
        answer = session.get(base_url + path, timeout=120)
        if answer.status_code == 200 and urlparse(answer.url).path == path:
            return answer.content.decode("utf-8")  # the page has no charset in its header
        assert time.monotonic() < deadline, (
            f"{answer.status_code} {answer.url}\n{answer.text[:1500]}\n{_tail(log)}")
        time.sleep(1)


PROBE = "cek_hub.ipynb"
PROBE_CODE = """\
import json, os
from pathlib import Path
from kit.reports.home import home_summary
from kit.workspace import open_workspace
root = Path(os.environ["UMKM_KIT_WORKSPACE"])
s = home_summary(root)
print("KIT-SUMMARY " + json.dumps({
    "user": os.environ.get("JUPYTERHUB_USER"), "workspace": str(root),
    "backend": open_workspace(root).db_url.split(":")[0], "participants": s["participants"],
    "stage_counts": {str(k): v for k, v in s["stage_counts"].items()}}, sort_keys=True))
"""


def _write_probe(site: Path) -> None:
    """Add a notebook to the site that prints the workspace summary its kernel sees."""
    import nbformat

    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(PROBE_CODE)])
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                       "language": "python"}
    nbformat.write(notebook, str(site / PROBE))


def _probe(session: requests.Session, base_url: str, name: str, log: Path) -> dict[str, Any]:
    """What the user's own server (its kernel) reads from the workspace, via the probe page."""
    page = html.unescape(_voila_page(session, base_url, name, PROBE, log))
    match = re.search(r"KIT-SUMMARY (\{.*?\})\s*<", page)
    assert match, page[-3000:]
    result: dict[str, Any] = json.loads(match.group(1))
    return result


def _record_new_observation(ws: Workspace) -> None:
    """Add a participant and record one observation for them in the shared workspace."""
    from kit.assess.observe import record_observation
    from kit.framework import framework
    from kit.records.participants import Participant, add_participant
    from kit.storage.db import write_tx

    with write_tx(ws.engine) as conn:
        add_participant(conn, Participant(id="phub0001", name="Uji JupyterHub",
                                          district="Kabupaten Sragen"))
    first_item = framework().items_for_stage(framework().stages[0].id)[0]
    record_observation(ws, "phub0001", first_item.id, 2, facilitator="fasilitator1")


def test_two_users_share_one_postgresql_workspace_through_jupyterhub(
        hub_tools: str, pg_server: Any, tmp_path: Path) -> None:
    """Two users log in to a real hub, get the Voila home page, and see one shared database."""
    from kit.reports.home import home_summary

    ws = init_demo_workspace(tmp_path / "ws", db_url=pg_server.create_database())
    port, hub_port, api_port = _free_ports(3)
    hub_dir = tmp_path / "hub"
    config = hub_dir / "jupyterhub_config.py"
    made = subprocess.run(
        [sys.executable, "-m", "kit", "hub", "config", "--workspace", str(ws.root),
         "--out", str(config), "--port", str(port), "--hub-port", str(hub_port),
         "--proxy-api-port", str(api_port), "--auth", "dummy"],
        cwd=REPO, capture_output=True, text=True, timeout=300, check=False)
    assert made.returncode == 0, made.stderr
    assert (ws.root / ".kit" / "site" / "beranda.ipynb").is_file()
    assert hub_tools in config.read_text()
    _write_probe(ws.root / ".kit" / "site")

    base_url = f"http://127.0.0.1:{port}"
    hub = RunningHub(config, hub_dir, tmp_path / "hub.log", base_url)
    sessions: list[requests.Session] = []
    try:
        hub.wait_ready()
        for name in USERS:
            sessions.append(_login(base_url, name))
            _spawn(sessions[-1], base_url, name)
        for name, session in zip(USERS, sessions, strict=True):
            page = _voila_page(session, base_url, name, "beranda.ipynb", hub.log)
            assert "<title>Beranda — Kit Pelatihan e-UMKM</title>" in page
            assert f"/user/{name}/voila/templates/umkm-kit/static/kit.css" in page
            assert "home_page_from_env" not in page  # sources are stripped
        before = home_summary(ws.root)
        for name, session in zip(USERS, sessions, strict=True):
            seen = _probe(session, base_url, name, hub.log)
            assert (seen["user"], seen["workspace"], seen["backend"]) == (
                name, str(ws.root.resolve()), "postgresql+psycopg")
            assert seen["participants"] == before["participants"]

        _record_new_observation(ws)
        after = home_summary(ws.root)
        assert after["participants"] == before["participants"] + 1
        expected = {str(k): v for k, v in after["stage_counts"].items()}
        assert expected != {str(k): v for k, v in before["stage_counts"].items()}
        for name, session in zip(USERS, sessions, strict=True):
            seen = _probe(session, base_url, name, hub.log)
            assert (seen["participants"], seen["stage_counts"]) == (
                after["participants"], expected), name
        hub.remember_children()
        servers = [p for p in map(psutil.Process, hub._seen)
                   if "jupyterhub-singleuser" in " ".join(p.cmdline())]
        assert len(servers) == len(USERS), [p.cmdline() for p in servers]
    finally:
        for session in sessions:
            with closing(session):
                pass
        leftovers = hub.stop()
    assert not leftovers, f"processes left running: {leftovers}\n{_tail(hub.log)}"
    assert hub.proc.returncode is not None
