"""One participant's practice in the sandbox: actions that write, then record evidence.

Every method runs one write transaction of the sandbox, then (after it committed) records the
evidence through :func:`kit.assess.observe.record_evidence_score`, the only write path for
evidence. Rules:

* An action that is refused (:class:`~kit.sandbox.common.Invalid`) records nothing; it is
  counted as a refused attempt for the items it aimed at (in this page's memory only).
* The one level rule is :func:`earned_level`: a successful action earns **level 2** for its
  item when it succeeded without a refused attempt before it, **level 1** when the sandbox had
  to refuse and explain first (the explanation is the "minimal help"). The counter of the item
  starts again after a success, so a later clean success earns level 2.
* Exception, in the same function: the one-time sign-ups (:data:`ONE_TIME`: register and
  activate the mailbox, create the blog, open and activate the store) cannot be done a second
  time, so a refused try before them (a name taken, a mistyped code) does not cap them at 1.
* The item's level is the **best** level earned: a level is never recorded below the latest
  level of that participant × item (whoever recorded it), and an equal level is not recorded
  again, so the log stays short.
* A participant is told: a refusal lists every problem (nothing was saved), and a success
  that earned only level 1 leaves a one-line note (:meth:`Practice.take_note`) saying why and
  that a clean repeat reaches level 2.
* Items needing two features count when both were used, possibly in different actions:
  ``email_cc_bcc`` (CC and BCC), ``blog_posting_media`` (a photo post and a video post).

Which action completes which item is data: ``modules/bimtek/practice.yaml`` maps each action
name below to a framework item id (read by :func:`action_map`, validated by
``python -m kit framework check``; never bound by position):

=================  ==========================  ===========================================
mail_register      email_daftar                a valid address registered
mail_activate      email_aktivasi              the address activated with the SMS code
mail_send          email_tulis                 a new message sent to one or more people
mail_reply         email_balas                 a reply (or a forward) to a received message
mail_attachment    email_lampiran              a message sent with an attachment
mail_cc_bcc        email_cc_bcc                messages sent using CC and using BCC
blog_create        blog_daftar                 blog created with the practice e-mail
blog_settings      blog_kelola                 title, description and about saved
blog_post_text     blog_posting_teks           a text post published
blog_post_media    blog_posting_media          a photo post and a video-link post published
blog_follow        blog_ikuti                  another blog followed
blog_link_product  blog_tautan_produk          a post linking a product of the own store
store_open         toko_daftar                 store opened with the practice e-mail
store_activate     toko_aktivasi               store activated with the e-mailed code
store_profile      toko_data_diri              seller profile saved
store_payment      toko_pembayaran_pengiriman  bank account, payment methods and couriers saved
store_add_product  toko_produk                 a product with photo, price and stock added
store_update_item  toko_pengaturan_item        an item's stock, variants, status or discount changed
=================  ==========================  ===========================================
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

import sqlalchemy as sa
import yaml

from kit.assess.observe import record_evidence_score
from kit.content_reader import PATHS, NodeReader, read_yaml
from kit.framework import Framework, framework
from kit.i18n import _
from kit.records.participants import Participant, get_participant
from kit.records.scores import latest_scores
from kit.sandbox import blog as blogs
from kit.sandbox import correspondents, mail, shop
from kit.sandbox.common import Invalid, Upload
from kit.storage.db import read_tx, write_tx
from kit.workspace import Workspace

ACTIVITY = "bimtek"
PARTS = {"mail": "bim_email", "blog": "bim_blog", "store": "bim_toko"}
T = TypeVar("T")
ACTIONS = ("mail_register", "mail_activate", "mail_send", "mail_reply", "mail_attachment",
           "mail_cc_bcc", "blog_create", "blog_settings", "blog_post_text", "blog_post_media",
           "blog_follow", "blog_link_product", "store_open", "store_activate", "store_profile",
           "store_payment", "store_add_product", "store_update_item")


ONE_TIME = frozenset({"mail_register", "mail_activate", "blog_create", "store_open",
                      "store_activate"})


def earned_level(action: str, refused: int) -> int:
    """The level one success of ``action`` earns after ``refused`` refused tries (the one rule).

    2 for a clean success; 1 after refused tries, except for the one-time sign-ups
    (:data:`ONE_TIME`), which cannot be repeated cleanly and so earn 2.
    """
    return 1 if refused and action not in ONE_TIME else 2


def load_action_map(path: Path, fw: Framework | None = None) -> dict[str, str]:
    """Load ``practice.yaml``: every action of :data:`ACTIONS` → an item of the bimtek activity.

    An unknown action, an item the activity does not have, or a missing action is a located
    problem; :class:`~kit.content_reader.ContentError` lists them all.
    """
    item_ids = {i.id for i in (fw or framework()).activity(ACTIVITY).items}

    def parse(r: NodeReader, root: yaml.Node) -> dict[str, str]:
        m = r.mapping(root, "practice")
        r.unknown_keys(m, "practice", ("actions",))
        actions = r.get(m, root, "practice", "actions")
        out: dict[str, str] = {}
        for action, node in r.mapping(actions, "practice.actions").items():
            path = f"practice.actions.{action}"
            if action not in ACTIONS:
                r.fail(node, path, _("unknown action (known: {actions})").format(
                    actions=", ".join(ACTIONS)))
                continue
            item = r.scalar(node, path)
            if item not in item_ids:
                r.fail(node, path, _(
                    "item {item!r} is not an item of activity {activity!r}").format(
                    item=item, activity=ACTIVITY))
                continue
            out[action] = item
        for action in ACTIONS:
            if action not in out and not any(p.field == f"practice.actions.{action}"
                                             for p in r.problems):
                r.fail(actions, f"practice.actions.{action}", _("required field is missing"))
        return out

    return read_yaml(path, parse)


@cache
def action_map() -> dict[str, str]:
    """Action name → the item id it completes (``modules/bimtek/practice.yaml``), loaded once."""
    return load_action_map(PATHS.practice())


def sandbox_items() -> dict[str, tuple[str, ...]]:
    """Part (``mail``/``blog``/``store``) → the item ids of its materi, from the framework."""
    activity = framework().activity(ACTIVITY)
    by_materi = {m.id: tuple(i.id for i in m.items) for m in activity.materi}
    return {part: by_materi[materi_id] for part, materi_id in PARTS.items()}


class Practice:
    """The sandbox for one participant in one workspace (optionally within a session)."""

    def __init__(self, ws: Workspace, participant_id: str, session_id: str | None = None):
        self.ws = ws
        self.participant_id = participant_id
        self.session_id = session_id
        self.refused: Counter[str] = Counter()
        self.items = action_map()
        self.actions = {item: action for action, item in self.items.items()}
        self.note = ""

    # -- plumbing -------------------------------------------------------------------------
    def participant(self) -> Participant | None:
        """The participant's roster record."""
        with read_tx(self.ws.engine) as conn:
            return get_participant(conn, self.participant_id)

    def read(self, fn: Callable[[sa.Connection], T]) -> T:
        """Run ``fn`` in a read transaction and return its result."""
        with read_tx(self.ws.engine) as conn:
            return fn(conn)

    def _write(self, targets: Sequence[str], fn: Callable[[sa.Connection], T]) -> T:
        try:
            with write_tx(self.ws.engine) as conn:
                return fn(conn)
        except Invalid:
            for item in targets:
                self.refused[item] += 1
            raise

    def level_for(self, item_id: str) -> int:
        """The level a success on ``item_id`` earns now (:func:`earned_level`)."""
        return earned_level(self.actions.get(item_id, item_id), self.refused[item_id])

    def take_note(self) -> str:
        """The note of the last success that earned only level 1 (then forgotten), or ``""``."""
        note, self.note = self.note, ""
        return note

    def _record(self, item_id: str, details: dict[str, Any]) -> int | None:
        level = self.level_for(item_id)
        attempts = self.refused.pop(item_id, 0)
        with read_tx(self.ws.engine) as conn:
            current = [e.level for e in latest_scores(conn, self.participant_id)
                       if e.item_id == item_id]
        best = max([level, *current])
        if best < 2:
            self.note = _(
                "This counts as done with help (level 1), because an earlier try had to be "
                "corrected. Do it once more without a mistake to reach level 2.")
        if current and current[0] >= level:
            return None
        record_evidence_score(
            self.ws, self.participant_id, item_id, level, session_id=self.session_id,
            details={"sandbox": True, "refused_attempts": attempts, **details})
        return level

    # -- e-mail ---------------------------------------------------------------------------
    def mail_account(self) -> mail.Account | None:
        """The participant's practice mailbox, if registered."""
        return self.read(lambda c: mail.get_account(c, participant_id=self.participant_id))

    def register_mail(self, local: str, display_name: str) -> tuple[mail.Account, str]:
        """Register the practice address; returns (account, activation code shown by SMS)."""
        person = self.participant()
        business = person.business_name if person else None

        def run(conn: sa.Connection) -> tuple[mail.Account, str]:
            correspondents.ensure_correspondents(conn)
            return mail.register(conn, self.participant_id, local, display_name, business)

        acc, code = self._write([self.items["mail_register"]], run)
        self._record(self.items["mail_register"],
                     {"action": "register", "address": acc.address})
        return acc, code

    def pending_code(self) -> str | None:
        """The activation code 'sent by SMS' while the mailbox is not active yet."""
        acc = self.mail_account()
        return self.read(lambda c: mail.activation_code(c, acc.id)) if acc else None

    def activate_mail(self, code: str) -> mail.Account:
        """Activate the mailbox; the welcome messages arrive."""
        person = self.participant()

        def run(conn: sa.Connection) -> mail.Account:
            acc = mail.get_account(conn, participant_id=self.participant_id)
            if acc is None:
                raise Invalid(_("Register an address first."))
            was_active = acc.activated
            acc = mail.activate(conn, acc.id, code)
            if not was_active:
                correspondents.welcome(conn, acc.id, person.business_name if person else None)
            return acc

        acc = self._write([self.items["mail_activate"]], run)
        self._record(self.items["mail_activate"],
                     {"action": "activate", "address": acc.address})
        return acc

    def _own_account(self, conn: sa.Connection) -> mail.Account:
        acc = mail.get_account(conn, participant_id=self.participant_id)
        if acc is None:
            raise Invalid(_("Register an address first."))
        return acc

    def _mail_evidence(self, message_id: int, action: str, targets: Sequence[str]) -> None:
        def run(conn: sa.Connection) -> tuple[mail.MessageView, dict[str, list[int]]]:
            acc = self._own_account(conn)
            return mail.view_message(conn, message_id, acc.id), mail.usage(conn, acc.id)

        view, used = self.read(run)
        details = {"action": action, "message_id": message_id, "subject": view.subject,
                   "to": [a.address for a in view.to], "cc": [a.address for a in view.cc],
                   "bcc": [a.address for a in view.bcc],
                   "attachments": [a.filename for a in view.attachments]}
        for item in targets:
            if item == self.items["mail_cc_bcc"] and not (used["cc"] and used["bcc"]):
                continue
            if item == self.items["mail_attachment"] and not view.attachments:
                continue
            extra = ({"cc_message_ids": used["cc"], "bcc_message_ids": used["bcc"]}
                     if item == self.items["mail_cc_bcc"] else {})
            self._record(item, {**details, **extra})

    def _send_targets(self, draft: mail.Draft, base: str) -> list[str]:
        targets = [base]
        if draft.attachments:
            targets.append(self.items["mail_attachment"])
        if draft.cc.strip() or draft.bcc.strip():
            targets.append(self.items["mail_cc_bcc"])
        return targets

    def send_mail(self, draft: mail.Draft) -> int:
        """Send a new message (simulated correspondents answer at once); returns its id."""
        targets = self._send_targets(draft, self.items["mail_send"])

        def run(conn: sa.Connection) -> int:
            msg_id = mail.send(conn, self._own_account(conn).id, draft)
            correspondents.answer(conn, msg_id)
            return msg_id

        msg_id = self._write(targets, run)
        self._mail_evidence(msg_id, "send", targets)
        return msg_id

    def reply_mail(self, message_id: int, body: str, reply_all: bool = False,
                   attachments: Sequence[Upload] = ()) -> int:
        """Reply to a received message; returns the reply's id."""
        targets = [self.items["mail_reply"]] + (
            [self.items["mail_attachment"]] if attachments else [])

        def run(conn: sa.Connection) -> int:
            msg_id = mail.reply(conn, self._own_account(conn).id, message_id, body, reply_all,
                                attachments)
            correspondents.answer(conn, msg_id)
            return msg_id

        msg_id = self._write(targets, run)
        self._mail_evidence(msg_id, "reply_all" if reply_all else "reply", targets)
        return msg_id

    def forward_mail(self, message_id: int, draft: mail.Draft) -> int:
        """Forward a message to other people; returns the new message's id."""
        targets = self._send_targets(draft, self.items["mail_reply"])

        def run(conn: sa.Connection) -> int:
            msg_id = mail.forward(conn, self._own_account(conn).id, message_id, draft)
            correspondents.answer(conn, msg_id)
            return msg_id

        msg_id = self._write(targets, run)
        self._mail_evidence(msg_id, "forward", targets)
        return msg_id

    def open_message(self, message_id: int) -> mail.MessageView:
        """The message as this participant sees it (marks it read)."""
        def run(conn: sa.Connection) -> mail.MessageView:
            acc = self._own_account(conn)
            mail.mark_read(conn, message_id, acc.id)
            return mail.view_message(conn, message_id, acc.id)

        with write_tx(self.ws.engine) as conn:
            return run(conn)

    # -- blog -----------------------------------------------------------------------------
    def blog(self) -> blogs.Blog | None:
        """The participant's blog, if created."""
        return self.read(lambda c: blogs.get_blog(c, self.participant_id))

    def _own_blog(self, conn: sa.Connection) -> blogs.Blog:
        b = blogs.get_blog(conn, self.participant_id)
        if b is None:
            raise Invalid(_("Create your blog first."))
        return b

    def register_blog(self, name: str, title: str) -> blogs.Blog:
        """Create the blog with the practice e-mail."""
        b = self._write([self.items["blog_create"]],
                        lambda c: blogs.register(c, self.participant_id, name, title))
        self._record(self.items["blog_create"], {"action": "register", "url": b.url})
        return b

    def save_blog_settings(self, title: str, description: str, about: str) -> dict[str, str]:
        """Save the blog's title, description and about text."""
        saved = self._write([self.items["blog_settings"]], lambda c: blogs.save_settings(
            c, self._own_blog(c).id, title=title, description=description, about=about))
        self._record(self.items["blog_settings"],
                     {"action": "settings", "title": saved["title"]})
        return saved

    def post_text(self, title: str, body: str) -> int:
        """Publish a text post."""
        pid = self._write([self.items["blog_post_text"]],
                          lambda c: blogs.post_text(c, self._own_blog(c).id, title, body))
        self._record(self.items["blog_post_text"], {"action": "post_text", "post_id": pid,
                                        "title": title.strip()})
        return pid

    def _media_evidence(self, post_id: int, kind: str) -> None:
        def kinds(conn: sa.Connection) -> set[str]:
            return {p.kind for p in blogs.posts(conn, self._own_blog(conn).id)}

        if {"image", "video"} <= self.read(kinds):
            self._record(self.items["blog_post_media"],
                         {"action": f"post_{kind}", "post_id": post_id})

    def post_image(self, title: str, image: Upload | None, caption: str = "") -> int:
        """Publish a photo post."""
        pid = self._write([self.items["blog_post_media"]], lambda c: blogs.post_image(
            c, self._own_blog(c).id, title, image, caption))
        self._media_evidence(pid, "image")
        return pid

    def post_video(self, title: str, url: str, caption: str = "") -> int:
        """Publish a video-link post."""
        pid = self._write([self.items["blog_post_media"]], lambda c: blogs.post_video(
            c, self._own_blog(c).id, title, url, caption))
        self._media_evidence(pid, "video")
        return pid

    def other_blogs(self) -> list[blogs.Blog]:
        """Blogs one can follow (creates the simulated ones on first use)."""
        def run(conn: sa.Connection) -> list[blogs.Blog]:
            return blogs.other_blogs(conn, self._own_blog(conn).id)

        with write_tx(self.ws.engine) as conn:
            return run(conn)

    def follow(self, blog_id: int) -> bool:
        """Follow another blog; returns False if it was already followed."""
        def run(conn: sa.Connection) -> tuple[bool, blogs.Blog]:
            added = blogs.follow(conn, self._own_blog(conn).id, blog_id)
            return added, blogs.blog_by_id(conn, blog_id)

        added, other = self._write([self.items["blog_follow"]], run)
        self._record(self.items["blog_follow"], {"action": "follow", "blog": other.url,
                                         "simulated": other.simulated_role is not None})
        return added

    def link_product(self, product_id: int, note: str = "") -> str:
        """Publish a post linking a product of the own store; returns the product's address."""
        pid, url = self._write([self.items["blog_link_product"]], lambda c: blogs.link_product(
            c, self._own_blog(c).id, self.participant_id, product_id, note))
        self._record(self.items["blog_link_product"], {"action": "link_product", "post_id": pid,
                                          "product_id": product_id, "url": url})
        return url

    # -- store ----------------------------------------------------------------------------
    def store(self) -> shop.Store | None:
        """The participant's store, if opened."""
        return self.read(lambda c: shop.get_store(c, self.participant_id))

    def _own_store(self, conn: sa.Connection) -> shop.Store:
        s = shop.get_store(conn, self.participant_id)
        if s is None:
            raise Invalid(_("Open your store first."))
        return s

    def register_store(self, name: str, domain: str) -> shop.Store:
        """Open the store with the practice e-mail (the code arrives in the mailbox)."""
        s = self._write([self.items["store_open"]],
                        lambda c: shop.register(c, self.participant_id, name, domain))
        self._record(self.items["store_open"], {"action": "register", "url": s.url})
        return s

    def activate_store(self, code: str) -> shop.Store:
        """Activate the store with the e-mailed code."""
        s = self._write([self.items["store_activate"]],
                        lambda c: shop.activate(c, self._own_store(c).id, code))
        self._record(self.items["store_activate"], {"action": "activate", "url": s.url})
        return s

    def save_profile(self, **fields: str) -> dict[str, str]:
        """Save the seller profile (seller_name, phone, city, address, description)."""
        saved = self._write([self.items["store_profile"]], lambda c: shop.save_profile(
            c, self._own_store(c).id, **fields))
        self._record(self.items["store_profile"], {"action": "profile", "city": saved["city"]})
        return saved

    def save_payment(self, *, bank_name: str, account_number: str, holder: str,
                     methods: Sequence[str], couriers: Sequence[str]) -> dict[str, Any]:
        """Save bank account, payment methods and couriers."""
        saved = self._write([self.items["store_payment"]], lambda c: shop.save_payment(
            c, self._own_store(c).id, bank_name=bank_name, account_number=account_number,
            holder=holder, methods=methods, couriers=couriers))
        self._record(self.items["store_payment"], {
            "action": "payment", "bank": saved["bank_name"],
            "payment_methods": saved["payment_methods"], "couriers": saved["couriers"]})
        return saved

    def add_product(self, *, name: str, price: str, stock: str, photo: Upload | None,
                    description: str = "") -> shop.Product:
        """Add a product with photo, price and stock."""
        p = self._write([self.items["store_add_product"]], lambda c: shop.add_product(
            c, self._own_store(c).id, name=name, price=price, stock=stock, photo=photo,
            description=description))
        self._record(self.items["store_add_product"], {
            "action": "add_product", "product_id": p.id, "name": p.name, "price": p.price,
            "stock": p.stock})
        return p

    def update_item(self, product_id: int, *, stock: str, variants: str, active: bool,
                    discount: str) -> dict[str, tuple[Any, Any]]:
        """Change an item's settings; returns what changed (field → (old, new))."""
        changes = self._write([self.items["store_update_item"]], lambda c: shop.update_item(
            c, self._own_store(c).id, product_id, stock=stock, variants=variants,
            active=active, discount=discount))
        self._record(self.items["store_update_item"], {
            "action": "item_settings", "product_id": product_id,
            "changed": {k: [list(v) if isinstance(v, tuple) else v for v in pair]
                        for k, pair in changes.items()}})
        return changes

    def products(self) -> list[shop.Product]:
        """The own store's products (empty without a store)."""
        def run(conn: sa.Connection) -> list[shop.Product]:
            s = shop.get_store(conn, self.participant_id)
            return shop.list_products(conn, s.id) if s else []

        return self.read(run)
