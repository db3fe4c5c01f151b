"""A sandbox's result shows right below the button that was tapped, not at the form's bottom."""

from __future__ import annotations

from collections.abc import Callable

from kit.sandbox.blog_widgets import blog_practice
from kit.sandbox.practice import Practice
from kit.sandbox.store_widgets import store_practice
from tests.sandbox.helpers import ready_mailbox
from tests.sandbox.test_store_blog import open_store

PracticeOf = Callable[[str], Practice]


def _next_after(children: tuple[object, ...], button: object) -> object:
    """The part of the page right after ``button``."""
    return children[children.index(button) + 1]


def test_store_result_is_below_the_tapped_button(practice: PracticeOf) -> None:
    """A refused product and a saved profile each show their message under their own button."""
    p = practice("pa")
    ready_mailbox(p, "keripik.siti")
    open_store(p)
    app = store_practice(p)
    app.product_name.value, app.price.value, app.stock.value = "Keripik", "15rb", "3"
    app.product_button.click()
    assert "sbx-err" in app.feedback.text
    assert _next_after(app.widget.children, app.product_button) is app.feedback.widget
    app.seller_name.value, app.phone.value, app.city.value = "Siti", "081234567890", "Sragen"
    app.address.value = "Jl. Melati 3, Sragen"
    app.description.value = "Keripik tempe buatan rumah."
    app.profile_button.click()
    assert "sbx-ok" in app.feedback.text, app.feedback.text
    assert _next_after(app.widget.children, app.profile_button) is app.feedback.widget


def test_blog_result_is_below_the_tapped_button(practice: PracticeOf) -> None:
    """Publishing a text post shows "Published" under "Publish text", not under the preview."""
    p = practice("pa")
    ready_mailbox(p, "keripik.siti")
    app = blog_practice(p)
    app.name.value, app.reg_title.value = "keripiksiti", "Keripik Siti"
    app.register_button.click()
    app.post_title.value, app.post_body.value = "Baru", "Keripik tempe rasa baru."
    app.text_button.click()
    assert "sbx-ok" in app.feedback.text, app.feedback.text
    assert _next_after(app.widget.children, app.text_button) is app.feedback.widget
