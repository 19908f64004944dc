"""Publicity periods by severity, month arithmetic, and the first day a record may be repaired."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from api.domain.credit.errors import PublicityOutOfRangeError
from api.domain.credit.publicity import (
    PUBLICITY_BY_SEVERITY,
    PublicityRange,
    add_months,
    check_publicity_until,
    default_publicity_until,
    publicity_bounds,
    repair_eligible_on,
)
from api.domain.errors import ErrorCode, InvalidArgumentError
from api.domain.records.model import Severity

DAY = date(2026, 5, 10)
ONE_DAY = timedelta(days=1)

# --- add_months --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2026, 5, 10), 0, date(2026, 5, 10)),
        (date(2026, 5, 10), 1, date(2026, 6, 10)),
        (date(2026, 11, 15), 2, date(2027, 1, 15)),
        (date(2026, 12, 31), 1, date(2027, 1, 31)),
        (date(2026, 1, 31), 1, date(2026, 2, 28)),  # clamped to February's last day
        (date(2028, 1, 31), 1, date(2028, 2, 29)),  # leap year
        (date(2026, 3, 31), 1, date(2026, 4, 30)),
        (date(2026, 8, 31), 3, date(2026, 11, 30)),
        (date(2028, 2, 29), 12, date(2029, 2, 28)),
        (date(2028, 2, 29), 48, date(2032, 2, 29)),
        (date(2026, 5, 10), 36, date(2029, 5, 10)),
        (date(2026, 5, 10), 12, date(2027, 5, 10)),
        # negative months go back, across year ends, with the same clamping
        (date(2026, 5, 10), -1, date(2026, 4, 10)),
        (date(2026, 1, 15), -1, date(2025, 12, 15)),
        (date(2026, 1, 15), -12, date(2025, 1, 15)),
        (date(2026, 1, 15), -13, date(2024, 12, 15)),
        (date(2026, 3, 31), -1, date(2026, 2, 28)),
        (date(2028, 3, 31), -1, date(2028, 2, 29)),
        (date(2029, 2, 28), -12, date(2028, 2, 28)),
        (date(2026, 7, 31), -36, date(2023, 7, 31)),
        (date(2026, 12, 31), -10, date(2026, 2, 28)),
    ],
)
def test_add_months(day: date, months: int, expected: date) -> None:
    assert add_months(day, months) == expected


@given(
    st.dates(min_value=date(1900, 1, 1), max_value=date(2900, 12, 31)),
    st.integers(min_value=-1200, max_value=1200),
)
def test_add_months_lands_in_the_right_month_and_clamps(day: date, months: int) -> None:
    moved = add_months(day, months)
    assert (moved.year * 12 + moved.month) - (day.year * 12 + day.month) == months
    assert moved.day <= day.day
    if moved.day < day.day:  # clamped: it is the last day of its month
        assert (moved + ONE_DAY).month != moved.month
    if day.day <= 28:
        assert moved.day == day.day
        assert add_months(moved, -months) == day


# --- the ranges by severity --------------------------------------------------------------------


def test_ranges_are_the_2026_repair_measures() -> None:
    assert PUBLICITY_BY_SEVERITY[Severity.MINOR] == PublicityRange(0, 3)
    assert PUBLICITY_BY_SEVERITY[Severity.GENERAL] == PublicityRange(3, 12)
    assert PUBLICITY_BY_SEVERITY[Severity.SERIOUS] == PublicityRange(12, 36)
    assert set(PUBLICITY_BY_SEVERITY) == set(Severity)


@pytest.mark.parametrize(
    ("severity", "earliest", "latest"),
    [
        (Severity.MINOR, date(2026, 5, 10), date(2026, 8, 10)),
        (Severity.GENERAL, date(2026, 8, 10), date(2027, 5, 10)),
        (Severity.SERIOUS, date(2027, 5, 10), date(2029, 5, 10)),
    ],
)
def test_publicity_bounds(severity: Severity, earliest: date, latest: date) -> None:
    assert publicity_bounds(severity, DAY) == (earliest, latest)
    # both ends are allowed (inclusive), one day beyond either is not
    check_publicity_until(severity, DAY, earliest)
    check_publicity_until(severity, DAY, latest)
    check_publicity_until(severity, DAY, earliest + (latest - earliest) // 2)
    for outside in (earliest - ONE_DAY, latest + ONE_DAY):
        with pytest.raises(PublicityOutOfRangeError):
            check_publicity_until(severity, DAY, outside)


def test_bounds_clamp_at_month_end() -> None:
    # a general penalty of 30 Nov: 3 months later is 28 Feb (not 2 March)
    assert publicity_bounds(Severity.GENERAL, date(2026, 11, 30)) == (
        date(2027, 2, 28),
        date(2027, 11, 30),
    )
    # a serious record of 29 Feb 2028: 12 months later is 28 Feb 2029, 36 months 28 Feb 2031
    assert publicity_bounds(Severity.SERIOUS, date(2028, 2, 29)) == (
        date(2029, 2, 28),
        date(2031, 2, 28),
    )


def test_a_minor_record_may_end_on_its_own_day_but_not_before() -> None:
    check_publicity_until(Severity.MINOR, DAY, DAY)
    with pytest.raises(PublicityOutOfRangeError):
        check_publicity_until(Severity.MINOR, DAY, DAY - ONE_DAY)


def test_general_and_serious_records_meet_at_twelve_months() -> None:
    twelve = add_months(DAY, 12)
    check_publicity_until(Severity.GENERAL, DAY, twelve)
    check_publicity_until(Severity.SERIOUS, DAY, twelve)
    with pytest.raises(PublicityOutOfRangeError):
        check_publicity_until(Severity.GENERAL, DAY, twelve + ONE_DAY)
    with pytest.raises(PublicityOutOfRangeError):
        check_publicity_until(Severity.SERIOUS, DAY, twelve - ONE_DAY)


@pytest.mark.parametrize(
    ("severity", "expected"),
    [
        (Severity.MINOR, date(2026, 8, 10)),
        (Severity.GENERAL, date(2027, 5, 10)),
        (Severity.SERIOUS, date(2029, 5, 10)),
    ],
)
def test_default_publicity_is_the_longest_allowed(severity: Severity, expected: date) -> None:
    assert default_publicity_until(severity, DAY) == expected
    check_publicity_until(severity, DAY, expected)


def test_default_publicity_clamps_at_month_end() -> None:
    assert default_publicity_until(Severity.MINOR, date(2026, 11, 30)) == date(2027, 2, 28)
    assert default_publicity_until(Severity.SERIOUS, date(2024, 2, 29)) == date(2027, 2, 28)


def test_the_error_names_the_allowed_range_and_carries_its_code() -> None:
    with pytest.raises(PublicityOutOfRangeError) as caught:
        check_publicity_until(Severity.GENERAL, DAY, date(2026, 6, 1))
    error = caught.value
    assert error.code is ErrorCode.PUBLICITY_OUT_OF_RANGE
    assert error.code.value == "PUBLICITY_OUT_OF_RANGE"
    assert isinstance(error, InvalidArgumentError)
    assert "2026-08-10" in error.message
    assert "2027-05-10" in error.message
    assert "2026-06-01" in error.message
    assert "general" in error.message
    assert str(error) == error.message


@given(
    st.sampled_from(list(Severity)),
    st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31)),
    st.integers(min_value=-50, max_value=1200),
)
def test_check_accepts_exactly_the_bounds(severity: Severity, day: date, offset: int) -> None:
    earliest, latest = publicity_bounds(severity, day)
    until = day + timedelta(days=offset)
    if earliest <= until <= latest:
        check_publicity_until(severity, day, until)
    else:
        with pytest.raises(PublicityOutOfRangeError):
            check_publicity_until(severity, day, until)


# --- repair eligibility ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("severity", "occurred_on", "expected"),
    [
        (Severity.MINOR, date(2026, 5, 10), date(2026, 5, 10)),  # at once
        (Severity.GENERAL, date(2026, 5, 10), date(2026, 8, 10)),  # after 3 months
        (Severity.SERIOUS, date(2026, 5, 10), date(2027, 5, 10)),  # after 1 year
        (Severity.GENERAL, date(2026, 11, 30), date(2027, 2, 28)),
        (Severity.SERIOUS, date(2028, 2, 29), date(2029, 2, 28)),
    ],
)
def test_repair_eligibility_by_severity(
    severity: Severity, occurred_on: date, expected: date
) -> None:
    assert repair_eligible_on(severity, occurred_on) == expected
    assert repair_eligible_on(severity, occurred_on) == publicity_bounds(severity, occurred_on)[0]
