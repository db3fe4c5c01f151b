"""One reader of rupiah amounts for the store practice and the calculator."""

from __future__ import annotations

import pytest

from kit.rupiah import NotRupiah, format_rupiah, read_rupiah
from kit.sandbox.shop import parse_price


@pytest.mark.parametrize(("text", "amount"), [
    ("15000", 15000), ("15.000", 15000), ("Rp 15.000", 15000), ("rp15.000", 15000),
    ("Rp. 1.250.000", 1250000), ("IDR 15000", 15000), ("15.000,00", 15000), ("15 000", 15000),
    ("Rp\u00a015.000", 15000), ("0", 0), (15000, 15000),
])
def test_amounts_as_people_write_them(text: str | int, amount: int) -> None:
    """Thousands dots, an Rp or IDR prefix, spaces and a ,00 sen part are read as whole rupiah."""
    assert read_rupiah(text) == amount


@pytest.mark.parametrize(("text", "reason"), [
    ("", NotRupiah.EMPTY), ("  Rp ", NotRupiah.EMPTY), (None, NotRupiah.EMPTY),
    ("-5000", NotRupiah.NEGATIVE), ("−5.000", NotRupiah.NEGATIVE), (-1, NotRupiah.NEGATIVE),
    ("1.5", NotRupiah.NOT_WHOLE), ("15,5", NotRupiah.NOT_WHOLE), ("15rb", NotRupiah.NOT_WHOLE),
    ("1.50.000", NotRupiah.NOT_WHOLE), ("١٥٠٠٠", NotRupiah.NOT_WHOLE),
])
def test_texts_that_are_not_whole_rupiah_say_why(text: str | int | None,
                                                 reason: NotRupiah) -> None:
    """Empty, negative and not-whole texts (decimals, words, odd grouping) name their reason."""
    assert read_rupiah(text) is reason


def test_the_store_reads_prices_with_the_same_reader() -> None:
    """The store practice accepts what the reader accepts and keeps its own wording and limits."""
    for text in ("15.000", "Rp 15.000", "15.000,00"):
        assert parse_price(text) == (15000, [])
    assert parse_price("0")[0] is None
    assert parse_price("15rb")[0] is None


def test_format_is_the_indonesian_one() -> None:
    """Thousands dots, "Rp" written against the number, a minus sign in front, rounding."""
    assert format_rupiah(1250000) == "Rp1.250.000"
    assert format_rupiah(-5000) == "−Rp5.000"
    assert format_rupiah(999.6) == "Rp1.000"
