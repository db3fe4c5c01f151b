"""A reader of the store sees the old aggregate totals or the new ones, never a mix."""

from __future__ import annotations

import threading
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from kit.coordinator.aggregates import rebuild_statements
from kit.coordinator.store import REPLACED, _connect, ingest, write_packages
from tests.coordinator.store_packages import make_package, tables

TOTALS = ("SELECT (SELECT SUM(n) FROM agg_stage_funnel), "
          "(SELECT SUM(n) FROM agg_stage_funnel_detail), "
          "(SELECT SUM(n_scores) FROM agg_item_month), "
          "(SELECT SUM(n_present) FROM agg_session)")


def _totals(con: duckdb.DuckDBPyConnection) -> tuple[object, ...]:
    """The aggregates' totals, read in one statement."""
    row = con.execute(TOTALS).fetchone()
    assert row is not None
    return tuple(row)


def _two_packages(tmp_path: Path) -> tuple[Path, Path]:
    """A store holding workspace ws-a's first package; the newer package of ws-a, not yet in."""
    db = tmp_path / "store.duckdb"
    ingest([make_package(tmp_path / "a.umkmpkg")], db)
    newer = make_package(tmp_path / "b.umkmpkg", created=datetime(2026, 12, 1, tzinfo=UTC),
                         content=tables(people=400, n_present=45, level=1))
    return db, newer


def test_a_reader_during_the_ingest_transactions_sees_the_old_totals(tmp_path: Path) -> None:
    """Until the aggregates' swap commits another connection reads the old totals, then the new."""
    db, newer = _two_packages(tmp_path)
    writer = _connect(db, read_only=False)
    reader = duckdb.connect(str(db))  # same process, another connection to the same file
    try:
        old = _totals(reader)
        [result] = write_packages(writer, [newer])  # raw rows and partials committed
        assert result.outcome == REPLACED
        assert _totals(reader) == old
        writer.begin()
        for statement in rebuild_statements():
            writer.execute(statement)
        assert _totals(reader) == old  # new aggregate tables built and swapped, not committed
        writer.commit()
        new = _totals(reader)
    finally:
        reader.close()
        writer.close()
    assert old == (5, 3, 6, 30)
    assert new == (402, 400, 800, 45)


def test_a_reader_polling_during_ingest_never_sees_a_mix(tmp_path: Path) -> None:
    """Readings taken while another thread ingests are each wholly old or wholly new."""
    db, newer = _two_packages(tmp_path)
    reader = duckdb.connect(str(db))
    try:
        old = _totals(reader)
        seen: set[tuple[object, ...]] = set()
        worker = threading.Thread(target=ingest, args=([newer], db))
        worker.start()
        while worker.is_alive():
            seen.add(_totals(reader))
        worker.join()
        new = _totals(reader)
    finally:
        reader.close()
    assert new != old
    assert seen <= {old, new}
