"""Puskom class counts reach the coordinator: package format 2, every store, the monthly report.

A workspace schedules classes with the Puskom class service, enrols and records attendance; its
package carries the counts (never a name, id, place or person id); the DuckDB, PostgreSQL and
Spark stores hold them and ``class_counts`` reads the same numbers from each; a package of
format 1 still reads; a tampered class table is refused whole; the monthly report shows them.
"""

from __future__ import annotations

import gc
import hashlib
import io
import json
import shutil
import subprocess
import zipfile
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path

import attrs
import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from openpyxl import load_workbook

from kit.coordinator import queries as q
from kit.coordinator.class_counts import ClassCount, class_counts, report_section
from kit.coordinator.export import export_package
from kit.coordinator.monthly import gather_monthly
from kit.coordinator.package import (
    FORMAT_VERSION,
    MANIFEST,
    SCHEMAS,
    PackageError,
    read_package,
)
from kit.coordinator.pseudonym import new_key_file, person_id
from kit.coordinator.store import ACCEPTED, DUPLICATE, REFUSED, REPLACED, ingest
from kit.puskom import class_service
from kit.records.participants import Participant
from kit.reports.coordinator_report import document, pdf, report_file
from kit.reports.session_report import xlsx
from kit.workspace import Workspace
from tests.coordinator.store_packages import fingerprint, make_package, query, tables
from tests.puskom.people import add_owner

DEC, JAN = date(2026, 12, 1), date(2027, 1, 1)
VENUE = "Balai Desa Sine Kidul"
OTHER_VENUE = "Gedung Serbaguna Mentawai"
CLASS_COLUMNS = ["province_code", "district_code", "month", "class_kind", "classes_scheduled",
                 "classes_held", "enrolled", "attended"]


# --- helpers ----------------------------------------------------------------------------------

def members(path: Path) -> dict[str, bytes]:
    """Every member of the zip at ``path``."""
    with zipfile.ZipFile(path) as zf:
        return {n: zf.read(n) for n in zf.namelist()}


def rezip(path: Path, content: dict[str, bytes]) -> Path:
    """Write exactly ``content`` as the zip ``path`` (valid CRCs) and return it."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_STORED) as zf:
        for name, data in content.items():
            zf.writestr(name, data)
    return path


def as_v1(path: Path, out: Path) -> Path:
    """A copy of the package at ``path`` as format 1 wrote it: five tables, no ``classes``."""
    content = members(path)
    del content["classes.parquet"]
    manifest = json.loads(content[MANIFEST])
    manifest["format_version"] = 1
    del manifest["tables"]["classes"]
    content[MANIFEST] = json.dumps(manifest).encode()
    return rezip(out, content)


def class_table(rows: list[tuple[str, date, str, int, int, int, int]]) -> pa.Table:
    """A ``classes`` table from (district, month, kind, scheduled, held, enrolled, attended)."""
    return pa.Table.from_pylist([
        {"province_code": d.split(".")[0], "district_code": d, "month": m, "class_kind": k,
         "classes_scheduled": s, "classes_held": h, "enrolled": e, "attended": a}
        for d, m, k, s, h, e, a in rows], schema=SCHEMAS["classes"])


def with_classes(rows: list[tuple[str, date, str, int, int, int, int]],
                 **kwargs: object) -> dict[str, pa.Table]:
    """The store tests' five small tables plus a ``classes`` table of ``rows``."""
    return {**tables(**kwargs), "classes": class_table(rows)}  # type: ignore[arg-type]


FIRST = [("33.14", DEC, "kelas_tik_dasar", 2, 1, 3, 1),
         ("33.14", JAN, "kelas_administrasi", 1, 0, 0, 0)]
OTHER = [("33.15", DEC, "kelas_tik_dasar", 1, 1, 4, 4)]
NEWER = [("33.14", DEC, "kelas_tik_dasar", 3, 2, 5, 3)]


def class_packages(folder: Path) -> list[Path]:
    """Workspace a (Sragen), workspace b (Grobogan), a newer package of a, and a again."""
    first = make_package(folder / "a.umkmpkg", content=with_classes(FIRST, day=date(2026, 12, 2)),
                         period_to=date(2027, 1, 31))
    other = make_package(folder / "b.umkmpkg", workspace="ws-b", content=with_classes(
        OTHER, district="33.15", day=date(2026, 12, 3), session="ffee0011ffee0011"),
        period_to=date(2026, 12, 31))
    newer = make_package(folder / "c.umkmpkg", created=datetime(2027, 2, 1, tzinfo=UTC),
                         content=with_classes(NEWER, day=date(2026, 12, 4), people=5),
                         period_to=date(2026, 12, 31))
    return [first, other, newer, first]


def counts_of(store_name: str | Path, f: q.Filters | None = None, *,
              by_month: bool = False) -> list[dict[str, object]]:
    """``class_counts`` on the store ``store_name``, as plain rows."""
    store = q.connect(store_name)
    try:
        return plain(class_counts(store, f, by_month=by_month))
    finally:
        store.close()


def plain(frame: pd.DataFrame) -> list[dict[str, object]]:
    """A result frame's rows with plain Python values (ints, floats rounded, None)."""
    rows = []
    for record in frame.to_dict("records"):
        row: dict[str, object] = {}
        for k, v in record.items():
            if v is None or (not isinstance(v, str | date) and pd.isna(v)):
                row[k] = None
            elif isinstance(v, float):
                row[k] = round(v, 6)
            elif hasattr(v, "item"):
                row[k] = v.item()
            else:
                row[k] = v
        rows.append(row)
    return rows


EXPECTED_AFTER_REPLACE = [
    {"class_kind": "kelas_tik_dasar", "province_code": "33", "district_code": "33.14",
     "classes_scheduled": 3, "classes_held": 2, "enrolled": 5, "attended": 3,
     "attendance_rate": 0.6},
    {"class_kind": "kelas_tik_dasar", "province_code": "33", "district_code": "33.15",
     "classes_scheduled": 1, "classes_held": 1, "enrolled": 4, "attended": 4,
     "attendance_rate": 1.0},
]


# --- export -----------------------------------------------------------------------------------

@pytest.fixture
def classes_ws(make_workspace: Callable[..., Workspace]) -> Workspace:
    """A workspace with four UMKM owners and classes in Sragen (Dec, Jan) and Pontianak (Dec)."""
    ws = make_workspace()
    add_owner(ws, "pAni", "Kabupaten Sragen", "Sine", "portal")
    add_owner(ws, "pBudi", "Kabupaten Sragen", "Sine", "presence")
    add_owner(ws, "pCitra", "Kabupaten Sragen", "Tangen", "preparatory")
    add_owner(ws, "pDewi", "Kota Pontianak", "Tangen")
    one = class_service.schedule(ws, "kelas_tik_dasar", VENUE, "Sragen", date(2026, 12, 10),
                                 "09:00")
    two = class_service.schedule(ws, "kelas_tik_dasar", OTHER_VENUE, "Sragen",
                                 date(2026, 12, 20), "09:00")
    class_service.schedule(ws, "kelas_administrasi", VENUE, "Sragen", date(2027, 1, 4), "09:00")
    three = class_service.schedule(ws, "kelas_tik_dasar", OTHER_VENUE, "Kota Pontianak",
                                   date(2026, 12, 12), "13:00")
    class_service.enrol(ws, one.id, ["pAni", "pBudi"])
    class_service.enrol(ws, two.id, ["pCitra"])
    class_service.enrol(ws, three.id, ["pDewi"])
    class_service.attend(ws, one.id, ["pAni"], date(2026, 12, 10))
    class_service.attend(ws, three.id, ["pDewi"], date(2026, 12, 12))
    return ws


def test_the_export_carries_the_class_counts_of_the_period(classes_ws: Workspace,
                                                           tmp_path: Path) -> None:
    """The package's classes table holds the class service's counts, cut to the period."""
    ws = classes_ws
    key = new_key_file(tmp_path / "province.key")
    result = export_package(ws, key, tmp_path / "all.umkmpkg")
    package = read_package(result.path)
    assert package.manifest.format_version == FORMAT_VERSION == 2
    rows = package.tables["classes"].to_pylist()
    assert rows == [
        {"province_code": "33", "district_code": "33.14", "month": DEC,
         "class_kind": "kelas_tik_dasar", "classes_scheduled": 2, "classes_held": 1,
         "enrolled": 3, "attended": 1},
        {"province_code": "61", "district_code": "61.71", "month": DEC,
         "class_kind": "kelas_tik_dasar", "classes_scheduled": 1, "classes_held": 1,
         "enrolled": 1, "attended": 1},
        {"province_code": "33", "district_code": "33.14", "month": JAN,
         "class_kind": "kelas_administrasi", "classes_scheduled": 1, "classes_held": 0,
         "enrolled": 0, "attended": 0}]
    assert result.rows["classes"] == 3 == package.manifest.tables["classes"].rows
    # The same numbers as the class service's own counts (``puskom class counts``).
    service = sorted((c.kind, c.district, c.month, c.scheduled, c.enrolled, c.attended)
                     for c in class_service.counts(ws))
    assert sorted((r["class_kind"], r["district_code"], r["month"].strftime("%Y-%m"),
                   r["classes_scheduled"], r["enrolled"], r["attended"]) for r in rows) == service
    december = read_package(export_package(ws, key, tmp_path / "dec.umkmpkg",
                                           since=date(2026, 12, 11),
                                           until=date(2026, 12, 31)).path)
    assert december.tables["classes"].to_pylist() == [
        {"province_code": "33", "district_code": "33.14", "month": DEC,
         "class_kind": "kelas_tik_dasar", "classes_scheduled": 1, "classes_held": 0,
         "enrolled": 1, "attended": 0},
        {"province_code": "61", "district_code": "61.71", "month": DEC,
         "class_kind": "kelas_tik_dasar", "classes_scheduled": 1, "classes_held": 1,
         "enrolled": 1, "attended": 1}]


def test_the_classes_table_holds_no_person_id_name_place_or_class_id(classes_ws: Workspace,
                                                                       tmp_path: Path) -> None:
    """Only the counts' columns; no name, participant or person id, venue or class id in it."""
    ws = classes_ws
    key = new_key_file(tmp_path / "province.key")
    path = export_package(ws, key, tmp_path / "p.umkmpkg").path
    package = read_package(path)
    assert package.tables["classes"].column_names == CLASS_COLUMNS
    raw = members(path)["classes.parquet"]
    decoded = "\n".join(str(v) for col in package.tables["classes"].columns
                        for v in col.to_pylist())
    people = [Participant(id=pid, name=f"Nama {pid}", district=district, village=village)
              for pid, district, village in (("pAni", "Kabupaten Sragen", "Sine"),
                                             ("pBudi", "Kabupaten Sragen", "Sine"),
                                             ("pCitra", "Kabupaten Sragen", "Tangen"),
                                             ("pDewi", "Kota Pontianak", "Tangen"))]
    person_ids = [person_id(key, p) for p in people]
    secret = ["Nama pAni", "Nama pBudi", "Nama pCitra", "Nama pDewi", "pAni", "pBudi",
              "pCitra", "pDewi", "Sine", "Tangen", VENUE, OTHER_VENUE, "09:00", "13:00",
              *[c.id for c in class_service.list_classes(ws)], *person_ids]
    for text in secret:
        assert text.encode() not in raw, text
        assert text not in decoded, text


# --- the package format ----------------------------------------------------------------------

@pytest.fixture
def v2(tmp_path: Path) -> Path:
    """A format-2 package with class counts."""
    return make_package(tmp_path / "v2.umkmpkg", content=with_classes(FIRST))


def refused(path: Path) -> PackageError:
    """The error reading ``path`` raises (one line)."""
    with pytest.raises(PackageError) as info:
        read_package(path)
    assert "\n" not in str(info.value)
    return info.value


def test_a_format_1_package_reads_with_an_empty_classes_table(v2: Path, tmp_path: Path) -> None:
    """A package of format 1 (five tables) reads, mapped: its classes table is empty."""
    old = read_package(as_v1(v2, tmp_path / "v1.umkmpkg"))
    assert old.manifest.format_version == 1
    assert set(old.manifest.tables) == set(SCHEMAS) - {"classes"}
    assert list(old.tables) == list(SCHEMAS)
    assert old.tables["classes"].num_rows == 0
    assert old.tables["classes"].schema.equals(SCHEMAS["classes"])
    assert old.tables["scores"].equals(read_package(v2).tables["scores"])


@pytest.mark.parametrize(("version", "field"), [(3, "format_version"), (0, "format_version"),
                                                ("2", "format_version"), (2.0, "format_version"),
                                                (None, "format_version")])
def test_an_unknown_format_version_is_refused_with_the_reason(v2: Path, version: object,
                                                              field: str) -> None:
    """Another version than 1 or 2 is refused naming the field and the versions read."""
    content = members(v2)
    manifest = json.loads(content[MANIFEST])
    manifest["format_version"] = version
    content[MANIFEST] = json.dumps(manifest).encode()
    err = refused(rezip(v2, content))
    assert (err.member, err.field) == (MANIFEST, field)
    assert "1, 2" in err.message


def test_format_1_listing_classes_and_format_2_without_them_are_refused(v2: Path,
                                                                        tmp_path: Path) -> None:
    """A format-1 manifest naming classes, or a format-2 one lacking them, is refused."""
    content = members(v2)
    manifest = json.loads(content[MANIFEST])
    manifest["format_version"] = 1
    content[MANIFEST] = json.dumps(manifest).encode()
    err = refused(rezip(tmp_path / "a.umkmpkg", content))
    assert (err.member, err.field) == (MANIFEST, "tables.classes")
    content = members(v2)
    manifest = json.loads(content[MANIFEST])
    del manifest["tables"]["classes"]
    content[MANIFEST] = json.dumps(manifest).encode()
    del content["classes.parquet"]
    err = refused(rezip(tmp_path / "b.umkmpkg", content))
    assert (err.member, err.field) == (MANIFEST, "tables.classes")


def _replace_classes(path: Path, table: pa.Table, *, keep_sha: bool = False) -> Path:
    """Put ``table`` in as classes.parquet; the manifest agrees unless ``keep_sha``."""
    content = members(path)
    buf = io.BytesIO()
    pq.write_table(table, buf)
    content["classes.parquet"] = buf.getvalue()
    manifest = json.loads(content[MANIFEST])
    if not keep_sha:
        manifest["tables"]["classes"].update(
            rows=table.num_rows, sha256=hashlib.sha256(buf.getvalue()).hexdigest())
    content[MANIFEST] = json.dumps(manifest).encode()
    return rezip(path, content)


def test_every_refusal_covers_the_classes_table(v2: Path) -> None:
    """Every refusal of a damaged package covers the classes table, naming it.

    A flipped byte, other counts under the old checksum, a wrong row count, a missing member, a
    name column, a negative count and a truncated file.
    """
    original = v2.read_bytes()

    def again() -> Path:
        v2.write_bytes(original)
        return v2

    content = members(again())
    data = bytearray(content["classes.parquet"])
    data[len(data) // 2] ^= 0xFF
    content["classes.parquet"] = bytes(data)
    err = refused(rezip(v2, content))
    assert (err.member, err.field) == ("classes.parquet", "sha256")

    more = class_table([("33.14", DEC, "kelas_tik_dasar", 20, 10, 30, 10)])
    err = refused(_replace_classes(again(), more, keep_sha=True))
    assert (err.member, err.field) == ("classes.parquet", "sha256")

    content = members(again())
    manifest = json.loads(content[MANIFEST])
    manifest["tables"]["classes"]["rows"] = 7
    content[MANIFEST] = json.dumps(manifest).encode()
    err = refused(rezip(v2, content))
    assert (err.member, err.field) == ("classes.parquet", "rows")

    content = members(again())
    del content["classes.parquet"]
    err = refused(rezip(v2, content))
    assert (err.member, err.field) == ("classes.parquet", "member")

    named = class_table(FIRST).append_column("teacher", pa.array(["Bu Sri", "Pak Joko"]))
    err = refused(_replace_classes(again(), named))
    assert (err.member, err.field) == ("classes.parquet", "teacher")

    negative = class_table([("33.14", DEC, "kelas_tik_dasar", 1, 0, -3, 0)])
    err = refused(_replace_classes(again(), negative))
    assert (err.member, err.field) == ("classes.parquet", "enrolled")

    data = again().read_bytes()
    v2.write_bytes(data[: len(data) - 200])
    assert refused(v2).field == "zip"


# --- the stores -------------------------------------------------------------------------------

def test_duckdb_holds_the_classes_replaces_them_and_refuses_a_tampered_table_whole(
        tmp_path: Path) -> None:
    """DuckDB keeps each workspace's current class rows; a tampered classes table changes nothing.

    A newer package replaces its workspace's class rows; a format-1 package of a new workspace
    ingests and adds no class rows.
    """
    db = tmp_path / "store.duckdb"
    first, other, newer, again = class_packages(tmp_path)
    assert [r.outcome for r in ingest([first, other], db)] == [ACCEPTED, ACCEPTED]
    assert counts_of(db, by_month=True)[0]["classes_scheduled"] == 2
    content = members(newer)
    data = bytearray(content["classes.parquet"])
    data[len(data) // 2] ^= 0xFF
    content["classes.parquet"] = bytes(data)
    tampered = rezip(tmp_path / "tampered.umkmpkg", content)
    before = fingerprint(db), query(db, "SELECT * FROM raw_classes ORDER BY ALL")
    [result] = ingest([tampered], db)
    assert result.outcome == REFUSED and "classes.parquet" in str(result.reason)
    assert (fingerprint(db), query(db, "SELECT * FROM raw_classes ORDER BY ALL")) == before
    assert [r.outcome for r in ingest([newer, again], db)] == [REPLACED, DUPLICATE]
    assert counts_of(db) == EXPECTED_AFTER_REPLACE
    assert query(db, "SELECT COUNT(*), COUNT(DISTINCT package_id) FROM raw_classes") == [(2, 2)]
    old = make_package(tmp_path / "d.umkmpkg", workspace="ws-old",
                       content=tables(district="33.16", session="0123012301230123"))
    [result] = ingest([as_v1(old, tmp_path / "d1.umkmpkg")], db)
    assert result.outcome == ACCEPTED
    assert counts_of(db) == EXPECTED_AFTER_REPLACE
    sragen_jan = counts_of(db, q.Filters(district="33.14", month_from=JAN, month_to=JAN))
    assert sragen_jan == []
    assert counts_of(db, q.Filters(province="33", month_from=DEC, month_to=DEC),
                     by_month=True)[0]["month"] == DEC


def test_a_store_made_before_the_classes_reads_none_then_gains_them(tmp_path: Path) -> None:
    """A store without raw_classes gives no class rows (no error) and gains it on ingest."""
    db = tmp_path / "store.duckdb"
    first, other, _newer, _again = class_packages(tmp_path)
    ingest([first], db)
    con = duckdb.connect(str(db))
    try:  # as a store made by the kit before format 2
        con.execute("DROP TABLE raw_classes")
    finally:
        con.close()
    assert counts_of(db) == []
    assert [r.outcome for r in ingest([other], db)] == [ACCEPTED]
    assert [r["district_code"] for r in counts_of(db)] == ["33.15"]


def test_postgres_gives_the_same_class_counts_as_duckdb(tmp_path: Path, pg_url: str) -> None:
    """The same packages give the same outcomes and class counts on PostgreSQL and DuckDB."""
    packages = class_packages(tmp_path)
    duck = tmp_path / "store.duckdb"
    assert [r.outcome for r in ingest(packages, pg_url)] == [
        r.outcome for r in ingest(packages, duck)] == [ACCEPTED, ACCEPTED, REPLACED, DUPLICATE]
    assert counts_of(pg_url) == counts_of(duck) == EXPECTED_AFTER_REPLACE
    december = q.Filters(month_from=DEC, month_to=DEC)
    assert counts_of(pg_url, december, by_month=True) == counts_of(duck, december,
                                                                    by_month=True)


@pytest.mark.slow
@pytest.mark.filterwarnings("ignore:unclosed <socket.socket:ResourceWarning")
def test_spark_gives_the_same_class_counts_as_duckdb(tmp_path: Path) -> None:
    """The Spark lake gives DuckDB's class counts, also with a raw folder from before format 2.

    A raw folder written before format 2 has no classes file: its workspace counts no classes.
    """
    from kit.coordinator import spark_store

    packages = class_packages(tmp_path)
    duck = tmp_path / "store.duckdb"
    taken = ingest(packages, duck)
    session = spark_store.spark_session(master="local[2]", memory="512m")
    try:
        lake = tmp_path / "lake"
        into_lake = spark_store.ingest_lake(session, packages, lake)
        assert [r.outcome for r in into_lake] == [r.outcome for r in taken]
        spark_name = spark_store.SPARK_PREFIX + str(lake)
        assert counts_of(spark_name) == counts_of(duck) == EXPECTED_AFTER_REPLACE
        december = q.Filters(district="33.14", month_from=DEC, month_to=DEC)
        assert counts_of(spark_name, december, by_month=True) == counts_of(
            duck, december, by_month=True)
        # A raw folder written before format 2 (Grobogan's): no classes.parquet.
        folders = [p for p in (lake / "raw").iterdir()
                   if pq.read_table(p / "classes.parquet").column("district_code")
                   .to_pylist() == ["33.15"]]
        (folders[0] / "classes.parquet").unlink()
        spark_store.build_aggregates(session, lake)
        assert counts_of(spark_name) == EXPECTED_AFTER_REPLACE[:1]
        shutil.rmtree(lake / "aggregates")  # no generation yet
    finally:
        session.stop()
        gc.collect()


# --- the monthly report -----------------------------------------------------------------------

@pytest.fixture
def report_store(tmp_path: Path) -> Path:
    """A DuckDB store of the class packages."""
    db = tmp_path / "store.duckdb"
    ingest(class_packages(tmp_path), db)
    return db


def test_the_monthly_report_gathers_the_months_class_counts(report_store: Path) -> None:
    """gather_monthly holds December's classes per kind × district; a district filter applies."""
    report = gather_monthly(report_store, "2026-12", today=date(2027, 2, 2))
    assert report.classes == (ClassCount("kelas_tik_dasar", "33.14", 3, 2, 5, 3),
                              ClassCount("kelas_tik_dasar", "33.15", 1, 1, 4, 4))
    assert report.classes[0].attendance_rate == 0.6
    grobogan = gather_monthly(report_store, "2026-12", district="33.15", today=date(2027, 2, 2))
    assert [c.district_code for c in grobogan.classes] == ["33.15"]


def _pdf_text(data: bytes, tmp_path: Path) -> str:
    """The text of a PDF (pdftotext -layout)."""
    path = tmp_path / "r.pdf"
    path.write_bytes(data)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True,
                          capture_output=True, text=True).stdout


def test_the_class_section_reads_back_from_pdf_and_xlsx(report_store: Path,
                                                        tmp_path: Path) -> None:
    """The class section, drawn by the report's PDF and XLSX writers, reads back with its counts.

    Kinds, districts, counts and rates, in Bahasa Indonesia and in English; a month without
    classes says so.
    """
    report = gather_monthly(report_store, "2026-12", today=date(2027, 2, 2))
    doc = document.build(report, "id")
    with_section = attrs.evolve(doc, body=(*doc.body, report_section(report.classes, "id")))
    text = " ".join(_pdf_text(pdf.render(with_section), tmp_path).split())
    assert "Kelas Pusat Komunitas Kreatif" in text
    assert "Kelas dasar TIK" in text
    assert "Kabupaten Sragen 3 2 5 3 60%" in text
    assert "Kabupaten Grobogan 1 1 4 4 100%" in text
    book = load_workbook(io.BytesIO(xlsx.render(with_section)), read_only=True)
    sheet = next(ws for ws in book.worksheets
                 if any("Kelas Pusat Komunitas Kreatif" in str(c) for row in ws.iter_rows(
                     values_only=True) for c in row if c))
    rows = [tuple(c for c in row if c not in (None, "")) for row in sheet.iter_rows(
        values_only=True)]
    assert any(r[1:] == ("Kabupaten Sragen", 3, 2, 5, 3, "60%") for r in rows if len(r) == 7)
    english = report_section(report.classes, "en")
    assert english.heading == "Creative centre classes"
    assert english.tables[0].head[2:] == ("Classes scheduled", "Classes held", "Enrolled",
                                          "Attended", "Attendance rate")
    assert report_section((), "id").empty and not report_section((), "id").tables


def test_report_coordinator_contains_the_class_section(report_store: Path,
                                                       tmp_path: Path) -> None:
    """``report coordinator`` (PDF and XLSX) contains the section with December's counts."""
    report = gather_monthly(report_store, "2026-12", today=date(2027, 2, 2))
    text = " ".join(_pdf_text(report_file(report, "pdf", "id").data, tmp_path).split())
    assert "Kelas Pusat Komunitas Kreatif" in text
    assert "Kabupaten Sragen 3 2 5 3 60%" in text
    book = load_workbook(io.BytesIO(report_file(report, "xlsx", "en").data), read_only=True)
    cells = {str(c) for ws in book.worksheets for row in ws.iter_rows(values_only=True)
             for c in row if c}
    assert "Creative centre classes" in cells
