import pytest

from kit.content_reader import PATHS
from kit.modules.calculator import CalcInput, estimate, read_inputs, validate
from kit.modules.content import load_selfcheck
from kit.modules.selfcheck import NOT_YET, PARTLY, YES, assess
from kit.rupiah import format_rupiah

CHECK = load_selfcheck(PATHS.selfcheck("advokasi"))
IDS = [q.id for q in CHECK.questions]


def _answers(*values: str) -> dict[str, str]:
    return dict(zip(IDS, values, strict=True))


def test_selfcheck_has_one_question_per_stage_in_order() -> None:
    """The self-check asks one question per framework stage, in stage order."""
    assert [q.stage for q in CHECK.questions] == [
        "preparatory", "presence", "portal", "transaction_integration", "autonomy"]
    assert set(CHECK.advice) == {q.stage for q in CHECK.questions}


def test_selfcheck_maps_answers_to_stages() -> None:
    """An unbroken run of "yes" sets the stage reached; the next stage is the one to work on."""
    nothing = assess(CHECK, _answers(NOT_YET, NOT_YET, NOT_YET, NOT_YET, NOT_YET))
    assert nothing.reached is None and nothing.working_on == "preparatory"
    email = assess(CHECK, _answers(YES, YES, PARTLY, NOT_YET, NOT_YET))
    assert email.reached == "presence" and email.working_on == "portal"
    everything = assess(CHECK, _answers(YES, YES, YES, YES, YES))
    assert everything.reached == "autonomy" and everything.working_on is None


def test_selfcheck_reports_a_head_start_without_skipping_a_gap() -> None:
    """A "yes" after a gap is a head start; it does not skip the missing stage."""
    res = assess(CHECK, _answers(YES, NOT_YET, YES, PARTLY, NOT_YET))
    assert res.reached == "preparatory" and res.working_on == "presence"
    assert res.head_start == ("portal", "transaction_integration")


def test_selfcheck_rejects_unknown_answers_and_lists_missing_ones() -> None:
    """An answer outside yes/partly/not_yet is an error; unanswered questions are listed."""
    with pytest.raises(ValueError):
        assess(CHECK, {IDS[0]: "mungkin"})
    assert assess(CHECK, {IDS[0]: YES}).unanswered == tuple(IDS[1:])


def test_calculator_estimate_and_break_even() -> None:
    """Revenue, costs, profit and break-even follow the stated assumptions."""
    inp = CalcInput(price=20000, unit_cost=12000, orders_per_month=50, fee_percent=5,
                    packaging_per_order=1000, shipping_paid_by_seller=0, fixed_per_month=100000)
    est = estimate(inp)
    assert est.revenue == 1_000_000
    assert est.cost_of_goods == 600_000
    assert est.fees == 50_000
    assert est.per_order_costs == 50_000
    assert est.profit == 1_000_000 - 600_000 - 50_000 - 50_000 - 100_000
    assert est.margin_per_order == 6000
    assert est.break_even_orders == 17  # ceil(100000 / 6000)


def test_calculator_flags_losing_prices_and_bad_inputs() -> None:
    """A price below cost has no break-even; zero price, negatives and fees ≥100 % are refused."""
    loss = estimate(CalcInput(price=10000, unit_cost=12000, orders_per_month=10))
    assert loss.break_even_orders is None and loss.profit < 0
    assert validate(CalcInput(price=0, unit_cost=0, orders_per_month=0))
    assert validate(CalcInput(price=1, unit_cost=-1, orders_per_month=0))
    assert validate(CalcInput(price=1, unit_cost=0, orders_per_month=0, fee_percent=100))
    with pytest.raises(ValueError):
        estimate(CalcInput(price=0, unit_cost=0, orders_per_month=1))


def test_rupiah_formatting() -> None:
    """Amounts use the Indonesian thousands separator and a leading minus sign, no space."""
    assert format_rupiah(1250000) == "Rp1.250.000"
    assert format_rupiah(-5000) == "−Rp5.000"
    assert format_rupiah(0) == "Rp0"


def test_calculator_reads_money_as_people_type_it() -> None:
    """"15.000", "Rp 15.000" and "rp9000" are read as rupiah; "15rb" is refused naming the field."""
    inp, problems = read_inputs({"price": "15.000", "unit_cost": "Rp 9.000",
                                 "orders_per_month": 30, "fee_percent": 0.0,
                                 "packaging_per_order": "rp1000", "shipping_paid_by_seller": "",
                                 "fixed_per_month": "Rp50.000,00"})
    assert problems == [] and inp is not None
    assert (inp.price, inp.unit_cost, inp.packaging_per_order, inp.shipping_paid_by_seller,
            inp.fixed_per_month) == (15000, 9000, 1000, 0, 50000)
    inp, problems = read_inputs({"price": "15rb", "unit_cost": "9000", "orders_per_month": 1})
    assert inp is None and len(problems) == 1
    assert "Harga jual satu produk" in problems[0] and "15.000" in problems[0]


def test_calculator_widget_shows_result_and_errors(page) -> None:
    """Setting the fields and clicking "Hitung" shows the estimate, or what to fix."""
    calc = page.tools["calculator"]
    calc.compute.click()
    assert "Isi harga jual" in calc.result.value
    calc.fields["price"].value = "15.000"  # as typed on an Android keyboard
    calc.fields["unit_cost"].value = "Rp 9.000"
    calc.fields["orders_per_month"].value = 30
    calc.compute.click()
    assert "Rp450.000" in calc.result.value
    assert "Perkiraan untung per bulan" in calc.result.value
