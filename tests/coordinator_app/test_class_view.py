"""The dashboard's view of Puskom Kreatif classes (issue 15) on the known store plus classes.

No browser: the widgets are driven as the page drives them (view bar, filters, table toggle,
exports), as in tests/coordinator_app/test_dashboard.py.
"""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import duckdb
import pytest
from openpyxl import load_workbook

from kit.coordinator.class_counts import CLASSES, SCHEMA
from kit.coordinator_app.widget import CoordinatorDashboard, dashboard_app
from tests.coordinator.test_queries import write_store

PNG = b"\x89PNG\r\n\x1a\n"
SEP, OCT, NOV = date(2026, 9, 1), date(2026, 10, 1), date(2026, 11, 1)
# province, district, month, kind, scheduled, held, enrolled, attended
CLASS_ROWS = [
    ("33", "33.14", SEP, "kelas_tik_dasar", 2, 2, 20, 15),
    ("33", "33.14", OCT, "kelas_tik_dasar", 1, 0, 8, 0),
    ("33", "33.14", OCT, "kelas_desain_produk", 1, 1, 10, 9),
    ("34", "34.71", NOV, "kelas_tik_dasar", 1, 1, 5, 5),
]
TIK = "Kelas dasar TIK: komputer, internet, ponsel pintar, foto produk"
DESAIN = "Kelas olah gambar dan desain produk"


def write_class_store(path: Path) -> Path:
    """The known dashboard store with a ``raw_classes`` table holding :data:`CLASS_ROWS`."""
    write_store(path)
    con = duckdb.connect(str(path))
    order = ("province_code", "district_code", "month", "class_kind", "classes_scheduled",
             "classes_held", "enrolled", "attended")
    types = {"string": "VARCHAR", "date": "DATE", "int32": "INTEGER"}
    con.execute(f"CREATE TABLE {CLASSES} ("
                + ", ".join(f"{c} {types[SCHEMA[c]]}" for c in order) + ")")
    con.executemany(f"INSERT INTO {CLASSES} VALUES (?, ?, ?, ?, ?, ?, ?, ?)",  # noqa: S608
                    CLASS_ROWS)
    con.close()
    return path


def _page(tmp_path: Path, lang: str) -> CoordinatorDashboard:
    built = dashboard_app(write_class_store(tmp_path / "store.duckdb"), lang=lang,
                          reports=tmp_path / "reports")
    assert isinstance(built, CoordinatorDashboard)
    built.view_bar.value = "classes"
    return built


@pytest.fixture
def page(tmp_path: Path) -> CoordinatorDashboard:
    """The dashboard in Bahasa Indonesia on the class store, showing the classes view."""
    return _page(tmp_path, "id")


def test_classes_view_counts_per_kind_and_district(page: CoordinatorDashboard) -> None:
    """Kinds by their framework title × district, with a total row and the rate in percent."""
    assert "Kelas Puskom" in [label for label, _v in page.view_bar.options]
    view = page.current
    assert view is not None and view.key == "classes"
    assert view.title == "Kelas Pusat Komunitas Kreatif"
    assert view.headers == ("Jenis kelas", "Kabupaten/Kota", "Kelas dijadwalkan",
                            "Kelas terlaksana", "Terdaftar", "Hadir", "Tingkat kehadiran")
    assert view.rows == (
        (TIK, "Kabupaten Sragen", "3", "2", "28", "15", "54%"),
        (TIK, "Kota Yogyakarta", "1", "1", "5", "5", "100%"),
        (DESAIN, "Kabupaten Sragen", "1", "1", "10", "9", "90%"),
        ("Semua kelas", "", "5", "4", "43", "29", "67%"))
    assert bytes(page.chart.value).startswith(PNG)
    assert DESAIN in page.table.value
    assert "tidak berlaku" not in page.note.value


def test_place_and_period_filters_apply(page: CoordinatorDashboard) -> None:
    """A district and a period narrow the counts (a row not held has no rate); none says so."""
    page.filters["district"].value = "33.14"
    page.filters["month_from"].value = "2026-10"
    assert page.current is not None
    assert page.current.rows == (
        (TIK, "Kabupaten Sragen", "1", "0", "8", "0", "–"),  # not held yet: no rate
        (DESAIN, "Kabupaten Sragen", "1", "1", "10", "9", "90%"),
        ("Semua kelas", "", "2", "1", "18", "9", "50%"))
    page.filters["district"].value = "34.71"
    page.filters["month_from"].value = ""
    page.filters["month_to"].value = "2026-10"
    assert page.current.rows == ()
    assert "Tidak ada data untuk filter ini" in page.note.value


def test_filters_that_do_not_apply_are_named_in_one_line(page: CoordinatorDashboard) -> None:
    """Gender and sector leave the counts as they are and the note names both, on one line."""
    before = page.current.rows if page.current else ()
    page.filters["gender"].value = "P"
    page.filters["sector"].value = "kuliner"
    assert page.current is not None and page.current.rows == before
    assert "tidak berlaku" in page.note.value
    assert "Jenis Kelamin" in page.note.value and "Sektor" in page.note.value
    assert "Kelompok Umur" not in page.note.value
    assert "\n" not in page.note.value.strip()


def test_english_dashboard_shows_the_view_in_english(tmp_path: Path) -> None:
    """With the dashboard in English, titles, headers and the note are English."""
    page = _page(tmp_path, "en")
    assert "Centre classes" in [label for label, _v in page.view_bar.options]
    assert page.current is not None and page.current.title == "Creative centre classes"
    assert page.current is not None
    assert page.current.headers[0] == "Class kind"
    assert page.current.rows[0][0].startswith("Basic ICT class")
    assert page.current.rows[-1][0] == "All classes"
    page.filters["activity"].value = page.filters["activity"].options[1][1]
    assert "do not apply to classes" in page.note.value and "Activity" in page.note.value


def test_classes_view_exports_png_and_xlsx(page: CoordinatorDashboard, tmp_path: Path) -> None:
    """PNG (the chart) and Excel (the table, numbers as numbers) under reports/."""
    page.filters["province"].value = "33"
    png = page.export("png")
    assert png == tmp_path / "reports" / "dasbor-classes-33.png"
    assert png.read_bytes().startswith(PNG)
    xlsx = page.export("xlsx")
    assert xlsx is not None and xlsx.name == "dasbor-classes-33.xlsx"
    sheet = load_workbook(io.BytesIO(xlsx.read_bytes())).active
    assert sheet is not None
    rows = [tuple(c.value for c in row) for row in sheet.iter_rows()]
    assert rows[0][0] == "Kelas Pusat Komunitas Kreatif"
    assert (TIK, "Kabupaten Sragen", 3, 2, 28, 15, "54%") in rows
    assert ("Semua kelas", None, 4, 3, 38, 24, "63%") in rows


def test_a_store_without_classes_shows_an_empty_view(tmp_path: Path) -> None:
    """A store made before the classes (no raw_classes table) shows nothing, without an error."""
    built = dashboard_app(write_store(tmp_path / "old.duckdb"), lang="id",
                          reports=tmp_path / "reports")
    assert isinstance(built, CoordinatorDashboard)
    built.view_bar.value = "classes"
    assert built.current is not None and built.current.rows == ()
    assert bytes(built.chart.value).startswith(PNG)
    assert built.result.value == ""
