"""Decimal numbers: every finite number within its column's limit round-trips; everything else
(NaN, infinities, other written forms, too large, too many places) is refused with its problem.
And every Decimal the schema takes declares the limit of the column it is stored in."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
import strawberry
from graphql import get_named_type, is_input_object_type
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import Numeric

from api.db.tables import GreenProfileRow, table_of
from api.db.tables.banking import (
    CreditLineRow,
    FinancingNeedRow,
    LoanProductRow,
    TaxPaidRow,
)
from api.db.tables.industry import IndustryObservationRow
from api.db.tables.ippledge import IpPledgeRow
from api.db.tables.merchants import MerchantIndicatorObservationRow
from api.db.tables.scenarios import (
    BenefitGrantRow,
    DeferredChargeRow,
    IncentiveColourValueRow,
    IncentiveScenarioRow,
)
from api.db.tables.subjects import TaxCreditRatingRow
from api.db.tables.taxcredit import BankLendingVolumeRow
from api.domain.numbers import (
    GENERAL_LIMIT,
    NumberError,
    NumberProblem,
    NumericLimit,
    check_decimal,
    parse_decimal,
)
from api.graphql.permissions import requires
from api.graphql.scalars import NUMERIC_LIMIT, SCALARS, DecimalLimits, decimal_field
from api.graphql.schema import schema

limits = st.integers(min_value=1, max_value=28).flatmap(
    lambda precision: st.builds(
        NumericLimit, st.just(precision), st.integers(min_value=0, max_value=precision)
    )
)


@st.composite
def fitting(draw: st.DrawFn) -> tuple[NumericLimit, Decimal]:
    """A limit and a finite number it holds (every digit count, sign and zero)."""
    limit = draw(limits)
    coefficient = draw(
        st.integers(min_value=-(10**limit.precision - 1), max_value=10**limit.precision - 1)
    )
    return limit, Decimal(coefficient).scaleb(-limit.scale)


def _problem(text: str, limit: NumericLimit = GENERAL_LIMIT) -> NumberProblem:
    """The problem ``text`` is refused with (it must be refused)."""
    with pytest.raises(NumberError) as caught:
        parse_decimal(text, limit)
    return caught.value.problem


@given(fitting())
def test_every_number_within_the_limit_round_trips(case: tuple[NumericLimit, Decimal]) -> None:
    """Python's own text, the plain one and one with spare zeros all give the number back."""
    limit, value = case
    plain = f"{value:f}"
    padded = plain + ("000" if "." in plain else ".000")
    for text in (str(value), plain, padded, f"{value:e}"):
        parsed = parse_decimal(text, limit)
        assert parsed == value, text
        exponent = parsed.as_tuple().exponent
        assert isinstance(exponent, int)
        assert -limit.scale <= exponent <= 0, (text, parsed)
        assert parse_decimal(str(parsed), limit) == parsed


@given(limits, st.integers(min_value=1, max_value=30), st.integers(min_value=1, max_value=9))
def test_one_digit_too_many_before_the_point_is_too_large(
    limit: NumericLimit, extra: int, lead: int
) -> None:
    """10^(digits allowed) and anything above is TOO_LARGE, in any written form."""
    power = limit.integer_digits + extra - 1
    for text in (
        f"{lead}" + "0" * power,
        f"{lead}e{power}",
        f"-{lead}E+{power}",
        f"{lead}.5e{power}",
    ):
        assert _problem(text, limit) is NumberProblem.TOO_LARGE, text


@given(limits, st.integers(min_value=1, max_value=30), st.integers(min_value=1, max_value=9))
def test_one_place_too_many_is_too_many_decimals(
    limit: NumericLimit, extra: int, last: int
) -> None:
    """A non-zero digit beyond the scale is refused; the column would round it."""
    places = limit.scale + extra
    for text in (f"0.{'0' * (places - 1)}{last}", f"-{last}e-{places}", f"{last}E-{places}"):
        assert _problem(text, limit) is NumberProblem.TOO_MANY_DECIMALS, text


numerals = st.decimals(
    allow_nan=False, allow_infinity=False, places=2, min_value=-9999, max_value=9999
)
blanks = st.sampled_from([" ", "\t", "\n", "\r", "\u3000", "\xa0", "\u2003"])
foreign_digits = st.characters(categories=["Nd"]).filter(lambda c: not "0" <= c <= "9")


@given(numerals, blanks, st.booleans())
def test_surrounding_blanks_are_a_format_problem(value: Decimal, blank: str, before: bool) -> None:
    """ " 1" and "1\\u3000" are not the number's written form (they are not stripped)."""
    text = f"{blank}{value}" if before else f"{value}{blank}"
    assert _problem(text) is NumberProblem.FORMAT


@given(st.integers(min_value=10, max_value=10**12), st.data())
def test_underscores_are_a_format_problem(value: int, data: st.DataObject) -> None:
    """Python reads 1_000; a partner's number has no underscores."""
    text = str(value)
    cut = data.draw(st.integers(min_value=1, max_value=len(text) - 1))
    assert _problem(f"{text[:cut]}_{text[cut:]}") is NumberProblem.FORMAT


@given(st.lists(foreign_digits, min_size=1, max_size=6), st.integers(min_value=0, max_value=99))
def test_other_digits_are_a_format_problem(digits: list[str], ascii_part: int) -> None:
    """Arabic-Indic, fullwidth and other Unicode digits are refused, alone or mixed in."""
    assert _problem("".join(digits)) is NumberProblem.FORMAT
    assert _problem(f"{ascii_part}{''.join(digits)}") is NumberProblem.FORMAT


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("NaN", NumberProblem.NOT_A_NUMBER),
        ("nan", NumberProblem.NOT_A_NUMBER),
        ("-NaN", NumberProblem.NOT_A_NUMBER),
        ("sNaN", NumberProblem.NOT_A_NUMBER),
        ("NaN123", NumberProblem.NOT_A_NUMBER),
        ("", NumberProblem.NOT_A_NUMBER),
        ("abc", NumberProblem.NOT_A_NUMBER),
        ("1,5", NumberProblem.NOT_A_NUMBER),
        ("1 000", NumberProblem.NOT_A_NUMBER),
        ("0x10", NumberProblem.NOT_A_NUMBER),
        ("1__0", NumberProblem.FORMAT),
        ("Infinity", NumberProblem.NOT_FINITE),
        ("-Infinity", NumberProblem.NOT_FINITE),
        ("inf", NumberProblem.NOT_FINITE),
        ("-INF", NumberProblem.NOT_FINITE),
        ("+1", NumberProblem.FORMAT),
        ("+0.5", NumberProblem.FORMAT),
        ("1.", NumberProblem.FORMAT),
        (".5", NumberProblem.FORMAT),
        ("-.5", NumberProblem.FORMAT),
        ("\u0661\u0662\u0663", NumberProblem.FORMAT),  # Arabic-Indic
        ("\uff11\uff12\uff13", NumberProblem.FORMAT),  # fullwidth
        ("1e400", NumberProblem.TOO_LARGE),
        ("1E+30", NumberProblem.TOO_LARGE),
        ("1e999999999999999999999", NumberProblem.TOO_LARGE),
        ("1e-999999999999999999999", NumberProblem.TOO_MANY_DECIMALS),
        ("0.000000001", NumberProblem.TOO_MANY_DECIMALS),
    ],
)
def test_hostile_strings_are_refused_with_their_problem(text: str, problem: NumberProblem) -> None:
    """The reported cases, and their neighbours, each with the problem that names it."""
    assert _problem(text) is problem


@pytest.mark.parametrize(
    ("text", "value"),
    [("-0", "0"), ("0e999", "0"), ("007.50", "7.50"), ("1.500", "1.50"), ("8e5", "800000")],
)
def test_accepted_numbers_come_out_in_plain_form(text: str, value: str) -> None:
    """No sign on zero, no exponent, no places the column does not keep."""
    assert str(parse_decimal(text, NumericLimit(16, 2))) == value


def test_check_decimal_refuses_values_that_bypassed_the_text() -> None:
    """A Decimal built in code is held to the same limit."""
    for value, problem in [
        (Decimal("NaN"), NumberProblem.NOT_A_NUMBER),
        (Decimal("-Infinity"), NumberProblem.NOT_FINITE),
        (Decimal("1E+14"), NumberProblem.TOO_LARGE),
        (Decimal("0.001"), NumberProblem.TOO_MANY_DECIMALS),
    ]:
        with pytest.raises(NumberError) as caught:
            check_decimal(value, NumericLimit(16, 2))
        assert caught.value.problem is problem


parse_value = SCALARS[Decimal].parse_value


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (12, Decimal(12)),
        (12.5, Decimal("12.5")),
        (1e16, Decimal(10**16)),
        ("-3.25", Decimal("-3.25")),
    ],
)
def test_json_numbers_are_taken_when_exact(value: object, expected: Decimal) -> None:
    """Integers and floats of at most 15 significant digits are what the partner wrote."""
    assert parse_value is not None
    assert parse_value(value) == expected


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        (float("nan"), NumberProblem.NOT_A_NUMBER),
        (float("inf"), NumberProblem.NOT_FINITE),
        (float("-inf"), NumberProblem.NOT_FINITE),
        (1e30, NumberProblem.TOO_LARGE),
        (10**30, NumberProblem.TOO_LARGE),
        (0.1 + 0.2, NumberProblem.TOO_MANY_DECIMALS),
        (1234567890123.4567, NumberProblem.FORMAT),
        (True, NumberProblem.NOT_A_NUMBER),
        ([1], NumberProblem.NOT_A_NUMBER),
        ({"value": 1}, NumberProblem.NOT_A_NUMBER),
    ],
)
def test_json_values_that_are_not_exact_numbers_are_refused(
    value: object, problem: NumberProblem
) -> None:
    """NaN and infinities, floats that lost digits, booleans, lists and objects."""
    assert parse_value is not None
    with pytest.raises(NumberError) as caught:
        parse_value(value)
    assert caught.value.problem is problem


# --- the schema's declarations ------------------------------------------------------------

#: The column every Decimal input of the schema is stored in (input type, field) -> column.
STORED_IN: dict[tuple[str, str], Any] = {
    ("Mutation.reportTaxPaid", "amount"): table_of(TaxPaidRow).c.amount,
    ("LoanProductInput", "amountMin"): table_of(LoanProductRow).c.amount_min,
    ("LoanProductInput", "amountMax"): table_of(LoanProductRow).c.amount_max,
    ("LoanProductInput", "rateMin"): table_of(LoanProductRow).c.rate_min,
    ("LoanProductInput", "rateMax"): table_of(LoanProductRow).c.rate_max,
    ("LoanProductInput", "taxMultiple"): table_of(LoanProductRow).c.tax_multiple,
    ("FinancingNeedInput", "amount"): table_of(FinancingNeedRow).c.amount,
    ("CreditLineInput", "amount"): table_of(CreditLineRow).c.amount,
    ("GreenProfileInput", "emissionsTonnes"): table_of(GreenProfileRow).c.emissions_tonnes,
    ("GreenProfileInput", "carbonIntensity"): table_of(GreenProfileRow).c.carbon_intensity,
    (
        "GreenProfileInput",
        "carbonReductionTonnes",
    ): table_of(GreenProfileRow).c.carbon_reduction_tonnes,
    ("GreenProfileInput", "esgScore"): table_of(GreenProfileRow).c.esg_score,
    ("SaveIncentiveScenarioInput", "benefitValue"): table_of(IncentiveScenarioRow).c.benefit_value,
    ("SaveIncentiveScenarioInput", "benefitCap"): table_of(IncentiveScenarioRow).c.benefit_cap,
    ("ColourValueInput", "value"): table_of(IncentiveColourValueRow).c.value,
    ("RecordDeferredChargeInput", "amount"): table_of(DeferredChargeRow).c.amount,
    ("RedeemMobilityDiscountInput", "orderAmount"): table_of(BenefitGrantRow).c.order_amount,
    ("RedeemCouponInput", "orderAmount"): table_of(BenefitGrantRow).c.order_amount,
    ("RecordMerchantIndicatorInput", "value"): table_of(MerchantIndicatorObservationRow).c.value,
    ("LendingVolumeInput", "totalLending"): table_of(BankLendingVolumeRow).c.total_amount,
    ("LendingVolumeInput", "greenLending"): table_of(BankLendingVolumeRow).c.green_amount,
    ("RecordIndustryObservationInput", "value"): table_of(IndustryObservationRow).c.value,
    ("RedeemIncentiveInput", "orderAmount"): table_of(BenefitGrantRow).c.order_amount,
    ("RegisterIpPledgeInput", "valuation"): table_of(IpPledgeRow).c.valuation,
    ("RegisterIpPledgeInput", "loanAmount"): table_of(IpPledgeRow).c.loan_amount,
    ("TaxCreditRatingInput", "score"): table_of(TaxCreditRatingRow).c.score,
}


def _declared_decimals() -> dict[tuple[str, str], NumericLimit | None]:
    """Every Decimal argument and input field of the schema, with the limit it declares."""
    core = schema._schema
    found: dict[tuple[str, str], NumericLimit | None] = {}

    def limit_of(graphql_thing: Any) -> NumericLimit | None:
        """The limit a GraphQL argument or input field declares."""
        definition = (graphql_thing.extensions or {}).get("strawberry-definition")
        limit = getattr(definition, "metadata", {}).get(NUMERIC_LIMIT)
        return limit if isinstance(limit, NumericLimit) else None

    for named in core.type_map.values():
        if is_input_object_type(named):
            for name, field in named.fields.items():
                if get_named_type(field.type).name == "Decimal":
                    found[(named.name, name)] = limit_of(field)
    for root in (core.query_type, core.mutation_type):
        assert root is not None
        for field_name, field in root.fields.items():
            for name, argument in field.args.items():
                if get_named_type(argument.type).name == "Decimal":
                    found[(f"{root.name}.{field_name}", name)] = limit_of(argument)
    return found


def test_every_decimal_input_declares_the_limit_of_its_column() -> None:
    """The declared limit is the column's Numeric(precision, scale), for every Decimal input."""
    declared = _declared_decimals()
    assert set(declared) == set(STORED_IN), "map each new Decimal input to its column here"
    for key, column in STORED_IN.items():
        numeric = column.type
        assert isinstance(numeric, Numeric)
        assert numeric.precision is not None
        assert numeric.scale is not None
        expected = NumericLimit(numeric.precision, numeric.scale)
        assert declared[key] == expected, key


def test_every_field_taking_a_decimal_checks_its_limits() -> None:
    """A field whose arguments can hold a Decimal carries DecimalLimits."""
    core = schema._schema

    def holds_decimal(type_: Any, seen: frozenset[str] = frozenset()) -> bool:
        """Whether a value of ``type_`` can hold a Decimal."""
        named = get_named_type(type_)
        if named.name == "Decimal":
            return True
        if is_input_object_type(named) and named.name not in seen:
            return any(holds_decimal(f.type, seen | {named.name}) for f in named.fields.values())
        return False

    taking = []
    for root in (core.query_type, core.mutation_type):
        assert root is not None
        for name, field in root.fields.items():
            if any(holds_decimal(a.type) for a in field.args.values()):
                definition = field.extensions["strawberry-definition"]
                assert any(isinstance(e, DecimalLimits) for e in definition.extensions), name
                taking.append(name)
    assert "reportTaxPaid" in taking
    assert "createLoanProduct" in taking


@strawberry.input
class Loose:
    """An input with an undeclared Decimal next to a declared one."""

    kept: Decimal = decimal_field("Declared.", NumericLimit(6, 2))
    loose: Decimal = strawberry.field(description="Not declared.")


async def take(value: Loose) -> bool:
    """Never called."""
    return True


@strawberry.type
class LooseMutation:
    """A mutation taking the input."""

    take_loose: bool = strawberry.mutation(
        resolver=take, **requires(description="Take it.", extra=[DecimalLimits()])
    )


@strawberry.type
class EmptyQuery:
    """Nothing to read."""

    ok: bool = True


def test_a_decimal_without_a_limit_does_not_build() -> None:
    """DecimalLimits refuses, at schema build, an input whose Decimal declares no limit."""
    with pytest.raises(TypeError, match=r"take_loose\(value\)\.loose"):
        strawberry.Schema(query=EmptyQuery, mutation=LooseMutation)
