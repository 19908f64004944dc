"""Benefits granted and their counters in the database. Never commits.

A grant is an ``INSERT ... ON CONFLICT DO NOTHING`` on its unique indexes; the daily limit is
an ``INSERT ... ON CONFLICT DO UPDATE SET uses = uses + 1 WHERE uses < limit``; each new grant
is added to the monthly rollup the statistics read.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, select

from api.db.repositories.gate import SessionGate
from api.db.repositories.scenarios.statistics import GrantStatistics
from api.db.repositories.scenarios.tables import (
    DAILY,
    GRANTS,
    MONTHLY,
    SCENARIOS,
    G,
    K,
    M,
    S,
    U,
    money,
)
from api.domain.scenarios.model import (
    BenefitGrant,
    GrantDraft,
    GrantSource,
    Statistics,
    StatisticsFilter,
)

_GRANT_COLUMNS = (
    G.id,
    G.scenario_id,
    G.partner_id,
    G.person_id,
    G.source,
    G.order_reference,
    G.order_amount,
    G.benefit_amount,
    G.idempotency_key,
    G.fingerprint,
    G.granted_at,
    G.granted_on,
    G.coupon_id,
)


def _grant(row: Sequence[Any], scenario_code: str) -> BenefitGrant:
    return BenefitGrant(
        id=row[0],
        scenario_id=row[1],
        scenario_code=scenario_code,
        partner_id=row[2],
        person_id=row[3],
        source=GrantSource(row[4]),
        order_reference=row[5],
        order_amount=money(row[6]),
        benefit_amount=money(row[7]),
        idempotency_key=row[8],
        fingerprint=row[9],
        granted_at=row[10],
        granted_on=row[11],
        coupon_id=row[12],
    )


class BenefitRepository:
    """Benefits granted and daily use counters (implements ``BenefitLedger``)."""

    def __init__(self, db: SessionGate) -> None:
        self._db = db

    async def add_grant(self, draft: GrantDraft) -> BenefitGrant | None:
        """Store a grant; None when its key, order, coupon or account was granted already."""
        scenario = draft.scenario
        category = await self._db.first(select(K.id).where(K.code == scenario.category_code))
        row = await self._db.first(
            self._db.insert(GRANTS)
            .values(
                scenario_id=scenario.id,
                category_id=category[0],
                partner_id=draft.partner_id,
                operator_type=draft.operator_type,
                person_id=draft.person_id,
                district=draft.district,
                source=draft.source.value,
                order_reference=draft.order_reference,
                order_amount=draft.order_amount,
                benefit_amount=draft.benefit_amount,
                idempotency_key=draft.idempotency_key,
                fingerprint=draft.fingerprint,
                granted_at=draft.granted_at,
                granted_on=draft.granted_on,
                coupon_id=draft.coupon_id,
                account_id=draft.account_id,
            )
            .on_conflict_do_nothing()
            .returning(*_GRANT_COLUMNS)
        )
        if row is None:
            return None
        await self._count_monthly(draft, category[0])
        return _grant(row, scenario.code)

    async def _count_monthly(self, draft: GrantDraft, category_id: int) -> None:
        """Add a new grant to the statistics' monthly rollup (one atomic upsert)."""
        statement = self._db.insert(MONTHLY).values(
            person_id=draft.person_id,
            scenario_id=draft.scenario.id,
            partner_id=draft.partner_id,
            month=draft.granted_on.replace(day=1),
            district=draft.district or "",
            category_id=category_id,
            operator_type=draft.operator_type,
            uses=1,
            benefit=draft.benefit_amount,
        )
        await self._db.execute(
            statement.on_conflict_do_update(
                index_elements=["person_id", "scenario_id", "partner_id", "month", "district"],
                set_={"uses": M.uses + 1, "benefit": M.benefit + statement.excluded.benefit},
            )
        )

    async def _one(self, *conditions: ColumnElement[bool]) -> BenefitGrant | None:
        row = await self._db.first(
            select(*_GRANT_COLUMNS, S.code)
            .select_from(GRANTS.join(SCENARIOS, S.id == G.scenario_id))
            .where(*conditions)
        )
        return _grant(row, row[-1]) if row else None

    async def grant_by_key(self, partner_id: int, key: str) -> BenefitGrant | None:
        """The grant an idempotency key produced."""
        return await self._one(G.partner_id == partner_id, G.idempotency_key == key)

    async def grant_for_order(
        self, partner_id: int, scenario_id: int, order_reference: str
    ) -> BenefitGrant | None:
        """The grant of a scenario on one of the partner's orders."""
        return await self._one(
            G.partner_id == partner_id,
            G.scenario_id == scenario_id,
            G.order_reference == order_reference,
        )

    async def uses_on(self, scenario_id: int, person_id: int, day: date) -> int:
        """How many times the person used the scenario on a city day."""
        row = await self._db.first(
            select(U.uses).where(
                U.scenario_id == scenario_id, U.person_id == person_id, U.day == day
            )
        )
        return int(row[0]) if row else 0

    async def take_daily_use(self, scenario_id: int, person_id: int, day: date, limit: int) -> bool:
        """Count one more use unless the limit is reached (atomic); False when it is."""
        statement = self._db.insert(DAILY).values(
            scenario_id=scenario_id, person_id=person_id, day=day, uses=1
        )
        row = await self._db.first(
            statement.on_conflict_do_update(
                index_elements=["scenario_id", "person_id", "day"],
                set_={"uses": U.uses + 1},
                where=U.uses < limit,
            ).returning(U.uses)
        )
        return row is not None

    async def statistics(self, spec: StatisticsFilter) -> Statistics:
        """Beneficiaries, uses and benefit over the grants the filter selects, grouped."""
        return await GrantStatistics(self._db).statistics(spec)
