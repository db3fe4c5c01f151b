"""Reading a listing file: members, official districts, and one located line per bad cell."""

from __future__ import annotations

from pathlib import Path

import pytest

from kit.i18n import set_language
from kit.network.listing import ListingError, read_listing, split_items

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "examples" / "network" / "jaringan_contoh.csv"
HEAD = "nama,komunitas,kabupaten/kota,desa,menjual,membutuhkan\n"


def _write(tmp_path: Path, text: str, name: str = "daftar.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _problem(path: Path) -> str:
    with pytest.raises(ListingError) as caught:
        read_listing(path)
    line = str(caught.value.problem)
    assert "\n" not in line
    return line


def test_the_example_reads_twelve_members_with_official_districts() -> None:
    """The example lists 12 members of two communities, every district in its official form."""
    members = read_listing(EXAMPLE)
    assert len(members) == 12
    assert {m.community for m in members} == {"Komunitas Olahan Pangan Sragen",
                                              "Komunitas Kriya Sragen"}
    assert {(m.district, m.district_code) for m in members} == {("Kabupaten Sragen", "33.14")}
    bambang = next(m for m in members if m.id == "A02")
    assert bambang.label == "Tani Makmur (Bambang Susilo)"
    assert bambang.sells == ("ubi kayu", "gula aren", "sayur")
    assert bambang.needs == ("jasa angkut",)
    assert next(m for m in members if m.id == "A10").needs == ()


def test_english_headers_semicolons_and_row_numbers_as_codes(tmp_path: Path) -> None:
    """English headers and a semicolon-separated file read alike; the row number is the code."""
    path = _write(tmp_path, "Name;Community;District;Village;Sells;Needs\n"
                            "Sri;Kelompok A;sragen;Kroyo;keripik, dodol;-\n")
    [member] = read_listing(path)
    assert (member.id, member.district, member.sells, member.needs) == (
        "2", "Kabupaten Sragen", ("keripik", "dodol"), ())


def test_split_items_drops_blanks_and_repeats() -> None:
    """Items are split on ``;`` or ``,``, trimmed, and a dash or repeat is dropped."""
    assert split_items(" gula  aren ; -;gula aren, singkong;") == ("gula aren", "singkong")


def test_an_unknown_column_is_one_line_naming_file_row_and_column(tmp_path: Path) -> None:
    """A header nobody recognises is refused naming the file, row 1 and the header."""
    path = _write(tmp_path, "nama,komunitas,kabupaten/kota,menjual,membutuhkan,Harga\n"
                            "Sri,A,Sragen,keripik,singkong,5000\n")
    set_language(None)
    assert _problem(path).startswith("daftar.csv:1:Harga: kolom tidak dikenal")


def test_a_missing_required_column_is_named(tmp_path: Path) -> None:
    """Without the ``membutuhkan`` column the file is refused naming it."""
    path = _write(tmp_path, "nama,komunitas,kabupaten/kota,menjual\nSri,A,Sragen,keripik\n")
    assert _problem(path).startswith("daftar.csv:1:membutuhkan / needs:")


def test_a_row_with_nothing_sold_or_needed_is_refused(tmp_path: Path) -> None:
    """A member listing no product and no need is refused at its row, ``menjual`` column."""
    path = _write(tmp_path, HEAD + "Sri,A,Sragen,Kroyo,keripik,\nBudi,A,Sragen,Kroyo,-, \n")
    set_language("en")
    try:
        assert _problem(path) == ("daftar.csv:3:menjual: empty: write what the member sells, "
                                  "or what they need in membutuhkan")
    finally:
        set_language(None)


def test_a_bad_district_is_refused_unknown_or_ambiguous(tmp_path: Path) -> None:
    """An unknown district and an ambiguous one ("Bogor") each give one line at their cell."""
    unknown = _write(tmp_path, HEAD + "Sri,A,Sragen,Kroyo,keripik,\nBudi,A,Atlantis,X,a,b\n")
    assert _problem(unknown).startswith("daftar.csv:3:kabupaten/kota: 'Atlantis' bukan")
    ambiguous = _write(tmp_path, HEAD + "Sri,A,Bogor,Kroyo,keripik,\n", "b.csv")
    line = _problem(ambiguous)
    assert line.startswith("b.csv:2:kabupaten/kota:")
    assert "Kabupaten Bogor" in line and "Kota Bogor" in line


def test_a_member_listed_twice_or_a_code_reused_is_refused(tmp_path: Path) -> None:
    """The same person of the same community on two rows, or one code twice, is refused."""
    twice = _write(tmp_path, HEAD + "Sri,A,Sragen,Kroyo,keripik,\nSRI ,a,Sragen,Kroyo,dodol,\n")
    assert _problem(twice).startswith("daftar.csv:3:nama:")
    codes = _write(tmp_path, "kode," + HEAD + "K1,Sri,A,Sragen,,a,\nK1,Budi,A,Sragen,,b,\n",
                   "c.csv")
    assert _problem(codes).startswith("c.csv:3:kode:")


def test_an_empty_file_and_a_non_utf8_file_are_refused(tmp_path: Path) -> None:
    """An empty file and a Latin-1 file are each one line naming the file."""
    assert _problem(_write(tmp_path, "\n\n")).startswith("daftar.csv: ")
    latin = tmp_path / "latin.csv"
    latin.write_bytes((HEAD + "Sri,Kelompok Café,Sragen,,a,\n").encode("latin-1"))
    assert _problem(latin).startswith("latin.csv:2: ")


def test_a_row_longer_than_the_header_is_refused(tmp_path: Path) -> None:
    """An unquoted comma inside a cell (more cells than headers) is refused, not shifted."""
    path = _write(tmp_path, HEAD + "Sri,A,Sragen,Kroyo,keripik, dodol,singkong\n")
    set_language("en")
    try:
        assert _problem(path) == (
            "daftar.csv:2: this row has 7 cells but the header has 6 columns; put quotes "
            "around a cell that holds a comma, or separate items with ;")
    finally:
        set_language(None)
