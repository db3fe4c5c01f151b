"""Binder's own steps in a fresh virtual environment: install, postBuild, start, load the home page.

repo2docker copies the repository into ``$HOME``, installs ``binder/requirements.txt``, runs
``binder/postBuild`` once and starts the server through ``binder/start``. This test does the same
with a copy of the tracked files of this working tree in a temporary ``$HOME`` (so nothing is
written into the checkout), using the package index and wheel cache pip is configured with here.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from kit.server.binder import HOME_URLPATH

REPO = Path(__file__).resolve().parents[1]
PIP_TIMEOUT = 1500
STEP_TIMEOUT = 600
START_TIMEOUT = 120
OFFLINE_SIGNS = ("NewConnectionError", "Temporary failure in name resolution",
                 "Network is unreachable", "No matching distribution found",
                 "Could not find a version that satisfies")


def _run(cmd: list[str], cwd: Path, env: dict[str, str], timeout: int) -> str:
    """Run a step; on failure, fail the test with the step's output."""
    proc = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=timeout, check=False)
    output = proc.stdout + proc.stderr
    if proc.returncode != 0:
        pytest.fail(f"{' '.join(cmd)} exited with {proc.returncode}:\n{output[-4000:]}")
    return output


def _copy_tracked(dest: Path) -> None:
    """Copy the files git tracks (as they are in the working tree) to ``dest``."""
    listed = subprocess.run(["git", "ls-files", "-z"], cwd=REPO, capture_output=True,
                            check=True, timeout=60).stdout.decode("utf-8").split("\0")
    for name in filter(None, listed):
        source = REPO / name
        if source.is_file():
            target = dest / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=60) as response:  # noqa: S310 - local URL
            return int(response.status), response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8", "replace")


@pytest.mark.slow
@pytest.mark.timeout(PIP_TIMEOUT + 3 * STEP_TIMEOUT)
def test_binder_steps_in_a_fresh_environment(tmp_path: Path) -> None:
    """Fresh venv → pip install -r binder/requirements.txt → postBuild → start → home page 200."""
    home = tmp_path / "home"
    home.mkdir()
    _copy_tracked(home)
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=STEP_TIMEOUT)
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("UMKM_KIT_", "JUPYTER", "VIRTUAL_ENV", "PYTHON"))}
    env.update(HOME=str(home), PATH=f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}",
               VIRTUAL_ENV=str(venv), PYTHONUNBUFFERED="1", UMKM_KIT_FORK_KERNELS="0")
    pip = subprocess.run(
        [str(venv / "bin" / "python"), "-m", "pip", "install", "-r", "binder/requirements.txt"],
        cwd=home, env=env, capture_output=True, text=True, timeout=PIP_TIMEOUT, check=False)
    if pip.returncode != 0:
        output = pip.stdout + pip.stderr
        if any(sign in output for sign in OFFLINE_SIGNS):
            pytest.skip(f"pip could not reach a package index:\n{output[-1500:]}")
        pytest.fail(f"pip install -r binder/requirements.txt failed:\n{output[-4000:]}")
    built = _run(["bash", "binder/postBuild"], home, env, STEP_TIMEOUT)
    assert "notebooks in" in built, built
    assert (home / ".jupyter" / "jupyter_server_config.json").is_file()
    assert (home / "site" / "modules" / "bimtek.ipynb").is_file()
    assert (home / "site" / "modules" / "komunitas.ipynb").is_file()

    port = _free_port()
    log = tmp_path / "server.log"
    with log.open("wb") as out:
        server = subprocess.Popen(
            ["bash", "binder/start", "jupyter", "server", "--no-browser", "--ip", "127.0.0.1",
             "--port", str(port), "--IdentityProvider.token=",
             # Binder's user is not root; this machine's test runner may be.
             *(["--allow-root"] if os.geteuid() == 0 else [])],
            cwd=home, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        base = f"http://127.0.0.1:{port}/"
        deadline = time.monotonic() + START_TIMEOUT
        status, body = 0, ""
        while time.monotonic() < deadline:
            if server.poll() is not None:
                pytest.fail(f"the server exited with {server.returncode}:\n{log.read_text()}")
            try:
                status, body = _get(base + HOME_URLPATH)
                break
            except OSError:
                time.sleep(1)
        assert status == 200, f"{status}\n{body[:2000]}\n{log.read_text()[-3000:]}"
        assert "Beranda" in body
        status, body = _get(base + "voila/render/site/modules/bimtek.ipynb")
        assert status == 200, body[:2000]
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(server.pid, signal.SIGKILL)
            server.wait(timeout=10)
