"""The demo's coordinator store: synthetic national packages plus the demo workspace's own one."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from kit.assess.demo import ensure_demo_workspace, init_demo_workspace
from kit.coordinator import queries
from kit.coordinator.demo_store import build_demo_store, demo_key
from kit.coordinator.pseudonym import KEY_FILE_NAME, read_key_file
from kit.coordinator.store import ACCEPTED, STORE_FILE

pytestmark = pytest.mark.slow


def test_demo_store_holds_every_package_and_a_full_funnel(tmp_path: Path) -> None:
    """Every package is accepted, the demo workspace's own among them; the funnel is not empty."""
    ws = init_demo_workspace(tmp_path / "ws")
    assert read_key_file(ws.root / KEY_FILE_NAME) == demo_key()
    results = build_demo_store(ws, score_rows=5_000)
    assert results and {r.outcome for r in results} == {ACCEPTED}
    assert any(r.path.name == "demo-workspace.umkmpkg" for r in results)
    store = ws.root / STORE_FILE
    with duckdb.connect(str(store), read_only=True) as db:
        workspaces = {row[0] for row in db.execute("SELECT workspace_id FROM package_log")
                      .fetchall()}
        provinces = db.execute("SELECT count(DISTINCT province_code) FROM agg_stage_funnel"
                               ).fetchone()
    assert len(workspaces) == len(results)
    assert sum(1 for w in workspaces if not w.startswith("SINTETIS-")) == 1
    assert provinces is not None and provinces[0] > 10
    funnel = queries.funnel(queries.connect(store), queries.Filters())
    assert int(funnel["n"].sum()) > 50
    assert not list(ws.root.glob(".coordinator-demo-*"))  # the building folder is gone


def test_an_existing_store_is_never_replaced(tmp_path: Path) -> None:
    """A store already there is kept byte for byte; an existing workspace never gets one."""
    ws = init_demo_workspace(tmp_path / "ws")
    store = ws.root / STORE_FILE
    store.write_bytes(b"a real office's store")
    assert build_demo_store(ws, score_rows=5_000) == []
    assert store.read_bytes() == b"a real office's store"
    store.unlink()
    ensure_demo_workspace(ws.root, coordinator_store=True)
    assert not store.exists()


def test_the_default_demo_has_sessions_of_a_real_size(tmp_path: Path) -> None:
    """At its default size every activity's demo sessions are about as full as their targets.

    A cohort spread too thin made sessions of 3-10 people against targets of 25-50: attendance
    7-27 % on the dashboard, every session in the data-quality queue.
    """
    ws = init_demo_workspace(tmp_path / "ws")
    build_demo_store(ws)
    with duckdb.connect(str(ws.root / STORE_FILE), read_only=True) as db:
        rows = db.execute("SELECT activity_id, SUM(n_present), SUM(target_size) FROM agg_session "
                          "WHERE workspace_id LIKE 'SINTETIS-%' GROUP BY activity_id").fetchall()
    assert {a for a, _p, _t in rows} == {"advokasi", "bimtek", "komunitas"}
    for activity, present, target in rows:
        assert 0.7 <= present / target <= 1.3, (activity, present, target)
