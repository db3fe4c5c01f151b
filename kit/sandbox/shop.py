"""The practice online store (like an Indonesian e-marketplace with escrow).

Registration uses the participant's practice mailbox; the activation code arrives there as an
e-mail. Then: seller profile, bank account / payment methods / couriers, products with photo,
price and stock, and item settings (stock, variants, active, discount). Invalid input raises
:class:`kit.sandbox.common.Invalid` and writes nothing.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import attrs
import sqlalchemy as sa

from kit.i18n import _
from kit.records.clock import now
from kit.records.phone import display_form
from kit.rupiah import NotRupiah, read_rupiah
from kit.sandbox import mail
from kit.sandbox import tables as t
from kit.sandbox.common import Invalid, Upload, check, normalise_image

STORE_HOST = "toko.latihan"
NAME_MIN, NAME_MAX = 4, 30
PRODUCT_NAME_MAX = 100
MAX_PRICE = 1_000_000_000
MAX_STOCK = 1_000_000
MAX_DISCOUNT = 90
MAX_VARIANTS = 10
BANKS = ("BRI", "BNI", "Bank Mandiri", "BCA", "BSI (Bank Syariah Indonesia)", "BTN",
         "Bank Pembangunan Daerah (BPD)", "CIMB Niaga", "Bank Danamon", "Bank Permata")
COURIERS = ("JNE", "J&T Express", "SiCepat", "POS Indonesia", "AnterAja", "TIKI")
PAYMENT_METHODS = ("escrow", "transfer", "ewallet", "minimarket", "cod")
_DOMAIN_RE = re.compile(r"[a-z0-9](?:[a-z0-9-]*[a-z0-9])?")


def payment_label(code: str) -> str:
    """The name of a payment method in the current language."""
    return {
        "escrow": _("Joint account (escrow) of the marketplace"),
        "transfer": _("Bank transfer"),
        "ewallet": _("Digital wallet (e-wallet)"),
        "minimarket": _("Pay at a minimarket counter"),
        "cod": _("Cash on delivery (COD)"),
    }[code]


def check_domain(name: str) -> list[str]:
    """Problems with a shop or blog web name (``name.host``): lowercase letters, digits, hyphen."""
    raw = name.strip()
    problems = []
    if not raw:
        return [_("Type a web name, for example keripiksari.")]
    if raw != raw.lower():
        problems.append(_("Use small letters only: {example}.").format(example=raw.lower()))
    if re.search(r"\s", raw):
        problems.append(_("No spaces; join words with a hyphen: {example}.").format(
            example="-".join(raw.lower().split())))
    if not _DOMAIN_RE.fullmatch(raw.lower().replace(" ", "-")):
        problems.append(_("Only letters, digits and a hyphen (not first or last)."))
    if not (NAME_MIN <= len(raw) <= NAME_MAX):
        problems.append(_("Use {lo} to {hi} characters (now {n}).").format(
            lo=NAME_MIN, hi=NAME_MAX, n=len(raw)))
    return problems


@attrs.frozen
class Store:
    """A practice store as stored."""

    id: int
    participant_id: str
    account_id: int
    domain: str
    name: str
    activated: bool
    seller_name: str | None
    phone: str | None
    city: str | None
    address: str | None
    description: str | None
    bank_name: str | None
    bank_account: str | None
    bank_holder: str | None
    payment_methods: tuple[str, ...]
    couriers: tuple[str, ...]

    @property
    def url(self) -> str:
        """The store's practice web address."""
        return f"https://{STORE_HOST}/{self.domain}"


def _store(row: sa.RowMapping) -> Store:
    return Store(id=row["id"], participant_id=row["participant_id"],
                 account_id=row["account_id"], domain=row["domain"], name=row["name"],
                 activated=row["activated_at"] is not None, seller_name=row["seller_name"],
                 phone=row["phone"], city=row["city"], address=row["address"],
                 description=row["description"], bank_name=row["bank_name"],
                 bank_account=row["bank_account"], bank_holder=row["bank_holder"],
                 payment_methods=tuple(row["payment_methods"] or ()),
                 couriers=tuple(row["couriers"] or ()))


def get_store(conn: sa.Connection, participant_id: str) -> Store | None:
    """The participant's store, or ``None``."""
    row = conn.execute(sa.select(t.store).where(t.store.c.participant_id == participant_id)
                       ).mappings().first()
    return _store(row) if row else None


def _store_by_id(conn: sa.Connection, store_id: int) -> Store:
    row = conn.execute(sa.select(t.store).where(t.store.c.id == store_id)).mappings().first()
    if row is None:
        raise Invalid(_("Open your store first."))
    return _store(row)


def _active_store(conn: sa.Connection, store_id: int) -> Store:
    s = _store_by_id(conn, store_id)
    if not s.activated:
        raise Invalid(_("Activate your store first with the code sent to your practice "
                        "mailbox."))
    return s


def register(conn: sa.Connection, participant_id: str, name: str, domain: str) -> Store:
    """Open a store with the participant's practice e-mail; the code goes to their mailbox.

    Raises :class:`Invalid` without an active practice mailbox, for an empty store name, a bad
    or taken web name, or a second store.
    """
    acc = mail.get_account(conn, participant_id=participant_id)
    if acc is None or not acc.activated:
        raise Invalid(_("Sign up with your e-mail: first make and activate your practice "
                        "address in the e-mail part."))
    problems = check_domain(domain)
    if not name.strip():
        problems.append(_("Type your store's name."))
    check(problems)
    if get_store(conn, participant_id):
        raise Invalid(_("You already have a store."))
    domain = domain.strip()
    if conn.execute(sa.select(t.store.c.id).where(t.store.c.domain == domain)).first():
        raise Invalid(_("The web name {name} is already taken; add your town, for example "
                        "{example}.").format(name=domain, example=f"{domain}-sragen"[:NAME_MAX]))
    code = mail.new_code()
    ts = now()
    conn.execute(t.store.insert().values(
        domain=domain, participant_id=participant_id, account_id=acc.id, name=name.strip(),
        activation_code=code, created_at=ts, updated_at=ts))
    service = mail.create_service_account(conn, f"noreply@{STORE_HOST}", _("Practice Store"),
                                          "store_service")
    mail.system_message(
        conn, service.id, acc.id, _("Activation code for your store {name}").format(
            name=name.strip()),
        _("Thank you for opening a store at {host}.\n\nYour activation code: {code}\n\n"
          "Type this code in the store page to activate it. Never give this code to anybody "
          "who asks for it by phone or chat.").format(host=STORE_HOST, code=code))
    found = get_store(conn, participant_id)
    assert found is not None  # noqa: S101 - just inserted
    return found


def activate(conn: sa.Connection, store_id: int, code: str) -> Store:
    """Activate the store with the e-mailed code; raises :class:`Invalid` for a wrong code."""
    row = conn.execute(sa.select(t.store).where(t.store.c.id == store_id)).mappings().first()
    if row is None:
        raise Invalid(_("Open your store first."))
    if row["activated_at"] is None:
        typed = re.sub(r"\s", "", code)
        if typed != row["activation_code"]:
            raise Invalid(_("That code is not right. Open the e-mail from the Practice Store "
                            "in your mailbox and type its 6 digits."))
        conn.execute(t.store.update().where(t.store.c.id == store_id)
                     .values(activated_at=now(), updated_at=now()))
    return _store_by_id(conn, store_id)


def save_profile(conn: sa.Connection, store_id: int, *, seller_name: str, phone: str,
                 city: str, address: str, description: str = "") -> dict[str, str]:
    """Save the seller profile; returns what was saved. Raises :class:`Invalid` on errors."""
    _active_store(conn, store_id)
    problems = []
    if not seller_name.strip():
        problems.append(_("Type the seller's name (as on your ID card or bank book)."))
    number = display_form(phone, mobile_only=True)  # shown to buyers as 0812…
    if number is None:
        problems.append(_("Type a mobile number such as 0812 3456 7890."))
    if not city.strip():
        problems.append(_("Type your town or district (buyers see where goods are sent from)."))
    if not address.strip():
        problems.append(_("Type the address where couriers pick up the goods."))
    if len(description) > 500:
        problems.append(_("Keep the store description under 500 characters."))
    check(problems)
    assert number is not None  # noqa: S101 - checked above
    values = {"seller_name": seller_name.strip(), "phone": number, "city": city.strip(),
              "address": address.strip(), "description": description.strip()}
    conn.execute(t.store.update().where(t.store.c.id == store_id)
                 .values(**values, updated_at=now()))
    return values


def save_payment(conn: sa.Connection, store_id: int, *, bank_name: str, account_number: str,
                 holder: str, methods: Sequence[str], couriers: Sequence[str]) -> dict[str, Any]:
    """Save bank account, payment methods and couriers; returns what was saved.

    Escrow (the marketplace's joint account) is always on: the buyer pays the marketplace, the
    seller is paid after the buyer confirms receipt.
    """
    _active_store(conn, store_id)
    problems = []
    if bank_name not in BANKS:
        problems.append(_("Choose your bank."))
    number = re.sub(r"[\s\-.]", "", account_number)
    if not re.fullmatch(r"\d{6,20}", number):
        problems.append(_("An account number has digits only (6 to 20), as in your bank "
                          "book."))
    if not holder.strip():
        problems.append(_("Type the account holder's name exactly as in the bank book."))
    unknown = [m for m in methods if m not in PAYMENT_METHODS]
    chosen = ["escrow"] + [m for m in PAYMENT_METHODS if m in methods and m != "escrow"]
    ships = [c for c in COURIERS if c in couriers]
    if unknown or [c for c in couriers if c not in COURIERS]:
        problems.append(_("Choose from the list only."))
    if not ships:
        problems.append(_("Choose at least one courier so buyers can receive the goods."))
    check(problems)
    values: dict[str, Any] = {"bank_name": bank_name, "bank_account": number,
                              "bank_holder": holder.strip(), "payment_methods": chosen,
                              "couriers": ships}
    conn.execute(t.store.update().where(t.store.c.id == store_id)
                 .values(**values, updated_at=now()))
    return values


def parse_price(text: str) -> tuple[int | None, list[str]]:
    """Read a rupiah price (``15000``, ``15.000``, ``Rp 15.000``); returns (price, problems)."""
    price = read_rupiah(text)
    if price is NotRupiah.EMPTY:
        return None, [_("Fill in the price.")]
    if price is NotRupiah.NEGATIVE:
        return None, [_("A price cannot be negative.")]
    if isinstance(price, NotRupiah):
        return None, [_("The price \"{typed}\" is not a number: write the whole rupiah in "
                        "digits only, for example 15000 or 15.000.").format(typed=text.strip())]
    if price <= 0:
        return None, [_("The price must be more than Rp0.")]
    if price > MAX_PRICE:
        return None, [_("That price is too high for the practice; check the zeros.")]
    return price, []


def parse_stock(text: str) -> tuple[int | None, list[str]]:
    """Read a stock count (a whole number ≥ 0); returns (stock, problems)."""
    raw = text.strip()
    if not raw:
        return None, [_("Fill in the stock (how many are ready to send).")]
    if re.fullmatch(r"-\s*\d+", raw):
        return None, [_("Stock cannot be negative.")]
    if not raw.isdigit():
        return None, [_("Stock is a whole number of pieces, for example 25 (no commas or "
                        "letters).")]
    stock = int(raw)
    if stock > MAX_STOCK:
        return None, [_("That stock is too high for the practice; check the zeros.")]
    return stock, []


@attrs.frozen
class Product:
    """A product of a practice store (the photo is fetched separately)."""

    id: int
    store_id: int
    name: str
    description: str
    price: int
    stock: int
    has_photo: bool
    variants: tuple[str, ...]
    active: bool
    discount_percent: int

    @property
    def final_price(self) -> int:
        """The price after the discount, in whole rupiah."""
        return self.price * (100 - self.discount_percent) // 100


def _product(row: sa.RowMapping) -> Product:
    return Product(id=row["id"], store_id=row["store_id"], name=row["name"],
                   description=row["description"], price=row["price"], stock=row["stock"],
                   has_photo=row["photo"] is not None, variants=tuple(row["variants"] or ()),
                   active=bool(row["active"]), discount_percent=row["discount_percent"])


def add_product(conn: sa.Connection, store_id: int, *, name: str, price: str, stock: str,
                photo: Upload | None, description: str = "") -> Product:
    """Add a product with photo, price and stock; raises :class:`Invalid`, writing nothing."""
    _active_store(conn, store_id)
    problems = []
    if not name.strip():
        problems.append(_("Type the product name, for example 'Keripik tempe 250 g'."))
    elif len(name.strip()) > PRODUCT_NAME_MAX:
        problems.append(_("Keep the product name under {n} characters.").format(
            n=PRODUCT_NAME_MAX))
    price_value, price_problems = parse_price(price)
    stock_value, stock_problems = parse_stock(stock)
    problems += price_problems + stock_problems
    image: tuple[bytes, str] | None = None
    if photo is None:
        problems.append(_("Add a photo of the product; buyers want to see it."))
    else:
        try:
            image = normalise_image(photo)
        except Invalid as exc:
            problems.extend(exc.problems)
    check(problems)
    assert image is not None  # noqa: S101 - checked above
    ts = now()
    res = conn.execute(t.product.insert().values(
        store_id=store_id, name=name.strip(), description=description.strip(), price=price_value,
        stock=stock_value, photo=image[0], photo_mime=image[1], variants=[], active=True,
        discount_percent=0, created_at=ts, updated_at=ts))
    pk = res.inserted_primary_key
    assert pk is not None  # noqa: S101 - insert has a key
    return get_product(conn, store_id, int(pk[0]))


def get_product(conn: sa.Connection, store_id: int, product_id: int) -> Product:
    """A product of this store; raises :class:`Invalid` if it is not theirs."""
    row = conn.execute(sa.select(t.product).where(t.product.c.id == product_id,
                                                  t.product.c.store_id == store_id)
                       ).mappings().first()
    if row is None:
        raise Invalid(_("That product is not in your store."))
    return _product(row)


def list_products(conn: sa.Connection, store_id: int) -> list[Product]:
    """The store's products, newest first."""
    rows = conn.execute(sa.select(t.product).where(t.product.c.store_id == store_id)
                        .order_by(t.product.c.id.desc())).mappings()
    return [_product(r) for r in rows]


def product_photo(conn: sa.Connection, product_id: int) -> tuple[bytes, str] | None:
    """``(bytes, mime)`` of a product photo, or ``None``."""
    row = conn.execute(sa.select(t.product.c.photo, t.product.c.photo_mime)
                       .where(t.product.c.id == product_id)).first()
    if row is None or row.photo is None:
        return None
    return bytes(row.photo), str(row.photo_mime)


def product_url(store: Store, product: Product) -> str:
    """The product's practice web address (what a blog links to)."""
    slug = re.sub(r"[^a-z0-9]+", "-", product.name.lower()).strip("-") or "produk"
    return f"{store.url}/{slug}-{product.id}"


def parse_variants(text: str) -> tuple[list[str], list[str]]:
    """Split ``Pedas, Original`` into variants; returns (variants, problems)."""
    out: list[str] = []
    for part in re.split(r"[,;\n]", text):
        v = part.strip()
        if v and v.lower() not in (x.lower() for x in out):
            out.append(v)
    problems = []
    if len(out) > MAX_VARIANTS:
        problems.append(_("At most {n} variants.").format(n=MAX_VARIANTS))
    if any(len(v) > 30 for v in out):
        problems.append(_("Keep each variant under 30 characters (for example 'Pedas')."))
    return out, problems


def update_item(conn: sa.Connection, store_id: int, product_id: int, *, stock: str,
                variants: str, active: bool, discount: str) -> dict[str, tuple[Any, Any]]:
    """Change a product's stock, variants, active flag and discount; returns field → (old, new).

    Raises :class:`Invalid` for bad values or when nothing changed; writes nothing then.
    """
    _active_store(conn, store_id)
    old = get_product(conn, store_id, product_id)
    stock_value, problems = parse_stock(stock)
    variant_list, variant_problems = parse_variants(variants)
    problems += variant_problems
    d = discount.strip().rstrip("%").strip() or "0"
    discount_value = int(d) if d.isdigit() else None
    if discount_value is None or discount_value > MAX_DISCOUNT:
        problems.append(_("The discount is a whole percentage from 0 to {n}.").format(
            n=MAX_DISCOUNT))
    check(problems)
    new: dict[str, Any] = {"stock": stock_value, "variants": tuple(variant_list),
                           "active": bool(active), "discount_percent": discount_value}
    changes = {k: (getattr(old, k), v) for k, v in new.items() if getattr(old, k) != v}
    if not changes:
        raise Invalid(_("Nothing changed yet: change the stock, variants, status or discount "
                        "first."))
    values = {k: (list(v[1]) if k == "variants" else v[1]) for k, v in changes.items()}
    conn.execute(t.product.update().where(t.product.c.id == product_id)
                 .values(**values, updated_at=now()))
    return changes
