"""Workspaces for the checklist tests: an empty one with a full-size session, and the demo."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa

from kit.assess.demo import init_demo_workspace
from kit.checklist.sample import add_sample_session
from kit.checklist.widget import ChecklistApp, checklist_app
from kit.storage import schema
from kit.storage.db import read_tx
from kit.workspace import Workspace, init_workspace

Big = tuple[Workspace, str, list[str]]


@pytest.fixture
def big_ws(tmp_path: Path) -> tuple[Workspace, str, list[str]]:
    """A workspace with one open komunitas session of 50 checked-in participants."""
    ws = init_workspace(tmp_path / "ws")
    session_id, ids = add_sample_session(ws)
    return ws, session_id, ids


@pytest.fixture(scope="session")
def demo_ws(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    """A workspace with the demo cohort, shared by the tests that only read it."""
    return init_demo_workspace(tmp_path_factory.mktemp("checklist-demo") / "demo")


def score_rows(ws: Workspace) -> list[dict[str, object]]:
    """Every row of the score log, oldest first."""
    with read_tx(ws.engine) as conn:
        rows = conn.execute(sa.select(schema.score).order_by(schema.score.c.id)).mappings()
        return [dict(r) for r in rows]


def open_app(big: Big) -> ChecklistApp:
    """The checklist app of the big workspace's session."""
    ws, session_id, _ids = big
    app = checklist_app(ws, session_id=session_id)
    assert isinstance(app, ChecklistApp)
    return app
