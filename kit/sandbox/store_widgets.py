"""The practice online-store page: open, activate, profile, payment/shipping, products, items."""

from __future__ import annotations

import ipywidgets as w

from kit.i18n import _
from kit.rupiah import format_rupiah
from kit.sandbox import shop, ui
from kit.sandbox.common import (
    MAX_IMAGE_BYTES,
    Invalid,
    format_size,
    uploads_from_value,
)
from kit.sandbox.practice import Practice
from kit.ui import Markup, render


class StoreApp:
    """The practice store of one participant (``.widget`` is the page part)."""

    def __init__(self, practice: Practice):
        self.practice = practice
        self.name = ui.text()
        self.domain = ui.text(placeholder="keripiksiti")
        self.register_button = ui.button(_("Open store"), primary=True)
        self.register_button.on_click(lambda b: self._do(self.register, b))
        self.code = ui.text(placeholder="123456")
        self.activate_button = ui.button(_("Activate store"), primary=True)
        self.activate_button.on_click(lambda b: self._do(self.activate, b))
        self.seller_name = ui.text()
        self.phone = ui.text(placeholder="0812 3456 7890")
        self.city = ui.text()
        self.address = ui.area(rows=2)
        self.description = ui.area(rows=3)
        self.profile_button = ui.button(_("Save profile"), primary=True)
        self.profile_button.on_click(lambda b: self._do(self.save_profile, b))
        self.bank = w.Dropdown(options=[("—", ""), *[(b, b) for b in shop.BANKS]],
                               layout=ui.FULL)
        self.account_number = ui.text()
        self.holder = ui.text()
        self.methods = {m: w.Checkbox(value=m == "escrow", disabled=m == "escrow",
                                      description=shop.payment_label(m), indent=False,
                                      layout=ui.FULL) for m in shop.PAYMENT_METHODS}
        self.couriers = {c: w.Checkbox(value=False, description=c, indent=False,
                                       layout=ui.FULL) for c in shop.COURIERS}
        self.payment_button = ui.button(_("Save payment and shipping"), primary=True)
        self.payment_button.on_click(lambda b: self._do(self.save_payment, b))
        self.product_name = ui.text(placeholder=_("for example: Keripik tempe 250 g"))
        self.price = ui.text(placeholder="15.000")
        self.stock = ui.text(placeholder="25")
        self.product_description = ui.area(rows=3)
        self.photo = ui.upload(accept="image/*")
        self.product_button = ui.button(_("Add product"), primary=True)
        self.product_button.on_click(lambda b: self._do(self.add_product, b))
        self.item = w.Dropdown(layout=ui.FULL)
        self.item.observe(lambda _c: self._load_item(), names="value")
        self.item_stock = ui.text()
        self.item_variants = ui.text(placeholder=_("for example: Original, Pedas"))
        self.item_active = w.Checkbox(value=True, description=_("Shown to buyers (active)"),
                                      indent=False, layout=ui.FULL)
        self.item_discount = ui.text(value="0")
        self.item_button = ui.button(_("Save item settings"), primary=True)
        self.item_button.on_click(lambda b: self._do(self.update_item, b))
        self.catalogue = w.HTML()
        self.results = ui.Results([b for b in vars(self).values() if isinstance(b, w.Button)])
        self.widget = ui.box([])
        self.refresh()

    @property
    def feedback(self) -> ui.Feedback:
        """The message area of the last tap (right below its button)."""
        return self.results.current

    def _do(self, action: object, pressed: w.Button | None = None) -> None:
        assert callable(action)  # noqa: S101 - internal use
        feedback = self.results.press(pressed)
        try:
            message = action()
        except Invalid as exc:
            feedback.error(exc.problems)
            return
        self.refresh()
        self.feedback.ok(str(message), self.practice.take_note())

    def refresh(self) -> None:
        """Redraw the page for the current state of the store."""
        s = self.practice.store()
        parts: list[w.Widget] = [ui.style()]
        if s is None:
            parts += [
                ui.heading(_("1. Open a store"),
                           _("Sign up with your practice e-mail. Choose the store's web name: "
                             "small letters, digits and hyphens.")),
                ui.field(_("Store name"), self.name),
                ui.field(_("Web name (toko.latihan/…)"), self.domain),
                self.register_button,
            ]
        elif not s.activated:
            parts += [
                ui.heading(_("2. Activate the store"),
                           _("The activation code was sent to your practice mailbox. Open the "
                             "e-mail part, read the message from the Practice Store, and type "
                             "the code here.")),
                ui.field(_("Activation code"), self.code), self.activate_button,
            ]
        else:
            parts += self._active_parts(s)
        self.widget.children = self.results.lay_out(parts, 2)

    def _active_parts(self, s: shop.Store) -> list[w.Widget]:
        products = self.practice.products()
        previous = self.item.value
        self.item.options = [(p.name, p.id) for p in products]
        ids = [p.id for p in products]
        if ids:
            self.item.value = previous if previous in ids else ids[0]
        self._load_item()
        self.catalogue.value = "".join(self._product_card(s, p) for p in products) or _(
            "No products yet.")
        return [
            ui.heading(_("Your store: {url}").format(url=s.url)),
            ui.heading(_("3. Seller profile")),
            ui.field(_("Seller's name"), self.seller_name), ui.field(_("Mobile number"),
                                                                      self.phone),
            ui.field(_("Town or district"), self.city),
            ui.field(_("Pick-up address"), self.address),
            ui.field(_("About the store"), self.description), self.profile_button,
            ui.heading(_("4. Bank account, payment and shipping"),
                       _("Escrow (joint account): the buyer pays the marketplace, not you "
                         "directly. The marketplace keeps the money until the buyer confirms "
                         "the goods arrived, then pays it into your bank account. This protects "
                         "both buyer and seller, so it is always on.")),
            ui.field(_("Bank"), self.bank), ui.field(_("Account number"), self.account_number),
            ui.field(_("Account holder (as in the bank book)"), self.holder),
            w.HTML(render("field_label.html.j2", label=_("Payment methods for buyers"))),
            *self.methods.values(),
            w.HTML(render("field_label.html.j2",
                          label=_("Couriers (all have online tracking)"))),
            *self.couriers.values(), self.payment_button,
            ui.heading(_("5. Add a product")),
            ui.field(_("Product name"), self.product_name),
            ui.field(_("Price (rupiah)"), self.price), ui.field(_("Stock"), self.stock),
            ui.field(_("Description"), self.product_description),
            ui.field(_("Photo"), self.photo, _("JPG or PNG, at most {size}.").format(
                size=format_size(MAX_IMAGE_BYTES))),
            self.product_button,
            ui.heading(_("6. Item settings")),
            ui.field(_("Product"), self.item), ui.field(_("Stock"), self.item_stock),
            ui.field(_("Variants (separate with commas)"), self.item_variants),
            self.item_active, ui.field(_("Discount (%)"), self.item_discount), self.item_button,
            ui.heading(_("Your products as buyers see them")), self.catalogue,
        ]

    def _product_card(self, s: shop.Store, p: shop.Product) -> str:
        photo = self.practice.read(lambda c: shop.product_photo(c, p.id))
        img = ui.image_html(photo[0], photo[1], p.name) if photo else ""
        return render(
            "sandbox_product.html.j2", image_html=Markup(img), name=p.name,
            price=format_rupiah(p.final_price),
            old_price=format_rupiah(p.price) if p.discount_percent else "",
            discount=p.discount_percent, stock_line=_("Stock: {n}").format(n=p.stock),
            status=_("active") if p.active else _("switched off"),
            variants=", ".join(p.variants), url=shop.product_url(s, p))

    def _load_item(self) -> None:
        product = next((p for p in self.practice.products() if p.id == self.item.value), None)
        if product is None:
            return
        self.item_stock.value = str(product.stock)
        self.item_variants.value = ", ".join(product.variants)
        self.item_active.value = product.active
        self.item_discount.value = str(product.discount_percent)

    # -- actions (each returns the success message) ----------------------------------------
    def register(self) -> str:
        """Open the store."""
        s = self.practice.register_store(self.name.value, self.domain.value)
        return _("Store {name} opened. The activation code is in your practice mailbox.").format(
            name=s.name)

    def activate(self) -> str:
        """Activate with the e-mailed code."""
        self.practice.activate_store(self.code.value)
        return _("Your store is active.")

    def save_profile(self) -> str:
        """Save the seller profile."""
        self.practice.save_profile(seller_name=self.seller_name.value, phone=self.phone.value,
                                   city=self.city.value, address=self.address.value,
                                   description=self.description.value)
        return _("Profile saved.")

    def save_payment(self) -> str:
        """Save bank, payment methods and couriers."""
        self.practice.save_payment(
            bank_name=self.bank.value or "", account_number=self.account_number.value,
            holder=self.holder.value,
            methods=[m for m, box in self.methods.items() if box.value],
            couriers=[c for c, box in self.couriers.items() if box.value])
        return _("Payment and shipping saved.")

    def add_product(self) -> str:
        """Add the product being typed."""
        files = uploads_from_value(self.photo.value)
        p = self.practice.add_product(name=self.product_name.value, price=self.price.value,
                                      stock=self.stock.value,
                                      photo=files[0] if files else None,
                                      description=self.product_description.value)
        for box in (self.product_name, self.price, self.stock, self.product_description):
            box.value = ""
        self.photo.value = ()
        return _("{name} added to your store.").format(name=p.name)

    def update_item(self) -> str:
        """Save the chosen item's settings."""
        if self.item.value is None:
            raise Invalid(_("Add a product first."))
        self.practice.update_item(int(self.item.value), stock=self.item_stock.value,
                                  variants=self.item_variants.value,
                                  active=bool(self.item_active.value),
                                  discount=self.item_discount.value)
        return _("Item settings saved.")


def store_practice(practice: Practice) -> StoreApp:
    """Build the practice store for a participant (``.widget`` goes on the page)."""
    return StoreApp(practice)
