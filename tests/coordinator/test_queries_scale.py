"""The dashboard's fast paths give the same numbers as the plain ones (issue 14, "Scale").

A synthetic cohort (about 2·10⁴ score rows, four districts, four months) is ingested into a real
DuckDB store; every question is asked twice: as the dashboard asks it (the narrowest rollup, SQL
compiled once per filter shape with bound values, DuckDB's columnar result) and on the full item
cube with the values compiled into the SQL (``Store.frame``, the path before). The same store on
a real PostgreSQL 15 gives the same answers, and its aggregates carry their indexes.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import attrs
import pandas as pd
import psycopg
import pytest

from kit.coordinator import queries as q
from kit.coordinator.aggregates import ITEM_MONTH, ROLLUPS
from kit.coordinator.package import PackageError
from kit.coordinator.queries import Filters
from kit.coordinator.store import ACCEPTED, REFUSED, ingest, read_ahead, table_counts
from kit.coordinator.synthetic import CohortFiles, plan_cohort, write_cohort

MONTHS = 4


@pytest.fixture(scope="module")
def cohort(tmp_path_factory: pytest.TempPathFactory) -> CohortFiles:
    """The synthetic cohort's packages."""
    out = tmp_path_factory.mktemp("cohort")
    return write_cohort(plan_cohort(20_000, seed=5, months=MONTHS, one_key=True), out)


@pytest.fixture(scope="module")
def db(cohort: CohortFiles, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A DuckDB store holding the cohort, ingested in two runs (two rebuilds)."""
    path = tmp_path_factory.mktemp("store") / "store.duckdb"
    half = len(cohort.packages) // 2
    results = ingest(list(cohort.packages[:half]), path)
    results += ingest(list(cohort.packages[half:]), path)
    assert {r.outcome for r in results} == {ACCEPTED}
    return path


@pytest.fixture
def store(db: Path) -> Iterator[q.Store]:
    """The store opened as the dashboard opens it."""
    opened = q.connect(db)
    yield opened
    opened.close()


def _filters(store: q.Store) -> list[Filters]:
    """Filter sets of every shape the rollups serve, and the full cube's (sector + period)."""
    c = q.choices(store)
    assert len(c["month"]) == MONTHS and len(c["sector"]) >= 2
    first, last = q.month_of(c["month"][1]), q.month_of(c["month"][-1])
    return [
        Filters(),
        Filters(province=c["province"][0], gender="P"),
        Filters(district=c["district"][1], activity=c["activity"][0]),
        Filters(month_from=first, month_to=last),
        Filters(sector=c["sector"][0]),
        Filters(age_band=c["age_band"][0], gender="L"),
        Filters(sector=c["sector"][1], month_from=first),
    ]


def _plain(store: q.Store) -> q.Store:
    """The same store without its rollups: every item question reads the full cube."""
    return attrs.evolve(store, rollups=frozenset())


def _same(fast: pd.DataFrame, slow: pd.DataFrame) -> None:
    """Two answers are the same table (values, order, columns)."""
    assert list(fast.columns) == list(slow.columns)
    pd.testing.assert_frame_equal(fast.reset_index(drop=True), slow.reset_index(drop=True))


def test_the_store_has_every_rollup_and_they_sum_to_the_cube(db: Path) -> None:
    """Each rollup holds the item cube's totals, on fewer rows."""
    counts = table_counts(db)
    for name in ROLLUPS:
        assert 0 < counts[name] <= counts[ITEM_MONTH]
    assert counts["agg_item_place"] < counts["agg_item_month_gender"] < counts[ITEM_MONTH]
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    try:
        sums = "SUM(n_scores), SUM(n_assessed), SUM(n_achieved), SUM(level_sum)"
        whole = con.execute(f"SELECT {sums} FROM {ITEM_MONTH}").fetchall()  # noqa: S608
        for name in ROLLUPS:
            assert con.execute(f"SELECT {sums} FROM {name}").fetchall() == whole  # noqa: S608
    finally:
        con.close()


def test_each_filter_reads_the_narrowest_table_that_holds_it() -> None:
    """No filter: place × item; period or gender: + month, gender; sector and period: the cube."""
    every = frozenset(ROLLUPS)
    needs = ("item_id", "district_code")
    assert q.item_source(Filters(), needs, every) == "agg_item_place"
    assert q.item_source(Filters(province="33"), needs, every) == "agg_item_place"
    assert q.item_source(Filters(gender="P"), needs, every) == "agg_item_month_gender"
    assert q.item_source(Filters(month_from=date(2026, 2, 1)), needs, every) == \
        "agg_item_month_gender"
    assert q.item_source(Filters(sector="batik"), needs, every) == "agg_item_people"
    assert q.item_source(Filters(sector="batik", month_to=date(2026, 2, 1)), needs,
                         every) == ITEM_MONTH
    assert q.item_source(Filters(), ("item_id", "month"), every) == "agg_item_month_gender"
    assert q.item_source(Filters(), needs, ()) == ITEM_MONTH


def test_heatmap_trend_and_items_are_the_same_as_on_the_full_cube(store: q.Store) -> None:
    """For every filter shape, the dashboard's answers equal the plain path's."""
    assert store.rollups == frozenset(ROLLUPS)
    plain = _plain(store)
    item = q.item_ids(store, Filters())[0]
    for f in _filters(store):
        for by in ("district", "province"):
            fast = q.heatmap(store, f, by=by)
            assert not fast.empty, f
            _same(fast, plain.frame(q.heatmap_expr(f, by)))
        _same(q.trend(store, f, item), q.trend(plain, f, item))
        assert q.item_ids(store, f) == q.item_ids(plain, f)


def test_funnel_and_sessions_are_the_same_as_compiled_with_the_values(store: q.Store) -> None:
    """Cached SQL with bound values answers as the SQL compiled with the values in it."""
    for f in _filters(store):
        counts = store.frame(q.funnel_expr(f, "district"))
        fast = q.funnel(store, f, by="district")
        assert int(fast[fast["stage"].isna()]["reached"].sum()) == int(counts["n"].sum())
        _same(q.sessions_by_activity(store, f), store.frame(q.sessions_by_activity_expr(f)))
        _same(q.facilitators(store, f), store.frame(q.facilitators_expr(f)))
    assert q.choices(store) == q.choices(_plain(store))


def test_the_sql_is_compiled_once_per_shape_and_values_never_leak(store: q.Store) -> None:
    """Two provinces share one compiled SQL; each answer is its own province's, in any order."""
    provinces = q.choices(store)["province"]
    assert len(provinces) >= 2
    a, b = (Filters(province=p, gender="P") for p in provinces[:2])
    q._SQL_CACHE.clear()
    first_a = q.heatmap(store, a)
    first_b = q.heatmap(store, b)
    again_a = q.heatmap(store, a)
    heatmap_keys = [k for k in q._SQL_CACHE if isinstance(k, tuple) and "heatmap" in str(k[1])]
    assert len(heatmap_keys) == 1
    _same(first_a, again_a)
    assert set(first_a["district_code"]).isdisjoint(set(first_b["district_code"]))
    assert first_a["district_code"].str.startswith(provinces[0] + ".").all()
    _same(first_b, _plain(store).frame(q.heatmap_expr(b)))


def test_a_value_with_a_quote_is_a_value_not_sql(store: q.Store) -> None:
    """A filter value with quotes and a question mark matches nothing and breaks nothing."""
    odd = Filters(province="33' OR '1'='1", sector="?%")
    assert q.heatmap(store, odd).empty
    assert q.trend(store, odd, "x'y").empty
    assert q.funnel(store, odd)["n"].sum() == 0


def test_held_opens_the_file_once_and_lets_the_writer_in_after(store: q.Store, db: Path,
                                                               cohort: CohortFiles) -> None:
    """Inside ``held`` the connection stays open; after it the writer can take the file."""
    with store.held():
        q.heatmap(store, Filters())
        kept = store.connection
        assert kept is not None
        q.trend(store, Filters(), q.item_ids(store, Filters())[0])
        assert store.connection is kept
    assert store.connection is None
    [again] = ingest([cohort.packages[0]], db)  # the writer opens the file: not blocked
    assert again.outcome == "duplicate"


def test_read_ahead_keeps_the_order_and_each_error_in_its_place(cohort: CohortFiles,
                                                                tmp_path: Path) -> None:
    """Threads read ahead, but packages and errors come back in the order given."""
    broken = tmp_path / "broken.umkmpkg"
    broken.write_bytes(b"not a zip")
    paths = [*cohort.packages[:5], broken, *cohort.packages[5:9]]
    read = list(read_ahead(paths, workers=2, ahead=3))
    assert [p for p, _r in read] == paths
    assert isinstance(read[5][1], PackageError)
    assert all(not isinstance(r, PackageError) for i, (_p, r) in enumerate(read) if i != 5)
    assert [r.outcome for r in ingest([broken], tmp_path / "s.duckdb")] == [REFUSED]


def test_postgres_store_has_rollups_with_indexes_and_the_same_answers(
        cohort: CohortFiles, store: q.Store, pg_url: str) -> None:
    """The same packages on PostgreSQL: the rollups, their indexes, the dashboard's answers."""
    ingest(list(cohort.packages), pg_url)
    with psycopg.connect("postgresql://" + pg_url.split("://", 1)[1]) as con:
        indexed = {str(row[0]) for row in con.execute(
            b"SELECT tablename FROM pg_indexes WHERE schemaname = current_schema()")}
    assert set(ROLLUPS) | {ITEM_MONTH} <= indexed
    on_pg = q.connect(pg_url)
    try:
        assert on_pg.rollups == frozenset(ROLLUPS)
        for f in _filters(store)[:5]:
            _same(q.heatmap(on_pg, f), q.heatmap(store, f))
            _same(q.sessions_by_activity(on_pg, f), q.sessions_by_activity(store, f))
    finally:
        on_pg.close()


def test_sessions_list_has_the_plain_paths_types(store: q.Store) -> None:
    """Every session, with the same values and column types as the plain path gives."""
    for f in _filters(store)[:3]:
        _same(q.sessions(store, f), _sessions_plain(store, f))


def _sessions_plain(store: q.Store, f: Filters) -> pd.DataFrame:
    """The sessions list through ``Store.frame`` (values compiled in, rows as Python objects)."""
    frame = store.frame(q.sessions_expr(f))
    frame["month"] = [pd.Timestamp(m).date() for m in frame["month"]]
    return frame
