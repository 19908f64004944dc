"""Who operates each incentive scenario, its once-only rule and the once-only uses. Never commits.

A once-only use is an ``INSERT ... ON CONFLICT DO NOTHING`` on the primary key (scenario,
person): of two operators redeeming at once, exactly one inserts the row.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import delete, select

from api.db.repositories.gate import SessionGate
from api.db.tables import table_of
from api.db.tables.incentive_operators import (
    IncentiveOnceUseRow,
    IncentiveScenarioOperatorRow,
    IncentiveUseRuleRow,
)

OPERATORS = table_of(IncentiveScenarioOperatorRow)
USE_RULES = table_of(IncentiveUseRuleRow)
ONCE_USES = table_of(IncentiveOnceUseRow)
OP = OPERATORS.c
RULE = USE_RULES.c
ONCE = ONCE_USES.c


class IncentiveOperatorRepository:
    """Operators, use rules and once-only uses (implements ``IncentiveOperatorStore``)."""

    def __init__(self, db: SessionGate) -> None:
        self._db = db

    async def operators(self, scenario_id: int) -> frozenset[str]:
        """Every partner type that may check and redeem the scenario."""
        rows = await self._db.all(select(OP.operator_type).where(OP.scenario_id == scenario_id))
        return frozenset(str(row[0]) for row in rows)

    async def set_operators(self, scenario_id: int, operator_types: Iterable[str]) -> None:
        """Make these the partner types that operate the scenario (the others are removed)."""
        wanted = sorted(set(operator_types))
        await self._db.execute(
            delete(OPERATORS).where(OP.scenario_id == scenario_id, OP.operator_type.not_in(wanted))
        )
        if wanted:
            await self._db.execute(
                self._db.insert(OPERATORS)
                .values([{"scenario_id": scenario_id, "operator_type": t} for t in wanted])
                .on_conflict_do_nothing()
            )

    async def once_only(self, scenario_id: int) -> bool:
        """Whether a person may use the scenario once ever."""
        row = await self._db.first(select(RULE.once_only).where(RULE.scenario_id == scenario_id))
        return bool(row[0]) if row else False

    async def set_once_only(self, scenario_id: int, once_only: bool) -> None:
        """Mark the scenario once-only or not."""
        statement = self._db.insert(USE_RULES).values(scenario_id=scenario_id, once_only=once_only)
        await self._db.execute(
            statement.on_conflict_do_update(
                index_elements=["scenario_id"], set_={"once_only": once_only}
            )
        )

    async def used_once(self, scenario_id: int, person_id: int) -> bool:
        """Whether the person has had their one use of the scenario."""
        row = await self._db.first(
            select(ONCE.person_id).where(
                ONCE.scenario_id == scenario_id, ONCE.person_id == person_id
            )
        )
        return row is not None

    async def take_once(self, scenario_id: int, person_id: int, now: datetime) -> bool:
        """Record the person's one use (atomic); False when they had it already."""
        row = await self._db.first(
            self._db.insert(ONCE_USES)
            .values(scenario_id=scenario_id, person_id=person_id, used_at=now)
            .on_conflict_do_nothing()
            .returning(ONCE.person_id)
        )
        return row is not None
