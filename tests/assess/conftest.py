"""Workspaces for the assessment tests: generated once per session, copied for every test."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from kit.assess.generate import generate_assignments
from kit.assess.submission_format import build_submission, submission_bytes
from kit.records.participants import Participant, add_participant
from kit.storage import schema
from kit.storage.db import read_tx, write_tx
from kit.workspace import Workspace, init_workspace, open_workspace

ROOT = Path(__file__).resolve().parents[2]


def _copy_workspace(src: Path, dst: Path) -> Workspace:
    """Copy a workspace folder, its SQLite database included, and point its config at ``dst``."""
    shutil.copytree(src, dst, ignore=shutil.ignore_patterns("gradebook.db*"))
    with sqlite3.connect(src / "gradebook.db") as a, sqlite3.connect(dst / "gradebook.db") as b:
        a.backup(b)
    for name in ("kit-workspace.json", "nbgrader_config.py"):
        path = dst / name
        path.write_text(path.read_text(encoding="utf-8").replace(str(src.resolve()),
                                                                  str(dst.resolve())),
                        encoding="utf-8")
    return open_workspace(dst)


@pytest.fixture(scope="session")
def generated_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A workspace with every activity's assignment generated (once per test session)."""
    root = tmp_path_factory.mktemp("assess-template") / "ws"
    ws = init_workspace(root)
    generate_assignments(ws)
    ws.engine.dispose()
    return root


@pytest.fixture
def ws(generated_template: Path, tmp_path: Path) -> Workspace:
    """A private copy of the generated workspace, with participants ``p1`` and ``p2``."""
    workspace = _copy_workspace(generated_template, tmp_path / "ws")
    with write_tx(workspace.engine) as conn:
        add_participant(conn, Participant(id="p1", name="Siti Rahayu", district="Kabupaten Sragen"))
        add_participant(conn, Participant(id="p2", name="Budi Santoso", district="Kota Pontianak"))
    return workspace


def run_kit(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    """Run ``python -m kit ARGS`` and return the finished process (output captured as text)."""
    return subprocess.run([sys.executable, "-m", "kit", *args], cwd=cwd, capture_output=True,
                          text=True, timeout=600, check=False)


def run_nbgrader_cmd(ws: Workspace, *args: str) -> subprocess.CompletedProcess[str]:
    """Run the real ``nbgrader`` command in the workspace folder."""
    return subprocess.run([sys.executable, "-m", "nbgrader", *args], cwd=ws.root,
                          capture_output=True, text=True, timeout=600, check=False)


@pytest.fixture
def write_submission(tmp_path: Path) -> Callable[..., Path]:
    """Write a submission file built with :func:`build_submission`; returns its path."""
    def write(ws: Workspace, participant: str, activity: str, answers: dict[str, Any],
              name: str | None = None) -> Path:
        nb = build_submission(ws, participant, activity, answers)
        path = tmp_path / (name or f"{participant}-{activity}.ipynb")
        path.write_bytes(submission_bytes(nb))
        return path
    return write


def scores(ws: Workspace, participant: str | None = None) -> list[dict[str, Any]]:
    """Every row of ``kit_score`` (of one participant), oldest first."""
    with read_tx(ws.engine) as conn:
        query = sa.select(schema.score).order_by(schema.score.c.id)
        if participant:
            query = query.where(schema.score.c.participant_id == participant)
        return [dict(r) for r in conn.execute(query).mappings()]


def count(ws: Workspace, table: sa.Table) -> int:
    """Number of rows in a kit table."""
    with read_tx(ws.engine) as conn:
        return int(conn.execute(sa.select(sa.func.count()).select_from(table)).scalar() or 0)
