"""District names as people write them map to one official kabupaten/kota, or to none."""

from __future__ import annotations

import pytest

from kit.places import (
    all_districts,
    district_by_code,
    district_candidates,
    normalise_district,
    suggest_districts,
)


def test_the_official_list_has_every_kabupaten_and_kota_once() -> None:
    """514 districts, unique codes, each a kabupaten or kota with its province."""
    districts = all_districts()
    assert len(districts) == 514
    assert len({d.code for d in districts}) == 514
    assert {d.kind for d in districts} == {"kabupaten", "kota"}
    sragen = district_by_code("33.14")
    assert sragen is not None
    assert (sragen.name, sragen.province, sragen.province_code) == (
        "Kabupaten Sragen", "Jawa Tengah", "33")


@pytest.mark.parametrize("raw", [
    "Kab. Sragen", "Kabupaten Sragen", "kab sragen", "SRAGEN", "  kabupaten   SRAGEN ",
    "Kab.Sragen", "33.14", "Sragen, Jawa Tengah",
])
def test_spellings_of_sragen(raw: str) -> None:
    """Abbreviated kind, any case and spacing, bare unique name, code: Kabupaten Sragen."""
    district = normalise_district(raw)
    assert district is not None
    assert district.name == "Kabupaten Sragen"
    assert district.code == "33.14"


@pytest.mark.parametrize(("raw", "name"), [
    ("Kota Pontianak", "Kota Pontianak"), ("Pontianak", "Kota Pontianak"),
    ("Kodya Pontianak", "Kota Pontianak"), ("kotamadya pontianak", "Kota Pontianak"),
    ("ptk", "Kota Pontianak"), ("PTK", "Kota Pontianak"),
    ("Tanjung Jabung Timur", "Kabupaten Tanjung Jabung Timur"),
    ("Tanjabtim", "Kabupaten Tanjung Jabung Timur"),
    ("Jakarta Selatan", "Kota Administrasi Jakarta Selatan"),
    ("Kota Adm. Jakarta Selatan", "Kota Administrasi Jakarta Selatan"),
    ("Kab. Toli Toli", "Kabupaten Toli-Toli"), ("Kota Baru", "Kabupaten Kotabaru"),
    ("Kota Bogor", "Kota Bogor"), ("Kab. Bogor", "Kabupaten Bogor"),
])
def test_kind_words_abbreviations_and_listed_aliases(raw: str, name: str) -> None:
    """Kodya, Kota Adm., hyphens and listed abbreviations map to the official name."""
    district = normalise_district(raw)
    assert district is not None
    assert district.name == name


def test_a_bare_name_shared_by_a_kabupaten_and_a_kota_is_not_guessed() -> None:
    """"Bogor" alone is Kabupaten Bogor or Kota Bogor: no district, both candidates."""
    assert normalise_district("Bogor") is None
    assert {d.name for d in district_candidates("Bogor")} == {"Kabupaten Bogor", "Kota Bogor"}


@pytest.mark.parametrize("raw", ["", "   ", None, "Atlantis", "Kab. Atlantis", "99.99", "Kota"])
def test_unknown_text_is_no_district(raw: str | None) -> None:
    """Text that names no official district gives None and no candidates."""
    assert normalise_district(raw) is None
    assert district_candidates(raw) == ()


def test_suggestions_start_with_what_was_typed() -> None:
    """Typing "sra" suggests Kabupaten Sragen; typing "bogor" suggests both Bogors."""
    assert suggest_districts("sra")[0].name == "Kabupaten Sragen"
    assert {d.name for d in suggest_districts("bogor")} >= {"Kabupaten Bogor", "Kota Bogor"}
    assert suggest_districts("") == ()
