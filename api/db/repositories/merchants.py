"""The merchant indicator repository: districts, their operators and indicator observations."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import select

from api.db.repositories.gate import SessionGate
from api.db.repositories.keyed_observations import KeyedObservations, plain_value
from api.db.tables import MerchantRow
from api.db.tables.base import table_of
from api.db.tables.merchants import (
    CommerceDistrictOperatorRow,
    CommerceDistrictRow,
    MerchantIndicatorObservationRow,
)
from api.domain.merchants.model import CommerceDistrict, IndicatorCategoryCode, Observation
from api.domain.subjects.model import District, Merchant

M = table_of(MerchantRow).c
D = table_of(CommerceDistrictRow).c
OP = table_of(CommerceDistrictOperatorRow).c
OBSERVATIONS = table_of(MerchantIndicatorObservationRow)
OB = OBSERVATIONS.c

_MERCHANT = (M.subject_id, M.uscc, M.name, M.commerce_district, M.district)
_OBSERVATION = (
    OB.id,
    OB.merchant_id,
    OB.category,
    OB.department,
    OB.value,
    OB.observed_on,
    OB.note,
    OB.recorded_by,
    OB.recorded_at,
)


def _merchant(row: Any) -> Merchant:
    return Merchant(
        id=row[0], uscc=row[1], name=row[2], commerce_district=row[3], district=District(row[4])
    )


def _observation(row: Any) -> Observation:
    return Observation(
        id=row[0],
        merchant_id=row[1],
        category=IndicatorCategoryCode(row[2]),
        department=row[3],
        value=plain_value(row[4]),
        observed_on=row[5],
        note=row[6],
        recorded_by=row[7],
        recorded_at=row[8],
    )


class MerchantIndicatorRepository:
    """Implements ``api.domain.merchants.ports.IndicatorStore`` on the request's session."""

    def __init__(self, gate: SessionGate) -> None:
        self._db = gate
        self._observations = KeyedObservations(
            gate, OBSERVATIONS, _OBSERVATION, OB.merchant_id, _observation
        )

    async def merchant_by_uscc(self, uscc: str) -> Merchant | None:
        """The merchant with this unified social credit code."""
        row = await self._db.first(select(*_MERCHANT).where(M.uscc == uscc))
        return _merchant(row) if row else None

    async def merchant_by_id(self, merchant_id: int) -> Merchant | None:
        """The merchant with this subject id."""
        row = await self._db.first(select(*_MERCHANT).where(M.subject_id == merchant_id))
        return _merchant(row) if row else None

    async def commerce_district(self, name: str) -> CommerceDistrict | None:
        """The commerce district of this name."""
        row = await self._db.first(select(D.name, D.district).where(D.name == name))
        return CommerceDistrict(row[0], District(row[1])) if row else None

    async def commerce_districts(self) -> list[CommerceDistrict]:
        """Every commerce district, by name."""
        rows = await self._db.all(select(D.name, D.district).order_by(D.name))
        return [CommerceDistrict(row[0], District(row[1])) for row in rows]

    async def operated_districts(self, partner_id: int) -> frozenset[str]:
        """The commerce districts a partner operates."""
        rows = await self._db.all(select(OP.commerce_district).where(OP.partner_id == partner_id))
        return frozenset(row[0] for row in rows)

    async def add_district(self, name: str, name_en: str, district: District) -> None:
        """Add a commerce district unless it exists."""
        await self._db.execute(
            self._db.insert(table_of(CommerceDistrictRow))
            .values(name=name, name_en=name_en, district=district.value)
            .on_conflict_do_nothing(index_elements=["name"])
        )

    async def bind_operator(self, partner_id: int, name: str) -> None:
        """Let a partner operate a commerce district (binding twice is harmless)."""
        await self._db.execute(
            self._db.insert(table_of(CommerceDistrictOperatorRow))
            .values(partner_id=partner_id, commerce_district=name)
            .on_conflict_do_nothing(index_elements=["partner_id", "commerce_district"])
        )

    async def insert_observation(
        self,
        *,
        merchant_id: int,
        category: IndicatorCategoryCode,
        department: str,
        value: Decimal,
        observed_on: date,
        note: str | None,
        recorded_by: int | None,
        idempotency_key: str,
        fingerprint: str,
        now: datetime,
    ) -> Observation | None:
        """Record an observation; None when the key's owner already used the key."""
        values = {
            "merchant_id": merchant_id,
            "category": category.value,
            "department": department,
            "value": value,
            "observed_on": observed_on,
            "note": note,
        }
        return await self._observations.insert(
            values,
            recorded_by=recorded_by,
            idempotency_key=idempotency_key,
            fingerprint=fingerprint,
            now=now,
        )

    async def observation_by_key(
        self, recorded_by: int | None, idempotency_key: str
    ) -> tuple[Observation, str] | None:
        """The observation a key recorded, with its fingerprint."""
        return await self._observations.by_key(recorded_by, idempotency_key)

    async def observations_of(self, merchant_ids: list[int]) -> dict[int, list[Observation]]:
        """Every observation of these merchants, by merchant."""
        return await self._observations.of(merchant_ids)

    async def district_merchants(self, name: str) -> list[Merchant]:
        """The merchants trading in a commerce district, by id."""
        rows = await self._db.all(
            select(*_MERCHANT).where(M.commerce_district == name).order_by(M.subject_id)
        )
        return [_merchant(row) for row in rows]

    async def complaints(self, name: str, start: date, end: date) -> list[tuple[date, Decimal]]:
        """(day, count) of the complaint observations of a district's merchants in [start, end)."""
        rows = await self._db.all(
            select(OB.observed_on, OB.value)
            .join(table_of(MerchantRow), M.subject_id == OB.merchant_id)
            .where(
                M.commerce_district == name,
                OB.category == IndicatorCategoryCode.COMPLAINTS.value,
                OB.observed_on >= start,
                OB.observed_on < end,
            )
        )
        return [(row[0], Decimal(row[1])) for row in rows]
