"""Bad paths, bad database URLs and broken databases give one clear line, never a traceback.

Every case runs the real command line in a new process, as a facilitator would.
"""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import attrs
import pytest

REPO = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.slow


def _kit(*args: str | Path, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    """Run ``python -m kit ARGS`` in a new process."""
    return subprocess.run([sys.executable, "-m", "kit", *map(str, args)], cwd=cwd,
                          capture_output=True, text=True, timeout=300, check=False)


def _closed_port() -> int:
    """A port on 127.0.0.1 that nothing listens on."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@attrs.frozen
class Places:
    """The files and folders the cases point the commands at."""

    tmp: Path
    ws: Path          # a working demo workspace (SQLite)
    pg_down: Path     # a workspace whose PostgreSQL server is not running
    corrupt: Path     # a workspace whose database file is not a database
    file: Path        # an ordinary file
    down_url: str     # a PostgreSQL URL (with a password) where nothing listens


@pytest.fixture(scope="module")
def places(tmp_path_factory: pytest.TempPathFactory) -> Places:
    """A demo workspace, a copy with a damaged database, one on a stopped server, a file."""
    tmp = tmp_path_factory.mktemp("cli-errors")
    ws = tmp / "ws"
    made = _kit("workspace", "init", ws, "--demo")
    assert made.returncode == 0, made.stderr
    corrupt = tmp / "corrupt"
    shutil.copytree(ws, corrupt)
    (corrupt / "gradebook.db").write_bytes(b"this is not an SQLite database\n" * 200)
    for extra in ("gradebook.db-wal", "gradebook.db-shm"):
        (corrupt / extra).unlink(missing_ok=True)
    down_url = f"postgresql://kit:s3cret-pw@127.0.0.1:{_closed_port()}/kit"
    pg_down = tmp / "pg-down"
    shutil.copytree(ws, pg_down)
    (pg_down / "gradebook.db").unlink()
    (pg_down / "kit-workspace.json").write_text(json.dumps(
        {"db_url": down_url, "course_id": "umkm", "format": 2}), encoding="utf-8")
    file = tmp / "a-file.txt"
    file.write_text("not a folder\n", encoding="utf-8")
    return Places(tmp=tmp, ws=ws, pg_down=pg_down, corrupt=corrupt, file=file,
                  down_url=down_url)


# (case id, arguments with {placeholders}, text the one-line message must contain)
CASES = [
    ("export-to-folder", ["scores", "export", "--out", "{ws}", "--workspace", "{ws}"],
     "{ws}"),
    ("export-to-folder-en", ["--lang", "en", "scores", "export", "--out", "{tmp}",
                             "--workspace", "{ws}"], "is a folder"),
    ("export-parent-missing", ["scores", "export", "--out", "{file}/sub/skor.csv",
                               "--workspace", "{ws}"], "{file}"),
    ("feedback-to-file", ["feedback", "--out", "{file}", "--workspace", "{ws}"], "{file}"),
    ("feedback-parent-missing", ["--lang", "en", "feedback", "--out", "{file}/pages",
                                 "--workspace", "{ws}"], "{file}"),
    ("init-on-file", ["workspace", "init", "{file}"], "{file}"),
    ("init-parent-missing", ["--lang", "en", "workspace", "init", "{file}/ws"], "{file}"),
    ("init-db-unreachable", ["--lang", "en", "workspace", "init", "{tmp}/new1", "--db",
                             "{down_url}"], "127.0.0.1"),
    ("init-db-not-a-url", ["workspace", "init", "{tmp}/new2", "--db", "not a url"],
     "not a url"),
    ("init-db-unsupported", ["--lang", "en", "workspace", "init", "{tmp}/new3", "--db",
                             "mysql://kit@127.0.0.1/kit"], "mysql"),
    ("init-db-unknown-kind", ["workspace", "init", "{tmp}/new4", "--db",
                              "nosuchdb://127.0.0.1/kit"], "nosuchdb"),
    ("pg-down-scores-set", ["scores", "set", "--participant", "p1", "--item", "adv_nawacita",
                            "--level", "1", "--workspace", "{pg_down}"], "127.0.0.1"),
    ("pg-down-stages-en", ["--lang", "en", "stages", "--workspace", "{pg_down}"],
     "cannot connect"),
    ("pg-down-assess-check", ["assess", "check", "--workspace", "{pg_down}"], "127.0.0.1"),
    ("corrupt-export", ["scores", "export", "--workspace", "{corrupt}"], "gradebook.db"),
    ("corrupt-stages-en", ["--lang", "en", "stages", "--workspace", "{corrupt}"],
     "not a database"),
    ("corrupt-feedback", ["feedback", "--workspace", "{corrupt}"], "gradebook.db"),
    ("start-on-file", ["start", "--no-browser", "--port", "{port}", "--workspace", "{file}"],
     "{file}"),
    ("start-port-out-of-range", ["--lang", "en", "start", "--no-browser", "--port", "70000",
                                 "--workspace", "{tmp}/never"], "70000"),
    ("start-host-not-here", ["--lang", "en", "start", "--no-browser", "--host", "192.0.2.7",
                             "--port", "{port}", "--workspace", "{tmp}/never"],
     "not an address of this computer"),
]


@pytest.mark.parametrize(("args", "expected"), [c[1:] for c in CASES],
                         ids=[c[0] for c in CASES])
def test_error_is_one_clear_line(places: Places, args: list[str], expected: str) -> None:
    """The command fails with a short message naming the path or field, without a traceback."""
    values = {**attrs.asdict(places), "port": str(_closed_port())}
    result = _kit(*(a.format(**values) for a in args))
    err = result.stderr.strip()
    assert result.returncode in (1, 2), (result.returncode, result.stdout, err)
    assert "Traceback" not in err, err
    assert err and len(err.splitlines()) <= 2, err
    assert expected.format(**values) in err, err
    assert "s3cret-pw" not in err + result.stdout
    assert not (places.tmp / "never").exists()


@pytest.mark.postgres
def test_failed_init_leaves_no_config_and_can_be_rerun(places: Places, pg_url: str) -> None:
    """A failed ``workspace init --db`` leaves no config; re-running with a good URL works."""
    target = places.tmp / "retry"
    first = _kit("workspace", "init", target, "--db", places.down_url)
    assert first.returncode == 1, first.stderr
    assert not (target / "kit-workspace.json").exists()
    second = _kit("workspace", "init", target, "--db", pg_url)
    assert second.returncode == 0, second.stderr
    config = json.loads((target / "kit-workspace.json").read_text(encoding="utf-8"))
    assert config["db_url"] == pg_url
    stages = _kit("stages", "--format", "json", "--workspace", target)
    assert stages.returncode == 0, stages.stderr
