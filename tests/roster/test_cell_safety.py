"""The one rule every CSV/XLSX export uses to keep spreadsheet formulas from running."""

from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl
import pytest

from kit.tabular.cell_safety import (
    has_controls,
    is_dangerous,
    neutralise,
    strip_controls,
    write_xlsx_sheet,
)


@pytest.mark.parametrize("text", [
    "=1+1", "+cmd|' /C calc'!A0", "-2+3", "@SUM(1+1)", "\tTab", "\rCR", "\nLF",
    "\uff1d1+1", "\uff0b1", "\uff0d1", "\uff20SUM(A1)", "\ufe66HYPERLINK(1)", "  =1+1",
    "\u00a0=1+1", "\u3000\uff1d1",
])
def test_formula_prefixes_and_their_full_width_twins_are_neutralised(text: str) -> None:
    """ASCII and full-width = + - @ (also after leading blanks) get the CSV apostrophe."""
    assert is_dangerous(text)
    assert neutralise(text) == "'" + text


@pytest.mark.parametrize("text", [
    "+6281234567890", "+62 812 3456 7890", "+62-812-3456-7890", "+14155552671",
    "Siti Rahayu", "O'Neil", "Budi = ketua", "", "'=already marked",
])
def test_phones_and_plain_text_are_left_alone(text: str) -> None:
    """E.164 phones (also with spaces or dashes) and ordinary text are never changed."""
    assert not is_dangerous(text)
    assert neutralise(text) == text


@pytest.mark.parametrize("text", ["+62 812 3456 7890=1", "+62812345+1", "+1234567", "+62"])
def test_things_that_only_look_like_phones_are_neutralised(text: str) -> None:
    """A ``+`` value that is not a phone number of 8 to 15 digits is treated as a formula."""
    assert neutralise(text) == "'" + text


def test_numbers_and_empty_values_pass_through() -> None:
    """Numbers, booleans and ``None`` are not text and keep their type."""
    assert neutralise(-5) == -5
    assert neutralise(1.5) == 1.5
    assert neutralise(None) is None
    assert neutralise(True) is True


def test_strip_controls_keeps_tabs_and_line_breaks() -> None:
    """Only control and format characters go; tab, CR, LF and letters in any script stay."""
    assert strip_controls("a\x00b\x07c\x9fd\u202ee\u200bf\u2066g") == "abcdefg"
    assert strip_controls("Ni Made\tAyu\r\nDéwi 山田") == "Ni Made\tAyu\r\nDéwi 山田"
    assert has_controls("x\u200b") and not has_controls("Ni\tMade\n")


def test_xlsx_sheet_uses_quote_prefix_instead_of_an_apostrophe(tmp_path: Path) -> None:
    """Dangerous text is stored unchanged with quotePrefix="1"; no cell becomes a formula."""
    out = tmp_path / "t.xlsx"
    write_xlsx_sheet(out, "t", ["a", "b", "c"], [["=1+1", "+6281234567890", 3],
                                                 ["\uff1d1+1", "Siti", None]])
    sheet = openpyxl.load_workbook(out).active
    cells = {c.coordinate: c for row in sheet.iter_rows() for c in row}
    assert (cells["A2"].value, cells["A2"].data_type, cells["A2"].quotePrefix) == (
        "=1+1", "s", True)
    assert (cells["A3"].value, cells["A3"].quotePrefix) == ("\uff1d1+1", True)
    assert (cells["B2"].value, cells["B2"].quotePrefix) == ("+6281234567890", False)
    assert not cells["B3"].quotePrefix and cells["C2"].value == 3
    with zipfile.ZipFile(out) as zf:
        assert 'quotePrefix="1"' in zf.read("xl/styles.xml").decode()
        assert "<f>" not in zf.read("xl/worksheets/sheet1.xml").decode()
