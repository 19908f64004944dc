"""The four-colour rule of merchants, the checks of an observation, and signed scan links."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from api.auth.scan_links import LinkVerdict, ScanLinks
from api.domain.credit.codes import MerchantColour, merchant_rank
from api.domain.merchants import rules
from api.domain.merchants.categories import BY_CODE, CATEGORIES, DEPARTMENTS
from api.domain.merchants.errors import IndicatorError
from api.domain.merchants.model import (
    Assessment,
    ColourReason,
    IndicatorCategory,
    IndicatorCategoryCode,
    IndicatorStatus,
    Measure,
    Observation,
)

DAY = date(2026, 11, 30)
_ids = iter(range(1, 10**9))


def _observation(category: IndicatorCategoryCode, value: Decimal, day: date = DAY) -> Observation:
    return Observation(
        id=next(_ids),
        merchant_id=1,
        category=category,
        department=BY_CODE[category].departments[0],
        value=value,
        observed_on=day,
        note=None,
        recorded_by=None,
        recorded_at=datetime(2026, 11, 30, tzinfo=UTC),
    )


def _values(category: IndicatorCategory) -> st.SearchStrategy[Decimal]:
    """Every value the category's measure admits."""
    measure = category.scoring.measure
    if measure is Measure.SCORE:
        return st.integers(0, 1000).map(lambda tenths: Decimal(tenths) / 10)
    if measure is Measure.COUNT:
        return st.integers(0, rules.MAX_EVENTS).map(Decimal)
    return st.sampled_from((Decimal(0), Decimal(1)))


#: Some categories observed, each with an admitted value and an age in days.
observed = st.lists(
    st.sampled_from(CATEGORIES).flatmap(
        lambda c: st.tuples(st.just(c), _values(c), st.integers(0, 400))
    ),
    max_size=25,
)


def _assess(found: list[tuple[IndicatorCategory, Decimal, int]]) -> Assessment:
    return rules.assess(
        [_observation(c.code, v, DAY - timedelta(days=age)) for c, v, age in found], DAY
    )


def test_eleven_categories_from_fifteen_departments_weigh_one_hundred() -> None:
    assert len(CATEGORIES) == 11
    assert len(DEPARTMENTS) == 15
    assert sum(c.weight for c in CATEGORIES) == 100
    assert {c.code for c in CATEGORIES} == set(IndicatorCategoryCode)
    assert all(c.departments and c.scoring.valid_days > 0 for c in CATEGORIES)


@settings(max_examples=300)
@given(observed)
def test_the_colour_is_the_score_band_unless_a_red_line_is_breached(
    found: list[tuple[IndicatorCategory, Decimal, int]],
) -> None:
    result = _assess(found)
    assert len(result.indicators) == 11
    current = [i for i in result.indicators if i.status is IndicatorStatus.CURRENT]
    if not current:
        assert result.colour is None
        assert result.score is None
        assert result.reasons == (ColourReason.NO_CURRENT_OBSERVATIONS,)
        return
    assert result.score is not None
    assert Decimal(0) <= result.score <= Decimal(100)
    band = next(
        (colour for colour, lowest, _ in rules.THRESHOLDS if result.score >= lowest),
        MerchantColour.RED,
    )
    if any(i.red_line for i in current):
        assert result.colour is MerchantColour.RED
        assert result.reasons[0] is ColourReason.RED_LINE
    else:
        assert result.colour is band
        assert len(result.reasons) == 1
    for indicator in result.indicators:
        if indicator.status is IndicatorStatus.MISSING:
            assert (indicator.as_of, indicator.points) == (None, None)
        else:
            assert indicator.as_of is not None
            assert indicator.as_of <= DAY


@settings(max_examples=300)
@given(observed, st.sampled_from(CATEGORIES), st.integers(0, 60))
def test_a_better_observation_never_makes_the_colour_worse(
    found: list[tuple[IndicatorCategory, Decimal, int]], category: IndicatorCategory, age: int
) -> None:
    best = {
        Measure.SCORE: Decimal(100),
        Measure.COUNT: Decimal(0),
        Measure.OUTCOME: Decimal(1),
    }[category.scoring.measure]
    worst = {
        Measure.SCORE: Decimal(0),
        Measure.COUNT: Decimal(rules.MAX_EVENTS),
        Measure.OUTCOME: Decimal(0),
    }[category.scoring.measure]
    # The same observation, the newest of its category in both worlds, best against worst.
    newest = max((a for c, _, a in found if c is category), default=age)
    day = min(age, newest)
    worse = _assess([*found, (category, worst, day)])
    better = _assess([*found, (category, best, day)])
    assert worse.colour is not None
    assert better.colour is not None
    assert merchant_rank(better.colour) <= merchant_rank(worse.colour)


def test_the_latest_current_observation_speaks_and_a_stale_one_does_not() -> None:
    complaints = IndicatorCategoryCode.COMPLAINTS
    found = [
        _observation(complaints, Decimal(4), DAY - timedelta(days=40)),
        _observation(complaints, Decimal(1), DAY - timedelta(days=10)),
        _observation(complaints, Decimal(9), DAY + timedelta(days=1)),  # after the day assessed
    ]
    result = rules.assess(found, DAY)
    indicator = next(i for i in result.indicators if i.category is complaints)
    assert (indicator.value, indicator.points, indicator.as_of) == (
        Decimal(1),
        Decimal(80),
        DAY - timedelta(days=10),
    )
    assert (result.colour, result.score) == (MerchantColour.BLUE, Decimal("80.0"))
    later = rules.assess(found[:1], DAY + timedelta(days=60))  # 100 days old: past 92
    assert later.indicators[1].status is IndicatorStatus.STALE
    assert later.colour is None


@pytest.mark.parametrize(
    ("code", "value"),
    [
        ("public_credit", "100.1"),
        ("public_credit", "-0.1"),
        ("public_credit", "50.25"),
        ("complaints", "1.5"),
        ("complaints", "1001"),
        ("licences", "2"),
        ("licences", "0.5"),
        ("inspections", "NaN"),
        ("inspections", "sNaN"),
        ("inspections", "Infinity"),
    ],
)
def test_values_outside_the_measure_are_refused(code: str, value: str) -> None:
    with pytest.raises(IndicatorError) as refused:
        rules.check_value(rules.category_of(code), Decimal(value))
    assert refused.value.refusal.value == "VALUE_OUT_OF_RANGE"
    assert refused.value.field == "value"


def test_unknown_categories_departments_and_future_days_are_refused() -> None:
    with pytest.raises(IndicatorError, match="unknown indicator category 'noise'"):
        rules.category_of("noise")
    with pytest.raises(IndicatorError, match="'tax' does not observe complaints"):
        rules.check_department(rules.category_of("complaints"), "tax")
    with pytest.raises(IndicatorError, match="after today"):
        rules.check_observed_on(DAY + timedelta(days=1), DAY)
    rules.check_observed_on(DAY, DAY)


def test_change_percent_and_months() -> None:
    assert rules.change_percent(100, 44) == Decimal("-56.0")
    assert rules.change_percent(0, 3) is None
    assert rules.months_back(date(2026, 1, 1), 1) == date(2025, 12, 1)
    assert rules.months_back(date(2026, 1, 1), -12) == date(2027, 1, 1)


LINKS = ScanLinks(b"\x07" * 32)


@settings(max_examples=200)
@given(st.integers(1, 2**62), st.dates(date(2026, 1, 1), date(2099, 12, 31)))
def test_a_link_opens_to_its_merchant_until_its_day(merchant_id: int, until: date) -> None:
    _, _, ref, day, mac = LINKS.path(merchant_id, until).rsplit("/", 4)
    opened = LINKS.open(ref, day, mac, until)
    assert (opened.verdict, opened.merchant_id, opened.valid_until) == (
        LinkVerdict.VALID,
        merchant_id,
        until,
    )
    assert LINKS.open(ref, day, mac, until + timedelta(days=1)).verdict is LinkVerdict.EXPIRED


@settings(max_examples=200)
@given(st.integers(1, 2**40), st.integers(0, 80), st.sampled_from("AZaz09_-"))
def test_any_changed_character_makes_a_link_forged(
    merchant_id: int, position: int, replacement: str
) -> None:
    path = LINKS.path(merchant_id, date(2027, 6, 1))
    tail = path.removeprefix("/scan/merchant/")
    position %= len(tail)
    if tail[position] in (replacement, "/"):
        return
    changed = tail[:position] + replacement + tail[position + 1 :]
    ref, day, mac = changed.split("/")
    assert LINKS.open(ref, day, mac, date(2026, 12, 1)).verdict is LinkVerdict.FORGED
