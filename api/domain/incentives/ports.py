"""What the incentive operators need from storage (``api.db.repositories.Repositories``)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Protocol


class IncentiveOperatorStore(Protocol):
    """Who operates each scenario, its once-only rule and the once-only uses."""

    async def operators(self, scenario_id: int) -> frozenset[str]:
        """Every partner type that may check and redeem the scenario."""
        ...

    async def set_operators(self, scenario_id: int, operator_types: Iterable[str]) -> None:
        """Make these the partner types that operate the scenario."""
        ...

    async def once_only(self, scenario_id: int) -> bool:
        """Whether a person may use the scenario once ever."""
        ...

    async def set_once_only(self, scenario_id: int, once_only: bool) -> None:
        """Mark the scenario once-only or not."""
        ...

    async def used_once(self, scenario_id: int, person_id: int) -> bool:
        """Whether the person has had their one use of the scenario."""
        ...

    async def take_once(self, scenario_id: int, person_id: int, now: datetime) -> bool:
        """Record the person's one use (atomic); False when they had it already."""
        ...
