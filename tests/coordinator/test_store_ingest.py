"""Ingest into the DuckDB coordinator store: accepted, duplicate, replaced, and every refusal."""

from __future__ import annotations

import zipfile
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

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
from tests.coordinator.store_packages import fingerprint, make_package, query, tables


@pytest.fixture
def store(tmp_path: Path) -> Path:
    """A store holding one accepted package of workspace ``ws-a``."""
    db = tmp_path / "store.duckdb"
    [result] = ingest([make_package(tmp_path / "a.umkmpkg")], db)
    assert result.outcome == ACCEPTED
    return db


def test_a_package_fills_the_raw_and_aggregate_tables(store: Path) -> None:
    """One package's rows and totals reach the raw tables and every aggregate."""
    assert query(store, "SELECT COUNT(*) FROM raw_scores") == [(6,)]
    funnel = query(store, "SELECT stage, month, n FROM agg_stage_funnel ORDER BY stage")
    assert funnel == [("presence", date(2026, 10, 1), 3), (None, date(2026, 10, 1), 2)]
    items = query(store, "SELECT item_id, district_code, month, n_scores, n_assessed, "
                         "n_achieved, level_sum FROM agg_item_month ORDER BY item_id")
    assert items == [("item.a", "33.14", date(2026, 10, 1), 3, 3, 3, 6),
                     ("item.b", "33.14", date(2026, 10, 1), 3, 3, 3, 6)]
    assert query(store, "SELECT n_present, n_assessed, n_achieved, items_assessed "
                        "FROM agg_session") == [(30, 3, 6, 2)]
    assert query(store, "SELECT SUM(n) FROM agg_stage_funnel_detail") == [(3,)]


def test_the_same_package_twice_changes_no_data(tmp_path: Path, store: Path) -> None:
    """Ingesting the same file again says duplicate and leaves every data table as it was."""
    before = fingerprint(store)
    [result] = ingest([tmp_path / "a.umkmpkg"], store)
    assert result.outcome == DUPLICATE
    assert "nothing changed" in result.line() or "tidak ada perubahan" in result.line()
    after = fingerprint(store)
    assert {k: v for k, v in after.items() if k != "package_log"} == \
        {k: v for k, v in before.items() if k != "package_log"}
    assert query(store, "SELECT outcome FROM package_log ORDER BY ingested_at") == [
        ("accepted",), ("duplicate",)]


def test_a_newer_package_of_the_workspace_replaces_its_rows(tmp_path: Path, store: Path) -> None:
    """A later package of the same workspace replaces its rows; another workspace's add up."""
    newer = make_package(tmp_path / "b.umkmpkg",
                         created=datetime(2026, 12, 1, 8, 0, tzinfo=UTC),
                         content=tables(people=5, level=1))
    other = make_package(tmp_path / "c.umkmpkg", workspace="ws-b",
                         content=tables(district="33.15", people=2, session="ffee"))
    results = ingest([newer, other], store)
    assert [r.outcome for r in results] == [REPLACED, ACCEPTED]
    assert results[0].replaced is not None
    assert query(store, "SELECT district_code, SUM(n_assessed), SUM(n_achieved) "
                        "FROM agg_item_month GROUP BY 1 ORDER BY 1") == [
        ("33.14", 10, 0), ("33.15", 4, 4)]
    assert query(store, "SELECT COUNT(*) FROM raw_participants") == [(7,)]


def _truncated(path: Path) -> Path:
    """A copy of the package cut in half."""
    data = path.read_bytes()
    out = path.with_name("truncated.umkmpkg")
    out.write_bytes(data[: len(data) // 2])
    return out


def _tampered(path: Path) -> Path:
    """A copy of the package whose scores member has one byte changed (valid zip CRCs)."""
    out = path.with_name("tampered.umkmpkg")
    with zipfile.ZipFile(path) as zf:
        content = {n: zf.read(n) for n in zf.namelist()}
    data = bytearray(content["scores.parquet"])
    data[len(data) // 2] ^= 0xFF
    content["scores.parquet"] = bytes(data)
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_STORED) as zf:
        for name, member in content.items():
            zf.writestr(name, member)
    return out


def _corrupt(path: Path) -> Path:
    """A file that is not a zip at all."""
    out = path.with_name("corrupt.umkmpkg")
    out.write_bytes(b"not a package\n" * 100)
    return out


@pytest.mark.parametrize(("make", "reason"), [
    (_truncated, "zip"),
    (_tampered, "sha256"),
    (_corrupt, "zip"),
    (lambda p: make_package(p.with_name("fw.umkmpkg"), workspace="ws-c",
                            framework_version="fv-other"), "fv-other"),
    (lambda p: make_package(p.with_name("key.umkmpkg"), workspace="ws-c",
                            key_id="ffffffffffffffff"), "ffffffffffffffff"),
    (lambda p: make_package(p.with_name("old.umkmpkg"),
                            created=datetime(2026, 10, 1, 8, 0, tzinfo=UTC)), "2026-11-01"),
])
def test_a_refused_package_changes_nothing(tmp_path: Path, store: Path, make: object,
                                           reason: str) -> None:
    """Corrupt, truncated, tampered, other framework, other key and older: refused, unchanged."""
    assert callable(make)
    path: Path = make(tmp_path / "a.umkmpkg")
    before = fingerprint(store)
    [result] = ingest([path], store)
    assert result.outcome == REFUSED
    assert reason in result.line()
    assert "\n" not in result.line()
    assert fingerprint(store) == before


def test_each_province_has_its_own_key(tmp_path: Path) -> None:
    """Province 34's first package brings its own key; a third key for 34 is refused by name."""
    db = tmp_path / "national.duckdb"
    results = ingest([
        make_package(tmp_path / "a.umkmpkg"),
        make_package(tmp_path / "b.umkmpkg", workspace="ws-b", province="34",
                     key_id="aaaaaaaaaaaaaaaa",
                     content=tables(district="34.01", people=4, level=1, session="ffee")),
        make_package(tmp_path / "c.umkmpkg", workspace="ws-c", province="34",
                     key_id="bbbbbbbbbbbbbbbb"),
    ], db)
    assert [r.outcome for r in results] == [ACCEPTED, ACCEPTED, REFUSED]
    assert " 34 " in results[2].line() and "aaaaaaaaaaaaaaaa" in results[2].line()
    later = ingest([make_package(tmp_path / "d.umkmpkg", workspace="ws-d", province="34",
                                 key_id="aaaaaaaaaaaaaaaa", content=tables(session="eeff"))], db)
    assert [r.outcome for r in later] == [ACCEPTED]  # the key is remembered by the store


def test_small_batches_store_the_same_as_one_batch(tmp_path: Path) -> None:
    """Packages written one transaction each give the same tables as one shared transaction."""
    paths = [
        make_package(tmp_path / "a.umkmpkg"),
        make_package(tmp_path / "b.umkmpkg", workspace="ws-b",
                     content=tables(district="33.15", people=4, level=1, session="ffee")),
        make_package(tmp_path / "c.umkmpkg", created=datetime(2026, 12, 1, tzinfo=UTC),
                     content=tables(people=6)),
    ]
    together, apart = tmp_path / "together.duckdb", tmp_path / "apart.duckdb"
    assert [r.outcome for r in ingest(paths, together)] == [ACCEPTED, ACCEPTED, REPLACED]
    backend = _connect(apart, read_only=False)
    try:
        _ensure_schema(backend)
        assert [r.outcome for r in write_packages(backend, paths, batch_rows=1)] == [
            ACCEPTED, ACCEPTED, REPLACED]
        rebuild_aggregates(backend)
    finally:
        backend.close()
    data = [name for name in fingerprint(together) if name != "package_log"]
    assert {n: fingerprint(together)[n] for n in data} == \
        {n: fingerprint(apart)[n] for n in data}
    assert query(apart, "SELECT SUM(n_assessed) FROM agg_item_month") == [(20,)]  # 6·2 + 4·2
