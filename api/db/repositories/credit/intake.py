"""Idempotency keys of record intake in the database. Never commits."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update

from api.db.repositories.credit.tables import INTAKES
from api.db.repositories.gate import SessionGate
from api.domain.credit.model import IntakeClaim


class IntakeRepository:
    """Idempotency keys of record intake (implements ``IntakeLedger``)."""

    def __init__(self, db: SessionGate) -> None:
        self._db = db

    async def claim(self, claim: IntakeClaim, now: datetime) -> bool:
        """Take the key; False when it was taken (waits for a concurrent taker to finish)."""
        result = await self._db.execute(
            self._db.insert(INTAKES)
            .values(
                partner_id=claim.partner_id,
                idempotency_key=claim.key,
                fingerprint=claim.fingerprint,
                record_id=claim.record_id,
                created_at=now,
            )
            .on_conflict_do_nothing(index_elements=["partner_id", "idempotency_key"])
        )
        return bool(getattr(result, "rowcount", 0))

    async def get(self, partner_id: int, key: str) -> IntakeClaim | None:
        """The claim on a key, if any."""
        c = INTAKES.c
        row = await self._db.first(
            select(c.fingerprint, c.record_id).where(
                c.partner_id == partner_id, c.idempotency_key == key
            )
        )
        return IntakeClaim(partner_id, key, row[0], row[1]) if row else None

    async def attach(self, partner_id: int, key: str, record_id: int) -> None:
        """Name the record a claimed key produced."""
        c = INTAKES.c
        await self._db.execute(
            update(INTAKES)
            .where(c.partner_id == partner_id, c.idempotency_key == key)
            .values(record_id=record_id)
        )
