"""IP pledges and their loans (implements ``PledgeStore``).

A pledge is inserted with ``ON CONFLICT DO NOTHING``: the unique indexes on (bank, key) and on
(kind, number, registration day) decide between concurrent writers, so a right is never
pledged twice on a day and a key never writes two pledges.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select

from api.db.repositories.gate import SessionGate
from api.db.tables import EnterpriseRow, table_of
from api.db.tables.ippledge import IpPledgeRow
from api.domain.ippledge.model import IpKind, IpPledge, PledgeDraft, PledgeStatistics
from api.domain.ippledge.rules import mean_days

PLEDGES = table_of(IpPledgeRow)
ENTERPRISES = table_of(EnterpriseRow)
P = PLEDGES.c
COLUMNS = (
    P.id,
    P.bank_id,
    P.enterprise_id,
    P.kind,
    P.registration_number,
    P.pledge_registered_on,
    P.valuation,
    P.loan_amount,
    P.applied_on,
    P.loaned_on,
    P.created_at,
)


def pledge_of(row: Any) -> IpPledge:
    """A stored row as the domain's pledge."""
    return IpPledge(
        id=row.id,
        bank_id=row.bank_id,
        enterprise_id=row.enterprise_id,
        kind=IpKind(row.kind),
        registration_number=row.registration_number,
        pledge_registered_on=row.pledge_registered_on,
        valuation=Decimal(row.valuation),
        loan_amount=Decimal(row.loan_amount),
        applied_on=row.applied_on,
        loaned_on=row.loaned_on,
        created_at=row.created_at,
    )


class PledgeRepository:
    """Pledges on one session."""

    def __init__(self, db: SessionGate) -> None:
        self._db = db

    async def enterprise_exists(self, enterprise_id: int) -> bool:
        """Whether the enterprise is known."""
        e = ENTERPRISES.c
        found = await self._db.first(select(e.subject_id).where(e.subject_id == enterprise_id))
        return found is not None

    async def pledge_by_key(self, bank_id: int, key: str) -> tuple[IpPledge, str] | None:
        """The pledge a bank wrote under a key, with the request's fingerprint."""
        row = await self._db.first(
            select(*COLUMNS, P.fingerprint).where(P.bank_id == bank_id, P.idempotency_key == key)
        )
        return (pledge_of(row), row.fingerprint) if row else None

    async def add_pledge(
        self, bank_id: int, key: str, fingerprint: str, draft: PledgeDraft, now: datetime
    ) -> IpPledge | None:
        """Insert the pledge; None when the key or the right-and-day is taken."""
        row = await self._db.first(
            self._db.insert(PLEDGES)
            .values(
                bank_id=bank_id,
                enterprise_id=draft.enterprise_id,
                kind=draft.kind.value,
                registration_number=draft.registration_number,
                pledge_registered_on=draft.pledge_registered_on,
                valuation=draft.valuation,
                loan_amount=draft.loan_amount,
                applied_on=draft.applied_on,
                loaned_on=draft.loaned_on,
                idempotency_key=key,
                fingerprint=fingerprint,
                created_at=now,
            )
            .on_conflict_do_nothing()
            .returning(*COLUMNS)
        )
        return pledge_of(row) if row else None

    async def bank_pledges(self, bank_id: int, limit: int) -> list[IpPledge]:
        """A bank's pledges, newest first."""
        rows = await self._db.all(
            select(*COLUMNS)
            .where(P.bank_id == bank_id)
            .order_by(P.loaned_on.desc(), P.id.desc())
            .limit(limit)
        )
        return [pledge_of(row) for row in rows]

    async def statistics(self, since: date, until: date) -> PledgeStatistics:
        """Pledge financing with loans paid between two days, inclusive."""
        within = (P.loaned_on >= since, P.loaned_on <= until)
        totals = await self._db.first(
            select(
                func.count(func.distinct(P.enterprise_id)),
                func.count(P.id),
                func.coalesce(func.sum(P.valuation), 0),
                func.coalesce(func.sum(P.loan_amount), 0),
            ).where(*within)
        )
        days = await self._db.all(select(P.applied_on, P.loaned_on).where(*within))
        return PledgeStatistics(
            enterprises=int(totals[0]),
            pledges=int(totals[1]),
            valuation_total=Decimal(totals[2]).quantize(Decimal("0.01")),
            loan_total=Decimal(totals[3]).quantize(Decimal("0.01")),
            mean_days_to_loan=mean_days([(loaned - applied).days for applied, loaned in days]),
        )
