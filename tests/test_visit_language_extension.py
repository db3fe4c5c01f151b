"""Voila as a jupyter-server extension (JupyterHub, Binder) keeps the visit's language (#12)."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path

import psutil
import pytest
import tornado.web

from kit.hub.config import singleuser_args
from kit.server.build import build_site
from kit.server.config import TEMPLATE_ROOT
from kit.server.visit_language_extension import MODULE, wrap_voila_pages
from kit.settings import HOME_NOTEBOOK
from kit.workspace import init_workspace

START_TIMEOUT = 120
HOME = f"voila/render/{HOME_NOTEBOOK}"


def test_voila_page_handlers_are_wrapped_once() -> None:
    """Every Voila page rule gets the visit-language handler; a second pass changes nothing."""
    from voila.tornado.handler import TornadoVoilaHandler

    class Other(tornado.web.RequestHandler):
        pass

    app = tornado.web.Application([(r"/voila/render/(.*)", TornadoVoilaHandler),
                                   (r"/other", Other)])
    assert wrap_voila_pages(app) == 1
    assert wrap_voila_pages(app) == 0
    targets = [rule.target for router in (app.default_router, app.wildcard_router)
               for rule in router.rules if isinstance(rule.target, type)]
    wrapped = [t for t in targets if issubclass(t, TornadoVoilaHandler)]
    assert wrapped and all(getattr(t, "kit_visit_language", False) for t in wrapped)
    assert Other in targets


def _kernels(server_pid: int) -> set[int]:
    """The ipykernel processes the server started."""
    return {p.pid for p in psutil.Process(server_pid).children(recursive=True)
            if "ipykernel_launcher" in " ".join(p.cmdline())}


def _new_kernel_languages(server_pid: int, before: set[int]) -> list[str]:
    """``UMKM_KIT_LANG`` of each kernel started since ``before`` (what the page runs in)."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        new = _kernels(server_pid) - before
        if new:
            return sorted(psutil.Process(pid).environ().get("UMKM_KIT_LANG", "-")
                          for pid in new)
        time.sleep(0.2)
    return []


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.mark.slow
def test_the_language_chosen_holds_on_voila_pages_of_a_jupyter_server(tmp_path: Path) -> None:
    """``?lang=en`` on a page of jupyter-server's Voila is remembered for the next pages."""
    site = tmp_path / "site"
    build_site(site)
    workspace = init_workspace(tmp_path / "workspace")
    workspace.engine.dispose()
    port = _free_port()
    env = {**os.environ, "UMKM_KIT_WORKSPACE": str(workspace.root),
           "JUPYTER_PATH": str(TEMPLATE_ROOT), "JUPYTER_CONFIG_DIR": str(tmp_path / "config"),
           "JUPYTER_DATA_DIR": str(tmp_path / "data")}
    env.pop("UMKM_KIT_LANG", None)
    args = [sys.executable, "-m", "jupyter", "server", "--no-browser", "--ip", "127.0.0.1",
            "--port", str(port), "--IdentityProvider.token=", f"--ServerApp.root_dir={site}",
            *(["--allow-root"] if os.geteuid() == 0 else []),
            *singleuser_args("id", apps_only=False)]
    assert f"--ServerApp.jpserver_extensions={MODULE}=True" in args
    log = tmp_path / "server.log"
    with log.open("wb") as out:
        server = subprocess.Popen(args, env=env, stdout=out, stderr=subprocess.STDOUT,
                                  start_new_session=True)
    base = f"http://127.0.0.1:{port}/"
    jar = CookieJar()
    try:
        english = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        deadline = time.monotonic() + START_TIMEOUT
        before = _kernels(server.pid)
        while time.monotonic() < deadline:
            if server.poll() is not None:
                pytest.fail(f"the server exited:\n{log.read_text()[-3000:]}")
            try:
                english.open(base + HOME + "?lang=en", timeout=90).read()
                break
            except (urllib.error.URLError, ConnectionError):
                time.sleep(1)
        assert {c.name: c.value for c in jar}.get("kit_lang") == "en", log.read_text()[-3000:]
        assert _new_kernel_languages(server.pid, before) == ["en"]
        before = _kernels(server.pid)
        english.open(base + HOME, timeout=90).read()  # no ?lang=: the cookie remembers
        assert _new_kernel_languages(server.pid, before) == ["en"]
        before = _kernels(server.pid)
        urllib.request.build_opener().open(base + HOME, timeout=90).read()  # another visitor
        assert _new_kernel_languages(server.pid, before) == ["id"]
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(server.pid, signal.SIGKILL)
            server.wait(timeout=10)
