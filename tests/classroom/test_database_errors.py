"""A classroom page whose database cannot be used shows one line (503), never a bare 500."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import requests

from kit.classroom.service import status
from kit.classroom.web import ClassroomWeb, FacilitatorLoginHandler
from kit.workspace import DatabaseUnavailable, Workspace, init_workspace
from tests.local_tornado import serve


@pytest.fixture
def damaged(tmp_path: Path) -> Path:
    """A workspace whose SQLite database file was overwritten with text."""
    ws = init_workspace(tmp_path / "made")
    ws.engine.dispose()
    root = tmp_path / "damaged"
    shutil.copytree(ws.root, root)
    (root / "gradebook.db").write_bytes(b"this is not an SQLite database\n" * 200)
    for extra in ("gradebook.db-wal", "gradebook.db-shm"):
        (root / extra).unlink(missing_ok=True)
    return root


def test_a_service_raises_the_kit_error_for_a_damaged_database(damaged: Path) -> None:
    """A classroom service turns the database failure into DatabaseUnavailable (one line)."""
    with pytest.raises(DatabaseUnavailable) as caught:
        status(_unopened(damaged))
    assert "gradebook.db" in str(caught.value)
    assert "\n" not in str(caught.value)


def test_a_classroom_page_shows_the_database_problem_in_one_line(damaged: Path) -> None:
    """The facilitator's login page on a damaged database answers 503 naming the file."""
    web = ClassroomWeb(_unopened(damaged), "http://127.0.0.1", damaged)
    with serve([(r"/kelas/fasilitator/masuk", FacilitatorLoginHandler,
                 {"classroom": web})]) as base:
        answer = requests.get(f"{base}/kelas/fasilitator/masuk?lang=en", timeout=30,
                              allow_redirects=False)
    assert answer.status_code == 503
    assert "gradebook.db" in answer.text
    assert "Traceback" not in answer.text


def _unopened(root: Path) -> Workspace:
    """The workspace object for ``root`` without opening it (opening would fail first)."""
    return Workspace(root=root, db_url=f"sqlite:///{root / 'gradebook.db'}",
                     db_file="gradebook.db")
