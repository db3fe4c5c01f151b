"""The coordinator dashboard (kit.coordinator_app) on the known store of test_queries.

No browser: the widgets are driven as the page drives them (filter values, the view bar, the
table toggle, the export buttons); the numbers are the hand-computed ones of
tests/coordinator/test_queries.py.
"""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

from kit import settings
from kit.coordinator_app import app
from kit.coordinator_app.widget import CoordinatorDashboard, dashboard_app
from kit.server.build import site_path
from kit.server.home_page import render_home_html
from tests.coordinator.test_queries import write_store

ROOT = Path(__file__).resolve().parents[2]
PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture
def page(tmp_path: Path) -> CoordinatorDashboard:
    """The dashboard in Bahasa Indonesia on the known store, exporting under tmp/reports."""
    built = dashboard_app(write_store(tmp_path / "store.duckdb"), lang="id",
                          reports=tmp_path / "reports")
    assert isinstance(built, CoordinatorDashboard)
    return built


def test_store_location_setting_then_workspace_then_default_workspace(tmp_path: Path) -> None:
    """The setting wins; else the workspace's coordinator.duckdb, as ``aggregate ingest``."""
    assert app.store_location({settings.COORDINATOR_DB_ENV: "postgresql://x/y"}) == \
        "postgresql://x/y"
    assert app.store_location({settings.WORKSPACE_ENV: str(tmp_path)}) == \
        str(tmp_path / "coordinator.duckdb")
    assert app.store_location({}) == str(Path("workspace") / "coordinator.duckdb")


def test_funnel_is_shown_first_with_its_numbers(page: CoordinatorDashboard) -> None:
    """The page opens on the stage funnel: 28 UMKM, 25 reached Persiapan (89 %)."""
    assert page.view_bar.value == "funnel"
    assert page.current is not None
    assert page.current.rows[1] == ("Persiapan (Preparatory)", "14", "25", "89%")
    assert bytes(page.chart.value).startswith(PNG)
    assert "Persiapan (Preparatory)" in page.table.value


def test_filter_change_redraws_chart_and_table(page: CoordinatorDashboard) -> None:
    """Choosing a district and women redraws: 5 UMKM; a sector adds the consent note."""
    before = page.chart.value
    page.filters["district"].value = "33.14"
    page.filters["gender"].value = "P"
    assert page.current is not None
    assert page.current.rows[0] == ("Belum mulai", "0", "5", "–")
    assert page.chart.value != before
    assert "<td>5</td>" in page.table.value
    assert page.note.value == ""
    page.filters["gender"].value = ""
    page.filters["sector"].value = "kuliner"
    assert "menyetujui pemakaian data" in page.note.value


def test_province_narrows_the_district_choices(page: CoordinatorDashboard) -> None:
    """Province 34 leaves only its own district (Kota Yogyakarta) to choose."""
    page.filters["province"].value = "34"
    assert [v for _label, v in page.filters["district"].options] == ["", "34.71"]


def test_every_view_has_a_chart_and_a_table(page: CoordinatorDashboard) -> None:
    """Heatmap (weakest item first), trend and sessions each draw a PNG and fill the table."""
    page.view_bar.value = "heatmap"
    assert page.current is not None
    assert page.current.rows[0][0] == "Pendaftaran email"  # 5/16, weaker than Nawacita
    page.view_bar.value = "trend"
    assert page.item.value == "email_daftar"
    assert page.current.rows == (("2026-09", "10", "2", "20%", "2.00"),
                                 ("2026-10", "6", "3", "50%", "2.43"))
    page.view_bar.value = "sessions"
    assert ("Advokasi", "F-aaaa", "2", "47/70", "67%", "33%", "+4") in page.current.rows
    # The tab and view are "Sesi"; only the count column is "Jumlah Sesi".
    assert dict((v, k) for k, v in page.view_bar.options)["sessions"] == "Sesi"
    assert page.current.title == "Sesi" and page.current.headers[2] == "Jumlah Sesi"
    assert bytes(page.chart.value).startswith(PNG)


def test_table_is_one_click_away(page: CoordinatorDashboard) -> None:
    """The table is hidden until "Tampilkan tabel" is pressed, then shown."""
    assert page.table.layout.display == "none"
    page.table_button.value = True
    assert page.table.layout.display == "block"
    assert page.table_button.description == "Sembunyikan tabel"


def test_exports_png_and_xlsx_into_the_reports_folder(page: CoordinatorDashboard,
                                                      tmp_path: Path) -> None:
    """PNG and Excel are saved whole under reports/ and offered as a download link."""
    page.filters["province"].value = "33"
    png = page.export("png")
    assert png == tmp_path / "reports" / "dasbor-funnel-33.png"
    assert png.read_bytes().startswith(PNG)
    xlsx = page.export("xlsx")
    assert xlsx is not None and xlsx.name == "dasbor-funnel-33.xlsx"
    assert "download='dasbor-funnel-33.xlsx'" in page.result.value
    sheet = load_workbook(io.BytesIO(xlsx.read_bytes())).active
    assert sheet is not None
    rows = [tuple(c.value for c in row) for row in sheet.iter_rows()]
    assert rows[0] == ("Corong tahap", None, None, None)
    assert rows[1] == ("Tahap", "Di tahap ini", "Mencapai (tahap ini atau sesudahnya)",
                       "Konversi dari tahap sebelumnya")
    # province 33: no stage 2+1, Persiapan 4+2+5 = 11, reached 25 - 3 = 22
    assert rows[3][:3] == ("Persiapan (Preparatory)", 11, 22)


def test_missing_store_is_one_line_on_the_page(tmp_path: Path) -> None:
    """Without a store the page shows one line saying how to fill it, in the page's language."""
    built = dashboard_app(tmp_path / "none.duckdb", lang="en")
    assert not isinstance(built, CoordinatorDashboard)
    assert "aggregate ingest" in built.value and "none.duckdb" in built.value


def test_home_card_opens_the_dashboard(tmp_path: Path) -> None:
    """The coordinator card links to the built dashboard (no more "segera hadir")."""
    source = ROOT / "voila_apps" / "dasbor_koordinator.py"
    target = site_path(source, ROOT)
    assert target.as_posix() == settings.COORDINATOR_APP
    (tmp_path / target).parent.mkdir(parents=True)
    (tmp_path / target).write_text("{}")
    html = render_home_html({}, tmp_path, lang="id")
    assert f"href='{settings.COORDINATOR_APP}" in html.replace('"', "'")


def test_store_being_written_is_one_line_then_the_page_recovers(
        page: CoordinatorDashboard, tmp_path: Path) -> None:
    """While ``aggregate ingest`` holds the file, a filter change says so in one line."""
    writer = subprocess.Popen(
        [sys.executable, "-c", "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); "
         "print('open', flush=True); time.sleep(120)", str(tmp_path / "store.duckdb")],
        stdout=subprocess.PIPE, text=True)
    try:
        assert writer.stdout is not None and writer.stdout.readline().strip() == "open"
        page.filters["gender"].value = "P"
        assert "sedang diperbarui" in page.result.value
        assert "\n" not in page.result.value.strip()
    finally:
        writer.kill()
        writer.communicate()
    page.filters["gender"].value = "L"
    assert page.result.value == ""
    assert page.current is not None and page.current.rows


def test_a_session_without_a_target_shows_a_dash_not_an_error(tmp_path: Path) -> None:
    """A facilitator whose sessions have no target size: "present/–", and the view still draws.

    The demo store has such sessions; the view used to stop on int(NaN) and stay on the last tab.
    """
    import duckdb

    store = write_store(tmp_path / "store.duckdb")
    con = duckdb.connect(str(store))
    con.execute("INSERT INTO agg_session VALUES ('s6', '33', '33.14', DATE '2026-10-01', "
                "'bimtek', 'F-dddd', NULL, 12, 12, 6, 3)")
    con.close()
    built = dashboard_app(store, lang="id", reports=tmp_path / "reports")
    assert isinstance(built, CoordinatorDashboard)
    built.view_bar.value = "sessions"
    assert built.current is not None and built.current.key == "sessions"
    row = next(r for r in built.current.rows if r[1] == "F-dddd")
    assert row[2:5] == ("1", "12/–", "–")
    assert bytes(built.chart.value).startswith(PNG)
