from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from kit.sandbox.blog_widgets import blog_practice
from kit.sandbox.guides import guide_html, guides
from kit.sandbox.mail_widgets import mail_practice
from kit.sandbox.page import sandbox_page
from kit.sandbox.practice import Practice
from kit.sandbox.store_widgets import store_practice
from tests.sandbox.helpers import levels, png, ready_mailbox

PracticeOf = Callable[[str], Practice]


def upload_value(name: str, content: bytes, mime: str) -> tuple[dict[str, object], ...]:
    """What ``FileUpload.value`` holds after choosing one file."""
    return ({"name": name, "type": mime, "size": len(content), "content": memoryview(content),
             "last_modified": datetime(2026, 8, 3, tzinfo=UTC)},)


def test_mail_widget_register_activate_send_with_cc_and_attachment(
        practice: PracticeOf) -> None:
    """Typing and tapping in the mailbox page registers, activates and sends to B with CC."""
    b = practice("pb")
    ready_mailbox(b, "batik.budi")
    app = mail_practice(practice("pa"))
    app.address.value = "Keripik Siti"
    assert "spasi" in app.address_hint.value
    app.register_button.click()
    assert "Belum tersimpan" in app.feedback.text and app.practice.mail_account() is None
    app.address.value = "keripik.siti"
    app.register_button.click()
    code = app.practice.pending_code()
    assert code and code in app.sms.value
    app.code.value = code
    app.activate_button.click()
    assert app.practice.mail_account().activated  # type: ignore[union-attr]
    app.book.value = "batik.budi@surel.latihan"
    app.add_to.click()
    app.to.value = "batik.budi"
    app.cc.value = "sari.pembeli"
    app.subject.value = "Daftar harga"
    app.body.value = "Terlampir daftar harga."
    app.files.value = upload_value("harga.txt", b"Keripik Rp15.000", "text/plain")
    app.send_button.click()
    assert "Terkirim" in app.feedback.text, app.feedback.text
    assert "sari.pembeli@surel.latihan" in app.lesson.value
    got = levels(app.practice)
    assert got["email_tulis"] == 2 and got["email_lampiran"] == 2
    inbox_b = mail_practice(b)
    titles = [btn.description for btn in inbox_b.inbox_list.children]
    assert any("Daftar harga" in t for t in titles)
    first = inbox_b.inbox_list.children[0]
    first.click()
    assert "harga.txt" in inbox_b.reader.value and "Kepada" in inbox_b.reader.value
    inbox_b.reply_body.value = "Terima kasih, Bu."
    inbox_b.reply_button.click()
    assert levels(b)["email_balas"] == 2


def test_mail_widget_huge_attachment_is_refused(practice: PracticeOf) -> None:
    """A huge file gives a friendly message; the message is not sent and nothing recorded."""
    p = practice("pa")
    ready_mailbox(p, "keripik.siti")
    app = mail_practice(p)
    app.to.value, app.subject.value, app.body.value = "sari.pembeli", "Video", "Ini videonya"
    app.files.value = upload_value("video.mp4", b"0" * (3 * 1024 * 1024), "video/mp4")
    app.send_button.click()
    assert "paling besar" in app.feedback.text
    assert "email_tulis" not in levels(p) and "email_lampiran" not in levels(p)


def test_store_and_blog_widgets(practice: PracticeOf) -> None:
    """The store and blog pages record items when the forms are filled and tapped."""
    p = practice("pa")
    ready_mailbox(p, "keripik.siti")
    shop_app = store_practice(p)
    shop_app.name.value, shop_app.domain.value = "Keripik Siti", "keripiksiti"
    shop_app.register_button.click()
    store = p.store()
    assert store is not None
    from kit.sandbox import tables as t
    from kit.storage.db import read_tx

    with read_tx(p.ws.engine) as conn:
        code = conn.execute(t.store.select()).mappings().first()["activation_code"]  # type: ignore[index]
    shop_app.code.value = code
    shop_app.activate_button.click()
    shop_app.product_name.value = "Keripik tempe"
    shop_app.price.value = "0"
    shop_app.stock.value = "5"
    shop_app.photo.value = upload_value("k.png", png(), "image/png")
    shop_app.product_button.click()
    assert "lebih dari Rp0" in shop_app.feedback.text and p.products() == []
    shop_app.price.value = "15.000"
    shop_app.product_button.click()
    assert [x.name for x in p.products()] == ["Keripik tempe"]
    assert "Rp15.000" in shop_app.catalogue.value
    assert levels(p)["toko_produk"] == 1
    shop_app.item_discount.value = "10"
    shop_app.item_button.click()
    assert levels(p).get("toko_pengaturan_item") == 2, shop_app.feedback.text
    blog_app = blog_practice(p)
    blog_app.name.value, blog_app.reg_title.value = "keripiksiti", "Keripik Siti"
    blog_app.register_button.click()
    assert p.blog() is not None
    assert blog_app.product.value == p.products()[0].id
    blog_app.link_button.click()
    assert levels(p)["blog_tautan_produk"] == 2
    blog_app.follow_button.click()
    assert levels(p)["blog_ikuti"] == 2


def test_page_and_guides(practice: PracticeOf) -> None:
    """The whole page builds; each part links to real services with numbered steps."""
    page = sandbox_page(practice("pa"))
    assert len(page.tabs.children) == 3
    assert set(guides()) == {"mail", "blog", "store"}
    for part in guides():
        html_id, html_en = guide_html(part, "id"), guide_html(part, "en")
        assert "<ol>" in html_id and "https://" in html_id and html_id != html_en
    assert "Tokopedia" in guide_html("store")
