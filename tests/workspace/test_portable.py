"""A workspace folder is self-contained: it can be copied and moved, through the real CLI."""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
PARTICIPANT_SQL = "SELECT id FROM kit_participant ORDER BY id LIMIT 1"
ITEM = "adv_nawacita"

pytestmark = pytest.mark.slow


def _kit(*args: str | Path) -> subprocess.CompletedProcess[str]:
    """Run ``python -m kit ARGS`` in a new process (the door people use)."""
    return subprocess.run([sys.executable, "-m", "kit", "--lang", "en", *map(str, args)],
                          cwd=REPO, capture_output=True, text=True, timeout=300, check=False)


def _rows(db: Path, note: str) -> int:
    """How many ``kit_score`` rows in the SQLite file ``db`` carry ``note``."""
    with sqlite3.connect(db) as conn:
        return int(conn.execute("SELECT count(*) FROM kit_score WHERE note = ?",
                                (note,)).fetchone()[0])


def _first_participant(db: Path) -> str:
    """The first participant id of the demo cohort in ``db``."""
    with sqlite3.connect(db) as conn:
        return str(conn.execute(PARTICIPANT_SQL).fetchone()[0])


def _set(ws: Path, participant: str, note: str) -> subprocess.CompletedProcess[str]:
    """Record one observation with ``note`` through ``scores set``."""
    return _kit("scores", "set", "--participant", participant, "--item", ITEM, "--level", "2",
                "--note", note, "--workspace", ws)


@pytest.fixture(scope="module")
def demo_ws(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A demo workspace made once by ``workspace init --demo`` (copied by each test)."""
    root = tmp_path_factory.mktemp("template") / "A"
    result = _kit("workspace", "init", root, "--demo")
    assert result.returncode == 0, result.stderr
    return root


def _copy(demo_ws: Path, dest: Path) -> Path:
    """A fresh copy of the demo workspace at ``dest`` (``cp -r``)."""
    subprocess.run(["cp", "-r", str(demo_ws), str(dest)], check=True)
    return dest


def test_config_and_nbgrader_config_hold_no_absolute_path(demo_ws: Path) -> None:
    """Neither the kit's config nor nbgrader's config names the folder the workspace is in."""
    for name in ("kit-workspace.json", "nbgrader_config.py"):
        assert str(demo_ws) not in (demo_ws / name).read_text(encoding="utf-8"), name


def test_copied_workspace_writes_into_its_own_database(demo_ws: Path, tmp_path: Path) -> None:
    """After ``cp -r A C``, ``scores set --workspace C`` changes C's database and not A's."""
    a = _copy(demo_ws, tmp_path / "A")
    c = tmp_path / "C"
    subprocess.run(["cp", "-r", str(a), str(c)], check=True)
    result = _set(c, _first_participant(c / "gradebook.db"), "written-to-C")
    assert result.returncode == 0, result.stderr
    assert _rows(c / "gradebook.db", "written-to-C") == 1
    assert _rows(a / "gradebook.db", "written-to-C") == 0


def test_moved_workspace_keeps_working(demo_ws: Path, tmp_path: Path) -> None:
    """After ``mv A B`` every command on B works and writes into B's database."""
    a = _copy(demo_ws, tmp_path / "A")
    b = tmp_path / "B"
    shutil.move(a, b)
    result = _set(b, _first_participant(b / "gradebook.db"), "written-to-B")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert _rows(b / "gradebook.db", "written-to-B") == 1
    stages = _kit("stages", "--format", "json", "--workspace", b)
    assert stages.returncode == 0, stages.stderr
    assert json.loads(stages.stdout)["participants"]


def _old_config(ws: Path, db: Path) -> None:
    """Write a format-1 ``kit-workspace.json`` naming ``db`` by absolute path (the old kit)."""
    config = {"db_url": f"sqlite:///{db.resolve()}", "course_id": "umkm", "format": 1}
    (ws / "kit-workspace.json").write_text(json.dumps(config, indent=2) + "\n",
                                           encoding="utf-8")


def test_format_1_copy_is_migrated_to_its_own_database(demo_ws: Path, tmp_path: Path) -> None:
    """An old config pointing at another folder's database is switched to the folder's own."""
    a = _copy(demo_ws, tmp_path / "A")
    c = _copy(demo_ws, tmp_path / "C")
    _old_config(c, a / "gradebook.db")
    result = _set(c, _first_participant(c / "gradebook.db"), "old-copy")
    assert result.returncode == 0, result.stderr
    assert _rows(c / "gradebook.db", "old-copy") == 1
    assert _rows(a / "gradebook.db", "old-copy") == 0
    config = json.loads((c / "kit-workspace.json").read_text(encoding="utf-8"))
    assert str(tmp_path) not in json.dumps(config)
    assert config["format"] == 2


def test_format_1_moved_workspace_is_migrated(demo_ws: Path, tmp_path: Path) -> None:
    """An old config whose absolute database path no longer exists works after a move."""
    old = _copy(demo_ws, tmp_path / "old")
    _old_config(old, old / "gradebook.db")
    moved = tmp_path / "moved"
    shutil.move(old, moved)
    result = _set(moved, _first_participant(moved / "gradebook.db"), "old-moved")
    assert result.returncode == 0, result.stderr
    assert _rows(moved / "gradebook.db", "old-moved") == 1
    assert str(tmp_path) not in (moved / "kit-workspace.json").read_text(encoding="utf-8")
    assert str(tmp_path) not in (moved / "nbgrader_config.py").read_text(encoding="utf-8")


def test_format_1_in_place_becomes_relative(demo_ws: Path, tmp_path: Path) -> None:
    """An old config naming the folder's own database is rewritten in the relative form."""
    ws = _copy(demo_ws, tmp_path / "ws")
    _old_config(ws, ws / "gradebook.db")
    stages = _kit("stages", "--format", "json", "--workspace", ws)
    assert stages.returncode == 0, stages.stderr
    config = json.loads((ws / "kit-workspace.json").read_text(encoding="utf-8"))
    assert config == {"db_file": "gradebook.db", "course_id": "umkm", "format": 2}


def test_nbgrader_config_follows_the_folder(demo_ws: Path, tmp_path: Path) -> None:
    """Reading the moved folder's ``nbgrader_config.py`` gets the new folder's paths."""
    from traitlets.config.loader import PyFileConfigLoader

    moved = tmp_path / "moved"
    shutil.copytree(demo_ws, moved)
    config = PyFileConfigLoader("nbgrader_config.py", path=str(moved)).load_config()
    assert config.CourseDirectory.root == str(moved)
    assert config.CourseDirectory.db_url == f"sqlite:///{moved / 'gradebook.db'}"
    assert config.Exchange.root == str(moved / "exchange")
