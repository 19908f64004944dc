"""The tax bureau's rating reports (keys, ratings, the mirrored grade) and banks' monthly lending
volumes. Never commits."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import select, update

from api.db.repositories.banking.matching import MatchingRepository
from api.db.repositories.gate import SessionGate
from api.db.tables import EnterpriseRow, TaxCreditRatingRow, table_of
from api.db.tables.auth import PartnerRow
from api.db.tables.banking import FinancingNeedRow, NeedClaimRow
from api.db.tables.taxcredit import BankLendingVolumeRow, TaxRatingWriteRow
from api.domain.banking.lending import FinancingNeed, NeedStatus
from api.domain.errors import NotFoundError
from api.domain.subjects.model import TaxCreditRating, TaxGrade
from api.domain.taxcredit.lending import LendingVolume
from api.domain.taxcredit.model import RatingWrite
from api.domain.taxcredit.needs import ClaimingBank

ENTERPRISES = table_of(EnterpriseRow)
RATINGS = table_of(TaxCreditRatingRow)
WRITES = table_of(TaxRatingWriteRow)
E = ENTERPRISES.c
R = RATINGS.c
W = WRITES.c
VOLUMES = table_of(BankLendingVolumeRow)
V = VOLUMES.c
NEEDS = table_of(FinancingNeedRow)
N = NEEDS.c
CLAIMS = table_of(NeedClaimRow)
C = CLAIMS.c
PARTNERS = table_of(PartnerRow)
P = PARTNERS.c


class TaxCreditRepository:
    """Rating reports (implements ``TaxCreditStore``)."""

    def __init__(self, db: SessionGate) -> None:
        self._db = db
        self._matching = MatchingRepository(db)

    async def enterprise_id(self, uscc: str) -> int | None:
        """The enterprise with this code."""
        row = await self._db.first(select(E.subject_id).where(E.uscc == uscc))
        return int(row[0]) if row else None

    async def claim(self, write: RatingWrite, now: datetime) -> bool:
        """Take a key; False when it was taken (waits for a concurrent taker)."""
        result = await self._db.execute(
            self._db.insert(WRITES)
            .values(
                partner_id=write.partner_id,
                idempotency_key=write.key,
                fingerprint=write.fingerprint,
                rating_id=write.rating_id,
                created_at=now,
            )
            .on_conflict_do_nothing(index_elements=["partner_id", "idempotency_key"])
        )
        return bool(getattr(result, "rowcount", 0))

    async def claimed(self, partner_id: int, key: str) -> RatingWrite | None:
        """The claim on a key, if any."""
        row = await self._db.first(
            select(W.fingerprint, W.rating_id).where(
                W.partner_id == partner_id, W.idempotency_key == key
            )
        )
        return RatingWrite(partner_id, key, row[0], row[1]) if row else None

    async def attach(self, partner_id: int, key: str, rating_id: int) -> None:
        """Name the rating a claimed key stored."""
        await self._db.execute(
            update(WRITES)
            .where(W.partner_id == partner_id, W.idempotency_key == key)
            .values(rating_id=rating_id)
        )

    async def save_rating(self, rating: TaxCreditRating) -> int:
        """Insert or replace the enterprise's rating of that year; its id."""
        statement = self._db.insert(RATINGS).values(
            enterprise_id=rating.enterprise_id,
            year=rating.year,
            grade=rating.grade.value,
            score=rating.score,
        )
        row = await self._db.first(
            statement.on_conflict_do_update(
                index_elements=["enterprise_id", "year"],
                set_={"grade": rating.grade.value, "score": rating.score},
            ).returning(R.id)
        )
        return int(row[0])

    async def rating(self, rating_id: int) -> TaxCreditRating:
        """A stored rating."""
        row = await self._db.first(
            select(R.enterprise_id, R.year, R.grade, R.score).where(R.id == rating_id)
        )
        if row is None:
            raise NotFoundError("no such rating")
        return TaxCreditRating(int(row[0]), int(row[1]), TaxGrade(row[2]), Decimal(row[3]))

    async def current_grade(self, enterprise_id: int) -> TaxGrade | None:
        """The grade the enterprise shows now (its latest year's)."""
        row = await self._db.first(select(E.tax_grade).where(E.subject_id == enterprise_id))
        return TaxGrade(row[0]) if row and row[0] else None

    async def mirror_latest_grade(self, enterprise_id: int, *, now: datetime) -> TaxGrade | None:
        """Copy the latest year's grade onto the enterprise and its matching facts; that grade."""
        latest = (
            select(R.grade)
            .where(R.enterprise_id == enterprise_id)
            .order_by(R.year.desc())
            .limit(1)
            .scalar_subquery()
        )
        await self._db.execute(
            update(ENTERPRISES).where(E.subject_id == enterprise_id).values(tax_grade=latest)
        )
        await self._matching.refresh([enterprise_id], now=now)
        return await self.current_grade(enterprise_id)


class LendingVolumeRepository:
    """Banks' monthly lending volumes (implements ``LendingVolumeStore``)."""

    def __init__(self, db: SessionGate) -> None:
        self._db = db

    async def save_volume(self, volume: LendingVolume, *, now: datetime) -> bool:
        """Insert or replace the bank's volume of that month; False when it was the same."""
        statement = self._db.insert(VOLUMES).values(
            bank_id=volume.bank_id,
            period=volume.period,
            total_amount=volume.total,
            green_amount=volume.green,
            reported_at=now,
        )
        excluded = statement.excluded
        result = await self._db.execute(
            statement.on_conflict_do_update(
                index_elements=["bank_id", "period"],
                set_={
                    "total_amount": excluded.total_amount,
                    "green_amount": excluded.green_amount,
                    "reported_at": excluded.reported_at,
                },
                where=(V.total_amount != excluded.total_amount)
                | (V.green_amount != excluded.green_amount),
            )
        )
        return bool(getattr(result, "rowcount", 0))

    async def volumes(self, first: str, last: str) -> list[LendingVolume]:
        """Every bank's volumes from month ``first`` to ``last``, by period then bank."""
        rows = await self._db.all(
            select(V.bank_id, V.period, V.total_amount, V.green_amount)
            .where(V.period >= first, V.period <= last)
            .order_by(V.period, V.bank_id)
        )
        return [LendingVolume(int(r[0]), r[1], Decimal(r[2]), Decimal(r[3])) for r in rows]


class OwnNeedRepository:
    """An enterprise's financing needs and their claims (implements ``OwnNeedStore``)."""

    def __init__(self, db: SessionGate) -> None:
        self._db = db

    def _of(self, uscc: str) -> Any:
        return N.enterprise_id.in_(select(E.subject_id).where(E.uscc == uscc))

    async def own_need(self, need_id: int, uscc: str) -> FinancingNeed | None:
        """The need, when it belongs to the enterprise with this code."""
        row = await self._db.first(
            select(
                N.id,
                N.enterprise_id,
                N.amount,
                N.purpose,
                N.term_months,
                N.status,
                N.claim_count,
                N.posted_at,
            ).where(N.id == need_id, self._of(uscc))
        )
        if row is None:
            return None
        return FinancingNeed(
            id=int(row[0]),
            enterprise_id=int(row[1]),
            amount=Decimal(row[2]),
            purpose=row[3],
            term_months=int(row[4]),
            status=NeedStatus(row[5]),
            claim_count=int(row[6]),
            posted_at=row[7],
        )

    async def claiming_banks(self, need_id: int) -> list[ClaimingBank]:
        """The banks that claimed the need, in claim order."""
        rows = await self._db.all(
            select(C.bank_id, P.name, C.position, C.claimed_at)
            .select_from(CLAIMS.join(PARTNERS, P.id == C.bank_id))
            .where(C.need_id == need_id)
            .order_by(C.position)
        )
        return [ClaimingBank(int(r[0]), r[1], int(r[2]), r[3]) for r in rows]

    async def withdraw(self, need_id: int, uscc: str) -> bool:
        """Mark the enterprise's open or fully claimed need withdrawn; False when it was not."""
        live = (NeedStatus.OPEN.value, NeedStatus.FULLY_CLAIMED.value)
        result = await self._db.execute(
            update(NEEDS)
            .where(N.id == need_id, N.status.in_(live), self._of(uscc))
            .values(status=NeedStatus.WITHDRAWN.value)
        )
        return bool(getattr(result, "rowcount", 0))
