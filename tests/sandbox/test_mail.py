from __future__ import annotations

from collections.abc import Callable

import pytest

from kit.sandbox import mail
from kit.sandbox.common import Invalid, Upload
from kit.sandbox.practice import Practice, sandbox_items
from kit.storage.db import read_tx
from tests.sandbox.helpers import levels, ready_mailbox

PracticeOf = Callable[[str], Practice]


@pytest.mark.parametrize(("typed", "fragment"), [
    ("Keripik Siti", "spasi"),
    ("KeripikSiti", "huruf kecil"),
    ("keripik_siti!", "hapus: ! _"),
    (".keripik", "titik"),
    ("keripik..siti", "titik"),
    ("abc", "6 sampai 30"),
    ("12345678", "huruf"),
    ("siti@gmail.com", "@"),
    ("", "contoh"),
])
def test_bad_addresses_are_explained(typed: str, fragment: str) -> None:
    """Each broken rule gives an Indonesian explanation and no address."""
    result = mail.check_address(typed, "Keripik Siti")
    assert not result.ok and result.address is None
    assert any(fragment in e for e in result.errors), result.errors


def test_good_address_and_business_name_hint() -> None:
    """A valid address is accepted; one without the business name gets a tip, not an error."""
    good = mail.check_address("keripik.siti", "Keripik Siti")
    assert good.ok and good.address == "keripik.siti@surel.latihan" and not good.hints
    full = mail.check_address("keripik.siti@surel.latihan", "Keripik Siti")
    assert full.address == "keripik.siti@surel.latihan"
    other = mail.check_address("tokoku1975", "Keripik Siti")
    assert other.ok and other.hints and "keripik.siti" in other.hints[0]


def test_suggestion_is_always_valid() -> None:
    """Suggested addresses pass the rules, even from short or odd business names."""
    for name in ("Keripik Siti", "UD", "Batik & Tenun 'Sekar'", ""):
        assert mail.check_address(mail.suggest_local(name)).ok


def test_register_activate_records_evidence(practice: PracticeOf) -> None:
    """Registering and activating record level 2; the welcome and a buyer's question arrive."""
    p = practice("pa")
    acc, code = p.register_mail("keripik.siti", "Siti Rahayu")
    assert not acc.activated and p.pending_code() == code
    with pytest.raises(Invalid):
        p.activate_mail("000000" if code != "000000" else "111111")
    acc = p.activate_mail(code)
    assert acc.activated and p.pending_code() is None
    got = levels(p)
    assert got["email_daftar"] == 2
    # One wrong code first: activation is a one-time sign-up that cannot be repeated cleanly,
    # so the refusal does not cap it at level 1 (kit.sandbox.practice.earned_level).
    assert got["email_aktivasi"] == 2
    with read_tx(p.ws.engine) as conn:
        subjects = [m.subject for m in mail.inbox(conn, acc.id)]
    assert "Pertanyaan tentang produk Anda" in subjects


def test_refused_address_records_nothing(practice: PracticeOf) -> None:
    """A bad or taken address writes no account and no evidence."""
    a, b = practice("pa"), practice("pb")
    with pytest.raises(Invalid):
        a.register_mail("Keripik Siti", "Siti")
    assert a.mail_account() is None and levels(a) == {}
    ready_mailbox(a, "keripik.siti")
    with pytest.raises(Invalid, match="sudah dipakai"):
        b.register_mail("keripik.siti", "Budi")
    with pytest.raises(Invalid, match="sudah punya"):
        a.register_mail("keripik.siti2", "Siti")


def test_to_cc_bcc_what_each_recipient_sees(practice: PracticeOf) -> None:
    """To and CC are visible to all; BCC only to the sender and to that BCC recipient."""
    a, b, c = practice("pa"), practice("pb"), practice("pc")
    for p, local in ((a, "keripik.siti"), (b, "batik.budi"), (c, "madu.dewi")):
        ready_mailbox(p, local)
    msg = a.send_mail(mail.Draft(to="batik.budi", cc="sari.pembeli@surel.latihan",
                                 bcc="madu.dewi", subject="Katalog", body="Halo semua"))
    with read_tx(a.ws.engine) as conn:
        views = mail.recipient_views(conn, msg)
    sender = views["keripik.siti@surel.latihan"]
    to_view = views["batik.budi@surel.latihan"]
    cc_view = views["sari.pembeli@surel.latihan"]
    bcc_view = views["madu.dewi@surel.latihan"]
    assert [x.address for x in sender.bcc] == ["madu.dewi@surel.latihan"]
    assert to_view.bcc == () and cc_view.bcc == ()
    assert [x.address for x in bcc_view.bcc] == ["madu.dewi@surel.latihan"]
    assert bcc_view.viewer_field == "bcc" and cc_view.viewer_field == "cc"
    assert [x.address for x in to_view.cc] == ["sari.pembeli@surel.latihan"]
    with read_tx(a.ws.engine) as conn:
        assert msg in [m.id for m in mail.inbox(conn, b.mail_account().id)]  # type: ignore[union-attr]
        assert msg in [m.id for m in mail.inbox(conn, c.mail_account().id)]  # type: ignore[union-attr]
    got = levels(a)
    assert got["email_tulis"] == 2 and got["email_cc_bcc"] == 2


def test_cc_alone_is_not_yet_cc_bcc(practice: PracticeOf) -> None:
    """CC without BCC does not complete email_cc_bcc; a later BCC message does."""
    a = practice("pa")
    ready_mailbox(a, "keripik.siti")
    a.send_mail(mail.Draft(to="darto.pemasok", cc="sari.pembeli", subject="Pesan", body="x"))
    assert "email_cc_bcc" not in levels(a)
    a.send_mail(mail.Draft(to="darto.pemasok", bcc="rina.pendamping", subject="Pesan 2",
                           body="y"))
    assert levels(a)["email_cc_bcc"] == 2


def test_send_refusals_write_nothing(practice: PracticeOf) -> None:
    """Unknown recipients, empty fields and duplicates are refused; nothing is stored."""
    a = practice("pa")
    ready_mailbox(a, "keripik.siti")
    with read_tx(a.ws.engine) as conn:
        before = len(mail.sent(conn, a.mail_account().id))  # type: ignore[union-attr]
    for draft in (
        mail.Draft(to="", subject="s", body="b"),
        mail.Draft(to="tidak.ada", subject="s", body="b"),
        mail.Draft(to="sari.pembeli", subject="", body="b"),
        mail.Draft(to="sari.pembeli", cc="sari.pembeli", subject="s", body="b"),
    ):
        with pytest.raises(Invalid):
            a.send_mail(draft)
    with read_tx(a.ws.engine) as conn:
        assert len(mail.sent(conn, a.mail_account().id)) == before  # type: ignore[union-attr]
    assert "email_tulis" not in levels(a)
    a.send_mail(mail.Draft(to="sari.pembeli", subject="s", body="b"))
    assert levels(a)["email_tulis"] == 1  # succeeded after the sandbox explained mistakes


def test_attachment_limits(practice: PracticeOf) -> None:
    """Empty and huge files get a friendly message; a normal file is delivered and counted."""
    a = practice("pa")
    ready_mailbox(a, "keripik.siti")
    huge = Upload("video.mp4", b"x" * (mail.MAX_ATTACHMENT_BYTES + 1), "video/mp4")
    with pytest.raises(Invalid, match="paling besar") as info:
        a.send_mail(mail.Draft(to="sari.pembeli", subject="s", body="b", attachments=(huge,)))
    assert "MB" in str(info.value)
    with pytest.raises(Invalid, match="kosong"):
        a.send_mail(mail.Draft(to="sari.pembeli", subject="s", body="b",
                               attachments=(Upload("a.txt", b""),)))
    assert levels(a) == {"email_daftar": 2, "email_aktivasi": 2}
    ok = Upload("harga.pdf", b"%PDF-1.4 daftar harga", "application/pdf")
    msg = a.send_mail(mail.Draft(to="sari.pembeli", subject="Harga", body="Terlampir",
                                 attachments=(ok,)))
    assert levels(a)["email_lampiran"] == 1
    with read_tx(a.ws.engine) as conn:
        sari = mail.get_account(conn, address="sari.pembeli@surel.latihan")
        assert sari is not None
        view = mail.view_message(conn, msg, sari.id)
        assert mail.attachment_data(conn, view.attachments[0].id, sari.id) == (
            "harga.pdf", ok.content)
        with pytest.raises(Invalid):
            mail.attachment_data(conn, view.attachments[0].id, 99999)


def test_simulated_reply_reply_and_forward_thread(practice: PracticeOf) -> None:
    """Bu Sari answers; replying keeps the thread, forwarding starts one and copies files."""
    a, b = practice("pa"), practice("pb")
    ready_mailbox(a, "keripik.siti")
    ready_mailbox(b, "batik.budi")
    first = a.send_mail(mail.Draft(to="sari.pembeli", subject="Harga keripik", body="Rp15.000",
                                   attachments=(Upload("foto.jpg", b"jpg", "image/jpeg"),)))
    me = a.mail_account()
    assert me is not None
    with read_tx(a.ws.engine) as conn:
        answer = next(m for m in mail.inbox(conn, me.id) if m.parent_id == first)
    assert answer.subject == "Re: Harga keripik" and answer.thread_id == first
    assert "foto.jpg" in answer.body
    rid = a.reply_mail(answer.id, "Baik Bu, bisa transfer.")
    fid = a.forward_mail(first, mail.Draft(to="batik.budi", subject="", body="Lihat ini"))
    with read_tx(a.ws.engine) as conn:
        r = mail.view_message(conn, rid, me.id)
        f = mail.view_message(conn, fid, me.id)
        conv = mail.thread(conn, first, me.id)
    assert r.subject == "Re: Harga keripik" and r.thread_id == first
    assert [x.address for x in r.to] == ["sari.pembeli@surel.latihan"]
    assert "> Rp15.000" in r.body or "Bu Sari" in r.body
    assert f.subject == "Fwd: Harga keripik" and f.thread_id == fid
    assert [x.filename for x in f.attachments] == ["foto.jpg"]
    assert [m.id for m in conv][:3] == [first, answer.id, rid]
    assert levels(a)["email_balas"] == 2


def test_reply_all_never_reveals_bcc(practice: PracticeOf) -> None:
    """Reply-all from a To recipient goes to sender and CC, never to the BCC recipient."""
    a, b, c = practice("pa"), practice("pb"), practice("pc")
    for p, local in ((a, "keripik.siti"), (b, "batik.budi"), (c, "madu.dewi")):
        ready_mailbox(p, local)
    msg = a.send_mail(mail.Draft(to="batik.budi", cc="darto.pemasok", bcc="madu.dewi",
                                 subject="Rapat", body="Besok jam 9"))
    rid = b.reply_mail(msg, "Siap", reply_all=True)
    with read_tx(a.ws.engine) as conn:
        view = mail.view_message(conn, rid, b.mail_account().id)  # type: ignore[union-attr]
    everyone = {x.address for x in (*view.to, *view.cc, *view.bcc)}
    assert everyone == {"keripik.siti@surel.latihan", "darto.pemasok@surel.latihan"}


def test_bcc_correspondent_explains_bcc(practice: PracticeOf) -> None:
    """A correspondent in BCC says so in the answer (the lesson of BCC)."""
    a = practice("pa")
    ready_mailbox(a, "keripik.siti")
    msg = a.send_mail(mail.Draft(to="darto.pemasok", bcc="rina.pendamping", subject="Info",
                                 body="x"))
    me = a.mail_account()
    assert me is not None
    with read_tx(a.ws.engine) as conn:
        answers = [m for m in mail.inbox(conn, me.id) if m.parent_id == msg]
    rina = next(m for m in answers if m.sender.address.startswith("rina"))
    assert "BCC" in rina.body
    assert len(answers) == 2


def test_cannot_send_before_activation(practice: PracticeOf) -> None:
    """An address that is not activated cannot send."""
    a = practice("pa")
    a.register_mail("keripik.siti", "Siti")
    with pytest.raises(Invalid, match="Aktifkan"):
        a.send_mail(mail.Draft(to="sari.pembeli", subject="s", body="b"))


def test_every_bimtek_item_has_a_sandbox_action() -> None:
    """The sandbox maps exactly the items of the three bimtek materi of the framework."""
    from kit.framework import framework

    items = sandbox_items()
    assert sum(len(v) for v in items.values()) == len(framework().activity("bimtek").items)
    import kit.sandbox.practice as practice_module

    doc = practice_module.__doc__ or ""
    for ids in items.values():
        for item_id in ids:
            assert item_id in doc
