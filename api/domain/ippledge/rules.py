"""The rules of an IP pledge: registration numbers, dates, money, and the time to loan.

A patent is named by its CNIPA application number, ``ZL`` then twelve digits, a dot and a
check character: the twelve digits weighted 2,3,4,5,6,7,8,9,2,3,4,5, summed, modulo 11, with
10 written ``X``. A trademark by its registration number, one to nine digits. A pledge is
registered on or after the application and the loan is paid on or after the registration,
none of them in the future; the loan never exceeds the valuation.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation

from api.domain.credit.errors import DateInFutureError
from api.domain.errors import InvalidArgumentError
from api.domain.ippledge.model import IpKind, PledgeDraft

_PATENT = re.compile(r"ZL(\d{12})\.([0-9X])")
_TRADEMARK = re.compile(r"[1-9]\d{0,8}")
_WEIGHTS = (2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5)
#: The most a valuation or a loan may be: ¥10bn, far above any single pledge in the report.
MONEY_MAX = Decimal("10000000000")
#: The earliest day a pledge may be dated: the platform's records start in 2000.
EARLIEST = date(2000, 1, 1)


def patent_check_character(digits: str) -> str:
    """The check character of a patent application's twelve digits."""
    if len(digits) != 12 or not digits.isdigit():
        raise ValueError("a patent application number has twelve digits")
    total = sum(int(d) * w for d, w in zip(digits, _WEIGHTS, strict=True)) % 11
    return "X" if total == 10 else str(total)


def normalise_registration(kind: IpKind, number: str) -> str:
    """The registration number in its one written form, or InvalidArgumentError saying why."""
    text = number.strip().upper()
    if kind is IpKind.TRADEMARK:
        if not _TRADEMARK.fullmatch(text):
            raise InvalidArgumentError(
                "a trademark registration number is 1-9 digits, not starting with 0",
                field="registrationNumber",
            )
        return text
    text = text.removeprefix("ZL")
    text = "ZL" + text if re.fullmatch(r"\d{12}\.[0-9X]", text) else text
    found = _PATENT.fullmatch(text)
    if not found:
        raise InvalidArgumentError(
            "a patent number is ZL, twelve digits, a dot and a check character",
            field="registrationNumber",
        )
    if patent_check_character(found.group(1)) != found.group(2):
        raise InvalidArgumentError(
            "the patent number's check character is wrong", field="registrationNumber"
        )
    return text


def check_money(value: Decimal, field: str) -> Decimal:
    """A positive amount in yuan with at most two decimals, at most ``MONEY_MAX``."""
    try:
        finite = value.is_finite() and value == value.quantize(Decimal("0.01"))
    except InvalidOperation:
        finite = False
    if not finite or not Decimal(0) < value <= MONEY_MAX:
        raise InvalidArgumentError(
            f"{field} is a positive amount in yuan with at most two decimals, at most {MONEY_MAX}",
            field=field,
        )
    return value.quantize(Decimal("0.01"))


def check_pledge(draft: PledgeDraft, today: date) -> PledgeDraft:
    """A pledge that makes sense: a valid number, ordered past dates, the loan within value."""
    number = normalise_registration(draft.kind, draft.registration_number)
    valuation = check_money(draft.valuation, "valuation")
    loan = check_money(draft.loan_amount, "loanAmount")
    for field, day in (
        ("appliedOn", draft.applied_on),
        ("pledgeRegisteredOn", draft.pledge_registered_on),
        ("loanedOn", draft.loaned_on),
    ):
        if day > today:
            raise DateInFutureError(f"{field} is after today", field=field)
        if day < EARLIEST:
            raise InvalidArgumentError(f"{field} is before {EARLIEST}", field=field)
    if draft.pledge_registered_on < draft.applied_on:
        raise InvalidArgumentError(
            "the pledge is registered on or after the application", field="pledgeRegisteredOn"
        )
    if draft.loaned_on < draft.pledge_registered_on:
        raise InvalidArgumentError(
            "the loan is paid on or after the pledge's registration", field="loanedOn"
        )
    if loan > valuation:
        raise InvalidArgumentError(
            "the loan exceeds the pledged right's valuation", field="loanAmount"
        )
    return PledgeDraft(
        draft.enterprise_uscc,
        draft.kind,
        number,
        draft.pledge_registered_on,
        valuation,
        loan,
        draft.applied_on,
        draft.loaned_on,
    )


def mean_days(days: list[int]) -> Decimal | None:
    """The mean of days to loan, to one decimal; None for none."""
    if not days:
        return None
    return (Decimal(sum(days)) / len(days)).quantize(Decimal("0.1"))
