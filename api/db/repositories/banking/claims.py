"""Financing needs, the banks told about them and their claims (first three only). Never
commits."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import insert, select, update

from api.db.repositories.banking.tables import CLAIMS, NEEDS, NOTICES, C, N
from api.db.repositories.gate import SessionGate
from api.domain.banking.lending import FinancingNeed, NeedClaim, NeedStatus
from api.domain.paging import Page, PageRequest


def _need(row: Sequence[Any]) -> FinancingNeed:
    return FinancingNeed(
        id=row[0],
        enterprise_id=row[1],
        amount=Decimal(row[2]),
        purpose=row[3],
        term_months=row[4],
        status=NeedStatus(row[5]),
        claim_count=row[6],
        posted_at=row[7],
    )


_NEED_COLUMNS = (
    N.id,
    N.enterprise_id,
    N.amount,
    N.purpose,
    N.term_months,
    N.status,
    N.claim_count,
    N.posted_at,
)
#: Huzhou's rule: the first three banks that claim a need get access to it.
MAX_CLAIMS = 3


class FinancingRepository:
    """Financing needs, notices and claims (implements ``FinancingStore``)."""

    def __init__(self, db: SessionGate) -> None:
        self._db = db

    async def add_need(
        self, enterprise_id: int, amount: Decimal, purpose: str, term_months: int, now: datetime
    ) -> FinancingNeed:
        """Store an open need."""
        row = await self._db.first(
            insert(NEEDS)
            .values(
                enterprise_id=enterprise_id,
                amount=amount,
                purpose=purpose,
                term_months=term_months,
                status=NeedStatus.OPEN.value,
                claim_count=0,
                posted_at=now,
            )
            .returning(*_NEED_COLUMNS)
        )
        return _need(row)

    async def get_need(self, need_id: int) -> FinancingNeed | None:
        """One need by id."""
        row = await self._db.first(select(*_NEED_COLUMNS).where(N.id == need_id))
        return _need(row) if row else None

    async def tell(self, need_id: int, told: dict[int, int]) -> None:
        """Remember which bank was told about the need, through which of its products."""
        if told:
            await self._db.execute(
                insert(NOTICES).values(
                    [{"need_id": need_id, "bank_id": b, "product_id": p} for b, p in told.items()]
                )
            )

    async def claim(self, need_id: int, bank_id: int, now: datetime) -> NeedClaim | None:
        """Take one of the three places: a guarded increment, then the claim at that position."""
        mine = select(C.need_id).where(C.need_id == need_id, C.bank_id == bank_id).exists()
        position = await self._db.first(
            update(NEEDS)
            .where(
                N.id == need_id,
                N.status == NeedStatus.OPEN.value,
                N.claim_count < MAX_CLAIMS,
                ~mine,
            )
            .values(claim_count=N.claim_count + 1)
            .returning(N.claim_count)
        )
        if position is None:
            return None
        count = int(position[0])
        if count >= MAX_CLAIMS:
            await self._db.execute(
                update(NEEDS).where(N.id == need_id).values(status=NeedStatus.FULLY_CLAIMED.value)
            )
        inserted = await self._db.first(
            self._db.insert(CLAIMS)
            .values(need_id=need_id, bank_id=bank_id, position=count, claimed_at=now)
            .on_conflict_do_nothing(index_elements=["need_id", "bank_id"])
            .returning(C.position)
        )
        if inserted is None:  # the same bank raced itself: undo by failing the transaction
            raise RuntimeError("concurrent claims by one bank; retry")
        return NeedClaim(need_id, bank_id, count, now)

    async def claim_of(self, need_id: int, bank_id: int) -> NeedClaim | None:
        """The bank's claim on the need, if it has one."""
        row = await self._db.first(
            select(C.position, C.claimed_at).where(C.need_id == need_id, C.bank_id == bank_id)
        )
        return NeedClaim(need_id, bank_id, row[0], row[1]) if row else None

    async def claims(self, need_ids: Sequence[int]) -> dict[int, list[NeedClaim]]:
        """Claims of several needs, by position (for loaders)."""
        found: dict[int, list[NeedClaim]] = {need_id: [] for need_id in need_ids}
        if not need_ids:
            return found
        rows = await self._db.all(
            select(C.need_id, C.bank_id, C.position, C.claimed_at)
            .where(C.need_id.in_(list(need_ids)))
            .order_by(C.need_id, C.position)
        )
        for row in rows:
            found[row[0]].append(NeedClaim(row[0], row[1], row[2], row[3]))
        return found

    async def told_page(self, bank_id: int, request: PageRequest) -> Page[FinancingNeed]:
        """The needs a bank was told about, newest first."""
        t = NOTICES.c
        statement = (
            select(*_NEED_COLUMNS)
            .select_from(NEEDS.join(NOTICES, t.need_id == N.id))
            .where(t.bank_id == bank_id)
        )
        if request.after is not None:
            statement = statement.where(N.id < int(request.after[0]))
        rows = await self._db.all(statement.order_by(N.id.desc()).limit(request.first + 1))
        return Page(
            items=[(_need(row), (row[0],)) for row in rows[: request.first]],
            has_next=len(rows) > request.first,
        )

    async def enterprise_page(
        self, enterprise_id: int, request: PageRequest
    ) -> Page[FinancingNeed]:
        """An enterprise's own needs, newest first."""
        statement = select(*_NEED_COLUMNS).where(N.enterprise_id == enterprise_id)
        if request.after is not None:
            statement = statement.where(N.id < int(request.after[0]))
        rows = await self._db.all(statement.order_by(N.id.desc()).limit(request.first + 1))
        return Page(
            items=[(_need(row), (row[0],)) for row in rows[: request.first]],
            has_next=len(rows) > request.first,
        )
