"""Adding new district-months to the item cube by plain insert gives the full rebuild's tables."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb
import pytest

from kit.coordinator import aggregates
from kit.coordinator import store as store_module
from kit.coordinator.store import ACCEPTED, ingest
from tests.coordinator.store_packages import make_package, rebuilt, served, tables


@pytest.fixture
def paths_taken(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """The ``disjoint`` flag of every in-place addition, in order."""
    taken: list[bool] = []
    real = aggregates.add_statements

    def spy(*, disjoint: bool = False) -> list[str]:
        taken.append(disjoint)
        return real(disjoint=disjoint)

    monkeypatch.setattr(store_module, "add_statements", spy)
    return taken


def _package(tmp_path: Path, name: str, *, district: str, day: date, first: int) -> Path:
    """A package of workspace ``name`` with three people at one session on ``day``."""
    return make_package(tmp_path / f"{name}.umkmpkg", workspace=name,
                        content=tables(district=district, day=day, first=first,
                                       session=f"{first:04x}"))


def test_new_district_months_take_the_plain_insert_and_match_a_rebuild(
        tmp_path: Path, paths_taken: list[bool]) -> None:
    """Another month of a district, then another district: plain inserts, a rebuild's tables."""
    db = tmp_path / "store.duckdb"
    october = _package(tmp_path, "ws-oct", district="33.14", day=date(2026, 10, 6), first=0)
    november = _package(tmp_path, "ws-nov", district="33.14", day=date(2026, 11, 3), first=10)
    other = _package(tmp_path, "ws-other", district="33.15", day=date(2026, 11, 3), first=20)
    for path in (october, november, other):
        assert [r.outcome for r in ingest([path], db)] == [ACCEPTED]
    assert paths_taken == [True, True, True]
    added = served(db)
    assert added["agg_item_month"]
    assert added == rebuilt(db)


def test_a_district_month_held_twice_takes_the_summing_path(tmp_path: Path,
                                                          paths_taken: list[bool]) -> None:
    """Two new workspaces of one district-month in one run, then a third: summed as a rebuild."""
    db = tmp_path / "store.duckdb"
    day = date(2026, 10, 6)
    a = _package(tmp_path, "ws-a", district="33.14", day=day, first=0)
    b = _package(tmp_path, "ws-b", district="33.14", day=day, first=0)  # the same people ids
    c = _package(tmp_path, "ws-c", district="33.14", day=day, first=30)
    assert [r.outcome for r in ingest([a, b], db)] == [ACCEPTED, ACCEPTED]
    assert [r.outcome for r in ingest([c], db)] == [ACCEPTED]
    assert paths_taken == [False, False]
    added = served(db)
    # Each cell summed over the three workspaces (3 people each, 2 items, one score each).
    con = duckdb.connect(str(db), read_only=True)
    try:
        assert con.execute("SELECT item_id, n_scores, n_assessed FROM agg_item_month "
                           "ORDER BY item_id").fetchall() == [("item.a", 9, 9),
                                                              ("item.b", 9, 9)]
    finally:
        con.close()
    assert added == rebuilt(db)
