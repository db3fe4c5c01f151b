"""The rollups stay the item cube summed, whichever path (in place, merge, rebuild) made them."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import duckdb
import pyarrow as pa

from kit.coordinator.aggregates import ITEM_MEASURES, ITEM_MONTH, ROLLUPS
from kit.coordinator.store import ACCEPTED, REPLACED, ingest
from kit.coordinator.synthetic import plan_cohort, write_cohort
from tests.coordinator.store_packages import make_package, query, rebuilt, served, tables


def _rollups_are_the_cube_summed(db: Path) -> None:
    """Assert every rollup holds exactly the item cube's sums over the rollup's dimensions."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        for name, dims in ROLLUPS.items():
            listed = ", ".join(dims)
            sums = ", ".join(f"SUM({m})" for m in ITEM_MEASURES)
            measures = ", ".join(ITEM_MEASURES)
            direct = con.execute(f"SELECT {listed}, {sums} FROM {ITEM_MONTH} "  # noqa: S608
                                 f"GROUP BY ALL ORDER BY ALL").fetchall()
            held = con.execute(f"SELECT {listed}, {measures} FROM {name} "  # noqa: S608
                               "ORDER BY ALL").fetchall()
            assert held == direct, name
            assert held, name
    finally:
        con.close()


def _no_gender(content: dict[str, pa.Table]) -> dict[str, pa.Table]:
    """``content`` with every participant's gender unknown (null)."""
    people = content["participants"]
    column = people.schema.get_field_index("gender")
    content["participants"] = people.set_column(
        column, "gender", pa.array([None] * people.num_rows, pa.string()))
    return content


def test_a_cohort_in_three_runs_keeps_every_rollup_the_cube_summed(tmp_path: Path) -> None:
    """Three in-place runs over many district-months: each rollup equals the cube's sums."""
    files = write_cohort(plan_cohort(8_000, seed=5, months=3, one_key=True), tmp_path / "p")
    db = tmp_path / "store.duckdb"
    third = len(files.packages) // 3
    for part in (files.packages[:third], files.packages[third:2 * third],
                 files.packages[2 * third:]):
        assert {r.outcome for r in ingest(list(part), db)} == {ACCEPTED}
        _rollups_are_the_cube_summed(db)
    added = served(db)
    assert added == rebuilt(db)
    _rollups_are_the_cube_summed(db)


def test_shared_cells_with_a_null_dimension_are_summed_into_one_row(tmp_path: Path) -> None:
    """Two runs into one district-month, genders unknown: one row per cell, as a rebuild."""
    db = tmp_path / "store.duckdb"
    a = make_package(tmp_path / "a.umkmpkg", workspace="ws-a",
                     content=_no_gender(tables(first=0, session="0a0a")))
    b = make_package(tmp_path / "b.umkmpkg", workspace="ws-b",
                     content=_no_gender(tables(first=10, people=4, level=1, session="0b0b")))
    assert [r.outcome for r in ingest([a], db)] == [ACCEPTED]
    assert [r.outcome for r in ingest([b], db)] == [ACCEPTED]
    cube = query(db, "SELECT item_id, gender, n_scores, n_assessed, n_achieved, level_sum "
                     "FROM agg_item_month ORDER BY item_id")
    people = query(db, "SELECT item_id, gender, n_assessed FROM agg_item_people ORDER BY item_id")
    # 3 people at level 2 (the top) and 4 at level 1 on each item.
    assert cube == [("item.a", None, 7, 7, 3, 10), ("item.b", None, 7, 7, 3, 10)]
    assert people == [("item.a", None, 7), ("item.b", None, 7)]
    _rollups_are_the_cube_summed(db)
    assert served(db) == rebuilt(db)


def test_a_replacement_after_in_place_runs_equals_a_fresh_store(tmp_path: Path) -> None:
    """Two workspaces added in place, then one replaced: the tables of a store made afresh."""
    first = make_package(tmp_path / "a.umkmpkg", workspace="ws-a",
                         content=tables(first=0, session="0a0a"))
    other = make_package(tmp_path / "b.umkmpkg", workspace="ws-b",
                         content=tables(first=10, session="0b0b"))
    newer = make_package(tmp_path / "n.umkmpkg", workspace="ws-a",
                         created=datetime(2026, 12, 1, tzinfo=UTC),
                         content=tables(first=0, people=5, level=1, session="0c0c",
                                        day=date(2026, 11, 4)))
    db = tmp_path / "store.duckdb"
    assert [r.outcome for r in ingest([first], db)] == [ACCEPTED]
    assert [r.outcome for r in ingest([other], db)] == [ACCEPTED]
    assert [r.outcome for r in ingest([newer], db)] == [REPLACED]
    fresh = tmp_path / "fresh.duckdb"
    assert [r.outcome for r in ingest([other, newer], fresh)] == [ACCEPTED, ACCEPTED]
    assert served(db) == served(fresh)
    _rollups_are_the_cube_summed(db)


def test_a_run_with_a_held_and_a_new_district_merges_one_and_inserts_the_other(
        tmp_path: Path) -> None:
    """Another month of a held district plus a new district in one run: sums as a rebuild."""
    db = tmp_path / "store.duckdb"
    october = make_package(tmp_path / "a.umkmpkg", workspace="ws-a",
                           content=tables(first=0, session="0a0a"))
    november = make_package(tmp_path / "b.umkmpkg", workspace="ws-b",
                            content=tables(first=0, people=4, level=1, session="0b0b",
                                           day=date(2026, 11, 3)))
    other = make_package(tmp_path / "c.umkmpkg", workspace="ws-c",
                         content=tables(district="33.15", first=20, session="0c0c"))
    assert [r.outcome for r in ingest([october], db)] == [ACCEPTED]
    assert [r.outcome for r in ingest([november, other], db)] == [ACCEPTED, ACCEPTED]
    place = query(db, "SELECT district_code, item_id, n_scores, n_assessed, n_achieved "
                      "FROM agg_item_place ORDER BY ALL")
    # 33.14: 3 people at the top level in October, 4 of them again at level 1 in November.
    assert place == [("33.14", "item.a", 7, 7, 3), ("33.14", "item.b", 7, 7, 3),
                     ("33.15", "item.a", 3, 3, 3), ("33.15", "item.b", 3, 3, 3)]
    _rollups_are_the_cube_summed(db)
    assert served(db) == rebuilt(db)


def test_a_person_scored_in_two_sessions_counts_once_per_cell_and_once_per_session(
        tmp_path: Path) -> None:
    """One person, one item, two sessions in a month (levels 1 then 2): cube and sessions."""
    content = tables(people=1, session="0a0a")
    one = content["sessions"]
    content["sessions"] = pa.concat_tables([one, one.set_column(
        0, "session_key", pa.array(["0b0b"]))])
    scores = content["scores"].slice(0, 1)  # the person's item.a score in session 0a0a
    later = scores.set_column(1, "session_key", pa.array(["0b0b"])).set_column(
        4, "level", pa.array([2], scores.schema.field("level").type))
    content["scores"] = pa.concat_tables([scores.set_column(
        4, "level", pa.array([1], scores.schema.field("level").type)), later])
    db = tmp_path / "store.duckdb"
    package = make_package(tmp_path / "a.umkmpkg", content=content)
    assert [r.outcome for r in ingest([package], db)] == [ACCEPTED]
    cube = query(db, "SELECT item_id, n_scores, n_assessed, n_achieved, level_sum "
                     "FROM agg_item_month")
    sessions = query(db, "SELECT session_key, n_assessed, n_achieved, items_assessed "
                         "FROM agg_session ORDER BY session_key")
    assert cube == [("item.a", 2, 1, 1, 3)]  # the person's best that month is the top level
    assert sessions == [("0a0a", 1, 0, 1), ("0b0b", 1, 1, 1)]
    assert served(db) == rebuilt(db)
