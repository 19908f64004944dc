"""Drawing from a fixed list of values by weight."""

from __future__ import annotations

import random
from bisect import bisect
from collections.abc import Iterable
from itertools import accumulate
from typing import Generic, TypeVar

T = TypeVar("T")


class Weighted(Generic[T]):
    """Draws from a fixed list of values by weight (one ``random()`` and a bisection)."""

    def __init__(self, pairs: Iterable[tuple[T, float]]) -> None:
        listed = list(pairs)
        self.values = [v for v, _ in listed]
        self.cum = list(accumulate(w for _, w in listed))

    def draw(self, rng: random.Random) -> T:
        """One value."""
        return self.values[bisect(self.cum, rng.random() * self.cum[-1])]
