"""Workspaces, migrations and records behave the same on SQLite and on PostgreSQL."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
import sqlalchemy as sa
from traitlets.config.loader import PyFileConfigLoader

from kit.framework import framework
from kit.records.participants import Participant, add_participant, list_participants
from kit.records.scores import ScoreEntry, ScoreError, latest_levels, record_score
from kit.records.sessions import Session, add_session, attendees, check_in
from kit.storage.db import read_tx, write_tx
from kit.storage.migrate import current_revision, head_revision
from kit.workspace import Workspace, WorkspaceError, open_workspace


def test_init_creates_nbgrader_layout_and_migrates(
    make_workspace: Callable[..., Workspace],
) -> None:
    """A new workspace has nbgrader's folders, its config, and the kit tables at head."""
    ws = make_workspace()
    for name in ("source", "release", "submitted", "autograded", "feedback"):
        assert (ws.root / name).is_dir()
    config = PyFileConfigLoader("nbgrader_config.py", path=str(ws.root)).load_config()
    assert config.CourseDirectory.db_url == ws.db_url
    assert config.CourseDirectory.root == str(ws.root.resolve())
    stored = json.loads((ws.root / "kit-workspace.json").read_text())
    if ws.db_url.startswith("sqlite"):
        assert stored["db_file"] == "gradebook.db" and "db_url" not in stored
    else:
        assert stored["db_url"] == ws.db_url
    assert current_revision(ws.engine) == head_revision()
    tables = set(sa.inspect(ws.engine).get_table_names())
    assert {"kit_participant", "kit_score", "kit_session", "kit_attendance"} <= tables


def test_reopening_keeps_records(make_workspace: Callable[..., Workspace]) -> None:
    """Opening an existing workspace again keeps everything and does not re-add the demo."""
    ws = make_workspace(demo=True)
    with read_tx(ws.engine) as conn:
        before = len(list_participants(conn))
    again = open_workspace(ws.root)
    from kit.assess.demo import add_demo_cohort

    add_demo_cohort(again)
    with read_tx(again.engine) as conn:
        assert len(list_participants(conn)) == before == 36


def test_latest_score_wins_and_history_is_kept(make_workspace: Callable[..., Workspace]) -> None:
    """The newest level counts for the stage rule, and older rows stay in the log."""
    ws = make_workspace()
    fw = framework()
    with write_tx(ws.engine) as conn:
        add_participant(conn, Participant(id="p1", name="Siti", district="Kota Pontianak"))
        add_session(conn, Session(id="s1", activity_id="advokasi", title="Advokasi"))
        assert check_in(conn, "s1", "p1") and not check_in(conn, "s1", "p1")
        for level in (0, 1, 2):
            record_score(conn, fw, ScoreEntry("p1", "adv_mp3ei", level, "observation",
                                              session_id="s1"))
    with read_tx(ws.engine) as conn:
        assert latest_levels(conn) == {"p1": {"adv_mp3ei": 2}}
        assert attendees(conn, "s1") == ["p1"]
        rows = conn.execute(sa.text("SELECT count(*) FROM kit_score")).scalar()
    assert rows == 3


@pytest.mark.parametrize(("item", "level", "source"), [
    ("no_such_item", 1, "observation"),
    ("adv_mp3ei", 3, "observation"),
    ("adv_mp3ei", -1, "observation"),
    ("adv_mp3ei", 1, "guess"),
])
def test_invalid_scores_are_refused_and_nothing_is_written(
    make_workspace: Callable[..., Workspace], item: str, level: int, source: str
) -> None:
    """Unknown item, level out of range or unknown source raises and writes no row."""
    ws = make_workspace()
    fw = framework()
    with write_tx(ws.engine) as conn:
        add_participant(conn, Participant(id="p1", name="Siti", district="Kota Pontianak"))
    with pytest.raises(ScoreError), write_tx(ws.engine) as conn:
        record_score(conn, fw, ScoreEntry("p1", item, level, source))
    with read_tx(ws.engine) as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM kit_score")).scalar() == 0


def test_a_failed_transaction_leaves_nothing_half_written(
    make_workspace: Callable[..., Workspace],
) -> None:
    """An error in the middle of a write transaction rolls back its earlier statements."""
    ws = make_workspace()
    with pytest.raises(RuntimeError), write_tx(ws.engine) as conn:
        add_participant(conn, Participant(id="p1", name="Siti", district="Kota Pontianak"))
        raise RuntimeError("stop")
    with read_tx(ws.engine) as conn:
        assert list_participants(conn) == []


def test_not_a_workspace_is_a_clear_error(tmp_path: object) -> None:
    """Opening a folder that is not a workspace explains how to create one, in Indonesian."""
    with pytest.raises(WorkspaceError, match="bukan ruang kerja"):
        open_workspace(tmp_path)  # type: ignore[arg-type]
