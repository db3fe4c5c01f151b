"""kit.records.phone: one rule for phone numbers, in storage (E.164) and display (08…) form."""

from __future__ import annotations

import pytest

from kit.records.phone import display_form, is_mobile, storage_form


@pytest.mark.parametrize("typed", [
    "081234567890", "0812-3456-7890", "0812 3456 7890", "(0812) 3456.7890", "+62 812 3456 7890",
    "+62-812-3456-7890", "6281234567890", "006281234567890", "81234567890"])
def test_every_way_of_writing_a_mobile_number_gives_one_storage_form(typed: str) -> None:
    """However a mobile number is typed, it is stored as +6281234567890."""
    assert storage_form(typed) == "+6281234567890"


@pytest.mark.parametrize("typed", [
    "081234567890", "+62 812 3456 7890", "6281234567890", "0812-3456-7890"])
def test_a_mobile_number_is_shown_with_its_leading_zero(typed: str) -> None:
    """The display form of an Indonesian mobile number is 0812…, as people write it."""
    assert display_form(typed) == "081234567890"
    assert display_form(typed, mobile_only=True) == "081234567890"


def test_landlines_and_foreign_numbers() -> None:
    """A landline is stored and shown; mobile_only refuses it; foreign numbers stay in E.164."""
    assert storage_form("(0271) 891234") == "+62271891234"
    assert display_form("(0271) 891234") == "0271891234"
    assert display_form("(0271) 891234", mobile_only=True) is None
    assert storage_form("+60 12-345 6789") == "+60123456789"
    assert display_form("+60 12-345 6789") == "+60123456789"
    assert display_form("+60 12-345 6789", mobile_only=True) is None
    assert is_mobile("+6281234567890") and not is_mobile("+62271891234")


@pytest.mark.parametrize("typed", ["", "0812345", "hello", "0812 3456 7890 / 0813", "+1234"])
def test_what_is_not_a_number_is_refused_in_both_forms(typed: str) -> None:
    """Text, too few digits or two numbers: a translated error to store, None to show."""
    with pytest.raises(ValueError) as refused:
        storage_form(typed)
    assert str(refused.value)
    assert display_form(typed) is None
