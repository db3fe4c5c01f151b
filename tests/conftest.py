"""Shared fixtures: a real PostgreSQL 15 server and workspaces on SQLite or PostgreSQL."""

from __future__ import annotations

import gc
import os
import shutil
import socket
import subprocess
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from kit.assess.demo import init_demo_workspace
from kit.i18n import set_language
from kit.workspace import Workspace, init_workspace

PG_BIN_DIRS = sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Run the browser tests last, in their collected order.

    Playwright's sync API keeps its event loop (a greenlet) in the main thread for the whole
    session once the shared Chromium starts; tests collected after it then cannot call
    ``asyncio.run`` ("cannot be called from a running event loop") and CPython 3.11's
    ``ast.parse`` can fail with "AST constructor recursion depth mismatch". Every other test runs
    before the browser is started.
    """
    for item in items:  # a browser test that forgot its mark would start Chromium early
        if item.nodeid.startswith("tests/browser/") and item.get_closest_marker("browser") is None:
            item.add_marker(pytest.mark.browser)
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _pg_bin(name: str) -> str | None:
    for d in PG_BIN_DIRS:
        if (d / name).exists():
            return str(d / name)
    return shutil.which(name)


class PostgresServer:
    """A throw-away PostgreSQL cluster on 127.0.0.1, run as an unprivileged user when root."""

    def __init__(self, base: Path):
        self.base = base
        self.data = base / "data"
        self.port = _free_port()
        self.user = "postgres" if os.geteuid() == 0 else None

    def _run(self, *args: str) -> subprocess.CompletedProcess[str]:
        cmd = list(args)
        if self.user:
            cmd = ["runuser", "-u", self.user, "--", *cmd]
        return subprocess.run(cmd, check=True, capture_output=True, text=True, timeout=120)

    def start(self) -> None:
        """Initialise the cluster (trust auth, user ``kit``) and start it on a free port."""
        initdb, pg_ctl = _pg_bin("initdb"), _pg_bin("pg_ctl")
        assert initdb and pg_ctl
        if self.user:
            shutil.chown(self.base, self.user)
        self._run(initdb, "-D", str(self.data), "-U", "kit", "--auth=trust", "-E", "UTF8",
                  "--locale=C")
        self._run(pg_ctl, "-D", str(self.data), "-l", str(self.base / "log"), "-w", "-t", "60",
                  "-o", f"-p {self.port} -h 127.0.0.1 -k {self.base} -c fsync=off "
                        "-c max_connections=100", "start")

    def stop(self) -> None:
        """Stop the server at once (the data is thrown away)."""
        pg_ctl = _pg_bin("pg_ctl")
        assert pg_ctl
        self._run(pg_ctl, "-D", str(self.data), "-m", "immediate", "-w", "stop")

    def url(self, database: str = "postgres") -> str:
        """The SQLAlchemy URL of ``database`` on this server."""
        return f"postgresql+psycopg://kit@127.0.0.1:{self.port}/{database}"

    def create_database(self) -> str:
        """Create a fresh empty database and return its URL."""
        import psycopg

        name = "t_" + uuid.uuid4().hex[:12]
        with psycopg.connect(f"host=127.0.0.1 port={self.port} user=kit dbname=postgres",
                             autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)


@pytest.fixture(scope="session")
def pg_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PostgresServer]:
    """A real PostgreSQL server for the whole test session (skipped only if none can start)."""
    if not _pg_bin("initdb"):
        pytest.skip("PostgreSQL server binaries not found (apt-get install postgresql)")
    # Not under pytest's tmp dirs: those are private to root, and the server runs as postgres.
    base = Path(tempfile.mkdtemp(prefix="kit-pg-"))
    server = PostgresServer(base)
    try:
        server.start()
    except subprocess.CalledProcessError as exc:
        pytest.skip(f"PostgreSQL could not start: {exc.stderr or exc.stdout}")
    deadline = time.time() + 30
    while time.time() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", server.port), timeout=1):
                break
        except OSError:
            time.sleep(0.2)
    yield server
    server.stop()
    shutil.rmtree(base, ignore_errors=True)


@pytest.fixture
def pg_url(pg_server: PostgresServer) -> str:
    """The URL of a fresh, empty PostgreSQL database."""
    return pg_server.create_database()


@pytest.fixture(params=["sqlite", "postgresql"])
def backend(request: pytest.FixtureRequest) -> str:
    """The database backend a parametrised test runs on."""
    return str(request.param)


@pytest.fixture
def make_workspace(
    tmp_path: Path, backend: str, request: pytest.FixtureRequest
) -> Iterator[Callable[..., Workspace]]:
    """Create workspaces on the test's backend: ``make_workspace(demo=False)``.

    Each workspace's connection pool is closed after the test: the session's one PostgreSQL
    server allows 100 connections, and pools left for the garbage collector filled it up.
    """
    made: list[Workspace] = []

    def make(demo: bool = False, name: str = "ws") -> Workspace:
        url = None
        if backend == "postgresql":
            server: PostgresServer = request.getfixturevalue("pg_server")
            url = server.create_database()
        create = init_demo_workspace if demo else init_workspace
        made.append(create(tmp_path / name, db_url=url))
        return made[-1]

    yield make
    for ws in made:
        ws.engine.dispose()


@pytest.fixture(autouse=True)
def _default_language() -> Iterator[None]:
    """Every test starts and ends with the default language (Bahasa Indonesia)."""
    set_language(None)
    yield
    set_language(None)


@pytest.fixture(autouse=True)
def _sockets_closed_by_their_own_test(request: pytest.FixtureRequest) -> Iterator[None]:
    """After a test that runs real servers, collect garbage so a socket it left open fails it.

    Without this, an unclosed socket is found whenever the garbage collector next runs, and the
    "unclosed socket" warning fails whichever unrelated test happens to be running then.
    """
    yield
    if request.node.get_closest_marker("slow") is not None:
        gc.collect()
