"""The checks of a bank's monthly lending report and the green share."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from api.domain.credit.errors import DateInFutureError
from api.domain.errors import InvalidArgumentError
from api.domain.taxcredit.lending import (
    MAX_LENDING,
    check_amount,
    check_finished,
    check_period,
    months_between,
    share,
)

AMOUNTS = st.decimals(min_value=0, max_value=MAX_LENDING, places=2, allow_nan=False)


@given(AMOUNTS, AMOUNTS)
def test_the_share_is_between_0_and_1_when_green_is_a_part(a: Decimal, b: Decimal) -> None:
    green, total = min(a, b), max(a, b)
    result = share(green, total)
    assert Decimal(0) <= result <= Decimal(1)
    assert result == (Decimal(0) if total == 0 else (green / total).quantize(Decimal("0.0001")))


@given(st.integers(min_value=2014, max_value=2200), st.integers(min_value=1, max_value=12))
def test_a_month_is_reported_once_it_is_over(year: int, month: int) -> None:
    period = f"{year}-{month:02d}"
    assert check_period(period) == period
    assert check_finished(period, date(year + 1, 1, 1)) == period
    with pytest.raises(DateInFutureError):
        check_finished(period, date(year, month, 28))


@pytest.mark.parametrize("period", ["2013-12", "2025-00", "2025-13", "2025-1", "25-01", "2025/01"])
def test_bad_periods_are_refused(period: str) -> None:
    with pytest.raises(InvalidArgumentError):
        check_period(period)


@pytest.mark.parametrize(
    "amount", ["-0.01", "0.001", "NaN", "sNaN", "Infinity", "1E+400", "10000000000000.01"]
)
def test_bad_amounts_are_refused(amount: str) -> None:
    with pytest.raises(InvalidArgumentError) as refused:
        check_amount(Decimal(amount), "totalLending")
    assert refused.value.field == "totalLending"


@given(
    st.integers(min_value=2014, max_value=2100),
    st.integers(min_value=1, max_value=12),
    st.integers(min_value=0, max_value=200),
)
def test_months_between_counts_both_ends(year: int, month: int, more: int) -> None:
    index = year * 12 + month - 1 + more
    last = f"{index // 12}-{index % 12 + 1:02d}"
    assert months_between(f"{year}-{month:02d}", last) == more + 1
