"""The industry grade rule and graded supervision (stated once here), and the checks an
observation must pass.

An evaluation on day D reads, per indicator, the latest observation on or before D; it is
current while D is within the indicator's ``valid_days`` of it. Its points (0 to 100) come
from the indicator's measure. The score is the weighted mean of the points of the current
indicators, to one decimal. A red line breached (no valid permit, a failed inspection, a dust
score under 40) makes the grade D whatever the score; otherwise the scheme's thresholds give
A, B or C, and D below. With no current observation there is no grade yet.

Graded supervision: each grade (and "not yet evaluated") has a number of visits a year. A plan
for a period spaces them ``365 // visits`` days apart: the first visit is due one interval
after the last inspection (at once if there was none or it is overdue), the next ones an
interval apart, up to the period's end.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation

from api.domain.indicator_scoring import earned_points, latest_per, weighted_score
from api.domain.industry.errors import IndustryError, IndustryRefusal
from api.domain.industry.model import (
    Evaluation,
    GradeReason,
    Indicator,
    IndicatorResult,
    IndicatorStatus,
    IndustryGrade,
    Measure,
    Observation,
    Scheme,
    Supervision,
)
from api.domain.numbers import NumericLimit

#: The largest COUNT (or number of inspection findings) one observation may report.
MAX_EVENTS = 1000
#: Where a value is stored: ``Numeric(7, 1)``.
VALUE_LIMIT = NumericLimit(7, 1)
#: How far back an observation may be dated.
OLDEST_OBSERVATION = timedelta(days=5 * 366)
#: The longest period an inspection plan covers.
LONGEST_PLAN = timedelta(days=366)
_HUNDRED = Decimal(100)
_TENTH = Decimal("0.1")
_REASON = {
    IndustryGrade.A: GradeReason.SCORE_A,
    IndustryGrade.B: GradeReason.SCORE_B,
    IndustryGrade.C: GradeReason.SCORE_C,
    IndustryGrade.D: GradeReason.SCORE_D,
}


def indicator_of(scheme: Scheme, code: str) -> Indicator:
    """The scheme's indicator named ``code``; UNKNOWN_INDICATOR when there is none."""
    for indicator in scheme.indicators:
        if indicator.code == code:
            return indicator
    known = ", ".join(i.code for i in scheme.indicators)
    raise IndustryError(
        IndustryRefusal.UNKNOWN_INDICATOR,
        f"{scheme.industry.value} has no indicator {code!r}; one of: {known}",
        field="indicator",
    )


def check_department(indicator: Indicator, department: str) -> None:
    """Refuse a department that does not feed the indicator."""
    if department not in indicator.departments:
        raise IndustryError(
            IndustryRefusal.DEPARTMENT_NOT_FOR_INDICATOR,
            f"{department!r} does not feed {indicator.code}; "
            f"its departments: {', '.join(indicator.departments)}",
            field="department",
        )


def check_value(indicator: Indicator, value: Decimal) -> Decimal:
    """The value if the indicator's measure admits it, else VALUE_OUT_OF_RANGE."""
    try:
        finite = value.is_finite()
        whole = finite and value == value.to_integral_value()
    except InvalidOperation:  # a signalling NaN
        finite = whole = False
    measure = indicator.measure
    if measure in (Measure.SCORE, Measure.INSPECTION):
        ok = finite and Decimal(0) <= value <= _HUNDRED and value == value.quantize(_TENTH)
        rule = "a score from 0 to 100 with at most one decimal"
    elif measure is Measure.COUNT:
        ok = whole and 0 <= value <= MAX_EVENTS
        rule = f"a whole number of events from 0 to {MAX_EVENTS}"
    else:
        ok = whole and value in (Decimal(0), Decimal(1))
        rule = "1 (complies) or 0 (does not)"
    if not ok:
        raise IndustryError(
            IndustryRefusal.VALUE_OUT_OF_RANGE,
            f"{indicator.code} takes {rule}, not {value}",
            field="value",
        )
    return value


def check_day(day: date, today: date, field: str = "observedOn") -> None:
    """Refuse a day after today, or more than five years ago."""
    if day > today:
        raise IndustryError(
            IndustryRefusal.DATE_IN_FUTURE, f"{field} {day} is after today ({today})", field=field
        )
    if day < today - OLDEST_OBSERVATION:
        raise IndustryError(
            IndustryRefusal.VALUE_OUT_OF_RANGE,
            f"{field} {day} is more than five years ago",
            field=field,
        )


def inspection_value(indicator: Indicator, passed: bool, findings: int) -> Decimal:
    """What an inspection result is worth (0 to 100): a failure is 0, each finding costs."""
    if not 0 <= findings <= MAX_EVENTS:
        raise IndustryError(
            IndustryRefusal.VALUE_OUT_OF_RANGE,
            f"findings is a whole number from 0 to {MAX_EVENTS}, not {findings}",
            field="findings",
        )
    if not passed:
        return Decimal(0)
    return max(Decimal(0), _HUNDRED - indicator.per_event * findings)


def points(indicator: Indicator, value: Decimal) -> Decimal:
    """The points (0 to 100) an observation of ``indicator`` earns."""
    return earned_points(indicator.measure.value, value, indicator.per_event)


def latest(observations: Iterable[Observation], as_of: date) -> dict[str, Observation]:
    """Per indicator, the latest observation on or before ``as_of`` (ties: the later id)."""
    return latest_per(observations, as_of, lambda observation: observation.indicator)


def _result(indicator: Indicator, found: Observation | None, as_of: date) -> IndicatorResult:
    """One indicator's part of an evaluation."""
    if found is None:
        return IndicatorResult(
            indicator.code, IndicatorStatus.MISSING, indicator.weight, None, None, None, None, False
        )
    current = as_of - found.observed_on < timedelta(days=indicator.valid_days)
    earned = points(indicator, found.value)
    line = indicator.red_line_below
    return IndicatorResult(
        indicator=indicator.code,
        status=IndicatorStatus.CURRENT if current else IndicatorStatus.STALE,
        weight=indicator.weight,
        points=earned,
        value=found.value,
        as_of=found.observed_on,
        department=found.department,
        red_line=current and line is not None and earned < line,
    )


def grade_for(scheme: Scheme, score: Decimal) -> IndustryGrade:
    """The grade a score earns under the scheme's thresholds (below the last: D)."""
    for grade, lowest in scheme.thresholds:
        if score >= lowest:
            return grade
    return IndustryGrade.D


def evaluate(scheme: Scheme, observations: Iterable[Observation], as_of: date) -> Evaluation:
    """A subject's grade on ``as_of``, with its reasons and every indicator."""
    found = latest(observations, as_of)
    results = tuple(_result(i, found.get(i.code), as_of) for i in scheme.indicators)
    current = [r for r in results if r.status is IndicatorStatus.CURRENT and r.points is not None]
    if not current:
        return Evaluation(
            scheme.industry,
            scheme.version,
            as_of,
            None,
            None,
            (GradeReason.NO_CURRENT_OBSERVATIONS,),
            results,
        )
    score = weighted_score((r.points, r.weight) for r in current if r.points is not None)
    if any(r.red_line for r in current):
        grade, reasons = IndustryGrade.D, (GradeReason.RED_LINE,)
    else:
        grade = grade_for(scheme, score)
        reasons = (_REASON[grade],)
    return Evaluation(scheme.industry, scheme.version, as_of, grade, score, reasons, results)


def supervision_for(scheme: Scheme, grade: IndustryGrade | None) -> Supervision:
    """What a grade (None: not yet evaluated) means for supervision under the scheme."""
    for supervision in scheme.supervision:
        if supervision.grade == grade:
            return supervision
    msg = f"scheme {scheme.industry.value} {scheme.version} has no supervision for {grade}"
    raise LookupError(msg)


def check_period(start: date, end: date) -> None:
    """Refuse a period that ends before it starts or spans more than 366 days."""
    if end < start or end - start >= LONGEST_PLAN:
        raise IndustryError(
            IndustryRefusal.PERIOD_OUT_OF_RANGE,
            f"a plan's period runs from start to end, at most 366 days ({start} to {end})",
            field="end",
        )


def visits(
    supervision: Supervision, last_inspected_on: date | None, start: date, end: date
) -> tuple[date, ...]:
    """The days to visit in [start, end]: an interval after the last inspection, then apart."""
    interval = timedelta(days=365 // supervision.visits_per_year)
    due = start if last_inspected_on is None else max(start, last_inspected_on + interval)
    days: list[date] = []
    while due <= end:
        days.append(due)
        due += interval
    return tuple(days)


def plan_reason(
    evaluation: Evaluation, supervision: Supervision, last_inspected_on: date | None
) -> str:
    """Why a subject is visited as planned, in words."""
    graded = (
        "not yet evaluated"
        if evaluation.grade is None
        else f"grade {evaluation.grade.value} (score {evaluation.score}"
        + (", red line breached)" if GradeReason.RED_LINE in evaluation.reasons else ")")
    )
    last = "never inspected" if last_inspected_on is None else f"last inspected {last_inspected_on}"
    return (
        f"{graded}: {supervision.visits_per_year} visit(s) a year, {supervision.treatment}; {last}"
    )
