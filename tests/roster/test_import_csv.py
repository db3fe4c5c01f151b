"""``roster import`` on CSV files as district offices have them."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from kit.records.sessions import Session, add_session, attendees
from kit.storage.db import read_tx, write_tx
from kit.workspace import Workspace
from tests.roster.helpers import Run, participants, write_csv

Cli = Callable[..., Run]

HEADER_VARIANTS = [
    "Nama Lengkap,Nama Usaha,No. HP/WA,Desa/Kelurahan,Kecamatan,Kabupaten/Kota,Jenis Kelamin,"
    "Umur,Bidang Usaha",
    "Nama,Nama UMKM,WhatsApp,Desa,Kec.,Kabupaten,L/P,Usia,Sektor",
    "NAMA ,NAMA USAHA,NO HP,KELURAHAN,KECAMATAN,KAB/KOTA,JK,USIA (TAHUN),JENIS USAHA",
    "Name,Business name,Phone,Village,Sub-district,District,Gender,Age,Sector",
    "Full name,Business,Mobile number,Village,Subdistrict,Regency/City,Sex,Age,Business type",
]
ROWS = [
    "Siti Rahayu,Batik Siti,0812-3456-7890,Sragen Kulon,Sragen,Kabupaten Sragen,P,45,batik",
    "Budi Santoso,Keripik Budi,+62 857 1234 5678,Karangmalang,Karangmalang,Kabupaten Sragen,"
    "L,33,kuliner",
]


@pytest.mark.parametrize("header", HEADER_VARIANTS)
def test_header_spellings_and_title_rows(tmp_path: Path, ws: Workspace, cli: Cli,
                                         header: str) -> None:
    """Indonesian and English header spellings are read, below title and blank rows."""
    title = ["DAFTAR PESERTA BIMBINGAN TEKNIS e-UMKM", "Dinas Koperasi dan UKM Kab. Sragen,,,",
             "Tanggal: 3 Agustus 2026", ""]
    path = write_csv(tmp_path / "peserta.csv", [*title, header, *ROWS])
    result = cli("roster", "import", str(path))
    assert result.status == 0, result.err
    people = {p.name: p for p in participants(ws)}
    assert set(people) == {"Siti Rahayu", "Budi Santoso"}
    siti = people["Siti Rahayu"]
    assert (siti.business_name, siti.phone, siti.village, siti.subdistrict, siti.district,
            siti.gender, siti.age_group, siti.sector) == (
        "Batik Siti", "+6281234567890", "Sragen Kulon", "Sragen", "Kabupaten Sragen", "P",
        "40-49", "batik")
    assert people["Budi Santoso"].phone == "+6285712345678"
    assert "2 peserta baru" in result.out


def test_cp1252_excel_csv_is_refused_at_its_first_non_utf8_byte(tmp_path: Path, ws: Workspace,
                                                                cli: Cli) -> None:
    """A Windows-1252 file (Excel's plain "CSV") is refused in one line, never stored garbled."""
    path = write_csv(tmp_path / "excel.csv", [
        "Nama;Nama Usaha;Kabupaten/Kota",
        "Siti Rahayu;Batik Siti;Kota Pontianak",
        "Ni Luh Ayu;Kopi Ma’ruf;Kota Pontianak",
    ], encoding="cp1252")
    assert (tmp_path / "excel.csv").read_bytes().count(b"\x92") == 1  # really cp1252
    result = cli("roster", "import", str(path))
    assert result.status == 2
    assert result.err.strip() == (
        f"{path}:3:Nama Usaha: berkas ini bukan UTF-8 (byte 0x92), tidak ada yang diimpor: "
        "simpan ulang sebagai CSV UTF-8 (Excel: File > Save As > \"CSV UTF-8 (Comma "
        "delimited)\"; LibreOffice: set karakter Unicode (UTF-8)), lalu impor lagi")
    assert participants(ws) == []
    path.write_bytes(path.read_bytes().decode("cp1252").encode("utf-8"))
    assert cli("roster", "import", str(path)).status == 0
    assert {p.business_name for p in participants(ws)} == {"Batik Siti", "Kopi Ma’ruf"}


def test_utf16_with_bom_is_read(tmp_path: Path, ws: Workspace, cli: Cli) -> None:
    """Excel's "Unicode text" (UTF-16 with a byte-order mark, tab separated) is read."""
    path = tmp_path / "unicode.txt"
    path.write_bytes("Nama\tKabupaten/Kota\r\nWayan Ñoman\tKota Denpasar\r\n".encode("utf-16"))
    result = cli("roster", "import", str(path))
    assert result.status == 0, result.err
    assert [p.name for p in participants(ws)] == ["Wayan Ñoman"]


def test_utf8_with_bom(tmp_path: Path, ws: Workspace, cli: Cli) -> None:
    """A UTF-8 file with a byte-order mark: the BOM does not spoil the first header."""
    path = tmp_path / "bom.csv"
    path.write_bytes("\ufeffNama,Kabupaten/Kota\r\nWayan Ñoman,Kota Denpasar\r\n".encode())
    result = cli("roster", "import", str(path))
    assert result.status == 0, result.err
    assert [p.name for p in participants(ws)] == ["Wayan Ñoman"]


def test_phone_that_lost_its_leading_zero(tmp_path: Path, ws: Workspace, cli: Cli) -> None:
    """81234567890 (a number in a spreadsheet) is the same phone as 081234567890."""
    path = write_csv(tmp_path / "p.csv", [
        "Nama,No HP,Kabupaten/Kota", "Siti,81234567890,Sragen", "Budi,6285712345678,Sragen",
    ])
    assert cli("roster", "import", str(path)).status == 0
    assert {p.phone for p in participants(ws)} == {"+6281234567890", "+6285712345678"}


def test_duplicates_in_the_file_are_one_participant(tmp_path: Path, ws: Workspace,
                                                    cli: Cli) -> None:
    """Same phone in two spellings, or same name and village without phone: one person each."""
    path = write_csv(tmp_path / "dup.csv", [
        "Nama,No HP,Desa,Kabupaten/Kota,Nama Usaha",
        "Siti Rahayu,0812-3456-7890,Sragen Kulon,Sragen,",
        "Siti Rahayu,+6281234567890,Sragen Kulon,Sragen,Batik Siti",
        "Budi  Santoso,,Karangmalang,Sragen,",
        "budi santoso,,KARANGMALANG,Sragen,Keripik",
        "Budi Santoso,,Sidoharjo,Sragen,",
    ])
    result = cli("roster", "import", str(path))
    assert result.status == 0, result.err
    people = participants(ws)
    assert len(people) == 3
    siti = next(p for p in people if p.name == "Siti Rahayu")
    assert siti.business_name == "Batik Siti"  # the blank was filled from the second row
    assert "dup.csv:3: orang yang sama dengan baris 2 (nomor HP sama: +6281234567890)" in result.out
    assert "dup.csv:5: orang yang sama dengan baris 4 (nama dan desa sama" in result.out
    assert "2 baris ganda digabung" in result.out


def test_people_already_in_the_workspace_are_not_added_again(tmp_path: Path, ws: Workspace,
                                                             cli: Cli) -> None:
    """A second activity's roster merges people already known, with a warning naming the id."""
    first = write_csv(tmp_path / "advokasi.csv", [
        "Nama,No HP,Desa,Kabupaten/Kota", "Siti Rahayu,0812-3456-7890,Sragen Kulon,Sragen",
        "Budi Santoso,,Karangmalang,Sragen",
    ])
    assert cli("roster", "import", str(first)).status == 0
    ids = {p.name: p.id for p in participants(ws)}
    second = write_csv(tmp_path / "bimtek.xlsx.csv", [
        "Nama,WhatsApp,Desa/Kelurahan,Kabupaten/Kota,Usia",
        "SITI RAHAYU,62 812 3456 7890,Sragen Kulon,Sragen,41",
        "Budi Santoso,,Karangmalang,Sragen,52", "Dewi Lestari,0813-1111-2222,Sidoharjo,Sragen,",
    ])
    result = cli("roster", "import", str(second))
    assert result.status == 0, result.err
    people = {p.id: p for p in participants(ws)}
    assert len(people) == 3
    assert people[ids["Siti Rahayu"]].age_group == "40-49"  # filled in from the new roster
    assert people[ids["Siti Rahayu"]].name == "Siti Rahayu"  # first spelling kept
    assert f"sebagai peserta {ids['Siti Rahayu']} (nomor HP sama" in result.out
    assert f"sebagai peserta {ids['Budi Santoso']} (nama dan desa sama" in result.out
    assert "1 peserta baru, 2 sudah ada di ruang kerja" in result.out
    again = cli("roster", "import", str(second))
    assert again.status == 0 and "0 peserta baru" in again.out
    assert len(participants(ws)) == 3


def test_one_bad_row_imports_nothing_and_lists_every_problem(tmp_path: Path, ws: Workspace,
                                                             cli: Cli) -> None:
    """Any bad row: the workspace is unchanged, exit 2, each problem as file:row:column.

    An unclear gender or age is only a warning (the cell is left empty), not a problem.
    """
    path = write_csv(tmp_path / "bad.csv", [
        "Daftar Hadir", "Nama Lengkap,No. HP/WA,Kabupaten/Kota,Jenis Kelamin,Umur",
        "Siti Rahayu,0812-3456-7890,Sragen,P,45",
        "Budi,0812-34,Sragen,X,200",
        ",0813-1111-2222,,L,30",
        "Dewi,0857-1234-5678,Sragen,P,30-39",
    ])
    result = cli("roster", "import", str(path))
    assert result.status == 2
    assert participants(ws) == []
    assert f"{path}:4:No. HP/WA: bukan nomor telepon Indonesia: 0812-34" in result.err
    assert "Jenis Kelamin" not in result.err and "Umur" not in result.err
    assert f"{path}:5:Nama Lengkap: nama belum diisi" in result.err
    assert f"{path}:5:Kabupaten/Kota: kabupaten/kota belum diisi" in result.err
    assert "Tidak ada yang diimpor; daftar peserta memiliki 3 masalah" in result.err


def test_messages_in_english_with_lang_en(tmp_path: Path, ws: Workspace, cli: Cli) -> None:
    """``--lang en`` gives the same problems in English."""
    path = write_csv(tmp_path / "bad.csv", ["Name,Phone,District", "Budi,12,"])
    result = cli("roster", "import", str(path), "--lang", "en")
    assert result.status == 2
    assert f"{path}:2:Phone: not an Indonesian phone number: 12" in result.err
    assert f"{path}:2:District: the district is missing" in result.err
    assert "Nothing was imported" in result.err
    ok = write_csv(tmp_path / "ok.csv", ["Name,District", "Budi,Sragen"])
    result = cli("--lang", "en", "roster", "import", str(ok))
    assert "1 new participant(s)" in result.out


def test_ragged_rows_are_reported(tmp_path: Path, ws: Workspace, cli: Cli) -> None:
    """A row with a missing separator or an unquoted comma is an error, not shifted data."""
    path = write_csv(tmp_path / "ragged.csv", [
        "Nama,Nama Usaha,Kabupaten/Kota",
        "Siti Rahayu,Batik,Sragen",
        "Budi, S.E.,Keripik,Sragen",
        "Dewi Lestari,Sragen",
        "Eko,Kopi,Sragen,,",
    ])
    result = cli("roster", "import", str(path))
    assert result.status == 2
    assert f"{path}:3: baris ini berisi 4 sel, sedangkan judul kolom berisi 3" in result.err
    assert f"{path}:4: baris ini berisi 2 sel" in result.err
    assert ":5:" not in result.err  # trailing empty cells are harmless
    assert participants(ws) == []


def test_unclosed_quote_is_reported_at_its_line(tmp_path: Path, ws: Workspace, cli: Cli) -> None:
    """An unclosed quote swallows the rest of the file: reported at the line it opens."""
    path = write_csv(tmp_path / "quote.csv", [
        "Nama,Kabupaten/Kota", "Siti,Sragen", '"Budi,Sragen', "Dewi,Sragen", "Eko,Sragen",
    ])
    result = cli("roster", "import", str(path))
    assert result.status == 2
    assert f'{path}:3: tanda kutip (") yang dibuka di baris ini tidak pernah ditutup' in result.err
    assert participants(ws) == []


def test_empty_and_header_only_files(tmp_path: Path, ws: Workspace, cli: Cli) -> None:
    """An empty file, a file without a header and a header without rows are all errors."""
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    result = cli("roster", "import", str(empty))
    assert result.status == 2 and f"{empty}: berkas kosong" in result.err
    bom_only = tmp_path / "bom.csv"
    bom_only.write_bytes(b"\xef\xbb\xbf\r\n")
    assert cli("roster", "import", str(bom_only)).status == 2
    no_header = write_csv(tmp_path / "nohead.csv", ["Siti,Sragen", "Budi,Sragen"])
    result = cli("roster", "import", str(no_header))
    assert result.status == 2 and "baris judul kolom tidak ditemukan" in result.err
    header_only = write_csv(tmp_path / "head.csv", ["Nama,Kabupaten/Kota", ",", ""])
    result = cli("roster", "import", str(header_only))
    assert result.status == 2 and "tidak ada baris peserta" in result.err
    assert participants(ws) == []


def test_missing_required_column_and_map_option(tmp_path: Path, ws: Workspace,
                                                cli: Cli) -> None:
    """Without a district column the import stops; ``--map`` names unusual headers."""
    path = write_csv(tmp_path / "map.csv", [
        "Nama,Wilayah,No HP,Catatan", "Siti,Sragen,0812-3456-7890,aktif",
    ])
    result = cli("roster", "import", str(path))
    assert result.status == 2
    assert f"{path}:1: tidak ada kolom untuk kabupaten/kota" in result.err
    assert "--map KOLOM=district" in result.err
    result = cli("roster", "import", str(path), "--map", "Wilayah=kabupaten")
    assert result.status == 0, result.err
    assert "kolom yang tidak diimpor: 'Catatan'" in result.out
    (siti,) = participants(ws)
    assert (siti.name, siti.district, siti.phone) == ("Siti", "Kabupaten Sragen", "+6281234567890")
    other = write_csv(tmp_path / "other.csv", ["Nama Pemilik Toko,Wilayah", "Budi,Sragen"])
    result = cli("roster", "import", str(other))
    assert result.status == 2 and "baris judul kolom tidak ditemukan" in result.err
    result = cli("roster", "import", str(other), "--map", "Nama Pemilik Toko=nama",
                 "--map", "Wilayah=district")
    assert result.status == 0, result.err
    result = cli("roster", "import", str(other), "--map", "Tidak Ada=name",
                 "--map", "Nama Pemilik Toko=nama", "--map", "Wilayah=district")
    assert result.status == 2 and "tidak ada kolom 'tidak ada'" in result.err
    result = cli("roster", "import", str(other), "--map", "Wilayah=email")
    assert result.status == 2 and "isian 'email' tidak dikenal" in result.err


def test_semicolon_separated_file(tmp_path: Path, ws: Workspace, cli: Cli) -> None:
    """Excel in Indonesian settings writes ``;`` separators; names with commas then survive."""
    path = write_csv(tmp_path / "semi.csv", [
        "Nama;Kabupaten/Kota;Nama Usaha", "Budi Santoso, S.E.;Sragen;Keripik, Kue & Roti",
    ])
    assert cli("roster", "import", str(path)).status == 0
    (budi,) = participants(ws)
    assert (budi.name, budi.business_name) == ("Budi Santoso, S.E.", "Keripik, Kue & Roti")


def _add_session(ws: Workspace, session_id: str) -> None:
    with write_tx(ws.engine) as conn:
        add_session(conn, Session(id=session_id, activity_id="bimtek", title="Bimtek Sragen"))


def test_session_check_in(tmp_path: Path, ws: Workspace, cli: Cli) -> None:
    """``--session`` checks every imported person in, merged duplicates once."""
    _add_session(ws, "sragen-bimtek-2026")
    path = write_csv(tmp_path / "hadir.csv", [
        "Nama,No HP,Kabupaten/Kota", "Siti,0812-3456-7890,Sragen", "Budi,,Sragen",
        "Siti,+6281234567890,Sragen",
    ])
    result = cli("roster", "import", str(path), "--session", "sragen-bimtek-2026")
    assert result.status == 0, result.err
    with read_tx(ws.engine) as conn:
        checked = attendees(conn, "sragen-bimtek-2026")
    assert sorted(checked) == sorted(p.id for p in participants(ws))
    assert len(checked) == 2
    assert "Kehadiran di sesi sragen-bimtek-2026 dicatat: 2 peserta" in result.out


def test_unknown_session_is_an_error_before_anything_is_written(tmp_path: Path, ws: Workspace,
                                                               cli: Cli) -> None:
    """An unknown ``--session`` id: exit 2, nothing imported, message in either language."""
    path = write_csv(tmp_path / "hadir.csv", ["Nama,Kabupaten/Kota", "Siti,Sragen"])
    result = cli("roster", "import", str(path), "--session", "tidak-ada")
    assert result.status == 2
    assert "sesi 'tidak-ada' tidak dikenal" in result.err
    assert participants(ws) == []
    result = cli("roster", "import", str(path), "--session", "nope", "--lang", "en")
    assert result.status == 2 and "unknown session 'nope'" in result.err
