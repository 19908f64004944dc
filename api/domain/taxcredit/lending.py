"""Banks' lending per month from their own books, so the green share is green over all lending.

The platform sees only the credit lines granted through it; the report's share ("green loans
are 32.1% of all loans") needs each bank's whole lending, which each bank reports per month.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from api.domain.clock import city_today
from api.domain.credit.errors import DateInFutureError
from api.domain.errors import InvalidArgumentError
from api.domain.taxcredit.ports import LendingVolumeStore

#: The most a bank may report for one month: 10 trillion yuan.
MAX_LENDING = Decimal("10000000000000")
#: The longest span of months one statistics query covers (five years).
MAX_MONTHS = 60
FIRST_PERIOD = "2014-01"
_PERIOD = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
_CENTS = Decimal("0.01")


@dataclass(frozen=True, slots=True)
class LendingVolume:
    """A bank's lending granted in one month, and the part that is green loans, in yuan."""

    bank_id: int
    period: str
    total: Decimal
    green: Decimal

    @property
    def green_share(self) -> Decimal:
        """Green lending over all lending, 0 to 1 (4 decimals); 0 when nothing was lent."""
        return share(self.green, self.total)


@dataclass(frozen=True, slots=True)
class ReportedVolume:
    """The volume as stored; ``changed`` is False when the same figures were reported before."""

    volume: LendingVolume
    changed: bool


@dataclass(frozen=True, slots=True)
class VolumeSummary:
    """The volumes of a span of months, and the city's green share over them."""

    volumes: list[LendingVolume]
    total: Decimal
    green: Decimal

    @property
    def green_share(self) -> Decimal:
        """Green lending over all lending of every bank in the span, 0 to 1."""
        return share(self.green, self.total)


def share(part: Decimal, whole: Decimal) -> Decimal:
    """``part`` over ``whole`` to 4 decimals; 0 when the whole is 0."""
    if whole == 0:
        return Decimal(0)
    return (part / whole).quantize(Decimal("0.0001"))


def check_period(period: str, field: str = "period") -> str:
    """A month as YYYY-MM, from 2014-01."""
    if not _PERIOD.match(period) or period < FIRST_PERIOD:
        raise InvalidArgumentError(
            f"a period is a month as YYYY-MM from {FIRST_PERIOD}", field=field
        )
    return period


def check_finished(period: str, today: date) -> str:
    """A reported month is over: before the current month."""
    if period >= f"{today:%Y-%m}":
        raise DateInFutureError(
            f"{period} is not over yet; report a finished month", field="period"
        )
    return period


def check_amount(amount: Decimal, field: str) -> Decimal:
    """Yuan, not negative, at most ``MAX_LENDING``, in whole cents."""
    try:
        ok = amount.is_finite() and 0 <= amount <= MAX_LENDING and amount.quantize(_CENTS) == amount
    except InvalidOperation:
        ok = False
    if not ok:
        raise InvalidArgumentError(
            "an amount is 0 to 10,000,000,000,000 yuan in whole cents", field=field
        )
    return amount.quantize(_CENTS)


def months_between(first: str, last: str) -> int:
    """How many months from ``first`` to ``last``, both counted."""
    return (int(last[:4]) - int(first[:4])) * 12 + int(last[5:]) - int(first[5:]) + 1


async def report_lending_volume(
    store: LendingVolumeStore,
    *,
    bank_id: int,
    period: str,
    total: Decimal,
    green: Decimal,
    now: datetime,
) -> ReportedVolume:
    """A bank reports a finished month's lending; a later report of the month replaces it."""
    month = check_finished(check_period(period), city_today(now))
    volume = LendingVolume(
        bank_id, month, check_amount(total, "totalLending"), check_amount(green, "greenLending")
    )
    if volume.green > volume.total:
        raise InvalidArgumentError("green lending is part of all lending", field="greenLending")
    changed = await store.save_volume(volume, now=now)
    return ReportedVolume(volume, changed)


async def lending_volumes(store: LendingVolumeStore, *, first: str, last: str) -> VolumeSummary:
    """Every bank's reported volumes of a span of months, and the city's green share."""
    check_period(first, "periodFrom")
    check_period(last, "periodUntil")
    if last < first:
        raise InvalidArgumentError("the span ends before it starts", field="periodUntil")
    if months_between(first, last) > MAX_MONTHS:
        raise InvalidArgumentError(f"a span is at most {MAX_MONTHS} months", field="periodUntil")
    volumes = await store.volumes(first, last)
    return VolumeSummary(
        volumes,
        sum((v.total for v in volumes), Decimal(0)),
        sum((v.green for v in volumes), Decimal(0)),
    )
