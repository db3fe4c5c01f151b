"""The online-sales calculator: the participant's own numbers, the arithmetic shown openly.

No market statistics are built in. Every input is what the participant expects for *their*
business; the result is only as good as those guesses, and the page says so. Assumptions:

* a month's online revenue = price × expected online orders per month;
* cost of goods = cost per unit × orders (one unit per order);
* the marketplace or payment fee is a percentage of the price, on every order;
* packaging and any shipping the seller pays are per order;
* internet data and other fixed costs are per month, whether or not orders come.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import attrs

from kit.i18n import _
from kit.rupiah import NotRupiah, read_rupiah

# The calculator's fields, in page order, with their kind: "money" is typed as text and read by
# kit.rupiah (a browser's number field reads "15.000" as fifteen), "count" and "percent" are
# number fields.
FIELDS: tuple[tuple[str, str], ...] = (
    ("price", "money"), ("unit_cost", "money"), ("orders_per_month", "count"),
    ("fee_percent", "percent"), ("packaging_per_order", "money"),
    ("shipping_paid_by_seller", "money"), ("fixed_per_month", "money"),
)


@attrs.frozen
class CalcInput:
    """What the participant enters (rupiah unless stated)."""

    price: int
    unit_cost: int
    orders_per_month: int
    fee_percent: float = 0.0
    packaging_per_order: int = 0
    shipping_paid_by_seller: int = 0
    fixed_per_month: int = 0


@attrs.frozen
class Estimate:
    """The monthly estimate and the orders needed to cover the fixed costs."""

    revenue: int
    cost_of_goods: int
    fees: int
    per_order_costs: int
    fixed: int
    profit: int
    margin_per_order: float
    break_even_orders: int | None


def validate(inp: CalcInput) -> list[str]:
    """Friendly messages for inputs that cannot be used (empty list when all is well)."""
    errors: list[str] = []
    if inp.price <= 0:
        errors.append(_("Enter the selling price (more than 0)."))
    for value in (inp.unit_cost, inp.orders_per_month, inp.packaging_per_order,
                  inp.shipping_paid_by_seller, inp.fixed_per_month):
        if value < 0:
            errors.append(_("Numbers cannot be negative."))
            break
    if not 0 <= inp.fee_percent < 100:
        errors.append(_("The fee must be between 0 and 100 percent."))
    return errors


def estimate(inp: CalcInput) -> Estimate:
    """Compute the monthly estimate; raise ``ValueError`` if :func:`validate` finds a problem."""
    errors = validate(inp)
    if errors:
        raise ValueError("; ".join(errors))
    fee_per_order = inp.price * inp.fee_percent / 100
    per_order = inp.packaging_per_order + inp.shipping_paid_by_seller
    margin = inp.price - inp.unit_cost - fee_per_order - per_order
    n = inp.orders_per_month
    revenue = inp.price * n
    cogs = inp.unit_cost * n
    fees = round(fee_per_order * n)
    per_order_costs = per_order * n
    profit = revenue - cogs - fees - per_order_costs - inp.fixed_per_month
    if margin > 0:
        break_even: int | None = math.ceil(inp.fixed_per_month / margin) if inp.fixed_per_month \
            else 0
    else:
        break_even = None
    return Estimate(revenue=revenue, cost_of_goods=cogs, fees=fees,
                    per_order_costs=per_order_costs, fixed=inp.fixed_per_month, profit=profit,
                    margin_per_order=margin, break_even_orders=break_even)


def field_label(key: str) -> str:
    """The label of one of :data:`FIELDS` (translated)."""
    labels = {
        "price": _("Selling price of one product (Rp)"),
        "unit_cost": _("Cost to make or buy one product (Rp)"),
        "orders_per_month": _("Online orders you expect per month"),
        "fee_percent": _("Marketplace or payment fee (% of the price; 0 if none)"),
        "packaging_per_order": _("Packaging per order (Rp)"),
        "shipping_paid_by_seller": _("Shipping you pay yourself per order (Rp; 0 if the buyer "
                                     "pays)"),
        "fixed_per_month": _("Internet data and other monthly costs (Rp)"),
    }
    return labels[key]


def read_inputs(values: Mapping[str, object]) -> tuple[CalcInput | None, list[str]]:
    """The calculator's input from the fields' values, or the problems to show (translated).

    Money is read with :func:`kit.rupiah.read_rupiah` (``15.000`` and ``Rp 15.000`` are fifteen
    thousand); an empty money field counts as 0, except the price, which :func:`validate` asks
    for. Each problem names its field.
    """
    problems: list[str] = []
    money: dict[str, int] = {}
    for key, kind in FIELDS:
        if kind != "money":
            continue
        raw = values.get(key)
        amount = read_rupiah(raw if isinstance(raw, (str, int)) else "")
        if amount is NotRupiah.EMPTY:
            money[key] = 0
        elif amount is NotRupiah.NEGATIVE:
            problems.append(_("{field}: numbers cannot be negative.").format(
                field=field_label(key)))
        elif isinstance(amount, NotRupiah):
            problems.append(_("{field}: write whole rupiah, digits only, for example 15000 or "
                              "15.000.").format(field=field_label(key)))
        else:
            money[key] = amount
    if problems:
        return None, problems
    inp = CalcInput(orders_per_month=int(str(values.get("orders_per_month") or 0)),
                    fee_percent=float(str(values.get("fee_percent") or 0)), **money)
    return inp, validate(inp)
