"""The four-colour rule (stated once here) and the checks an observation must pass.

An assessment on day D reads, per category, the latest observation on or before D that is
still valid (observed within the category's ``valid_days``). Its points (0 to 100) come from
the category's scoring. The score is the weighted mean of the points of the current
categories, to one decimal. A red line breached (a failed fire inspection, a food-safety score
under 60, no valid licence) makes the colour red whatever the score; otherwise a score of 85
or more is green, 70 blue, 60 yellow, and below 60 red. With no current observation there is
no colour yet.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from api.domain.credit.codes import MerchantColour
from api.domain.indicator_scoring import earned_points, latest_per, weighted_score
from api.domain.merchants.categories import BY_CODE, CATEGORIES
from api.domain.merchants.errors import IndicatorError, IndicatorRefusal
from api.domain.merchants.model import (
    Assessment,
    ColourReason,
    IndicatorCategory,
    IndicatorCategoryCode,
    IndicatorResult,
    IndicatorStatus,
    Measure,
    Observation,
)
from api.domain.numbers import NumericLimit

#: The lowest score of each colour, best first (red takes everything below yellow).
THRESHOLDS: tuple[tuple[MerchantColour, Decimal, ColourReason], ...] = (
    (MerchantColour.GREEN, Decimal(85), ColourReason.SCORE_GREEN),
    (MerchantColour.BLUE, Decimal(70), ColourReason.SCORE_BLUE),
    (MerchantColour.YELLOW, Decimal(60), ColourReason.SCORE_YELLOW),
)
#: The largest COUNT an observation may report (a month's complaints of one shop).
MAX_EVENTS = 1000
#: Where a value is stored: ``Numeric(7, 1)``.
VALUE_LIMIT = NumericLimit(7, 1)
#: How far back an observation may be dated.
OLDEST_OBSERVATION = timedelta(days=5 * 366)
_HUNDRED = Decimal(100)
_TENTH = Decimal("0.1")


def category_of(code: str) -> IndicatorCategory:
    """The category named ``code``; UNKNOWN_CATEGORY when there is none."""
    try:
        return BY_CODE[IndicatorCategoryCode(code)]
    except ValueError:
        known = ", ".join(c.code.value for c in CATEGORIES)
        raise IndicatorError(
            IndicatorRefusal.UNKNOWN_CATEGORY,
            f"unknown indicator category {code!r}; one of: {known}",
            field="category",
        ) from None


def check_value(category: IndicatorCategory, value: Decimal) -> Decimal:
    """The value if the category's measure admits it, else VALUE_OUT_OF_RANGE."""
    measure = category.scoring.measure
    try:
        finite = value.is_finite()
        whole = finite and value == value.to_integral_value()
    except InvalidOperation:  # a signalling NaN
        finite = whole = False
    if measure is Measure.SCORE:
        ok = finite and Decimal(0) <= value <= _HUNDRED and value == value.quantize(_TENTH)
        rule = "a score from 0 to 100 with at most one decimal"
    elif measure is Measure.COUNT:
        ok = whole and 0 <= value <= MAX_EVENTS
        rule = f"a whole number of events from 0 to {MAX_EVENTS}"
    else:
        ok = whole and value in (Decimal(0), Decimal(1))
        rule = "1 (complies) or 0 (does not)"
    if not ok:
        raise IndicatorError(
            IndicatorRefusal.VALUE_OUT_OF_RANGE,
            f"{category.code.value} takes {rule}, not {value}",
            field="value",
        )
    return value


def check_department(category: IndicatorCategory, department: str) -> None:
    """Refuse a department that does not observe the category."""
    if department not in category.departments:
        raise IndicatorError(
            IndicatorRefusal.DEPARTMENT_NOT_FOR_CATEGORY,
            f"{department!r} does not observe {category.code.value}; "
            f"its departments: {', '.join(category.departments)}",
            field="department",
        )


def check_observed_on(observed_on: date, today: date) -> None:
    """Refuse a day after today, or more than five years ago."""
    if observed_on > today:
        raise IndicatorError(
            IndicatorRefusal.DATE_IN_FUTURE,
            f"observedOn {observed_on} is after today ({today})",
            field="observedOn",
        )
    if observed_on < today - OLDEST_OBSERVATION:
        raise IndicatorError(
            IndicatorRefusal.VALUE_OUT_OF_RANGE,
            f"observedOn {observed_on} is more than five years ago",
            field="observedOn",
        )


def points(category: IndicatorCategory, value: Decimal) -> Decimal:
    """The points (0 to 100) an observation of ``category`` earns."""
    scoring = category.scoring
    return earned_points(scoring.measure.value, value, scoring.per_event)


def _latest(observations: Iterable[Observation], as_of: date) -> dict[str, Observation]:
    """Per category, the latest observation on or before ``as_of`` (ties: the later id)."""
    return latest_per(observations, as_of, lambda observation: observation.category)


def _result(category: IndicatorCategory, found: Observation | None, as_of: date) -> IndicatorResult:
    if found is None:
        return IndicatorResult(
            category.code, IndicatorStatus.MISSING, category.weight, None, None, None, None, False
        )
    current = as_of - found.observed_on < timedelta(days=category.scoring.valid_days)
    earned = points(category, found.value)
    red_line = category.scoring.red_line_below
    return IndicatorResult(
        category=category.code,
        status=IndicatorStatus.CURRENT if current else IndicatorStatus.STALE,
        weight=category.weight,
        points=earned,
        value=found.value,
        as_of=found.observed_on,
        department=found.department,
        red_line=current and red_line is not None and earned < red_line,
    )


def assess(observations: Iterable[Observation], as_of: date) -> Assessment:
    """The merchant's four-colour code on ``as_of``, with its reasons and every indicator."""
    latest = _latest(observations, as_of)
    results = tuple(_result(c, latest.get(c.code), as_of) for c in CATEGORIES)
    current = [r for r in results if r.status is IndicatorStatus.CURRENT and r.points is not None]
    if not current:
        return Assessment(as_of, None, None, (ColourReason.NO_CURRENT_OBSERVATIONS,), results)
    score = weighted_score((r.points, r.weight) for r in current if r.points is not None)
    colour, reason = MerchantColour.RED, ColourReason.SCORE_RED
    for candidate, lowest, because in THRESHOLDS:
        if score >= lowest:
            colour, reason = candidate, because
            break
    reasons: tuple[ColourReason, ...] = (reason,)
    if any(r.red_line for r in current):
        colour, reasons = MerchantColour.RED, (ColourReason.RED_LINE, reason)
    return Assessment(as_of, colour, score, reasons, results)


def first_of_month(day: date) -> date:
    """The first day of ``day`` 's month."""
    return day.replace(day=1)


def months_back(month: date, count: int) -> date:
    """The first day of the month ``count`` months before ``month`` 's."""
    index = month.year * 12 + month.month - 1 - count
    return date(index // 12, index % 12 + 1, 1)


def change_percent(before: int, after: int) -> Decimal | None:
    """The change from ``before`` to ``after`` in percent, one decimal; None from zero."""
    if before == 0:
        return None
    return (Decimal(after - before) * _HUNDRED / before).quantize(_TENTH, rounding=ROUND_HALF_UP)
