"""What the incentive operators' use cases return: a scenario's operators, a grant's saving."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True, slots=True)
class ScenarioOperators:
    """The partner types that may check and redeem a scenario, and its once-only rule."""

    scenario_code: str
    operator_types: frozenset[str]
    once_only: bool


@dataclass(frozen=True, slots=True)
class Saving:
    """One grant split into money saved and money deferred (one of them is zero)."""

    saved: Decimal
    deferred: Decimal
