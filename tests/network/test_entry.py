"""The business-network tool's rules: what a member sells and needs, checked before saving."""

from __future__ import annotations

from kit.i18n import set_language
from kit.network.entry import (
    MAX_ITEM_CHARS,
    MAX_ITEMS,
    NetworkEntry,
    check_entry,
    entry_from_state,
    items_of,
)


def test_items_are_one_per_line_or_separated_by_semicolons() -> None:
    """Lines, ``;`` and ``,`` separate items; spaces are tidied and blanks or dashes dropped."""
    assert items_of("  keripik   singkong \n\n- \n dodol; jenang, wajik\n") == (
        "keripik singkong", "dodol", "jenang", "wajik")


def test_a_good_entry_is_kept_as_written() -> None:
    """Sold and needed items and the village are kept, tidied, with no problem."""
    entry, problems = check_entry("keripik singkong\n", "singkong\njasa angkut", "  Kroyo ")
    assert problems == []
    assert entry == NetworkEntry(sells=("keripik singkong",), needs=("singkong", "jasa angkut"),
                                 village="Kroyo")
    assert entry.as_state() == {"sells": ["keripik singkong"],
                                "needs": ["singkong", "jasa angkut"], "village": "Kroyo"}
    assert entry_from_state(entry.as_state()) == entry


def test_only_needs_or_only_sells_is_enough() -> None:
    """A member may list only what they need, or only what they sell."""
    assert check_entry("", "kain mori", "")[1] == []
    assert check_entry("kain batik", "", "")[1] == []


def test_an_empty_entry_is_refused_in_indonesian_and_english() -> None:
    """Nothing sold and nothing needed is one problem, Indonesian first, English available."""
    assert check_entry(" \n-\n", "", "Kroyo")[1] == [
        "Tulis minimal satu barang yang Anda jual atau satu yang Anda butuhkan."]
    set_language("en")
    try:
        assert check_entry("", "", "")[1] == [
            "Write at least one thing you sell or one thing you need."]
    finally:
        set_language(None)


def test_a_too_long_item_and_too_many_items_are_refused() -> None:
    """An item over the limit is named; a list over the limit says how many are allowed."""
    long = "kain " * (MAX_ITEM_CHARS // 5 + 1)
    problems = check_entry(long, "", "")[1]
    assert len(problems) == 1
    assert str(MAX_ITEM_CHARS) in problems[0] and problems[0].startswith("\"kain kain")
    many = "\n".join(f"barang {n}" for n in range(MAX_ITEMS + 1))
    [too_many] = check_entry("", many, "")[1]
    assert str(MAX_ITEMS) in too_many and "butuhkan" in too_many


def test_the_same_thing_twice_in_one_list_is_refused() -> None:
    """Two writings of one thing (case, reduplication, a synonym) in one list are refused."""
    [same] = check_entry("Singkong\nubi kayu", "", "")[1]
    assert "\"Singkong\"" in same and "\"ubi kayu\"" in same
    [again] = check_entry("", "sayur\nsayur-sayuran\nSAYUR", "")[1]
    assert "\"sayur\"" in again and "\"sayur-sayuran\"" in again
    # Selling and needing the same thing (a reseller) is allowed.
    assert check_entry("kain mori", "kain mori", "")[1] == []


def test_a_too_long_village_is_refused() -> None:
    """The village is optional but at most a line long."""
    [problem] = check_entry("dodol", "", "Desa " * 30)[1]
    assert "desa" in problem.casefold()


def test_a_stored_state_of_another_shape_reads_as_empty() -> None:
    """A damaged or foreign saved state gives an empty entry, never an error."""
    assert entry_from_state({"sells": "bukan daftar", "needs": [1, None, "gula"],
                             "village": 5}) == NetworkEntry(sells=(), needs=("gula",), village="")
    assert entry_from_state(None) == NetworkEntry(sells=(), needs=(), village="")
