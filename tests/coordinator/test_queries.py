"""The dashboard's queries (kit.coordinator.queries) on a small store whose answers are known.

The store holds the four aggregate tables of the contract with the store (helper C), written
directly: 36 rows. Every expected number below was computed by hand from these rows (the sums are
written out in the comments). The same expressions run on DuckDB and on a real PostgreSQL 15.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import duckdb
import pytest

from kit.coordinator import queries as q
from kit.coordinator.queries import Filters

OCT, SEP, NOV = date(2026, 10, 1), date(2026, 9, 1), date(2026, 11, 1)
A, B = "adv_nawacita", "email_daftar"

SCHEMAS: dict[str, list[tuple[str, str]]] = {
    "agg_stage_funnel": [
        ("province_code", "VARCHAR"), ("district_code", "VARCHAR"), ("month", "DATE"),
        ("participant_type", "VARCHAR"), ("gender", "VARCHAR"), ("stage", "VARCHAR"),
        ("n", "BIGINT")],
    "agg_stage_funnel_detail": [
        ("province_code", "VARCHAR"), ("district_code", "VARCHAR"), ("month", "DATE"),
        ("participant_type", "VARCHAR"), ("gender", "VARCHAR"), ("stage", "VARCHAR"),
        ("n", "BIGINT"), ("age_band", "VARCHAR"), ("sector", "VARCHAR")],
    "agg_item_month": [
        ("province_code", "VARCHAR"), ("district_code", "VARCHAR"), ("month", "DATE"),
        ("activity_id", "VARCHAR"), ("item_id", "VARCHAR"), ("gender", "VARCHAR"),
        ("age_band", "VARCHAR"), ("sector", "VARCHAR"), ("n_scores", "BIGINT"),
        ("n_assessed", "BIGINT"), ("n_achieved", "BIGINT"), ("level_sum", "BIGINT")],
    "agg_session": [
        ("session_key", "VARCHAR"), ("province_code", "VARCHAR"), ("district_code", "VARCHAR"),
        ("month", "DATE"), ("activity_id", "VARCHAR"), ("facilitator", "VARCHAR"),
        ("target_size", "INTEGER"), ("n_present", "INTEGER"), ("n_assessed", "BIGINT"),
        ("n_achieved", "BIGINT"), ("items_assessed", "BIGINT")],
}

ROWS: dict[str, list[tuple[Any, ...]]] = {
    "agg_stage_funnel": [
        ("33", "33.14", OCT, "umkm", "L", None, 2),
        ("33", "33.14", OCT, "umkm", "L", "preparatory", 4),
        ("33", "33.14", OCT, "umkm", "L", "presence", 3),
        ("33", "33.14", OCT, "umkm", "L", "portal", 1),
        ("33", "33.14", OCT, "umkm", "P", "preparatory", 2),
        ("33", "33.14", OCT, "umkm", "P", "presence", 2),
        ("33", "33.14", OCT, "umkm", "P", "transaction_integration", 1),
        ("33", "33.14", OCT, "ngo", "L", None, 7),  # not UMKM: never in the funnel
        ("33", "33.14", SEP, "umkm", "L", "preparatory", 6),  # an older snapshot of 33.14
        ("33", "33.15", OCT, "umkm", "L", "preparatory", 5),
        ("33", "33.15", OCT, "umkm", "P", None, 1),
        ("33", "33.15", OCT, "umkm", "P", "presence", 3),
        ("33", "33.15", OCT, "umkm", "P", "autonomy", 1),
        ("34", "34.71", NOV, "umkm", "L", "preparatory", 3),
    ],
    "agg_stage_funnel_detail": [
        ("33", "33.14", OCT, "umkm", "L", "preparatory", 2, "30-39", "kuliner"),
        ("33", "33.14", OCT, "umkm", "P", "presence", 1, "30-39", "kuliner"),
        ("33", "33.15", OCT, "umkm", "L", "presence", 1, "40-49", "fashion"),
    ],
    "agg_item_month": [
        ("33", "33.14", SEP, "advokasi", A, "L", "30-39", "kuliner", 10, 8, 6, 25),
        ("33", "33.14", OCT, "advokasi", A, "P", "30-39", "kuliner", 5, 4, 1, 12),
        ("33", "33.15", OCT, "advokasi", A, "L", "40-49", "fashion", 6, 5, 4, 16),
        ("33", "33.14", OCT, "bimtek", B, "L", "30-39", "kuliner", 4, 4, 1, 8),
        ("33", "33.15", SEP, "bimtek", B, "P", "40-49", "fashion", 10, 10, 2, 20),
        ("34", "34.71", OCT, "bimtek", B, "L", "20-29", "kuliner", 3, 2, 2, 9),
    ],
    "agg_session": [
        ("s1", "33", "33.14", OCT, "advokasi", "F-aaaa", 30, 27, 25, 40, 4),
        ("s2", "33", "33.14", OCT, "advokasi", "F-bbbb", 30, 33, 30, 30, 4),
        ("s3", "33", "33.15", OCT, "advokasi", "F-aaaa", 40, 20, 10, 10, 5),
        ("s4", "33", "33.15", SEP, "bimtek", "F-bbbb", 25, 25, 25, 50, 4),
        ("s5", "34", "34.71", NOV, "bimtek", "F-cccc", 50, 40, 40, 20, 2),
    ],
}


def write_store(path: Path) -> Path:
    """Write the aggregate tables above into a new DuckDB file at ``path``."""
    con = duckdb.connect(str(path))
    for name, columns in SCHEMAS.items():
        con.execute(f"CREATE TABLE {name} ({', '.join(f'{c} {t}' for c, t in columns)})")
        marks = ", ".join("?" for _ in columns)
        con.executemany(f"INSERT INTO {name} VALUES ({marks})", ROWS[name])  # noqa: S608
    con.close()
    return path


def write_postgres(url: str) -> str:
    """Write the same tables into the empty PostgreSQL database ``url``; return its URL."""
    import psycopg

    plain = url.replace("postgresql+psycopg://", "postgresql://", 1)
    with psycopg.connect(plain, autocommit=True) as conn:
        for name, columns in SCHEMAS.items():
            conn.execute(f"CREATE TABLE {name} ({', '.join(f'{c} {t}' for c, t in columns)})")
            marks = ", ".join("%s" for _ in columns)
            with conn.cursor() as cur:
                cur.executemany(f"INSERT INTO {name} VALUES ({marks})",  # noqa: S608
                                ROWS[name])
    return url


@pytest.fixture(params=["duckdb", "postgresql"])
def con(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Any]:
    """An ibis connection to the known store, on DuckDB (a file) and on PostgreSQL."""
    if request.param == "duckdb":
        store: str | Path = write_store(tmp_path / "store.duckdb")
    else:
        store = write_postgres(request.getfixturevalue("pg_url"))
    opened = q.connect(store)
    yield opened
    opened.close()


def _rows(frame: Any, *cols: str) -> list[tuple[Any, ...]]:
    return [tuple(None if v != v else v for v in row)  # NaN → None
            for row in frame[list(cols)].itertuples(index=False, name=None)]


def test_funnel_overall_counts_umkm_per_stage_and_conversion(con: Any) -> None:
    """The overall funnel: 28 UMKM, reached = at this stage or later, conversion stage to stage."""
    f = q.funnel(con, Filters())
    # at each stage: none 2+1=3, prep 4+2+5+3=14, presence 3+2+3=8, portal 1, TI 1, autonomy 1
    assert _rows(f, "stage", "n", "reached") == [
        (None, 3, 28), ("preparatory", 14, 25), ("presence", 8, 11), ("portal", 1, 3),
        ("transaction_integration", 1, 2), ("autonomy", 1, 1)]
    conversion = dict(_rows(f, "stage", "conversion"))
    assert conversion["preparatory"] == pytest.approx(25 / 28)
    assert conversion["presence"] == pytest.approx(11 / 25)
    assert conversion["portal"] == pytest.approx(3 / 11)
    assert conversion["transaction_integration"] == pytest.approx(2 / 3)
    assert conversion["autonomy"] == pytest.approx(1 / 2)


def test_funnel_filtered_by_district_and_gender(con: Any) -> None:
    """District 33.14, women: 5 UMKM (prep 2, presence 2, TI 1), nobody at autonomy."""
    f = q.funnel(con, Filters(district="33.14", gender="P"))
    assert _rows(f, "stage", "n", "reached") == [
        (None, 0, 5), ("preparatory", 2, 5), ("presence", 2, 3), ("portal", 0, 1),
        ("transaction_integration", 1, 1), ("autonomy", 0, 0)]
    assert dict(_rows(f, "stage", "conversion"))["presence"] == pytest.approx(3 / 5)


def test_funnel_per_province_and_period(con: Any) -> None:
    """Per province: 33 has 25 UMKM, 34 has 3; up to October only province 33 remains."""
    f = q.funnel(con, Filters(), by="province")
    first = f[f["stage"].isna()]
    assert _rows(first, "province_code", "reached") == [("33", 25), ("34", 3)]
    october = q.funnel(con, Filters(month_to=OCT), by="province")
    assert set(october["province_code"]) == {"33"}


def test_funnel_counts_each_districts_latest_snapshot_in_the_period(con: Any) -> None:
    """33.14's September snapshot (6 at Persiapan) counts only when the period ends in September."""
    assert int(q.funnel(con, Filters(district="33.14"))["reached"].iloc[0]) == 15  # October
    september = q.funnel(con, Filters(month_to=SEP))
    assert _rows(september, "stage", "n", "reached")[:3] == [
        (None, 0, 6), ("preparatory", 6, 6), ("presence", 0, 0)]
    both = q.funnel(con, Filters(month_from=SEP, month_to=OCT), by="district")
    assert _rows(both[both["stage"].isna()], "district_code", "reached") == [
        ("33.14", 15), ("33.15", 10)]


def test_funnel_with_sector_uses_consented_rows_only(con: Any) -> None:
    """The sector filter reads the consented detail table: kuliner = prep 2 + presence 1."""
    filters = Filters(sector="kuliner")
    assert q.consented_only(filters) and not q.consented_only(Filters(gender="L"))
    f = q.funnel(con, filters)
    assert _rows(f, "stage", "n", "reached")[:3] == [
        (None, 0, 3), ("preparatory", 2, 3), ("presence", 1, 1)]


def test_heatmap_weakest_item_first(con: Any) -> None:
    """Email (5/16 at the top level) comes before Nawacita (11/17); cells are per district."""
    h = q.heatmap(con, Filters())
    assert _rows(h, "item_id", "district_code", "n_assessed", "n_achieved") == [
        (B, "33.14", 4, 1), (B, "33.15", 10, 2), (B, "34.71", 2, 2),
        (A, "33.14", 12, 7), (A, "33.15", 5, 4)]
    assert h["item_rate"].iloc[0] == pytest.approx(5 / 16)
    assert h["rate"].iloc[3] == pytest.approx(7 / 12)
    matrix = q.heatmap_matrix(h)
    assert list(matrix.index) == [B, A]
    assert list(matrix.columns) == ["33.14", "33.15", "34.71"]
    assert matrix.loc[A, "33.15"] == pytest.approx(0.8)


def test_heatmap_filtered_by_activity_gender_and_province(con: Any) -> None:
    """Filters restrict the cells: women give two cells; bimtek in province 33 is 3/14."""
    women = q.heatmap(con, Filters(gender="P"))
    assert _rows(women, "item_id", "district_code", "n_assessed", "n_achieved") == [
        (B, "33.15", 10, 2), (A, "33.14", 4, 1)]
    bimtek = q.heatmap(con, Filters(activity="bimtek", province="33"), by="province")
    assert _rows(bimtek, "item_id", "province_code", "n_assessed", "n_achieved") == [
        (B, "33", 14, 3)]


def test_trend_of_one_item_per_month(con: Any) -> None:
    """Nawacita: September 6/8 at the top (mean 25/10), October 5/9 (mean 28/11)."""
    t = q.trend(con, Filters(), A)
    assert _rows(t, "month", "n_scores", "level_sum", "n_assessed", "n_achieved") == [
        (SEP, 10, 25, 8, 6), (OCT, 11, 28, 9, 5)]
    assert list(t["rate"]) == pytest.approx([6 / 8, 5 / 9])
    assert list(t["mean_level"]) == pytest.approx([2.5, 28 / 11])
    assert _rows(q.trend(con, Filters(district="33.14", month_from=OCT), A),
                 "month", "n_achieved") == [(OCT, 1)]
    assert q.item_ids(con, Filters(activity="bimtek")) == [B]


def test_sessions_by_activity_attendance_and_achievement(con: Any) -> None:
    """Advokasi: 3 sessions, 80 of 100 present, 80/270 achieved; bimtek 2, 65/75, 70/180.

    Person-items possible = persons assessed × items: advokasi 25×4 + 30×4 + 10×5 = 270,
    bimtek 25×4 + 40×2 = 180.
    """
    s = q.sessions_by_activity(con, Filters())
    assert _rows(s, "activity_id", "sessions", "target", "present", "n_achieved",
                 "items_possible") == [("advokasi", 3, 100, 80, 80, 270),
                                       ("bimtek", 2, 75, 65, 70, 180)]
    assert list(s["attendance"]) == pytest.approx([0.8, 65 / 75])
    assert list(s["achievement"]) == pytest.approx([80 / 270, 70 / 180])
    only33 = q.sessions_by_activity(con, Filters(province="33", activity="bimtek",
                                                 gender="L"))
    assert _rows(only33, "sessions", "attendance", "achievement") == [(1, 1.0, 0.5)]


def test_sessions_list_per_session(con: Any) -> None:
    """Each session's attendance against its target (s2: 33 of 30) and achievement."""
    s = q.sessions(con, Filters(month_from=OCT, month_to=OCT))
    assert list(s["session_key"]) == ["s1", "s2", "s3"]
    assert list(s["attendance"]) == pytest.approx([27 / 30, 33 / 30, 0.5])
    assert list(s["achievement"]) == pytest.approx([0.4, 0.25, 0.2])


def test_facilitators_compared_within_their_activity(con: Any) -> None:
    """F-aaaa (50/150) beats F-bbbb (30/120) in advokasi, against the activity's 80/270."""
    f = q.facilitators(con, Filters())
    assert _rows(f, "activity_id", "facilitator", "sessions") == [
        ("advokasi", "F-aaaa", 2), ("advokasi", "F-bbbb", 1),
        ("bimtek", "F-bbbb", 1), ("bimtek", "F-cccc", 1)]
    assert list(f["achievement"]) == pytest.approx([1 / 3, 0.25, 0.5, 0.25])
    assert list(f["difference"]) == pytest.approx(
        [1 / 3 - 80 / 270, 0.25 - 80 / 270, 0.5 - 70 / 180, 0.25 - 70 / 180])


def test_choices_list_every_filter_value(con: Any) -> None:
    """The filters offer the store's provinces, districts, months, sectors and age groups."""
    c = q.choices(con)
    assert c["province"] == ["33", "34"]
    assert c["district"] == ["33.14", "33.15", "34.71"]
    assert c["activity"] == ["advokasi", "bimtek"]
    assert c["month"] == ["2026-09", "2026-10", "2026-11"]
    assert c["sector"] == ["fashion", "kuliner"]
    assert c["age_band"] == ["20-29", "30-39", "40-49"]


def test_store_is_opened_read_only(con: Any) -> None:
    """The dashboard's connection cannot write to the store, DuckDB file or PostgreSQL."""
    with pytest.raises(Exception, match=r"(?i)read.only"):  # each engine raises its own error
        con.rows("DELETE FROM agg_session")


def test_an_open_dashboard_never_blocks_the_writer(tmp_path: Path) -> None:
    """Between queries the DuckDB file is not held: ``aggregate ingest`` can open it to write."""
    path = write_store(tmp_path / "store.duckdb")
    store = q.connect(path)
    assert not q.funnel(store, Filters()).empty
    writer = subprocess.run(
        [sys.executable, "-c", "import duckdb, sys; duckdb.connect(sys.argv[1]).close()",
         str(path)], capture_output=True, text=True, timeout=60, check=False)
    assert writer.returncode == 0, writer.stderr
    assert not q.funnel(store, Filters()).empty
    store.close()


def test_missing_or_empty_store_is_one_line(tmp_path: Path) -> None:
    """A missing file, or a DuckDB file without aggregates, is one translated line."""
    with pytest.raises(q.StoreUnavailable) as missing:
        q.connect(tmp_path / "none.duckdb")
    assert "none.duckdb" in missing.value.line("id")
    assert "\n" not in missing.value.line("id")
    empty = tmp_path / "empty.duckdb"
    duckdb.connect(str(empty)).close()
    with pytest.raises(q.StoreUnavailable) as bare:
        q.connect(empty)
    assert bare.value.reason == "no-aggregates"
    assert "aggregate" in bare.value.line("en")


def test_month_of_reads_a_month() -> None:
    """``2026-10`` and ``2026-10-17`` are October 2026; text that is not a month is refused."""
    assert q.month_of("2026-10") == OCT == q.month_of("2026-10-17")
    with pytest.raises(ValueError):
        q.month_of("Oktober")
