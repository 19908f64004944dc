"""How an indicator observation scores, stated once for merchant indicators and industry schemes.

Both turn each indicator's latest observation on a day into points (0 to 100) by its measure,
and a subject's score into the weighted mean of its current indicators' points.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Protocol, TypeVar

_HUNDRED = Decimal(100)
_TENTH = Decimal("0.1")


class Observed(Protocol):
    """What choosing the latest observation needs of one."""

    @property
    def id(self) -> int: ...

    @property
    def observed_on(self) -> date: ...


ObservedT = TypeVar("ObservedT", bound=Observed)


def earned_points(measure: str, value: Decimal, per_event: Decimal) -> Decimal:
    """The points an observation earns: a score (or an inspection result) as it is, an outcome
    100 or 0, a count 100 less ``per_event`` per event (never below 0)."""
    if measure in ("score", "inspection"):
        return value
    if measure == "outcome":
        return _HUNDRED if value >= 1 else Decimal(0)
    if measure == "count":
        return max(Decimal(0), _HUNDRED - per_event * value)
    raise ValueError(f"no such measure: {measure}")


def latest_per(
    observations: Iterable[ObservedT], as_of: date, key: Callable[[ObservedT], str]
) -> dict[str, ObservedT]:
    """Per key, the latest observation on or before ``as_of`` (ties: the later id)."""
    found: dict[str, ObservedT] = {}
    for observation in observations:
        if observation.observed_on > as_of:
            continue
        held = found.get(key(observation))
        if held is None or (observation.observed_on, observation.id) > (held.observed_on, held.id):
            found[key(observation)] = observation
    return found


def weighted_score(parts: Iterable[tuple[Decimal, int]]) -> Decimal:
    """The weighted mean of (points, weight) pairs, to one decimal (half up); needs one pair."""
    pairs = list(parts)
    total = sum((points * weight for points, weight in pairs), Decimal(0))
    return (total / sum(weight for _, weight in pairs)).quantize(_TENTH, rounding=ROUND_HALF_UP)
