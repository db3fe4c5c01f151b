"""XLSX rosters (formulas never evaluated) and formula-safe CSV/XLSX export round trips."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
import sqlalchemy as sa

from kit.records.participants import Participant, add_participant
from kit.storage import schema
from kit.storage.db import write_tx
from kit.workspace import Workspace
from tests.roster.helpers import Run, participants, write_csv, write_xlsx

Cli = Callable[..., Run]
ROOT = Path(__file__).resolve().parents[2]
INJECTIONS = ["=HYPERLINK(\"http://evil.example\",\"klik\")", "+cmd|' /C calc'!A0",
              "-2+3", "@SUM(1+1)", "\tTab", "\rCR"]



def _lf(text: str) -> str:
    """``text`` with every CR LF or lone CR as LF (how an XML parser may give line breaks back)."""
    return re.sub(r"\r\n?", "\n", text)

def test_xlsx_with_formulas_title_rows_and_numeric_phone(tmp_path: Path, ws: Workspace,
                                                         cli: Cli) -> None:
    """Cached formula values are read, a formula without one is kept as inert text."""
    path = write_xlsx(tmp_path / "roster.xlsx", [
        ["DAFTAR PESERTA ADVOKASI"],
        [],
        ["No", "Nama", "No HP", "Kabupaten/Kota", "Usia", "Nama Usaha"],
        [1, "Siti Rahayu", 81234567890, '="Kabupaten "&"Sragen"', 45, "Batik"],
        [2, "Budi", "0857 1234 5678", "Kabupaten Sragen", '=2026-1990', '=CONCAT("Ker","ipik")'],
    ], cached={"D4": "Kabupaten Sragen", "E5": "36"})
    result = cli("roster", "import", str(path))
    assert result.status == 0, result.err
    people = {p.name: p for p in participants(ws)}
    assert people["Siti Rahayu"].phone == "+6281234567890"
    assert people["Siti Rahayu"].district == "Kabupaten Sragen"
    assert people["Budi"].age_group == "30-39"
    assert people["Budi"].business_name == "=CONCAT(\"Ker\",\"ipik\")"
    assert f"{path}:5:Nama Usaha: rumus tanpa nilai tersimpan" in result.out


def test_xlsx_problems_use_spreadsheet_rows(tmp_path: Path, ws: Workspace, cli: Cli) -> None:
    """Problems and warnings in an XLSX name the spreadsheet row and the header as written."""
    path = write_xlsx(tmp_path / "bad.xlsx", [
        ["Judul"], ["Nama Lengkap", "Kabupaten/Kota", "L/P"], ["Siti", "Sragen", "Q"],
        ["", "Sragen", "P"],
    ])
    result = cli("roster", "import", str(path))
    assert result.status == 2
    assert f"{path}:4:Nama Lengkap: nama belum diisi" in result.err
    path.unlink()
    path = write_xlsx(path, [
        ["Judul"], ["Nama Lengkap", "Kabupaten/Kota", "L/P"], ["Siti", "Sragen", "Q"],
    ])
    result = cli("roster", "import", str(path))
    assert result.status == 0
    assert f"{path}:3:L/P: jenis kelamin 'Q' tidak dikenal" in result.out


def _store(ws: Workspace, *people: Participant) -> None:
    with write_tx(ws.engine) as conn:
        for person in people:
            add_participant(conn, person)


def test_formula_injection_round_trip_through_csv(tmp_path: Path, ws: Workspace,
                                                  cli: Cli) -> None:
    """Dangerous text is stored as given and gets the apostrophe in the CSV export only."""
    lines = ["Nama,Nama Usaha,Kabupaten/Kota"]
    for n, text in enumerate(INJECTIONS):
        quoted = '"' + text.replace('"', '""') + '"'
        lines.append(f"Orang {n},{quoted},Sragen")
    path = write_csv(tmp_path / "inject.csv", lines)
    assert cli("roster", "import", str(path)).status == 0
    stored = {p.business_name for p in participants(ws)}
    # Leading tab/CR are whitespace: trimmed on import, so those two become plain text.
    assert stored == set(INJECTIONS[:4]) | {"Tab", "CR"}
    _store(ws, Participant(id="pstored01", name="=1+1", district="@Sragen", sector="-5"))
    out = tmp_path / "export.csv"
    result = cli("roster", "export", "--format", "csv", "--out", str(out))
    assert result.status == 0, result.err
    text = out.read_bytes().decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert len({len(r) for r in rows}) == 1 and len(rows) == 1 + len(INJECTIONS) + 1
    header = rows[0]
    assert header[:2] == ["ID", "Nama"]
    for row in rows[1:]:
        for cell in row[:-1]:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r"))
        assert row[-1] == "0"  # the session count is a bare number
    stored_row = next(r for r in rows if r[0] == "pstored01")
    assert stored_row[1:4] == ["'=1+1", "", "'-5"]
    assert stored_row[header.index("Kabupaten/Kota")] == "'@Sragen"


def test_formula_injection_round_trip_through_xlsx(tmp_path: Path, ws: Workspace,
                                                   cli: Cli) -> None:
    """XLSX export: no formula cells, dangerous text quote-prefixed, numbers; re-import merges."""
    _store(ws, *[Participant(id=f"p{n:08d}", name=f"Orang {n}", district="Sragen",
                             business_name=text, phone=f"+62812345678{n:02d}")
                 for n, text in enumerate(INJECTIONS)])
    out = tmp_path / "export.xlsx"
    assert cli("roster", "export", "--format", "xlsx", "--out", str(out)).status == 0
    wb = openpyxl.load_workbook(out)
    sheet = wb.active
    rows = list(sheet.iter_rows())
    assert len(rows) == 1 + len(INJECTIONS)
    injections = {_lf(t) for t in INJECTIONS}
    assert {len(r) for r in rows} == {len(rows[0])}
    for row in rows[1:]:
        for cell in row:
            assert cell.data_type != "f"
            # XML read by ElementTree gives a stored CR back as LF; lxml keeps it.
            if isinstance(cell.value, str) and _lf(cell.value) in injections:
                assert cell.quotePrefix, cell.value
            elif isinstance(cell.value, str):
                assert not cell.quotePrefix, cell.value
        assert isinstance(row[-1].value, int) and row[-1].value == 0
    assert sum(cell.quotePrefix for row in rows[1:] for cell in row) == len(INJECTIONS)
    result = cli("roster", "import", str(out))
    assert result.status == 0, result.err
    assert len(participants(ws)) == len(INJECTIONS)
    assert "0 peserta baru" in result.out


def test_names_with_commas_quotes_and_line_breaks_round_trip(tmp_path: Path, ws: Workspace,
                                                             cli: Cli) -> None:
    """Commas, quotes and line breaks in stored names keep the column count in both exports."""
    names = ['Budi "Gareng" Santoso, S.E.', "Siti\nRahayu", "Ni Made, \"Ayu\"\r\nDewi", "O'Neil"]
    _store(ws, *[Participant(id=f"pname{n:04d}", name=name, district="Kota Denpasar, Bali")
                 for n, name in enumerate(names)])
    out_csv, out_xlsx = tmp_path / "n.csv", tmp_path / "n.xlsx"
    assert cli("roster", "export", "--out", str(out_csv)).status == 0
    assert cli("roster", "export", "--out", str(out_xlsx)).status == 0
    rows = list(csv.reader(io.StringIO(out_csv.read_bytes().decode("utf-8-sig"), newline="")))
    assert len(rows) == 1 + len(names) and {len(r) for r in rows} == {len(rows[0])}
    assert sorted(r[1] for r in rows[1:]) == sorted(names)
    sheet = openpyxl.load_workbook(out_xlsx).active
    xrows = list(sheet.iter_rows(values_only=True))
    assert {len(r) for r in xrows} == {len(rows[0])}
    # The line break itself survives (as CR LF with lxml, as LF with ElementTree).
    assert sorted(_lf(str(r[1])) for r in xrows[1:]) == sorted(_lf(n) for n in names)
    listed = cli("roster", "list", "--format", "csv")
    assert list(csv.reader(io.StringIO(listed.out, newline=""))) == rows


def test_imported_names_with_commas_and_quotes_round_trip(tmp_path: Path, ws: Workspace,
                                                          cli: Cli) -> None:
    """A quoted CSV name with a comma, quotes and a line break imports as one clean name."""
    path = write_csv(tmp_path / "q.csv", [
        "Nama,Kabupaten/Kota", '"Budi ""Gareng"", S.E.",Sragen', '"Siti', 'Rahayu",Sragen',
        "Dewi,Sragen",
    ])
    result = cli("roster", "import", str(path))
    assert result.status == 0, result.err
    assert {p.name for p in participants(ws)} == {'Budi "Gareng", S.E.', "Siti Rahayu", "Dewi"}
    bad = write_csv(tmp_path / "bad.csv", [
        "Nama,Kabupaten/Kota,Usia", '"Siti', 'Rahayu",Sragen,1', "Dewi,Sragen,2",
    ])
    result = cli("roster", "import", str(bad))
    assert f"{bad}:2:Usia:" in result.out  # the row where the record starts (a warning)
    assert f"{bad}:4:Usia:" in result.out


@pytest.mark.parametrize("lang", ["id", "en"])
def test_participant_types_are_exported_and_read_back(tmp_path: Path, ws: Workspace, cli: Cli,
                                                      lang: str) -> None:
    """Each of the four types is exported as its label, and importing the export keeps it."""
    kinds = {"pumkm": None, "pngo": "ngo", "pgov": "government", "pboard": "community_board"}
    for pid, kind in kinds.items():
        _store(ws, Participant(id=pid, name=f"Orang {pid}", district="Kabupaten Sragen",
                               participant_type=kind))
    out = tmp_path / f"export-{lang}.csv"
    assert cli("roster", "export", "--format", "csv", "--out", str(out), "--lang", lang
               ).status == 0
    rows = list(csv.DictReader(io.StringIO(out.read_bytes().decode("utf-8-sig"), newline="")))
    column = "Jenis peserta" if lang == "id" else "Participant type"
    labels = {r["ID"]: r[column] for r in rows}
    assert labels["pumkm"] == ("pelaku UMKM" if lang == "id" else "UMKM owner")
    assert labels["pngo"] == ("LSM/praktisi" if lang == "id" else "NGO/practitioner")
    with write_tx(ws.engine) as conn:  # forget the types; importing the export brings them back
        conn.execute(sa.update(schema.participant).values(participant_type=None))
    assert cli("roster", "import", str(out), "--lang", lang).status == 0
    assert {p.id: p.participant_type for p in participants(ws)} == kinds


def test_list_json_has_stable_ids(tmp_path: Path, ws: Workspace, cli: Cli) -> None:
    """``roster list --format json`` gives every participant with the same id each time."""
    path = write_csv(tmp_path / "p.csv", ["Nama,Kabupaten/Kota,No HP", "Siti,Sragen,0812345678"])
    assert cli("roster", "import", str(path)).status == 0
    first = json.loads(cli("roster", "list", "--format", "json").out)
    assert cli("roster", "import", str(path)).status == 0
    second = json.loads(cli("roster", "list", "--format", "json").out)
    assert first == second
    (person,) = first
    assert person["id"].startswith("p") and person["phone"] == "+62812345678"
    assert person["sessions"] == 0


def test_real_command_line_in_a_subprocess(tmp_path: Path, ws: Workspace) -> None:
    """``python -m kit roster import`` works as a process: exit 2 and messages on bad input."""
    good = write_csv(tmp_path / "good.csv", ["Nama,Kabupaten/Kota", "José Ibañez,Sragen"],
                     encoding="utf-8-sig")
    bad = write_csv(tmp_path / "bad.csv", ["Nama,Kabupaten/Kota", "Siti,"])
    env = {"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "PYTHONIOENCODING": "utf-8"}
    ok = subprocess.run([sys.executable, "-m", "kit", "roster", "import", str(good),
                         "--workspace", str(ws.root)], capture_output=True, text=True,
                        encoding="utf-8", env=env, cwd=tmp_path, timeout=120, check=False)
    assert ok.returncode == 0, ok.stderr
    assert "1 peserta baru" in ok.stdout
    failed = subprocess.run([sys.executable, "-m", "kit", "--lang", "en", "roster", "import",
                             str(bad), "--workspace", str(ws.root)], capture_output=True,
                            text=True, encoding="utf-8", env=env, cwd=tmp_path, timeout=120,
                            check=False)
    assert failed.returncode == 2
    assert f"{bad}:2:Kabupaten/Kota: the district is missing" in failed.stderr
    assert [p.name for p in participants(ws)] == ["José Ibañez"]


def test_damaged_old_and_misnamed_spreadsheets(tmp_path: Path, ws: Workspace, cli: Cli) -> None:
    """A damaged .xlsx and an old .xls are clear errors; an XLSX saved as .csv is still read."""
    damaged = tmp_path / "rusak.xlsx"
    damaged.write_bytes(b"PK\x03\x04 not really a zip")
    result = cli("roster", "import", str(damaged))
    assert result.status == 2 and "tidak dapat dibaca sebagai berkas Excel" in result.err
    old = tmp_path / "lama.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64)
    result = cli("roster", "import", str(old))
    assert result.status == 2 and "format Excel lama (.xls)" in result.err
    misnamed = write_xlsx(tmp_path / "peserta.csv",
                          [["Nama", "Kabupaten/Kota"], ["Siti", "Sragen"]])
    assert cli("roster", "import", str(misnamed)).status == 0
    assert [p.name for p in participants(ws)] == ["Siti"]
    missing = cli("roster", "import", str(tmp_path / "tidak-ada.csv"))
    assert missing.status == 2 and "berkas tidak dapat dibuka" in missing.err
