"""Migrations: an old workspace is brought up to date, also by several processes at once."""

from __future__ import annotations

import multiprocessing as mp
from pathlib import Path

import pytest
from alembic import command

from kit.storage.db import write_tx
from kit.storage.migrate import alembic_config, current_revision, head_revision
from kit.workspace import Workspace, open_workspace
from kit.workspace.layout import write_layout

PROCESSES = 6


def _open(root: str) -> str | None:
    """Open the workspace in a fresh process and report its revision."""
    from kit.workspace import open_workspace as reopen

    ws = reopen(Path(root))
    return current_revision(ws.engine)


@pytest.fixture
def old_workspace(tmp_path: Path, backend: str, request: pytest.FixtureRequest) -> Workspace:
    """A workspace folder whose database stops at revision 0001, as an older kit left it."""
    if backend == "postgresql":
        url = request.getfixturevalue("pg_server").create_database()
    else:
        url = f"sqlite:///{tmp_path / 'old' / 'gradebook.db'}"
    ws = Workspace(root=tmp_path / "old", db_url=url)
    write_layout(ws)
    cfg = alembic_config(url)
    with write_tx(ws.engine) as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0001")
    return ws


def test_old_workspace_is_migrated_on_open(old_workspace: Workspace) -> None:
    """Opening a workspace stamped at revision 0001 upgrades it to the newest revision."""
    ws = old_workspace
    assert current_revision(ws.engine) == "0001"
    reopened = open_workspace(ws.root)
    assert current_revision(reopened.engine) == head_revision()


def test_concurrent_opens_migrate_once(old_workspace: Workspace) -> None:
    """Six processes opening the same old workspace at once all end at head without errors."""
    ws = old_workspace
    with mp.get_context("spawn").Pool(PROCESSES) as pool:
        revisions = pool.map(_open, [str(ws.root)] * PROCESSES)
    assert set(revisions) == {head_revision()}


def test_migrated_database_has_every_table_and_column_the_code_declares(
        old_workspace: Workspace) -> None:
    """After the migrations, every table and column of the kit's declared tables exists."""
    import sqlalchemy as sa

    import kit.classroom.tables
    import kit.community.ballot_tables
    import kit.community.tables
    import kit.puskom.class_tables
    import kit.puskom.tables
    import kit.records.consent_table
    import kit.room.tables
    import kit.rundown.tables
    import kit.sandbox.tables
    import kit.survey.tables  # noqa: F401  (declaring the tables is the import's effect)
    from kit.storage.schema import metadata

    reopened = open_workspace(old_workspace.root)
    inspector = sa.inspect(reopened.engine)
    missing = [f"{table.name}.{column.name}"
               for table in metadata.sorted_tables if table.name.startswith("kit_")
               for column in table.columns
               if not inspector.has_table(table.name)
               or column.name not in {c["name"] for c in inspector.get_columns(table.name)}]
    assert missing == []
    assert "kit_survey_answer" in inspector.get_table_names()
