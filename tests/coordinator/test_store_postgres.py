"""The coordinator store on a real PostgreSQL 15 server: the same outcomes and totals as DuckDB."""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime
from pathlib import Path

import psycopg

from kit.coordinator.aggregates import rebuild_statements
from kit.coordinator.store import (
    ACCEPTED,
    DUPLICATE,
    REFUSED,
    REPLACED,
    _connect,
    ingest,
    store_quality,
    store_status,
    write_packages,
)
from tests.coordinator.store_packages import make_package, query, tables
from tests.coordinator.test_store_ingest import _tampered

ITEMS = ("SELECT district_code, item_id, month, n_scores, n_assessed, n_achieved, level_sum "
         "FROM agg_item_month ORDER BY 1, 2, 3")
FUNNEL = ("SELECT district_code, month, stage, n FROM agg_stage_funnel "
          "ORDER BY 1, 2, 3 NULLS LAST")
SESSIONS = ("SELECT session_key, month, target_size, n_present, n_assessed, n_achieved, "
            "items_assessed FROM agg_session ORDER BY 1")
TOTALS = "SELECT (SELECT SUM(n) FROM agg_stage_funnel), (SELECT SUM(n_scores) FROM agg_item_month)"


def _pg(url: str, sql: str) -> list[tuple[object, ...]]:
    """The rows of ``sql`` on the PostgreSQL store ``url``."""
    with psycopg.connect("postgresql://" + url.split("://", 1)[1]) as con:
        return [tuple(row) for row in con.execute(sql.encode()).fetchall()]


def _packages(tmp_path: Path) -> list[Path]:
    """Two workspaces' packages, then a newer one of the first, then the first again."""
    first = make_package(tmp_path / "a.umkmpkg", content=tables(day=date(2026, 8, 3)))
    other = make_package(tmp_path / "b.umkmpkg", workspace="ws-b",
                         content=tables(district="33.15", people=4, level=1, session="ffee",
                                        n_present=0))
    newer = make_package(tmp_path / "c.umkmpkg", created=datetime(2026, 12, 1, tzinfo=UTC),
                         content=tables(people=6, day=date(2026, 10, 6)))
    return [first, other, newer, first]


def test_postgres_gives_the_same_outcomes_and_aggregates_as_duckdb(tmp_path: Path,
                                                                   pg_url: str) -> None:
    """The same packages give the same outcomes, aggregates, reporting rate and quality queue."""
    packages = _packages(tmp_path)
    duck = tmp_path / "store.duckdb"
    on_pg = [r.outcome for r in ingest(packages, pg_url)]
    on_duck = [r.outcome for r in ingest(packages, duck)]
    assert on_pg == on_duck == [ACCEPTED, ACCEPTED, REPLACED, DUPLICATE]
    for sql in (ITEMS, FUNNEL, SESSIONS):
        assert _pg(pg_url, sql) == query(duck, sql)
    assert store_status(pg_url) == store_status(duck)
    today = date(2026, 12, 3)
    assert store_quality(pg_url, today) == store_quality(duck, today)
    assert [i.kind for i in store_quality(pg_url, today)] == ["no_attendance"]


def test_postgres_refuses_a_tampered_package_and_readers_see_old_or_new(tmp_path: Path,
                                                                        pg_url: str) -> None:
    """A tampered package changes nothing; a reader during the swap gets the new totals whole."""
    first, _other, newer, _again = _packages(tmp_path)
    ingest([first], pg_url)
    counts = ("SELECT (SELECT COUNT(*) FROM raw_scores), (SELECT COUNT(*) FROM package_log), "
              "(SELECT COUNT(*) FROM part_item_month)")
    before = _pg(pg_url, counts) + _pg(pg_url, TOTALS)
    [refused] = ingest([_tampered(newer)], pg_url)
    assert refused.outcome == REFUSED
    assert _pg(pg_url, counts) + _pg(pg_url, TOTALS) == before
    old_totals = _pg(pg_url, TOTALS)
    writer = _connect(pg_url, read_only=False)
    seen: list[list[tuple[object, ...]]] = []
    try:
        [result] = write_packages(writer, [newer])  # raw rows and partials
        assert result.outcome == REPLACED
        assert _pg(pg_url, TOTALS) == old_totals
        writer.begin()
        for statement in rebuild_statements():
            writer.execute(statement)
        # A reader now waits for the swapped tables' lock; it must get the new totals whole.
        reader = threading.Thread(target=lambda: seen.append(_pg(pg_url, TOTALS)))
        reader.start()
        while reader.is_alive() and not _pg(
                pg_url, "SELECT COUNT(*) FROM pg_locks WHERE NOT granted")[0][0]:
            reader.join(0.05)
        writer.commit()
        reader.join()
    finally:
        writer.close()
    assert old_totals == [(5, 6)]
    assert seen == [[(8, 12)]] == [_pg(pg_url, TOTALS)]
