"""The industry grade rule and graded supervision: pure functions, no I/O."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from api.domain.industry import rules
from api.domain.industry.errors import IndustryError, IndustryRefusal
from api.domain.industry.model import (
    GradeReason,
    IndicatorStatus,
    IndustryGrade,
    Observation,
)
from api.domain.industry.schemes import CATERING, GREEN_WHARF, LIVE_STREAMING, SCHEMES

DAY = date(2026, 6, 30)
_GRADE_ORDER = [IndustryGrade.A, IndustryGrade.B, IndustryGrade.C, IndustryGrade.D]


def _seen(indicator: str, value: str, on: date = DAY, ident: int = 1) -> Observation:
    return Observation(
        id=ident,
        subject_id=7,
        indicator=indicator,
        department="transport",
        value=Decimal(value),
        observed_on=on,
        note=None,
        recorded_by=None,
        recorded_at=datetime(2026, 6, 30, tzinfo=UTC),
    )


def test_each_scheme_weights_add_up_to_100_and_has_one_inspection_indicator() -> None:
    assert [s.industry.value for s in SCHEMES] == ["green_wharf", "live_streaming", "catering"]
    for scheme in SCHEMES:
        assert sum(i.weight for i in scheme.indicators) == 100
        assert rules.indicator_of(scheme, scheme.inspection_indicator).measure.value == "inspection"
        assert scheme.version == "2026.1"
        assert [s.grade for s in scheme.supervision] == [*_GRADE_ORDER, None]
    assert GREEN_WHARF.departments == ("ecology_environment", "transport", "water_resources")


@given(st.decimals(min_value=0, max_value=100, places=1))
def test_the_grade_is_the_band_of_the_score(score: Decimal) -> None:
    grade = rules.grade_for(CATERING, score)
    expected = (
        IndustryGrade.A
        if score >= 90
        else IndustryGrade.B
        if score >= 75
        else IndustryGrade.C
        if score >= 60
        else IndustryGrade.D
    )
    assert grade is expected


@given(
    st.decimals(min_value=0, max_value=100, places=1),
    st.decimals(min_value=0, max_value=100, places=1),
)
def test_a_better_score_never_earns_a_worse_grade(low: Decimal, high: Decimal) -> None:
    low, high = min(low, high), max(low, high)
    worse = _GRADE_ORDER.index(rules.grade_for(GREEN_WHARF, low))
    better = _GRADE_ORDER.index(rules.grade_for(GREEN_WHARF, high))
    assert better <= worse


@given(
    st.decimals(min_value=0, max_value=100, places=1),
    st.integers(min_value=0, max_value=20),
    st.booleans(),
)
def test_the_score_is_the_weighted_mean_and_a_red_line_is_d(
    food: Decimal, complaints: int, licensed: bool
) -> None:
    found = [
        _seen("food_safety", str(food), ident=1),
        _seen("complaints", str(complaints), ident=2),
        _seen("licences", "1" if licensed else "0", ident=3),
    ]
    evaluation = rules.evaluate(CATERING, found, DAY)
    complaint_points = max(Decimal(0), 100 - Decimal(10) * complaints)
    total = food * 35 + complaint_points * 20 + (100 if licensed else 0) * 20
    assert evaluation.score == (total / 75).quantize(Decimal("0.1"), rounding="ROUND_HALF_UP")
    if not licensed or food < 60:
        assert evaluation.grade is IndustryGrade.D
        assert evaluation.reasons == (GradeReason.RED_LINE,)
    else:
        assert evaluation.score is not None
        assert evaluation.grade is rules.grade_for(CATERING, evaluation.score)


def test_no_current_observation_means_no_grade_and_stale_ones_do_not_count() -> None:
    old = DAY - timedelta(days=400)
    evaluation = rules.evaluate(LIVE_STREAMING, [_seen("certifications", "0", on=old)], DAY)
    assert evaluation.grade is None
    assert evaluation.reasons == (GradeReason.NO_CURRENT_OBSERVATIONS,)
    statuses = {r.indicator: r.status for r in evaluation.indicators}
    assert statuses["certifications"] is IndicatorStatus.STALE
    assert statuses["product_quality"] is IndicatorStatus.MISSING


def test_a_failed_inspection_is_zero_points_and_grade_d() -> None:
    inspection = rules.indicator_of(GREEN_WHARF, "inspections")
    assert rules.inspection_value(inspection, passed=True, findings=2) == Decimal(70)
    assert rules.inspection_value(inspection, passed=True, findings=9) == Decimal(0)
    assert rules.inspection_value(inspection, passed=False, findings=0) == Decimal(0)
    found = [_seen("dust_control", "95", ident=1), _seen("inspections", "0", ident=2)]
    assert rules.evaluate(GREEN_WHARF, found, DAY).grade is IndustryGrade.D


def test_checks_refuse_unknown_indicators_wrong_departments_bad_values_and_future_days() -> None:
    with pytest.raises(IndustryError) as unknown:
        rules.indicator_of(GREEN_WHARF, "food_safety")
    assert unknown.value.refusal is IndustryRefusal.UNKNOWN_INDICATOR
    with pytest.raises(IndustryError) as department:
        rules.check_department(rules.indicator_of(GREEN_WHARF, "permits"), "tax")
    assert department.value.refusal is IndustryRefusal.DEPARTMENT_NOT_FOR_INDICATOR
    bad_values = (("permits", "2"), ("dust_control", "100.5"), ("pollution_incidents", "1.5"))
    for code, value in bad_values:
        with pytest.raises(IndustryError) as bad:
            rules.check_value(rules.indicator_of(GREEN_WHARF, code), Decimal(value))
        assert bad.value.refusal is IndustryRefusal.VALUE_OUT_OF_RANGE
    with pytest.raises(IndustryError) as nan:
        rules.check_value(rules.indicator_of(GREEN_WHARF, "dust_control"), Decimal("sNaN"))
    assert nan.value.refusal is IndustryRefusal.VALUE_OUT_OF_RANGE
    with pytest.raises(IndustryError) as future:
        rules.check_day(DAY + timedelta(days=1), DAY)
    assert future.value.refusal is IndustryRefusal.DATE_IN_FUTURE
    with pytest.raises(IndustryError) as period:
        rules.check_period(DAY, DAY - timedelta(days=1))
    assert period.value.refusal is IndustryRefusal.PERIOD_OUT_OF_RANGE


@given(
    st.sampled_from([*_GRADE_ORDER, None]),
    st.one_of(st.none(), st.dates(date(2025, 1, 1), date(2026, 12, 31))),
    st.integers(min_value=0, max_value=365),
)
def test_visits_are_spaced_by_the_grade_and_follow_the_last_inspection(
    grade: IndustryGrade | None, last: date | None, length: int
) -> None:
    supervision = rules.supervision_for(GREEN_WHARF, grade)
    start = date(2026, 1, 1)
    end = start + timedelta(days=length)
    days = rules.visits(supervision, last, start, end)
    interval = timedelta(days=365 // supervision.visits_per_year)
    assert all(start <= d <= end for d in days)
    assert all(b - a == interval for a, b in itertools.pairwise(days))
    if days:
        first = start if last is None else max(start, last + interval)
        assert days[0] == first
        assert days[-1] + interval > end
    # A full year plans at least the grade's visits a year, less one for a recent inspection.
    if length == 365 and (last is None or last + interval <= start):
        assert len(days) >= supervision.visits_per_year
