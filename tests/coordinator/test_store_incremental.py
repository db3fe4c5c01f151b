"""New workspaces are added to the DuckDB store's aggregates in place: as a full rebuild would."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from kit.coordinator import store as store_module
from kit.coordinator.aggregates import served_tables
from kit.coordinator.store import (
    ACCEPTED,
    DUPLICATE,
    REPLACED,
    STALE,
    _connect,
    _set_stale,
    ingest,
)
from kit.coordinator.synthetic import plan_cohort, write_cohort
from tests.coordinator.store_packages import make_package, query, rebuilt, served, tables


def _no_rebuild(*_args: object) -> None:
    """Stands in for the full rebuild where only the in-place addition may run."""
    raise AssertionError("a full rebuild where new workspaces were only added")


def test_workspaces_sharing_cells_add_up_as_a_rebuild_would(tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch
                                                            ) -> None:
    """Three runs, two workspaces in one district and day (shared cells, null stages)."""
    monkeypatch.setattr(store_module, "rebuild_aggregates", _no_rebuild)
    db = tmp_path / "store.duckdb"
    a = make_package(tmp_path / "a.umkmpkg")
    b = make_package(tmp_path / "b.umkmpkg", workspace="ws-b",
                     content=tables(people=4, level=1, first=10, session="ffee"))
    c = make_package(tmp_path / "c.umkmpkg", workspace="ws-c",
                     content=tables(district="33.15", people=2, first=20, session="0c0c"))
    assert [r.outcome for r in ingest([a], db)] == [ACCEPTED]
    assert [r.outcome for r in ingest([b], db)] == [ACCEPTED]
    assert [r.outcome for r in ingest([c, a], db)] == [ACCEPTED, DUPLICATE]
    added = served(db)
    # The shared cells hold both workspaces' sums: 3 + 4 persons assessed on item.a in 33.14.
    assert query(db, "SELECT n_assessed, n_achieved FROM agg_item_month WHERE "
                     "district_code = '33.14' AND item_id = 'item.a'") == [(7, 3)]
    assert query(db, "SELECT n FROM agg_stage_funnel WHERE district_code = '33.14' "
                     "AND stage IS NULL") == [(4,)]
    assert added == rebuilt(db)


def test_a_synthetic_cohort_in_three_runs_equals_one_rebuild(tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch
                                                             ) -> None:
    """Many workspaces over months, ingested in three runs: every served table as rebuilt."""
    monkeypatch.setattr(store_module, "rebuild_aggregates", _no_rebuild)
    files = write_cohort(plan_cohort(8_000, seed=3, months=3, one_key=True), tmp_path / "p")
    db = tmp_path / "store.duckdb"
    third = len(files.packages) // 3
    for part in (files.packages[:third], files.packages[third:2 * third],
                 files.packages[2 * third:]):
        assert {r.outcome for r in ingest(list(part), db)} == {ACCEPTED}
    added = served(db)
    assert all(added[name] for name in served_tables())
    assert added == rebuilt(db)


def test_a_replacement_or_an_interrupted_run_rebuilds_everything(tmp_path: Path) -> None:
    """A replaced workspace, or a store left stale, is rebuilt from every partial."""
    db = tmp_path / "store.duckdb"
    ingest([make_package(tmp_path / "a.umkmpkg")], db)
    newer = make_package(tmp_path / "n.umkmpkg", created=datetime(2026, 12, 1, tzinfo=UTC),
                         content=tables(people=5, level=1, day=date(2026, 10, 9)))
    assert [r.outcome for r in ingest([newer], db)] == [REPLACED]
    assert query(db, "SELECT SUM(n_assessed) FROM agg_item_month") == [(10,)]
    assert served(db) == rebuilt(db)
    backend = _connect(db, read_only=False)
    try:
        backend.begin()
        backend.execute("DELETE FROM agg_item_place")  # as if a run stopped half way
        _set_stale(backend, True)
        backend.commit()
    finally:
        backend.close()
    assert [r.outcome for r in ingest([newer], db)] == [DUPLICATE]
    assert STALE not in dict(query(db, "SELECT name, value FROM store_meta"))
    assert query(db, "SELECT SUM(n_assessed) FROM agg_item_place") == [(10,)]
