"""IP pledges and their loans (implements ``PledgeStore``).

A pledge is inserted with ``ON CONFLICT DO NOTHING``: the unique indexes on (bank, key) and on
(kind, number, registration day) decide between concurrent writers, so a right is never
pledged twice on a day and a key never writes two pledges.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Select, func, select

from api.db.repositories.gate import SessionGate
from api.db.tables import EnterpriseRow, table_of
from api.db.tables.ippledge import IpPledgeRow
from api.domain.ippledge.model import IpKind, IpPledge, PledgeDraft, PledgeStatistics
from api.domain.ippledge.rules import mean_days

PLEDGES = table_of(IpPledgeRow)
ENTERPRISES = table_of(EnterpriseRow)
P = PLEDGES.c
E = ENTERPRISES.c
COLUMNS = (
    P.id,
    P.bank_id,
    P.enterprise_id,
    E.uscc.label("enterprise_uscc"),
    E.name.label("enterprise_name"),
    P.kind,
    P.registration_number,
    P.pledge_registered_on,
    P.valuation,
    P.loan_amount,
    P.applied_on,
    P.loaned_on,
    P.created_at,
)


def _listing() -> Select[Any]:
    """Pledges with their enterprise's code and name."""
    return select(*COLUMNS).join_from(PLEDGES, ENTERPRISES, E.subject_id == P.enterprise_id)


def pledge_of(row: Any) -> IpPledge:
    """A stored row as the domain's pledge."""
    return IpPledge(
        id=row.id,
        bank_id=row.bank_id,
        enterprise_id=row.enterprise_id,
        enterprise_uscc=row.enterprise_uscc,
        enterprise_name=row.enterprise_name,
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

    async def enterprise_id(self, uscc: str) -> int | None:
        """The enterprise with this unified social credit code, if known."""
        found = await self._db.first(select(E.subject_id).where(E.uscc == uscc))
        return int(found[0]) if found else None

    async def pledge_by_key(self, bank_id: int, key: str) -> tuple[IpPledge, str] | None:
        """The pledge a bank wrote under a key, with the request's fingerprint."""
        row = await self._db.first(
            _listing()
            .add_columns(P.fingerprint)
            .where(P.bank_id == bank_id, P.idempotency_key == key)
        )
        return (pledge_of(row), row.fingerprint) if row else None

    async def add_pledge(
        self,
        bank_id: int,
        enterprise_id: int,
        key: str,
        fingerprint: str,
        draft: PledgeDraft,
        now: datetime,
    ) -> IpPledge | None:
        """Insert the pledge; None when the key or the right-and-day is taken."""
        row = await self._db.first(
            self._db.insert(PLEDGES)
            .values(
                bank_id=bank_id,
                enterprise_id=enterprise_id,
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
            .returning(P.id)
        )
        if row is None:
            return None
        return pledge_of(await self._db.first(_listing().where(P.id == row[0])))

    async def bank_pledges(self, bank_id: int, limit: int) -> list[IpPledge]:
        """A bank's pledges, newest first."""
        rows = await self._db.all(
            _listing()
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
