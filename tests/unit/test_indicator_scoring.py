"""The scoring core merchant indicators and industry schemes share."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from api.domain.indicator_scoring import earned_points, latest_per, weighted_score

DAY = date(2026, 6, 1)


@dataclass(frozen=True)
class Seen:
    id: int
    observed_on: date
    key: str


def test_points_by_measure() -> None:
    assert earned_points("score", Decimal("92.5"), Decimal(0)) == Decimal("92.5")
    assert earned_points("inspection", Decimal("70"), Decimal(15)) == Decimal("70")
    assert earned_points("outcome", Decimal(1), Decimal(0)) == Decimal(100)
    assert earned_points("outcome", Decimal(0), Decimal(0)) == Decimal(0)
    assert earned_points("count", Decimal(3), Decimal(20)) == Decimal(40)
    assert earned_points("count", Decimal(9), Decimal(20)) == Decimal(0)
    with pytest.raises(ValueError, match="no such measure"):
        earned_points("rumour", Decimal(1), Decimal(0))


@given(st.lists(st.tuples(st.integers(0, 1000), st.integers(1, 100)), min_size=1, max_size=12))
def test_the_weighted_score_lies_between_the_points(parts: list[tuple[int, int]]) -> None:
    pairs = [(Decimal(points) / 10, weight) for points, weight in parts]
    score = weighted_score(pairs)
    assert min(p for p, _ in pairs) <= score <= max(p for p, _ in pairs)
    assert score == score.quantize(Decimal("0.1"))


@given(st.lists(st.tuples(st.integers(-5, 5), st.sampled_from("ab")), max_size=20))
def test_latest_is_the_newest_on_or_before_the_day(rows: list[tuple[int, str]]) -> None:
    seen = [Seen(n, DAY + timedelta(days=shift), key) for n, (shift, key) in enumerate(rows)]
    found = latest_per(seen, DAY, lambda s: s.key)
    for key in "ab":
        eligible = [s for s in seen if s.key == key and s.observed_on <= DAY]
        expected = max(eligible, key=lambda s: (s.observed_on, s.id)) if eligible else None
        assert found.get(key) == expected
