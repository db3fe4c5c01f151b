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

import attrs

from kit.i18n import _


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


def rupiah(amount: float) -> str:
    """Format like ``Rp 1.250.000`` (Indonesian thousands separator; minus sign in front)."""
    value = round(amount)
    sign = "−" if value < 0 else ""
    return f"{sign}Rp {abs(value):,}".replace(",", ".")
