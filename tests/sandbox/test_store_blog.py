from __future__ import annotations

from collections.abc import Callable

import pytest

from kit.sandbox import blog as blogs
from kit.sandbox import mail, shop
from kit.sandbox.common import Invalid, Upload
from kit.sandbox.practice import Practice
from kit.storage.db import read_tx
from tests.sandbox.helpers import levels, photo, ready_mailbox

PracticeOf = Callable[[str], Practice]


def open_store(p: Practice) -> shop.Store:
    """Open and activate a store, reading the code from the practice mailbox."""
    p.register_store("Keripik Siti", "keripiksiti")
    acc = p.mail_account()
    assert acc is not None
    with read_tx(p.ws.engine) as conn:
        note = next(m for m in mail.inbox(conn, acc.id) if "toko" in m.subject.lower())
    code = next(word for word in note.body.split() if word.isdigit() and len(word) == 6)
    return p.activate_store(code)


def test_store_needs_active_mailbox(practice: PracticeOf) -> None:
    """A store is opened with the practice e-mail; without it nothing is written."""
    p = practice("pa")
    with pytest.raises(Invalid, match="email"):
        p.register_store("Keripik Siti", "keripiksiti")
    assert p.store() is None and levels(p) == {}


def test_store_flow_records_every_item(practice: PracticeOf) -> None:
    """Open, activate (code from the mailbox), profile, payment, product, item settings."""
    p = practice("pa")
    ready_mailbox(p, "keripik.siti")
    s = open_store(p)
    assert s.activated
    p.save_profile(seller_name="Siti Rahayu", phone="+62 812-3456-7890", city="Sragen",
                   address="Jl. Raya 1", description="Keripik renyah")
    assert p.store().phone == "081234567890"  # type: ignore[union-attr]
    saved = p.save_payment(bank_name="BRI", account_number="0123 4567 89", holder="Siti",
                           methods=["transfer"], couriers=["JNE", "POS Indonesia"])
    assert saved["payment_methods"] == ["escrow", "transfer"]
    prod = p.add_product(name="Keripik tempe 250 g", price="Rp 15.000", stock="25",
                         photo=photo())
    assert prod.price == 15000 and prod.stock == 25 and prod.has_photo
    changes = p.update_item(prod.id, stock="20", variants="Original, Pedas, pedas",
                            active=True, discount="10%")
    assert changes["variants"][1] == ("Original", "Pedas")
    got = levels(p)
    for item in ("toko_daftar", "toko_aktivasi", "toko_data_diri",
                 "toko_pembayaran_pengiriman", "toko_produk", "toko_pengaturan_item"):
        assert got[item] == 2, item
    assert p.products()[0].final_price == 13500


@pytest.mark.parametrize(("fields", "fragment"), [
    ({"name": ""}, "nama produk"),
    ({"price": "-5000"}, "negatif"),
    ({"price": "0"}, "lebih dari Rp0"),
    ({"price": "15,5"}, "rupiah penuh"),
    ({"stock": "2.5"}, "bilangan bulat"),
    ({"stock": "-1"}, "negatif"),
    ({"photo": None}, "foto"),
    ({"photo": Upload("besar.jpg", b"x" * (3 * 1024 * 1024), "image/jpeg")}, "paling besar"),
    ({"photo": Upload("bukan.jpg", b"bukan gambar", "image/jpeg")}, "bukan foto"),
])
def test_bad_products_are_refused(practice: PracticeOf, fields: dict[str, object],
                                  fragment: str) -> None:
    """Each invalid product gets a friendly message and nothing is recorded."""
    p = practice("pa")
    ready_mailbox(p, "keripik.siti")
    open_store(p)
    values: dict[str, object] = {"name": "Keripik", "price": "15000", "stock": "3",
                                 "photo": photo()}
    values.update(fields)
    with pytest.raises(Invalid) as info:
        p.add_product(**values)  # type: ignore[arg-type]
    assert any(fragment in x for x in info.value.problems), info.value.problems
    assert p.products() == [] and "toko_produk" not in levels(p)


def test_payment_and_item_refusals(practice: PracticeOf) -> None:
    """No courier, bad account number or unchanged settings are refused; later success is 1."""
    p = practice("pa")
    ready_mailbox(p, "keripik.siti")
    open_store(p)
    with pytest.raises(Invalid):
        p.save_payment(bank_name="BRI", account_number="12ab", holder="", methods=[],
                       couriers=[])
    p.save_payment(bank_name="BRI", account_number="123456789", holder="Siti", methods=[],
                   couriers=["JNE"])
    assert levels(p)["toko_pembayaran_pengiriman"] == 1
    prod = p.add_product(name="Keripik", price="15000", stock="3", photo=photo())
    with pytest.raises(Invalid, match="Belum ada yang diubah"):
        p.update_item(prod.id, stock="3", variants="", active=True, discount="0")
    with pytest.raises(Invalid, match="Diskon"):
        p.update_item(prod.id, stock="3", variants="", active=True, discount="95")


def test_prices_and_stock_parsing() -> None:
    """Indonesian price notation is read; ambiguous or invalid input is explained."""
    assert shop.parse_price("15.000")[0] == 15000
    assert shop.parse_price("rp15000")[0] == 15000
    assert shop.parse_price("1.5")[0] is None
    assert shop.parse_stock("0")[0] == 0
    assert shop.parse_stock("abc")[0] is None


def test_blog_flow_follow_and_product_link(practice: PracticeOf) -> None:
    """Blog items: sign up, settings, text, photo + video, follow, link own product."""
    a, b = practice("pa"), practice("pb")
    ready_mailbox(a, "keripik.siti")
    ready_mailbox(b, "batik.budi")
    with pytest.raises(Invalid):
        practice("pc").register_blog("madudewi", "Madu Dewi")  # no mailbox yet
    blog_a = a.register_blog("keripiksiti", "Keripik Siti")
    blog_b = b.register_blog("batikbudi", "Batik Budi")
    a.save_blog_settings("Keripik Siti", "Keripik tempe dari Sragen", "Hubungi 0812…")
    a.post_text("Produk baru", "Keripik pedas sudah tersedia.")
    a.post_image("Foto keripik", photo(), "Renyah")
    assert "blog_posting_media" not in levels(a)  # photo alone is not yet photo and video
    with pytest.raises(Invalid, match="https://"):
        a.post_video("Video", "youtube.com/watch?v=abc")
    a.post_video("Video", "https://youtu.be/abc123")
    assert levels(a)["blog_posting_media"] == 1
    with pytest.raises(Invalid):
        a.follow(blog_a.id)
    assert a.follow(blog_b.id) is True and a.follow(blog_b.id) is False
    with read_tx(a.ws.engine) as conn:
        assert [x.id for x in blogs.followers(conn, blog_b.id)] == [blog_a.id]
    simulated = [x for x in a.other_blogs() if x.simulated_role]
    assert len(simulated) == 2
    with pytest.raises(Invalid):
        a.link_product(1)
    open_store(a)
    prod = a.add_product(name="Keripik tempe", price="15000", stock="3", photo=photo())
    url = a.link_product(prod.id, "Enak!")
    assert url.endswith(f"keripik-tempe-{prod.id}")
    got = levels(a)
    for item in ("blog_daftar", "blog_kelola", "blog_posting_teks", "blog_ikuti"):
        assert got[item] == 2, item
    assert got["blog_tautan_produk"] == 1  # tried once before the store had a product


def test_video_url_rules() -> None:
    """A video link must be a whole https address with a site name and no spaces."""
    assert blogs.check_video_url("https://www.youtube.com/watch?v=x") == []
    for bad in ("", "https://you tube.com/x", "ftp://x.com/v", "https://localhost/v"):
        assert blogs.check_video_url(bad)
