"""The rules of usage reports and quota overrides: periods and bucket bounds."""

from __future__ import annotations

import math
from datetime import date, timedelta

from api.domain.errors import ErrorCode, InvalidArgumentError

#: The longest period one usage report covers, in days.
MAX_USAGE_DAYS = 92
#: The largest bucket the credit office may give a partner, in cost points.
MAX_BUCKET_SIZE = 1_000_000
#: The fastest restore rate it may give, in points per second.
MAX_RESTORE_RATE = 10_000


class UsageDateInFutureError(InvalidArgumentError):
    """A usage period that ends after today (in the city)."""

    code = ErrorCode.DATE_IN_FUTURE


def check_period(from_day: date, to_day: date, today: date) -> None:
    """A usage period runs forwards, ends today at the latest and spans at most 92 days."""
    if from_day > to_day:
        raise InvalidArgumentError(f"from ({from_day}) is after to ({to_day})", field="from")
    if to_day > today:
        raise UsageDateInFutureError(f"to ({to_day}) is after today ({today})", field="to")
    if (to_day - from_day).days + 1 > MAX_USAGE_DAYS:
        raise InvalidArgumentError(
            f"a usage period spans at most {MAX_USAGE_DAYS} days", field="from"
        )


def days_of(from_day: date, to_day: date) -> list[date]:
    """Every day from ``from_day`` to ``to_day``, both included."""
    return [from_day + timedelta(days=n) for n in range((to_day - from_day).days + 1)]


def check_bucket(size: object, restore_rate: object) -> tuple[int, int]:
    """A bucket override: whole numbers, size 1..1,000,000, rate 1..10,000 and at most the size.

    Anything else (zero, negative, fractional, NaN, infinite, not a number) is refused.
    """
    checked = []
    for name, value, top in (
        ("size", size, MAX_BUCKET_SIZE),
        ("restoreRate", restore_rate, MAX_RESTORE_RATE),
    ):
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise InvalidArgumentError(f"{name} must be a whole number", field=name)
        if isinstance(value, float) and (not math.isfinite(value) or not value.is_integer()):
            raise InvalidArgumentError(f"{name} must be a whole number, not {value}", field=name)
        whole = int(value)
        if not 1 <= whole <= top:
            raise InvalidArgumentError(f"{name} must be from 1 to {top:,}, not {whole}", field=name)
        checked.append(whole)
    if checked[1] > checked[0]:
        raise InvalidArgumentError(
            "restoreRate may not exceed size (the bucket would refill within a second)",
            field="restoreRate",
        )
    return checked[0], checked[1]
