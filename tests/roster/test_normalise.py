"""Normal forms of phone numbers, names, genders and age groups."""

from __future__ import annotations

import pytest

from kit.roster.headers import header_key, parse_mappings
from kit.roster.normalise import (
    clean_name,
    clean_text,
    name_case,
    normalise_age_group,
    normalise_gender,
    normalise_phone,
)


@pytest.mark.parametrize("raw", [
    "081234567890", "0812-3456-7890", "0812 3456 7890", "(0812) 3456.7890", "+62 812 3456 7890",
    "+62-812-3456-7890", "6281234567890", "006281234567890", "81234567890", 81234567890,
    81234567890.0, "'081234567890", "+62 0812 3456 7890", " 0812-3456-7890 ",
])
def test_every_spelling_of_a_mobile_number_has_one_e164_form(raw: object) -> None:
    """08…, +62…, 62…, 0062…, spaces, dashes, dots and a lost leading 0 all give +62…."""
    assert normalise_phone(raw) == "+6281234567890"  # type: ignore[arg-type]


def test_landlines_and_foreign_numbers() -> None:
    """A landline with area code becomes +62<area><number>; other countries keep their +code."""
    assert normalise_phone("(0271) 891234") == "+62271891234"
    assert normalise_phone("+60 12-345 6789") == "+60123456789"


@pytest.mark.parametrize("raw", [
    "12", "0812", "08123456789012345", "0812-ABC-7890", "0812345678 / 0857123456",
    "6.28123E+12", "1234567", "+1", "0012345678",
])
def test_invalid_phone_numbers_are_rejected(raw: str) -> None:
    """Too short, too long, letters, two numbers in a cell, scientific notation: an error."""
    with pytest.raises(ValueError):
        normalise_phone(raw)


def test_empty_and_placeholder_phone_is_no_phone() -> None:
    """An empty cell or a ``-`` placeholder means no phone."""
    assert normalise_phone(None) is None
    assert normalise_phone("  ") is None
    assert normalise_phone("-") is None


def test_names_collapse_whitespace_and_keep_case() -> None:
    """Runs of spaces and line breaks become one space; case and punctuation stay."""
    assert clean_name("  siti   RAHAYU\n binti  Slamet ") == "siti RAHAYU binti Slamet"
    assert clean_name('Budi "Gareng", S.E.') == 'Budi "Gareng", S.E.'


def test_text_that_a_spreadsheet_would_execute_is_stored_as_given() -> None:
    """Cells starting with = + - @ are kept as typed (exports neutralise them, not the store)."""
    assert clean_text("=HYPERLINK(\"http://x\")") == "=HYPERLINK(\"http://x\")"
    assert clean_text("@SUM(A1)") == "@SUM(A1)"
    assert clean_text("-") is None


def test_control_and_invisible_characters_are_stripped() -> None:
    """NUL, escape, DEL, C1, right-to-left override and zero-width characters are removed."""
    assert clean_name("Siti\x00 Rahayu\x1b\x7f") == "Siti Rahayu"
    assert clean_name("\ufeffBudi \u202eSantoso\u200b\u200d") == "Budi Santoso"
    assert clean_text("Batik\x85 Siti\u2028Sragen") == "Batik Siti Sragen"
    assert clean_name("\x00\u200b") is None
    assert normalise_phone("0812\x00-3456-7890\u200e") == "+6281234567890"


@pytest.mark.parametrize(("raw", "group"), [
    (29, "<30"), (30, "30-39"), ("45", "40-49"), ("45 tahun", "40-49"), (59.0, "50-59"),
    (60, "60+"), (87, "60+"), ("40-49", "40-49"), ("40 - 49 tahun", "40-49"), ("< 30", "<30"),
    ("di bawah 30", "<30"), ("60 ke atas", "60+"), ("60+", "60+"), (">=60", "60+"),
])
def test_age_groups_from_numbers_and_text(raw: object, group: str) -> None:
    """An age in years gives its group; a group written as text is recognised."""
    assert normalise_age_group(raw) == group  # type: ignore[arg-type]


@pytest.mark.parametrize("raw", ["200", 3, "tua", "4O", "40-30", "20-200"])
def test_implausible_ages_and_unclear_groups_are_rejected(raw: object) -> None:
    """Ages outside 15–100, reversed or impossible bands and words that are no age are errors."""
    with pytest.raises(ValueError):
        normalise_age_group(raw)  # type: ignore[arg-type]


@pytest.mark.parametrize(("raw", "code"), [
    ("L", "L"), ("Laki-laki", "L"), ("pria", "L"), ("Male", "L"), ("P", "P"),
    ("Perempuan", "P"), ("WANITA", "P"), ("female", "P"),
])
def test_gender_spellings(raw: str, code: str) -> None:
    """Indonesian and English spellings become L or P."""
    assert normalise_gender(raw) == code


def test_header_keys_ignore_punctuation_case_and_spacing() -> None:
    """``No. HP / WA`` and ``no hp/wa`` are the same header."""
    assert header_key("No. HP / WA ") == header_key("no hp/wa") == "no hp/wa"
    assert header_key("Desa /\nKelurahan") == "desa/kelurahan"


def test_map_options_accept_english_and_indonesian_field_names() -> None:
    """``--map`` takes COLUMN=FIELD with field names in either language; bad ones are listed."""
    mapping, errors = parse_mappings(["Nama Pemilik=name", "Dusun=desa", "Catatan=abaikan"])
    assert mapping == {"nama pemilik": "name", "dusun": "village", "catatan": "ignore"}
    assert not errors
    _mapping, errors = parse_mappings(["Nama Pemilik", "Email=email"])
    assert len(errors) == 2


def test_header_keys_ignore_invisible_characters() -> None:
    """A header with a zero-width space or a NUL inside is still recognised."""
    assert header_key("Na\u200bma") == "nama"
    assert header_key("\ufeffKabupaten/\x00Kota") == "kabupaten/kota"


@pytest.mark.parametrize(("raw", "group"), [
    ("20-29", "<30"), ("20 - 29", "<30"), ("30–39 th", "30-39"), ("≥ 60", "60+"),
    ("60+", "60+"), ("kurang dari 20", "<30"), ("< 20", "<30"), ("47", "40-49"),
    ("41-50", "41-50"), ("25-34", "25-34"), ("> 50", ">50"), ("di atas 50", ">50"),
    ("50 tahun ke atas", "50+"), ("50+", "50+"), ("61-70", "60+"), ("70 keatas", "60+"),
    ("> 59", "60+"), ("31 - 40 tahun", "31-40"), ("15-19", "<30"), ("<=29", "<30"),
])
def test_age_bands_as_districts_write_them(raw: str, group: str) -> None:
    """A band inside one reporting band becomes it; a band straddling two is kept as given."""
    assert normalise_age_group(raw) == group


@pytest.mark.parametrize(("raw", "proper"), [
    ("ibu ratna dewi", "Ibu Ratna Dewi"), ("SITI RAHAYU BINTI SLAMET", "Siti Rahayu binti Slamet"),
    ("muhammad bin abdullah", "Muhammad bin Abdullah"), ("a. yani", "A. Yani"),
    ("budi santoso, s.pd", "Budi Santoso, S.Pd"), ("hj. siti-nur", "Hj. Siti-Nur"),
    ("r.a. kartini", "R.A. Kartini"), ("henk van der berg", "Henk van der Berg"),
    ("de silva", "De Silva"), ("i gusti ayu", "I Gusti Ayu"),
])
def test_all_lower_or_all_upper_names_get_proper_case(raw: str, proper: str) -> None:
    """Every word capitalised (titles kept), particles lower-case, initials upper-case."""
    assert name_case(raw) == proper


@pytest.mark.parametrize("raw", ["Siti RAHAYU", "McDonald Sinaga", "dewi Lestari", "I Made"])
def test_a_mixed_case_name_is_kept_as_typed(raw: str) -> None:
    """A name with both cases was typed deliberately and is not changed."""
    assert name_case(raw) == raw
