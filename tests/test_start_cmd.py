from __future__ import annotations

import http.client
import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from kit.cli import build_parser
from kit.server.launch import home_url, site_dir

REPO = Path(__file__).resolve().parents[1]


def _kit(*args: str, **kwargs: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "kit", *args], cwd=REPO, capture_output=True,
                          text=True, timeout=120, check=False, **kwargs)  # type: ignore[call-overload]


@pytest.fixture
def busy_port() -> Iterator[int]:
    """A port on 127.0.0.1 that another program is listening on."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        yield int(sock.getsockname()[1])


def test_start_options() -> None:
    """``start`` takes --workspace, --port, --host and --no-browser with local defaults."""
    args = build_parser().parse_args(["start"])
    assert (args.workspace, args.port, args.host, args.no_browser) == (
        Path("workspace"), 8866, "127.0.0.1", False)
    args = build_parser().parse_args(
        ["start", "--workspace", "w", "--port", "9000", "--host", "10.0.0.5", "--no-browser"])
    assert (args.workspace, args.port, args.host, args.no_browser) == (
        Path("w"), 9000, "10.0.0.5", True)


def test_port_in_use_is_explained_in_both_languages(busy_port: int, tmp_path: Path) -> None:
    """A port already in use stops ``kit start`` with a message in Indonesian and English."""
    result = _kit("start", "--no-browser", "--port", str(busy_port),
                  "--workspace", str(tmp_path / "ws"))
    assert result.returncode == 1
    assert f"Port {busy_port} di 127.0.0.1 sudah dipakai" in result.stderr
    assert f"Port {busy_port} on 127.0.0.1 is already in use" in result.stderr
    assert f"--port {busy_port + 1}" in result.stderr
    assert not (tmp_path / "ws").exists()


def test_invalid_host_is_explained(tmp_path: Path) -> None:
    """An address that does not exist on this computer is reported, in both languages."""
    result = _kit("start", "--no-browser", "--host", "no-such-host.invalid",
                  "--workspace", str(tmp_path / "ws"))
    assert result.returncode == 1
    assert "tidak berlaku" in result.stderr and "is not valid" in result.stderr


def test_home_url() -> None:
    """The address printed for people is browsable even when listening on all interfaces."""
    assert home_url("127.0.0.1", 8866) == "http://127.0.0.1:8866/"
    assert home_url("0.0.0.0", 8866) == "http://127.0.0.1:8866/"  # noqa: S104
    assert home_url("::1", 8866) == "http://[::1]:8866/"


def _get(port: int, path: str) -> tuple[int, str | None, str]:
    """GET ``path`` without following redirects: status, Location header and body."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        return response.status, response.getheader("Location"), response.read().decode()
    finally:
        conn.close()


@pytest.mark.slow
def test_start_serves_the_home_page(tmp_path: Path) -> None:
    """``kit start`` creates the workspace, builds the site, redirects / and serves Beranda."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = int(sock.getsockname()[1])
    workspace = tmp_path / "ws"
    log = tmp_path / "server.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "kit", "start", "--no-browser", "--port", str(port),
             "--workspace", str(workspace)],
            cwd=REPO, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
            env={**os.environ, "UMKM_KIT_LANG": "id"})
    try:
        deadline = time.monotonic() + 120
        while True:
            assert proc.poll() is None, log.read_text()
            try:
                root = _get(port, "/")
                break
            except OSError:
                assert time.monotonic() < deadline, log.read_text()
                time.sleep(0.5)
        assert root[:2] == (302, "/voila/render/beranda.ipynb")
        status, _location, html = _get(port, "/voila/render/beranda.ipynb")
        assert status == 200
        assert "<title>Beranda — Kit Pelatihan e-UMKM</title>" in html
        assert "/voila/templates/umkm-kit/static/kit.css" in html
        assert not re.findall(r"""(?:src|href)=["']?(?:https?:)?//""", html)
        assert "home_page_from_env" not in html  # sources are stripped
        assert (site_dir(workspace) / "beranda.ipynb").is_file()
        assert (workspace / "kit-workspace.json").is_file()
        text = log.read_text()
        assert "Ruang kerja:" in text and f"http://127.0.0.1:{port}/" in text
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        exit_status = proc.wait(timeout=30)
    assert exit_status == 0
