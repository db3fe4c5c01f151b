"""``python -m kit report coordinator``: the monthly report, from a store of synthetic packages.

The store is built once: a synthetic cohort of about 10⁴ score rows over two months
(September and October 2026, one key), ingested into a real DuckDB file. The report's numbers
are compared with the dashboard's own queries on that store.
"""

from __future__ import annotations

import re
import subprocess
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from kit.cli import main
from kit.coordinator import queries as q
from kit.coordinator.monthly import (
    FOLLOW_UP_PLACES,
    MonthlyInputError,
    OutsideSession,
    follow_up,
    gather_monthly,
)
from kit.coordinator.reporting_rate import MISSING, DistrictMonth
from kit.coordinator.store import ingest
from kit.coordinator.synthetic import PREFIX, plan_cohort, write_cohort
from kit.framework import framework
from kit.i18n import set_language
from kit.places import all_districts
from kit.reports.coordinator_report import document

OCT = date(2026, 10, 1)
LATE = "91.71"  # a district of the cohort (seed 5) whose October package never came
HEADINGS_ID = ("Corong tahap", "Capaian indikator per butir",
               "Capaian indikator per kabupaten/kota", "Sesi per kegiatan", "Tingkat pelaporan",
               "Antrean mutu data", "Yang perlu ditindaklanjuti")
HEX = re.compile(r"\b[0-9a-f]{16,}\b")
PSEUDONYM = re.compile(r"F-[0-9a-f]{8}")
TITLES = {s.id: s.title.get("id") for s in framework().stages}


@pytest.fixture(scope="module")
def packages(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """A two-month synthetic cohort (about 10⁴ score rows); one district's October is not sent."""
    out = tmp_path_factory.mktemp("monthly")
    plan = plan_cohort(10_000, seed=5, months=2, first_month=date(2026, 9, 1), one_key=True)
    cohort = write_cohort(plan, out)
    return [p for p in cohort.packages if not p.name.startswith(f"{PREFIX}-{LATE}-2026-10")]


@pytest.fixture(scope="module")
def store(packages: list[Path]) -> Path:
    """The cohort's packages ingested into a DuckDB store."""
    db = packages[0].parent / "store.duckdb"
    ingest(packages, db)
    return db


def _report(*args: str | Path) -> int:
    """Run ``python -m kit report coordinator ARGS`` in this process; its exit status."""
    try:
        return main(["report", "coordinator", *map(str, args)])
    finally:
        set_language(None)


def _funnel(db: Path) -> list[tuple[str | None, int, int]]:
    """The month's funnel of October by the dashboard's query: (stage, at it, reached)."""
    store = q.connect(db)
    try:
        frame = q.funnel(store, q.Filters(month_from=OCT, month_to=OCT))
    finally:
        store.close()
    return [(s, int(n), int(r)) for s, n, r in zip(frame["stage"], frame["n"], frame["reached"],
                                                    strict=True)]


def test_pdf_has_headings_in_order_the_store_numbers_and_no_ids(store: Path,
                                                                 tmp_path: Path) -> None:
    """The PDF: title page, headings in order, the funnel's numbers, no person id or pseudonym."""
    out = tmp_path / "laporan.pdf"
    assert _report("--period", "2026-10", "--db", store, "--format", "pdf",
                   "--output", out) == 0
    text = subprocess.run(["pdftotext", "-layout", str(out), "-"], capture_output=True,
                          text=True, check=True).stdout
    first = text.split("\f")[0]
    assert "Oktober 2026" in first and "Paket dalam basis data" in first
    positions = [text.find(h) for h in HEADINGS_ID]
    assert all(p > 0 for p in positions) and positions == sorted(positions), positions
    assert re.search(r"Halaman 1 dari \d+", text)
    funnel_part = text[positions[0]:positions[1]]
    lines = funnel_part.splitlines()
    for stage, n, reached in _funnel(store)[1:]:
        first_word = TITLES[str(stage)].split()[0]
        at = next(i for i, line in enumerate(lines) if line.strip().startswith(first_word))
        # A long stage title wraps: its numbers sit on the title's first lines.
        numbers = [int(x) for line in lines[at:at + 3] for x in re.findall(
            r"(?<![\d.])\d+(?![\d.%])", line)]
        assert numbers[:2] == [n, reached], (lines[at:at + 3], n, reached)
    assert not HEX.search(text) and not PSEUDONYM.search(text)
    follow = " ".join(text[positions[-1]:].split())
    assert "Belum ada data sesi dari Kota Jayapura untuk Oktober 2026" in follow


def test_xlsx_has_the_same_numbers_and_no_formula_cells(store: Path, tmp_path: Path) -> None:
    """The XLSX: the funnel's numbers on its sheet, and no text cell a spreadsheet would run."""
    out = tmp_path / "laporan.xlsx"
    assert _report("--period", "2026-10", "--db", store, "--format", "xlsx",
                   "--output", out) == 0
    book = load_workbook(out)
    funnel_sheet = next(s for s in book.worksheets if "Corong" in s.title)
    rows = [tuple(c.value for c in r) for r in funnel_sheet.iter_rows()]
    for stage, n, reached in _funnel(store)[1:]:
        row = next(r for r in rows if r[0] == TITLES[str(stage)])
        assert row[1:3] == (n, reached), (row, stage)
    for sheet in book.worksheets:
        for r in sheet.iter_rows():
            for cell in r:
                if isinstance(cell.value, str):
                    assert cell.value[:1] not in ("=", "+", "-", "@"), (sheet.title, cell.value)
                    assert not HEX.search(cell.value) and not PSEUDONYM.search(cell.value)


def test_english_on_request(store: Path, tmp_path: Path) -> None:
    """``--lang en`` writes the report in English, "Page 1 of N"."""
    out = tmp_path / "report.pdf"
    assert _report("--period", "2026-10", "--db", store, "--format", "pdf", "--output", out,
                   "--lang", "en") == 0
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "October 2026" in text and "Stage funnel" in text and "Page 1 of" in text
    assert "What to follow up" in text


def test_bad_period_or_empty_store_is_one_line_exit_2(store: Path, tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]
                                                      ) -> None:
    """A month not written YYYY-MM, a month not held, an unknown district, no store: one line."""
    out = tmp_path / "x.pdf"
    empty = tmp_path / "empty.duckdb"
    ingest([], empty)  # a store with its tables and no package
    cases = (("--period", "2026-13", "--db", store), ("--period", "2025-01", "--db", store),
             ("--period", "2026-10", "--district", "99.99", "--db", store),
             ("--period", "2026-10", "--province", "99", "--db", store),
             ("--period", "2026-10", "--db", tmp_path / "none.duckdb"),
             ("--period", "2026-10", "--db", empty))
    for args in cases:
        assert _report(*args, "--format", "pdf", "--output", out) == 2, args
        err = capsys.readouterr().err.strip().splitlines()
        assert len(err) == 1 and err[0].startswith(args[2] if args[2] != "--db" else
                                                   ("--period", "--db")), err
        assert not out.exists()
    assert _report("--period", "2026-10", "--db", empty, "--lang", "en") == 2
    assert "no data for 2026-10 (months held: none)" in capsys.readouterr().err
    with pytest.raises(MonthlyInputError) as caught:
        gather_monthly(store, "2025-01")
    assert caught.value.field == "--period" and "2026-09, 2026-10" in caught.value.message


def test_follow_up_names_weakest_items_and_far_outside_sessions(store: Path) -> None:
    """The follow-up list starts with the three weakest items; odd sizes match the sessions."""
    report = gather_monthly(store, "2026-10")
    weak = [f.key for f in report.follow_up if f.kind == "weak_item"]
    assert weak == [a.key for a in report.items[:3]]
    rates = [a.rate for a in report.items if a.rate is not None]
    assert rates == sorted(rates)
    assert sum(f.count for f in report.follow_up if f.kind.startswith("session_size")) == \
        len(report.outside)
    for s in report.outside:
        assert not (s.low <= s.present <= s.high and s.low <= s.target <= s.high)
    assert report.packages > 0 and report.funnel_month.total == _funnel(store)[0][2]
    assert [(f.kind, f.key) for f in report.follow_up if f.kind == "not_reported"] == \
        [("not_reported", LATE)]
    # Cumulative: the late district still counts with its September picture.
    assert report.funnel_total.total > report.funnel_month.total


def test_postgres_store_gives_the_same_report(packages: list[Path], store: Path,
                                              pg_url: str) -> None:
    """The same packages in a real PostgreSQL store give the same report as in DuckDB."""
    ingest(packages, pg_url)
    today = date(2026, 12, 1)
    assert gather_monthly(pg_url, "2026-10", today=today) == \
        gather_monthly(store, "2026-10", today=today)


def test_one_district_narrows_every_figure(store: Path) -> None:
    """``--district`` keeps only that district's funnel, items, reporting and sessions."""
    whole = gather_monthly(store, "2026-10")
    code = whole.districts[0].key
    one = gather_monthly(store, "2026-10", district=code)
    assert [d.key for d in one.districts] == [code]
    assert one.districts[0] == whole.districts[0]
    assert {r.district_code for r in one.reporting} == {code}
    assert all(s.district_code == code for s in one.outside)
    assert one.funnel_month.total < whole.funnel_month.total
    assert sum(s.sessions for s in one.sessions) < sum(s.sessions for s in whole.sessions)


def test_follow_up_stays_short_with_many_districts() -> None:
    """Many silent districts and odd sessions: ten named of each, then one line of how many more."""
    codes = [d.code for d in all_districts()[:FOLLOW_UP_PLACES + 5]]
    silent = [DistrictMonth(c.split(".")[0], c, OCT, MISSING, 0) for c in codes]
    odd = [OutsideSession(c, a, 30, 3, 12, 100) for c in codes for a in ("bimtek", "advokasi")]
    lines = follow_up((), silent, odd)
    kinds = [f.kind for f in lines]
    assert kinds.count("not_reported") == FOLLOW_UP_PLACES
    assert kinds.count("session_size") == FOLLOW_UP_PLACES
    more = {f.kind: f.count for f in lines if f.kind.endswith("_more")}
    assert more == {"not_reported_more": 5, "session_size_more": 10}
    assert next(f for f in lines if f.kind == "session_size").key == "advokasi,bimtek"


def test_pdf_cuts_long_tables_the_workbook_keeps_every_row(store: Path) -> None:
    """With a limit the district table keeps its weakest rows and says so; without, all rows."""
    report = gather_monthly(store, "2026-10")
    cut = next(s for s in document.build(report, "id", limit=1).body if s.key == "districts")
    whole = next(s for s in document.build(report, "id").body if s.key == "districts")
    assert len(cut.tables[0].rows) == 1 and cut.tables[0].rows[0] == whole.tables[0].rows[0]
    assert len(whole.tables[0].rows) == len(report.districts) > 1
    assert any("berkas XLSX memuat semua" in p for p in cut.paragraphs)
