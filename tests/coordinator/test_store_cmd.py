"""``python -m kit aggregate ingest|status|quality``: one line per package, exit 2 on a refusal."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from kit.cli import main
from tests.coordinator.store_packages import make_package, tables


def test_ingest_prints_one_line_per_package_and_exits_2_on_a_refusal(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Accepted, duplicate and refused packages each get their Indonesian line; a refusal → 2."""
    db = tmp_path / "store.duckdb"
    good = make_package(tmp_path / "a.umkmpkg")
    bad = tmp_path / "bad.umkmpkg"
    bad.write_bytes(b"PK\x03\x04 cut short")
    assert main(["aggregate", "ingest", str(good), "--db", str(db)]) == 0
    assert capsys.readouterr().out.strip() == f"{good}: diterima"
    status = main(["aggregate", "ingest", str(good), str(bad), "--db", str(db)])
    lines = capsys.readouterr().out.strip().splitlines()
    assert status == 2
    assert lines[0] == f"{good}: sudah ada — tidak ada perubahan"
    assert lines[1].startswith(f"{bad}: ditolak: ")
    assert len(lines) == 2


def test_status_and_quality_print_json(tmp_path: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    """``status`` lists reported and missing months, ``quality`` the session with nobody present."""
    db = tmp_path / "store.duckdb"
    early = make_package(tmp_path / "a.umkmpkg", content=tables(day=date(2026, 8, 3)))
    later = make_package(tmp_path / "b.umkmpkg", workspace="ws-b",
                         content=tables(district="33.15", day=date(2026, 10, 5),
                                        n_present=0, session="ffee"))
    assert main(["aggregate", "ingest", str(early), str(later), "--db", str(db)]) == 0
    capsys.readouterr()
    assert main(["aggregate", "status", "--db", str(db), "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [(r["district_code"], r["month"], r["status"]) for r in rows] == [
        ("33.14", "2026-08", "reported"), ("33.14", "2026-09", "missing"),
        ("33.14", "2026-10", "late"), ("33.15", "2026-10", "reported")]
    assert main(["aggregate", "quality", "--db", str(db), "--format", "json",
                 "--today", "2026-12-01"]) == 0
    issues = json.loads(capsys.readouterr().out)
    assert [(i["district_code"], i["kind"]) for i in issues] == [("33.15", "no_attendance")]


def test_status_of_a_missing_store_is_one_line(tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    """Asking a store that does not exist names the file in one line, exit 1, in English too."""
    db = tmp_path / "none.duckdb"
    assert main(["--lang", "en", "aggregate", "status", "--db", str(db)]) == 1
    err = capsys.readouterr().err.strip()
    assert str(db) in err and "\n" not in err and "aggregate ingest" in err
    assert not db.exists()


def test_quality_of_a_file_that_is_not_a_store_is_one_line(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A DuckDB file without the store's tables is named in one Indonesian line, exit 1."""
    import duckdb

    other = tmp_path / "other.duckdb"
    duckdb.connect(str(other)).close()
    assert main(["aggregate", "quality", "--db", str(other)]) == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith(f"{other}: bukan penyimpanan koordinator") and "\n" not in err
