"""The coordinator package file: written, read back exactly; anything damaged is refused."""

from __future__ import annotations

import hashlib
import io
import json
import os
import zipfile
from datetime import UTC, date, datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from kit.coordinator.package import (
    FORMAT,
    MANIFEST,
    SCHEMAS,
    PackageError,
    read_package,
    write_package,
)

PID = "0123456789abcdef0123456789abcdef"
PID2 = "fedcba9876543210fedcba9876543210"


def sample_tables() -> dict[str, pa.Table]:
    """Five small tables as an export would build them (plain Python types, cast on write)."""
    return {
        "participants": pa.table({
            "person_id": [PID, PID2], "participant_type": ["umkm", "ngo"],
            "province_code": ["33", "33"], "district_code": ["33.14", "33.14"],
            "gender": ["P", None], "age_band": ["25-34", None], "sector": ["kuliner", None],
            "stage": ["S2", None]}),
        "participant_counts": pa.table({
            "province_code": ["33", "33"], "district_code": ["33.14", "33.14"],
            "participant_type": ["umkm", "umkm"], "stage": ["S2", None],
            "gender": ["P", "L"], "consented": [True, False], "n": [1, 3]}),
        "sessions": pa.table({
            "session_key": ["00aa11bb22cc33dd"], "activity_id": ["bimtek-1"],
            "province_code": ["33"], "district_code": ["33.14"],
            "date": [date(2026, 11, 2)], "status": ["closed"], "target_size": [20],
            "room_capacity": [30], "n_present": [4], "facilitator": ["F-1a2b3c4d"]}),
        "attendance": pa.table({
            "session_key": ["00aa11bb22cc33dd"], "person_id": [PID],
            "admitted_with_reason": [False]}),
        "scores": pa.table({
            "person_id": [PID], "session_key": ["00aa11bb22cc33dd"],
            "activity_id": ["bimtek-1"], "item_id": ["B1.1"], "level": [2],
            "source": ["facilitator"],
            "recorded_at": [datetime(2026, 11, 2, 9, 30, tzinfo=UTC)], "note": [None]}),
    }


def fields() -> dict[str, object]:
    """Manifest fields of a sample package."""
    return {"workspace_id": "ws-1", "framework_version": "abc123", "key_id": "0011223344556677",
            "province_code": "33", "period_from": date(2026, 11, 1),
            "period_to": date(2026, 11, 30), "notes_included": False}


@pytest.fixture
def package(tmp_path: Path) -> Path:
    """A valid package written to a temporary folder."""
    path = tmp_path / "p.umkmpkg"
    write_package(path, fields(), sample_tables())
    return path


def members(path: Path) -> dict[str, bytes]:
    """Every member of the zip at ``path``, in order."""
    with zipfile.ZipFile(path) as zf:
        return {n: zf.read(n) for n in zf.namelist()}


def rezip(path: Path, content: dict[str, bytes]) -> None:
    """Rewrite the zip at ``path`` with exactly ``content`` (valid CRCs)."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_STORED) as zf:
        for name, data in content.items():
            zf.writestr(name, data)


def edit_manifest(path: Path, change: dict[str, object]) -> None:
    """Rewrite the package's manifest with ``change`` applied (keys dotted for tables)."""
    content = members(path)
    manifest = json.loads(content[MANIFEST])
    for key, value in change.items():
        target = manifest
        *parents, last = key.split(".")
        for p in parents:
            target = target[p]
        target[last] = value
    content[MANIFEST] = json.dumps(manifest).encode()
    rezip(path, content)


def replace_table(path: Path, name: str, table: pa.Table) -> None:
    """Put another Parquet table in place of ``name`` and make the manifest agree with it."""
    content = members(path)
    buf = io.BytesIO()
    pq.write_table(table, buf)
    data = buf.getvalue()
    content[name + ".parquet"] = data
    manifest = json.loads(content[MANIFEST])
    manifest["tables"][name].update(rows=table.num_rows, sha256=hashlib.sha256(data).hexdigest())
    content[MANIFEST] = json.dumps(manifest).encode()
    rezip(path, content)


def refused(path: Path) -> PackageError:
    """The PackageError reading ``path`` raises (fails the test if it reads)."""
    with pytest.raises(PackageError) as info:
        read_package(path)
    assert "\n" not in str(info.value)
    return info.value


def test_round_trip_gives_back_the_tables_and_manifest(package: Path) -> None:
    """A written package reads back with the same manifest and the tables cast to the format."""
    pkg = read_package(package)
    m = pkg.manifest
    assert (m.workspace_id, m.framework_version, m.key_id, m.province_code) == (
        "ws-1", "abc123", "0011223344556677", "33")
    assert (m.period_from, m.period_to, m.notes_included) == (
        date(2026, 11, 1), date(2026, 11, 30), False)
    assert m.created_at.tzinfo is not None and len(m.package_id) == 32
    assert {n: e.rows for n, e in m.tables.items()} == {
        "participants": 2, "participant_counts": 2, "sessions": 1, "attendance": 1, "scores": 1,
        "classes": 0}  # format 2: a writer that gives no classes table writes it empty
    for name, table in pkg.tables.items():
        assert table.schema.equals(SCHEMAS[name]), name
    assert pkg.tables["scores"].column("level").to_pylist() == [2]
    assert pkg.tables["participants"].column("person_id").to_pylist() == [PID, PID2]
    assert pkg.content_sha256 == hashlib.sha256(package.read_bytes()).hexdigest()
    with zipfile.ZipFile(package) as zf:
        assert {i.compress_type for i in zf.infolist()} == {zipfile.ZIP_STORED}
        assert json.loads(zf.read(MANIFEST))["format"] == FORMAT


def test_a_truncated_file_is_refused(package: Path) -> None:
    """A package cut short is not a readable zip: refused naming the zip."""
    data = package.read_bytes()
    package.write_bytes(data[: len(data) // 2])
    assert refused(package).field == "zip"


def test_a_flipped_byte_in_a_table_is_refused(package: Path) -> None:
    """One byte changed inside a table's Parquet member is caught and names that member."""
    with zipfile.ZipFile(package) as zf:
        info = zf.getinfo("scores.parquet")
    data = bytearray(package.read_bytes())
    start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    assert data[start:start + 4] == b"PAR1"
    data[start + 40] ^= 0xFF
    package.write_bytes(bytes(data))
    err = refused(package)
    assert (err.member, err.field) == ("scores.parquet", "sha256")


def test_a_sha256_that_disagrees_with_the_manifest_is_refused(package: Path) -> None:
    """A table whose bytes do not hash to the manifest's sha256 is refused."""
    edit_manifest(package, {"tables.sessions.sha256": "0" * 64})
    err = refused(package)
    assert (err.member, err.field) == ("sessions.parquet", "sha256")


def test_a_row_count_that_disagrees_with_the_manifest_is_refused(package: Path) -> None:
    """A table with another number of rows than the manifest declares is refused."""
    edit_manifest(package, {"tables.participants.rows": 5})
    err = refused(package)
    assert (err.member, err.field) == ("participants.parquet", "rows")


def test_an_extra_member_is_refused(package: Path) -> None:
    """A member the manifest does not list (say, a names file) is refused by name."""
    content = members(package)
    content["names.csv"] = b"Siti Aminah,0812\n"
    rezip(package, content)
    err = refused(package)
    assert (err.member, err.field) == ("names.csv", "member")


def test_a_missing_member_is_refused(package: Path) -> None:
    """A listed table missing from the zip is refused naming it."""
    content = members(package)
    del content["attendance.parquet"]
    rezip(package, content)
    err = refused(package)
    assert (err.member, err.field) == ("attendance.parquet", "member")


def test_a_missing_manifest_is_refused(package: Path) -> None:
    """A zip without manifest.json is refused naming the manifest."""
    content = members(package)
    del content[MANIFEST]
    rezip(package, content)
    assert refused(package).member == MANIFEST


def test_another_format_version_is_refused(package: Path) -> None:
    """A manifest of a format version the kit does not read (3) is refused naming the field."""
    edit_manifest(package, {"format_version": 3})
    err = refused(package)
    assert (err.member, err.field) == (MANIFEST, "format_version")


@pytest.mark.parametrize(("field", "value"), [
    ("package_id", "x') OR 1=1; --"), ("package_id", "a?b"), ("workspace_id", "ws%s"),
    ("key_id", "k ey"), ("province_code", "33\n34"), ("workspace_id", "w" * 129)])
def test_a_manifest_identifier_with_other_characters_is_refused(
        package: Path, field: str, value: str) -> None:
    """A forged id carrying quotes, ``?``, ``%``, spaces or too many characters is refused."""
    edit_manifest(package, {field: value})
    err = refused(package)
    assert (err.member, err.field) == (MANIFEST, field)


def test_a_wrong_schema_is_refused(package: Path) -> None:
    """A table with a column of another type (level as text) is refused naming the column."""
    table = sample_tables()["scores"].cast(SCHEMAS["scores"]).set_column(
        4, "level", pa.array(["2"]))
    replace_table(package, "scores", table)
    err = refused(package)
    assert (err.member, err.field) == ("scores.parquet", "level")


def test_an_extra_column_is_refused(package: Path) -> None:
    """A table carrying a column the format lacks (a name) is refused naming that column."""
    table = sample_tables()["participants"].cast(SCHEMAS["participants"]).append_column(
        "name", pa.array(["Siti", "Budi"]))
    replace_table(package, "participants", table)
    err = refused(package)
    assert (err.member, err.field) == ("participants.parquet", "name")


def test_a_non_hex_person_id_is_refused(package: Path) -> None:
    """A person_id that is not 32 lowercase hex digits (a phone, say) is refused."""
    table = sample_tables()["attendance"].cast(SCHEMAS["attendance"]).set_column(
        1, pa.field("person_id", pa.string()), pa.array(["+6281234567890"]))
    replace_table(package, "attendance", table)
    err = refused(package)
    assert (err.member, err.field) == ("attendance.parquet", "person_id")


def test_write_refuses_a_name_column_and_a_bad_person_id(tmp_path: Path) -> None:
    """Writing refuses a table with a column outside the format or a person_id not hex."""
    tables = sample_tables()
    tables["participants"] = tables["participants"].append_column("name", pa.array(["a", "b"]))
    with pytest.raises(PackageError) as info:
        write_package(tmp_path / "x.umkmpkg", fields(), tables)
    assert (info.value.member, info.value.field) == ("participants.parquet", "name")
    tables = sample_tables()
    tables["scores"] = tables["scores"].set_column(0, "person_id", pa.array(["Siti"]))
    with pytest.raises(PackageError) as info:
        write_package(tmp_path / "x.umkmpkg", fields(), tables)
    assert (info.value.member, info.value.field) == ("scores.parquet", "person_id")
    assert list(tmp_path.iterdir()) == []


def test_a_write_failing_half_way_leaves_no_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                                 ) -> None:
    """A write stopped half way (the disk fails) leaves no file and keeps an older package."""
    path = tmp_path / "p.umkmpkg"

    def broken_fsync(fd: int) -> None:
        """The disk gives up."""
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", broken_fsync)
    with pytest.raises(OSError):
        write_package(path, fields(), sample_tables())
    assert list(tmp_path.iterdir()) == []
    monkeypatch.undo()
    write_package(path, fields(), sample_tables())
    before = path.read_bytes()
    monkeypatch.setattr(os, "fsync", broken_fsync)
    with pytest.raises(OSError):
        write_package(path, {**fields(), "workspace_id": "ws-2"}, sample_tables())
    assert list(tmp_path.iterdir()) == [path] and path.read_bytes() == before


def test_a_bad_manifest_field_is_refused_on_write(tmp_path: Path) -> None:
    """A period that ends before it starts is refused naming the manifest field."""
    with pytest.raises(PackageError) as info:
        write_package(tmp_path / "x.umkmpkg", {**fields(), "period_to": date(2026, 10, 1)},
                      sample_tables())
    assert (info.value.member, info.value.field) == (MANIFEST, "period_to")
