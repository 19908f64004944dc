"""The open-loop scheduler's arithmetic: send times, the mix's proportions, percentiles,
the crossing rate and the saturation rule (no clock involved)."""

from __future__ import annotations

import itertools
from collections import Counter

import pytest

from bench.open_loop import (
    arrival_offsets,
    body_problem,
    crossing_rate,
    operation_sequence,
    percentile,
    saturated,
)


def test_constant_spacing_sends_exactly_rate_times_duration_evenly() -> None:
    offsets = arrival_offsets(40, 2.5)
    assert len(offsets) == 100
    assert offsets[:3] == [0.0, 0.025, 0.05]
    assert offsets[-1] == pytest.approx(99 / 40)


def test_constant_spacing_does_not_lose_an_arrival_to_rounding() -> None:
    assert len(arrival_offsets(0.1 * 3, 10)) == 3  # 0.30000000000000004 * 10


def test_poisson_arrivals_are_reproducible_increasing_and_near_the_rate() -> None:
    offsets = arrival_offsets(200, 50, poisson=True, seed=7)
    assert offsets == arrival_offsets(200, 50, poisson=True, seed=7)
    assert offsets != arrival_offsets(200, 50, poisson=True, seed=8)
    assert all(b > a for a, b in itertools.pairwise(offsets))
    assert offsets[0] > 0
    assert offsets[-1] < 50
    # 10,000 expected; a Poisson count's standard deviation is 100.
    assert 9_500 < len(offsets) < 10_500


def test_a_rate_or_duration_of_zero_is_refused() -> None:
    with pytest.raises(ValueError, match="positive"):
        arrival_offsets(0, 10)
    with pytest.raises(ValueError, match="positive"):
        arrival_offsets(10, 0)


def test_the_mix_holds_its_exact_proportions_in_every_block() -> None:
    weights = [20, 5, 25, 15, 5, 3, 4, 3, 4, 10, 6]
    sequence = operation_sequence(weights, 300)
    for block in range(3):
        counts = Counter(sequence[block * 100 : (block + 1) * 100])
        assert [counts[i] for i in range(len(weights))] == weights


def test_the_mix_interleaves_rather_than_sending_runs() -> None:
    assert operation_sequence([2, 1], 6) == [0, 1, 0, 0, 1, 0]
    assert operation_sequence([1, 1, 1], 4) == [0, 1, 2, 0]


def test_a_mix_without_weight_is_refused() -> None:
    with pytest.raises(ValueError, match="positive sum"):
        operation_sequence([0, 0], 5)
    with pytest.raises(ValueError, match="non-negative"):
        operation_sequence([3, -1], 5)


def test_nearest_rank_percentiles() -> None:
    values = [float(v) for v in range(1, 101)]
    assert percentile(values, 0.50) == 50.0
    assert percentile(values, 0.99) == 99.0
    assert percentile(values, 1.0) == 100.0
    assert percentile([7.0], 0.99) == 7.0
    assert percentile([], 0.5) == 0.0


def test_the_crossing_rate_is_interpolated_between_the_two_steps() -> None:
    points = [(20.0, 10.0), (40.0, 30.0), (60.0, 70.0), (80.0, 400.0)]
    assert crossing_rate(points, 50.0) == pytest.approx(50.0)
    assert crossing_rate(points, 10.0) == pytest.approx(20.0 + 20.0 * 0.0)  # equal is not over
    assert crossing_rate(points, 500.0) is None
    assert crossing_rate([(20.0, 60.0), (40.0, 90.0)], 50.0) == 20.0


def test_saturation_is_falling_behind_failing_or_queueing() -> None:
    assert not saturated(100, 96, 0.0, 200.0)
    assert saturated(100, 94, 0.0, 20.0)
    assert saturated(100, 100, 0.02, 20.0)
    assert saturated(100, 100, 0.0, 1500.0)


def test_which_answers_count_as_errors() -> None:
    assert body_problem(200, b'{"data":{"x":{"a":1,"errors":[]}}}') is None
    assert body_problem(429, b"{}") == "status_429"
    assert body_problem(200, b'{"errors":[{"message":"no"}],"data":null}') == "graphql_errors"
    assert body_problem(200, b'{"data":null}') == "null_data"
    assert body_problem(200, b'{"data":{"x":null}}') == "null_result"
    assert body_problem(200, b'{"data":{"x":{"errors":[{"code":"E"}]}}}') == "payload_errors"
    assert body_problem(200, b"not json") == "invalid_json"
