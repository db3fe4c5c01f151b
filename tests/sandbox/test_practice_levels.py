"""The sandbox's one level rule: a refused try is explained, and a later clean success counts."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from kit.sandbox import practice as practice_rules
from kit.sandbox import shop
from kit.sandbox.common import Invalid
from kit.sandbox.practice import Practice
from kit.sandbox.store_widgets import store_practice
from tests.sandbox.helpers import levels, photo, png, ready_mailbox
from tests.sandbox.test_store_blog import open_store
from tests.sandbox.test_widgets import upload_value

PracticeOf = Callable[[str], Practice]


def test_price_with_rb_is_refused_naming_what_was_typed() -> None:
    """"15rb" is refused with one line that quotes the typed price and shows how to write it."""
    price, problems = shop.parse_price("15rb")
    assert price is None
    assert len(problems) == 1
    assert "15rb" in problems[0] and "15000" in problems[0], problems


def test_later_clean_success_raises_the_item_to_level_2(practice: PracticeOf) -> None:
    """A refused "15rb" then a success is level 1; the next clean product raises it to 2."""
    p = practice("pa")
    ready_mailbox(p, "keripik.siti")
    open_store(p)
    with pytest.raises(Invalid):
        p.add_product(name="Keripik", price="15rb", stock="3", photo=photo())
    p.add_product(name="Keripik", price="15000", stock="3", photo=photo())
    assert levels(p)["toko_produk"] == 1
    assert p.take_note() != ""  # the participant is told why it is level 1 and how to reach 2
    p.add_product(name="Keripik pedas", price="16.000", stock="2", photo=photo())
    assert levels(p)["toko_produk"] == 2
    assert p.take_note() == ""


def test_one_time_signup_is_level_2_after_a_refused_try(practice: PracticeOf) -> None:
    """A store can be opened once: a refused web name before it does not cap the item at 1."""
    p = practice("pa")
    ready_mailbox(p, "keripik.siti")
    with pytest.raises(Invalid):
        p.register_store("Keripik Siti", "Keripik Siti!")
    open_store(p)
    assert levels(p)["toko_daftar"] == 2
    assert levels(p)["toko_aktivasi"] == 2


def test_the_rule_is_one_function() -> None:
    """``earned_level`` decides every sandbox level: clean 2, after refusals 1, sign-ups 2."""
    assert practice_rules.earned_level("store_add_product", refused=0) == 2
    assert practice_rules.earned_level("store_add_product", refused=1) == 1
    assert practice_rules.earned_level("store_open", refused=3) == 2


def test_store_page_tells_the_participant_about_level_1(practice: PracticeOf) -> None:
    """After "15rb" then a success, the store page says it counts with help and how to reach 2."""
    p = practice("pa")
    ready_mailbox(p, "keripik.siti")
    open_store(p)
    app = store_practice(p)
    app.product_name.value, app.price.value, app.stock.value = "Keripik", "15rb", "3"
    app.photo.value = upload_value("k.png", png(), "image/png")
    app.product_button.click()
    assert "15rb" in app.feedback.text
    app.price.value = "15000"
    app.product_button.click()
    assert "level 1" in app.feedback.text or "tingkat 1" in app.feedback.text, app.feedback.text
