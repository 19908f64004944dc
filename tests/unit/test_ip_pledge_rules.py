"""IP pledge rules: patent check characters, trademark numbers, money, dates, days to loan."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from api.domain.credit.errors import DateInFutureError
from api.domain.errors import ErrorCode, InvalidArgumentError
from api.domain.ippledge import rules
from api.domain.ippledge.model import IpKind, PledgeDraft

TODAY = date(2026, 12, 6)


def draft(**changes: object) -> PledgeDraft:
    """A valid patent pledge, with some fields changed."""
    values: dict[str, object] = {
        "enterprise_uscc": "91330500MA2B3C4D5E",
        "kind": IpKind.PATENT,
        "registration_number": "ZL202010123456.2",
        "pledge_registered_on": date(2026, 3, 4),
        "valuation": Decimal("5000000.00"),
        "loan_amount": Decimal("3000000"),
        "applied_on": date(2026, 3, 1),
        "loaned_on": date(2026, 3, 8),
    }
    values.update(changes)
    return PledgeDraft(**values)  # type: ignore[arg-type]  # test helper: keys are the fields


def test_the_patent_check_character_follows_the_weights() -> None:
    # 2*2+0*3+2*4+0*5+1*6+0*7+1*8+2*9+3*2+4*3+5*4+6*5 = 112; 112 % 11 = 2
    assert rules.patent_check_character("202010123456") == "2"
    # 9 twelve times: 9 * (2+3+4+5+6+7+8+9+2+3+4+5) = 522; 522 % 11 = 5
    assert rules.patent_check_character("999999999999") == "5"
    # 5 * 2 = 10, written X
    assert rules.patent_check_character("500000000000") == "X"
    with pytest.raises(ValueError, match="twelve digits"):
        rules.patent_check_character("12345")


def test_a_patent_number_is_normalised_or_refused_saying_why() -> None:
    assert rules.normalise_registration(IpKind.PATENT, " zl202010123456.2 ") == ("ZL202010123456.2")
    assert rules.normalise_registration(IpKind.PATENT, "202010123456.2") == "ZL202010123456.2"
    assert rules.normalise_registration(IpKind.PATENT, "ZL500000000000.x") == "ZL500000000000.X"
    for bad, message in (
        ("ZL202010123456.7", "check character"),
        ("ZL20201012345.2", "twelve digits"),
        ("ZL202010123456", "twelve digits"),
        ("CN202010123456.2", "twelve digits"),
        ("", "twelve digits"),
    ):
        with pytest.raises(InvalidArgumentError, match=message) as caught:
            rules.normalise_registration(IpKind.PATENT, bad)
        assert caught.value.field == "registrationNumber"


def test_a_trademark_number_is_one_to_nine_digits() -> None:
    assert rules.normalise_registration(IpKind.TRADEMARK, " 12345678 ") == "12345678"
    for bad in ("0123", "1234567890", "12a4", "", "ZL202010123456.2"):
        with pytest.raises(InvalidArgumentError, match="trademark"):
            rules.normalise_registration(IpKind.TRADEMARK, bad)


@given(st.text(alphabet="0123456789", min_size=12, max_size=12))
def test_every_patent_number_with_its_check_character_passes_and_no_other(digits: str) -> None:
    right = rules.patent_check_character(digits)
    assert rules.normalise_registration(IpKind.PATENT, f"ZL{digits}.{right}") == (
        f"ZL{digits}.{right}"
    )
    for wrong in "0123456789X":
        if wrong != right:
            with pytest.raises(InvalidArgumentError, match="check character"):
                rules.normalise_registration(IpKind.PATENT, f"ZL{digits}.{wrong}")


def test_a_valid_pledge_is_checked_and_quantised() -> None:
    checked = rules.check_pledge(draft(registration_number="zl202010123456.2"), TODAY)
    assert checked.registration_number == "ZL202010123456.2"
    assert checked.loan_amount == Decimal("3000000.00")
    assert str(checked.loan_amount) == "3000000.00"


@pytest.mark.parametrize(
    ("changes", "field", "code"),
    [
        ({"valuation": Decimal("0")}, "valuation", ErrorCode.INVALID_ARGUMENT),
        ({"valuation": Decimal("-1")}, "valuation", ErrorCode.INVALID_ARGUMENT),
        ({"valuation": Decimal("1.005")}, "valuation", ErrorCode.INVALID_ARGUMENT),
        ({"valuation": Decimal("NaN")}, "valuation", ErrorCode.INVALID_ARGUMENT),
        ({"valuation": Decimal("Infinity")}, "valuation", ErrorCode.INVALID_ARGUMENT),
        ({"valuation": Decimal("1E+30")}, "valuation", ErrorCode.INVALID_ARGUMENT),
        ({"loan_amount": Decimal("5000000.01")}, "loanAmount", ErrorCode.INVALID_ARGUMENT),
        ({"loan_amount": Decimal("sNaN")}, "loanAmount", ErrorCode.INVALID_ARGUMENT),
        ({"loaned_on": TODAY + timedelta(days=1)}, "loanedOn", ErrorCode.DATE_IN_FUTURE),
        ({"applied_on": date(1999, 12, 31)}, "appliedOn", ErrorCode.INVALID_ARGUMENT),
        (
            {"pledge_registered_on": date(2026, 2, 28)},
            "pledgeRegisteredOn",
            ErrorCode.INVALID_ARGUMENT,
        ),
        ({"loaned_on": date(2026, 3, 3)}, "loanedOn", ErrorCode.INVALID_ARGUMENT),
    ],
)
def test_a_bad_pledge_is_refused_naming_its_field(
    changes: dict[str, object], field: str, code: ErrorCode
) -> None:
    with pytest.raises(InvalidArgumentError) as caught:
        rules.check_pledge(draft(**changes), TODAY)
    assert caught.value.field == field
    assert caught.value.code is code


def test_a_future_date_is_its_own_error() -> None:
    with pytest.raises(DateInFutureError):
        rules.check_pledge(
            draft(pledge_registered_on=TODAY + timedelta(days=1), loaned_on=TODAY), TODAY
        )


@given(
    st.decimals(allow_nan=True, allow_infinity=True, places=None),
)
def test_money_is_either_refused_or_a_positive_amount_with_two_decimals(value: Decimal) -> None:
    acceptable = value.is_finite() and Decimal(0) < value <= rules.MONEY_MAX
    acceptable = acceptable and value == round(value, 2)
    if not acceptable:
        with pytest.raises(InvalidArgumentError) as caught:
            rules.check_money(value, "valuation")
        assert caught.value.field == "valuation"
        return
    checked = rules.check_money(value, "valuation")
    assert Decimal(0) < checked <= rules.MONEY_MAX
    assert checked == value
    assert checked.as_tuple().exponent == -2


def test_mean_days_to_loan() -> None:
    assert rules.mean_days([]) is None
    assert rules.mean_days([7, 8]) == Decimal("7.5")
    assert rules.mean_days([30, 7, 7]) == Decimal("14.7")
