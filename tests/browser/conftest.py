"""Browser-test harness: a real ``python -m kit start`` server and Debian's Chromium via Playwright.

Fixtures for every browser test (home page, checklist app, modules):

* ``kit_server`` (session) — starts ``python -m kit start --no-browser`` on 127.0.0.1 with a free
  port and a temporary demo workspace, waits until it answers, and afterwards stops the whole
  process group (Voila and its kernels);
* ``own_kit_server`` — the same server for one test alone, with its process, for tests that
  kill it (``running_kit_server`` starts it);
* ``browser_context`` (session) — Chromium (``/usr/bin/chromium``, installed with apt-get when
  missing) with a fresh user-data directory;
* ``open_page`` — opens a path of the server at a viewport size and records console errors,
  page errors and every request, so tests can assert nothing left 127.0.0.1;
* ``viewports`` — the sizes every page is checked at: ``desktop`` 1366×768, ``phone`` 360×740.

Test modules do not import this file (pytest imports it under its own name); they use the
fixtures only.
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
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import psutil
import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, sync_playwright

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-quic",
]
LOCAL_HOST = "127.0.0.1"
START_TIMEOUT = 120.0
RENDER_TIMEOUT_MS = 90_000
DESKTOP = {"width": 1366, "height": 768}
PHONE = {"width": 360, "height": 740}


@dataclass(frozen=True)
class KitServer:
    """A running ``kit start``: where it listens and where its files are."""

    base_url: str
    workspace: Path
    site: Path
    log: Path

    def url(self, path: str = "") -> str:
        """Absolute URL of ``path`` (relative to the server root)."""
        return self.base_url + path.lstrip("/")


@dataclass
class PageWatch:
    """What a page did: console errors, uncaught exceptions and every requested URL."""

    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)

    def foreign_requests(self) -> list[str]:
        """Requests to any host other than 127.0.0.1 (``data:``/``blob:`` URLs are local)."""
        out = []
        for url in self.requests:
            parts = urlsplit(url)
            if parts.scheme in ("data", "blob", "about"):
                continue
            if parts.hostname != LOCAL_HOST:
                out.append(url)
        return out


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((LOCAL_HOST, 0))
        return int(sock.getsockname()[1])


def _answers(url: str) -> bool:
    request = urllib.request.Request(url, method="GET")  # noqa: S310 - local http URL
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(request, timeout=5) as response:
            return bool(response.status < 500)
    except urllib.error.HTTPError as exc:
        return exc.code in (301, 302, 303, 307, 308)
    except OSError:
        return False


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


def _stop_group(proc: subprocess.Popen[bytes]) -> None:
    """SIGTERM the process group (Voila shuts its kernels down), then SIGKILL what is left."""
    try:
        family = psutil.Process(proc.pid).children(recursive=True)
    except psutil.NoSuchProcess:
        family = []
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
    # Kernels run in their own sessions; kill any that Voila did not shut down (psutil checks
    # the creation time, so a reused PID is never hit).
    for child in family:
        with contextlib.suppress(psutil.NoSuchProcess):
            child.kill()


@contextlib.contextmanager
def running_kit_server(root: Path) -> Iterator[tuple[KitServer, subprocess.Popen[bytes]]]:
    """Run a real ``python -m kit start --no-browser`` with its files under ``root``.

    Yields the server and its process (the leader of its own process group, so a test may kill
    the whole server with ``os.killpg``); afterwards stops whatever is left of the group.
    """
    workspace = root / "workspace"
    log = root / "server.log"
    port = _free_port()
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "UMKM_KIT_LANG": "id"}
    env.pop("BROWSER", None)
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "kit", "start", "--no-browser", "--host", LOCAL_HOST,
             "--port", str(port), "--workspace", str(workspace)],
            cwd=REPO, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
        )
    base_url = f"http://{LOCAL_HOST}:{port}/"
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while not _answers(base_url):
            if proc.poll() is not None:
                pytest.fail(f"kit start exited with {proc.returncode}:\n{log.read_text()}")
            if time.monotonic() > deadline:
                pytest.fail(f"kit start did not answer in {START_TIMEOUT} s:\n{log.read_text()}")
            time.sleep(0.5)
        yield KitServer(base_url, workspace, workspace / ".kit" / "site", log), proc
    finally:
        _stop_group(proc)


@pytest.fixture(scope="session")
def kit_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[KitServer]:
    """Run a real ``python -m kit start --no-browser`` for the whole test session."""
    with running_kit_server(tmp_path_factory.mktemp("kit-server")) as (server, _proc):
        yield server


@pytest.fixture
def own_kit_server(tmp_path: Path) -> Iterator[tuple[KitServer, subprocess.Popen[bytes]]]:
    """A ``kit start`` of one test alone, with its process (the test may kill it)."""
    with running_kit_server(tmp_path) as started:
        yield started


def _ensure_chromium() -> Path:
    if CHROMIUM.exists():
        return CHROMIUM
    apt = shutil.which("apt-get")
    if apt is None or os.geteuid() != 0:
        pytest.fail("Chromium is missing: run `make system-deps` (apt-get install chromium)")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run([apt, "update", "-qq"], check=True, env=env)
    subprocess.run([apt, "install", "-y", "-qq", "chromium"], check=True, env=env)
    return CHROMIUM


@pytest.fixture(scope="session")
def playwright_driver() -> Iterator[Playwright]:
    """One Playwright driver for the session (the sync API allows one per thread)."""
    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser_context(tmp_path_factory: pytest.TempPathFactory,
                    playwright_driver: Playwright) -> Iterator[BrowserContext]:
    """A Chromium browser context with a fresh user-data directory, shared by the session."""
    executable = _ensure_chromium()
    profile = tmp_path_factory.mktemp("chromium-profile")
    context = playwright_driver.chromium.launch_persistent_context(
        str(profile), executable_path=str(executable), args=CHROMIUM_ARGS,
        headless=True, viewport=DESKTOP, locale="id-ID",
    )
    try:
        yield context
    finally:
        context.close()


@pytest.fixture
def patient_first_load(browser_context: BrowserContext) -> Iterator[None]:
    """The first page of a fresh server starts a kernel: allow it 90 s, then restore 30 s."""
    browser_context.set_default_navigation_timeout(90_000)
    yield
    browser_context.set_default_navigation_timeout(30_000)


@pytest.fixture(scope="session")
def chromium_browser(playwright_driver: Playwright) -> Iterator[Browser]:
    """A Chromium browser in which a test opens many separate contexts (one per phone)."""
    browser = playwright_driver.chromium.launch(
        executable_path=str(_ensure_chromium()), args=CHROMIUM_ARGS, headless=True)
    try:
        yield browser
    finally:
        browser.close()


OpenPage = Callable[..., tuple[Page, PageWatch]]


@pytest.fixture(scope="session")
def viewports() -> dict[str, dict[str, int]]:
    """Viewport sizes by name: ``desktop`` (1366×768) and ``phone`` (360×740)."""
    return {"desktop": dict(DESKTOP), "phone": dict(PHONE)}


@pytest.fixture
def open_page(kit_server: KitServer, browser_context: BrowserContext) -> Iterator[OpenPage]:
    """Open a server path in a new tab at a viewport size; yield ``(page, watch)``."""
    pages: list[Page] = []

    def _open(path: str = "", viewport: dict[str, int] = DESKTOP,
              wait_for: str | None = None) -> tuple[Page, PageWatch]:
        watch = PageWatch()
        page = browser_context.new_page()
        pages.append(page)
        page.set_viewport_size(viewport)
        page.on("console", lambda msg: msg.type == "error" and watch.console_errors.append(
            f"{msg.text} @ {msg.location}"))
        page.on("pageerror", lambda exc: watch.page_errors.append(str(exc)))
        page.on("request", lambda request: watch.requests.append(request.url))
        page.on("websocket", lambda ws: watch.requests.append(ws.url))
        page.goto(kit_server.url(path), wait_until="load")
        if wait_for:
            page.wait_for_selector(wait_for, timeout=RENDER_TIMEOUT_MS)
        return page, watch

    yield _open
    for page in pages:
        page.close()
