"""Daily usage rows and quota overrides in the database; never commits."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime

from sqlalchemy import Table, and_, delete, or_, select

from api.db.repositories.gate import SessionGate
from api.db.tables.auth import PartnerRow
from api.db.tables.base import table_of
from api.db.tables.usage import PartnerQuotaRow, PartnerUsageRow
from api.domain.paging import Page, PageRequest, SortKey
from api.domain.usage.model import (
    PartnerUsageDay,
    QuotaOverride,
    UsageCounts,
    UsageDay,
    UsageFilter,
)

USAGE: Table = table_of(PartnerUsageRow)
QUOTAS: Table = table_of(PartnerQuotaRow)
PARTNERS: Table = table_of(PartnerRow)
U = USAGE.c
Q = QUOTAS.c
P = PARTNERS.c


def usage_sort_key(entry: PartnerUsageDay) -> SortKey:
    """Where a partner's day sits in the credit office's list: newest day, then partner id."""
    return (entry.day.isoformat(), entry.partner_id)


class UsageRepository:
    """Adds to the daily counts atomically, lists them, and keeps the quota overrides."""

    def __init__(self, gate: SessionGate) -> None:
        self._db = gate

    async def add(self, counts: Mapping[tuple[int, date], UsageCounts]) -> None:
        """One upsert per (partner, day): ``requests = requests + n``, safe from many workers."""
        for (partner_id, day), added in sorted(counts.items()):
            statement = self._db.insert(USAGE).values(
                partner_id=partner_id,
                day=day,
                requests=added.requests,
                cost=added.cost,
                throttled=added.throttled,
            )
            await self._db.execute(
                statement.on_conflict_do_update(
                    index_elements=["partner_id", "day"],
                    set_={
                        "requests": U.requests + statement.excluded.requests,
                        "cost": U.cost + statement.excluded.cost,
                        "throttled": U.throttled + statement.excluded.throttled,
                    },
                )
            )

    async def days(self, partner_id: int, from_day: date, to_day: date) -> list[UsageDay]:
        """The partner's days with a row in the period, oldest first."""
        rows = await self._db.all(
            select(U.day, U.requests, U.cost, U.throttled)
            .where(U.partner_id == partner_id, U.day >= from_day, U.day <= to_day)
            .order_by(U.day)
        )
        return [UsageDay(row[0], int(row[1]), int(row[2]), int(row[3])) for row in rows]

    async def page(self, spec: UsageFilter, request: PageRequest) -> Page[PartnerUsageDay]:
        """Every partner's days in the period: newest day first, then by partner id."""
        clauses = [U.day >= spec.from_day, U.day <= spec.to_day]
        if spec.partner_id is not None:
            clauses.append(U.partner_id == spec.partner_id)
        if spec.partner_type is not None:
            clauses.append(P.type == spec.partner_type)
        if request.after is not None:
            day = date.fromisoformat(str(request.after[0]))
            partner = int(request.after[1])
            clauses.append(or_(U.day < day, and_(U.day == day, U.partner_id > partner)))
        rows = await self._db.all(
            select(U.partner_id, P.name, P.type, U.day, U.requests, U.cost, U.throttled)
            .select_from(USAGE.join(PARTNERS, P.id == U.partner_id))
            .where(*clauses)
            .order_by(U.day.desc(), U.partner_id)
            .limit(request.first + 1)
        )
        entries = [
            PartnerUsageDay(int(r[0]), str(r[1]), str(r[2]), r[3], int(r[4]), int(r[5]), int(r[6]))
            for r in rows
        ]
        return Page(
            items=[(e, usage_sort_key(e)) for e in entries[: request.first]],
            has_next=len(entries) > request.first,
        )

    async def partner_type(self, partner_id: int) -> str | None:
        """The type of a partner, or None when there is no such partner."""
        row = await self._db.first(select(P.type).where(P.id == partner_id))
        return None if row is None else str(row[0])

    async def set_override(
        self, partner_id: int, size: int, restore_rate: int, now: datetime, by: str | None
    ) -> QuotaOverride:
        """Insert or replace the partner's override."""
        values = {"bucket_size": size, "restore_rate": restore_rate, "updated_at": now}
        statement = self._db.insert(QUOTAS).values(partner_id=partner_id, updated_by=by, **values)
        await self._db.execute(
            statement.on_conflict_do_update(
                index_elements=["partner_id"], set_={**values, "updated_by": by}
            )
        )
        return QuotaOverride(partner_id, size, restore_rate, now, by)

    async def clear_override(self, partner_id: int) -> bool:
        """Remove the partner's override; whether there was one."""
        result = await self._db.execute(delete(QUOTAS).where(Q.partner_id == partner_id))
        return bool(getattr(result, "rowcount", 0))

    async def overrides(self) -> list[QuotaOverride]:
        """Every override, by partner id."""
        rows = await self._db.all(
            select(
                Q.partner_id, Q.bucket_size, Q.restore_rate, Q.updated_at, Q.updated_by
            ).order_by(Q.partner_id)
        )
        return [QuotaOverride(int(r[0]), int(r[1]), int(r[2]), r[3], r[4]) for r in rows]
