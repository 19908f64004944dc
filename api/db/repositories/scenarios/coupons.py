"""Coupon batches and coupons in the database. Never commits.

A batch is an ``INSERT ... ON CONFLICT DO NOTHING`` on its key; redeeming is an
``UPDATE ... WHERE status = ISSUED``, so a coupon is redeemed once.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import exists, insert, select, update

from api.db.repositories.gate import SessionGate
from api.db.repositories.scenarios.tables import BATCHES, COUPONS, B, C, Q, money
from api.domain.consent.model import ConsentPermission, ConsentStatus, Purpose
from api.domain.credit.codes import IntegrityColour
from api.domain.scenarios.model import Coupon, CouponBatch, CouponStatus
from api.domain.subjects.model import SubjectKind

_BATCH_COLUMNS = (
    B.id,
    B.partner_id,
    B.scenario_id,
    B.idempotency_key,
    B.fingerprint,
    B.expires_at,
    B.issued_at,
    B.issued_count,
)
_COUPON_COLUMNS = (
    Q.id,
    Q.code,
    Q.batch_id,
    Q.scenario_id,
    Q.partner_id,
    Q.person_id,
    Q.colour,
    Q.face_value,
    Q.issued_at,
    Q.expires_at,
    Q.status,
    Q.redeemed_at,
    Q.redemption_key,
)


def _batch(row: Sequence[Any]) -> CouponBatch:
    return CouponBatch(
        id=row[0],
        partner_id=row[1],
        scenario_id=row[2],
        idempotency_key=row[3],
        fingerprint=row[4],
        expires_at=row[5],
        issued_at=row[6],
        issued_count=row[7],
    )


def _coupon(row: Sequence[Any]) -> Coupon:
    return Coupon(
        id=row[0],
        code=row[1],
        batch_id=row[2],
        scenario_id=row[3],
        partner_id=row[4],
        person_id=row[5],
        colour=IntegrityColour(row[6]),
        face_value=money(row[7]),
        issued_at=row[8],
        expires_at=row[9],
        status=CouponStatus(row[10]),
        redeemed_at=row[11],
        redemption_key=row[12],
    )


class CouponRepository:
    """Coupon batches and coupons (implements ``CouponStore``)."""

    def __init__(self, db: SessionGate) -> None:
        self._db = db

    async def claim_batch(
        self,
        *,
        partner_id: int,
        scenario_id: int,
        idempotency_key: str,
        fingerprint: str,
        expires_at: datetime,
        now: datetime,
    ) -> CouponBatch | None:
        """Take the key for a new batch; None when the partner used it already."""
        row = await self._db.first(
            self._db.insert(BATCHES)
            .values(
                partner_id=partner_id,
                scenario_id=scenario_id,
                idempotency_key=idempotency_key,
                fingerprint=fingerprint,
                expires_at=expires_at,
                issued_at=now,
                issued_count=0,
            )
            .on_conflict_do_nothing(index_elements=["partner_id", "idempotency_key"])
            .returning(*_BATCH_COLUMNS)
        )
        return _batch(row) if row else None

    async def batch_by_key(self, partner_id: int, key: str) -> CouponBatch | None:
        """The batch a key produced."""
        row = await self._db.first(
            select(*_BATCH_COLUMNS).where(B.partner_id == partner_id, B.idempotency_key == key)
        )
        return _batch(row) if row else None

    async def consenting_persons(
        self,
        *,
        partner_id: int,
        scenario_id: int,
        purposes: frozenset[Purpose],
        now: datetime,
        limit: int,
    ) -> list[tuple[int, str, Purpose]]:
        """(person, consent id, purpose) of persons with an authorised, live consent for the
        partner that lets it read their integrity colour, holding no live coupon of the
        scenario from it; one (the newest) consent per person."""
        holds_coupon = exists().where(
            Q.partner_id == partner_id,
            Q.scenario_id == scenario_id,
            Q.person_id == C.subject_id,
            Q.status == CouponStatus.ISSUED.value,
            Q.expires_at > now,
        )
        rows = await self._db.all(
            select(C.subject_id, C.id, C.purpose)
            .where(
                C.partner_id == partner_id,
                C.subject_kind == SubjectKind.PERSON.value,
                C.status == ConsentStatus.AUTHORISED.value,
                C.expires_at > now,
                C.purpose.in_(sorted(p.value for p in purposes)),
                C.permissions.contains(ConsentPermission.READ_INTEGRITY_CODE.value),
                ~holds_coupon,
            )
            .order_by(C.subject_id, C.created_at.desc(), C.id)
        )
        chosen: dict[int, tuple[int, str, Purpose]] = {}
        for person_id, consent_id, purpose in rows:
            if person_id not in chosen:
                chosen[person_id] = (person_id, consent_id, Purpose(purpose))
                if len(chosen) >= limit:
                    break
        return list(chosen.values())

    async def add_coupons(
        self, batch: CouponBatch, coupons: Sequence[tuple[int, IntegrityColour, Decimal, str]]
    ) -> list[Coupon]:
        """Store (person, colour, face value, code) coupons of a batch and count them on it."""
        if not coupons:
            return []
        rows = await self._db.all(
            insert(COUPONS).returning(*_COUPON_COLUMNS, sort_by_parameter_order=True),
            [
                {
                    "code": code,
                    "batch_id": batch.id,
                    "scenario_id": batch.scenario_id,
                    "partner_id": batch.partner_id,
                    "person_id": person_id,
                    "colour": colour.value,
                    "face_value": face_value,
                    "issued_at": batch.issued_at,
                    "expires_at": batch.expires_at,
                    "status": CouponStatus.ISSUED.value,
                }
                for person_id, colour, face_value, code in coupons
            ],
        )
        await self._db.execute(
            update(BATCHES)
            .where(B.id == batch.id)
            .values(issued_count=B.issued_count + len(coupons))
        )
        return [_coupon(row) for row in rows]

    async def coupons_of_batch(self, batch_id: int) -> list[Coupon]:
        """A batch's coupons, in issue order."""
        rows = await self._db.all(
            select(*_COUPON_COLUMNS).where(Q.batch_id == batch_id).order_by(Q.id)
        )
        return [_coupon(row) for row in rows]

    async def by_code(self, code: str) -> Coupon | None:
        """The coupon with this code."""
        row = await self._db.first(select(*_COUPON_COLUMNS).where(Q.code == code))
        return _coupon(row) if row else None

    async def redeem(self, coupon_id: int, key: str, now: datetime) -> Coupon | None:
        """Mark an issued, unexpired coupon redeemed (atomic); None when it was not."""
        row = await self._db.first(
            update(COUPONS)
            .where(
                Q.id == coupon_id,
                Q.status == CouponStatus.ISSUED.value,
                Q.expires_at > now,
            )
            .values(status=CouponStatus.REDEEMED.value, redeemed_at=now, redemption_key=key)
            .returning(*_COUPON_COLUMNS)
        )
        return _coupon(row) if row else None
