"""Many packages in one ingest (one batch, one transaction): the same store as one at a time.

Issue 14, "Collect": a refused package in a batch changes nothing while the others land; the
same package twice, or a workspace's older and newer package, in one batch behave as they do
in separate runs; the batch's origin columns (written as dictionary arrays) name each row's
own package.
"""

from __future__ import annotations

import zipfile
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pytest

from kit.coordinator.aggregates import served_tables
from kit.coordinator.package import MANIFEST
from kit.coordinator.store import (
    ACCEPTED,
    DUPLICATE,
    REFUSED,
    REPLACED,
    _connect,
    _ensure_schema,
    ingest,
    rebuild_aggregates,
    write_packages,
)
from kit.coordinator.synthetic import plan_cohort, write_cohort
from tests.coordinator.store_packages import STORE_TABLES, make_package, query, tables

NEWER = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)
# Every table of the store but the log (its lines hold the time of the run).
DATA_TABLES = tuple(t for t in STORE_TABLES if t != "package_log") + tuple(
    t for t in served_tables() if t not in STORE_TABLES)


def _contents(db: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every data table's rows (one order), and the log without its ingest times."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        con.execute("SET TimeZone = 'UTC'")
        # Each row as text (a time with its zone needs no Python time-zone package).
        out = {name: con.execute(f"SELECT CAST(t AS VARCHAR) AS r FROM {name} AS t "  # noqa: S608
                                 "ORDER BY r").fetchall() for name in DATA_TABLES}
        out["package_log"] = con.execute(
            "SELECT * EXCLUDE (ingested_at) FROM package_log ORDER BY ALL").fetchall()
        return out
    finally:
        con.close()


def _three(tmp_path: Path) -> tuple[Path, Path, Path]:
    """Three packages of three workspaces (in two districts), all valid."""
    a = make_package(tmp_path / "a.umkmpkg")
    b = make_package(tmp_path / "b.umkmpkg", workspace="ws-b",
                     content=tables(district="33.15", people=5, first=10, session="bb"))
    c = make_package(tmp_path / "c.umkmpkg", workspace="ws-c",
                     content=tables(people=4, level=1, first=20, session="cc"))
    return a, b, c


def _tamper(path: Path) -> Path:
    """Change one byte of the package's scores table, keeping the zip itself valid."""
    with zipfile.ZipFile(path) as zf:
        content = {n: zf.read(n) for n in zf.namelist()}
    data = bytearray(content["scores.parquet"])
    data[len(data) // 2] ^= 0x01
    content["scores.parquet"] = bytes(data)
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_STORED) as zf:
        for name, member in content.items():
            zf.writestr(name, member)
    assert MANIFEST in content
    return path


def test_a_tampered_package_in_a_batch_changes_nothing_and_the_others_land(tmp_path: Path
                                                                           ) -> None:
    """A batch with a tampered package stores exactly what the batch without it stores."""
    a, b, c = _three(tmp_path)
    _tamper(b)
    batch = tmp_path / "batch.duckdb"
    results = ingest([a, b, c], batch)
    assert [r.outcome for r in results] == [ACCEPTED, REFUSED, ACCEPTED]
    assert results[1].reason is not None and "scores.parquet" in results[1].reason
    without = tmp_path / "without.duckdb"
    ingest([a, c], without)
    # A refused package has no log line either: the two stores are the same, log included.
    assert _contents(batch) == _contents(without)
    assert query(batch, "SELECT COUNT(*) FROM raw_scores WHERE workspace_id = 'ws-b'") == [(0,)]


def test_the_same_package_twice_in_one_batch_is_stored_once(tmp_path: Path) -> None:
    """The second copy in the batch is a duplicate; the rows are those of one copy."""
    a, _b, _c = _three(tmp_path)
    twice = tmp_path / "twice.duckdb"
    assert [r.outcome for r in ingest([a, a], twice)] == [ACCEPTED, DUPLICATE]
    once = tmp_path / "once.duckdb"
    ingest([a], once)
    assert query(twice, "SELECT outcome FROM package_log ORDER BY outcome") == [
        (ACCEPTED,), (DUPLICATE,)]
    got, want = _contents(twice), _contents(once)
    got.pop("package_log")
    want.pop("package_log")
    assert got == want


def test_a_newer_package_in_the_same_batch_replaces_the_older(tmp_path: Path) -> None:
    """Older then newer of one workspace in one batch: as two runs; only the newer's rows stay."""
    old = make_package(tmp_path / "old.umkmpkg")
    new = make_package(tmp_path / "new.umkmpkg", created=NEWER,
                       content=tables(people=7, level=1, first=50))
    batch = tmp_path / "batch.duckdb"
    results = ingest([old, new], batch)
    assert [r.outcome for r in results] == [ACCEPTED, REPLACED]
    assert results[1].replaced == results[0].package_id
    runs = tmp_path / "runs.duckdb"
    assert [r.outcome for r in ingest([old], runs)] == [ACCEPTED]
    assert [r.outcome for r in ingest([new], runs)] == [REPLACED]
    assert _contents(batch) == _contents(runs)
    assert query(batch, "SELECT DISTINCT package_id FROM raw_scores") == [
        (results[1].package_id,)]
    assert query(batch, "SELECT SUM(n_scores) FROM agg_item_month") == [(14,)]


def test_an_older_package_after_its_newer_in_one_batch_is_refused(tmp_path: Path) -> None:
    """Newer then older of one workspace in one batch: the older is refused, changes nothing."""
    old = make_package(tmp_path / "old.umkmpkg")
    new = make_package(tmp_path / "new.umkmpkg", created=NEWER,
                       content=tables(people=7, level=1, first=50))
    batch = tmp_path / "batch.duckdb"
    assert [r.outcome for r in ingest([new, old], batch)] == [ACCEPTED, REFUSED]
    alone = tmp_path / "alone.duckdb"
    ingest([new], alone)
    assert _contents(batch) == _contents(alone)


def test_each_row_names_its_own_package(tmp_path: Path) -> None:
    """In a batch of three packages every raw row carries its own workspace and package id."""
    paths = _three(tmp_path)
    db = tmp_path / "store.duckdb"
    results = ingest(list(paths), db)
    ids = {r.package_id: p for r, p in zip(results, ("ws-a", "ws-b", "ws-c"), strict=True)}
    assert query(db, "SELECT package_id, workspace_id, COUNT(*) FROM raw_scores "
                     "GROUP BY ALL ORDER BY workspace_id") == [
        (pid, ws, n) for (pid, ws), n in zip(ids.items(), (6, 10, 8), strict=True)]
    assert query(db, "SELECT workspace_id, COUNT(*) FROM raw_participants GROUP BY ALL "
                     "ORDER BY 1") == [("ws-a", 3), ("ws-b", 5), ("ws-c", 4)]


@pytest.fixture(scope="module")
def cohort(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, ...]:
    """A small synthetic cohort's packages (several districts and months)."""
    out = tmp_path_factory.mktemp("cohort")
    return write_cohort(plan_cohort(5_000, one_key=True), out).packages


def test_one_ingest_equals_one_package_at_a_time_and_any_batch_size(
        cohort: tuple[Path, ...], tmp_path: Path) -> None:
    """One call, one call per package, and one transaction per package give the same store."""
    assert len(cohort) >= 4
    whole = tmp_path / "whole.duckdb"
    assert {r.outcome for r in ingest(list(cohort), whole)} == {ACCEPTED}
    each = tmp_path / "each.duckdb"
    for path in cohort:
        assert [r.outcome for r in ingest([path], each)] == [ACCEPTED]
    small = tmp_path / "small.duckdb"
    backend = _connect(small, read_only=False)
    try:
        _ensure_schema(backend)
        write_packages(backend, list(cohort), batch_rows=1)  # a transaction per package
        rebuild_aggregates(backend)
    finally:
        backend.close()
    want = _contents(whole)
    assert _contents(each) == want
    assert _contents(small) == want
