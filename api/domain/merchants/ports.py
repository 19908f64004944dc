"""What the merchant indicator use cases need from storage (``api/db`` implements it)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Protocol

from api.domain.merchants.model import CommerceDistrict, IndicatorCategoryCode, Observation
from api.domain.subjects.model import Merchant


class IndicatorStore(Protocol):
    """Merchants, the districts partners operate, and the indicator observations."""

    async def merchant_by_uscc(self, uscc: str) -> Merchant | None:
        """The merchant with this unified social credit code."""
        ...

    async def merchant_by_id(self, merchant_id: int) -> Merchant | None:
        """The merchant with this subject id."""
        ...

    async def commerce_district(self, name: str) -> CommerceDistrict | None:
        """The commerce district of this name."""
        ...

    async def bind_operator(self, partner_id: int, name: str) -> None:
        """Let a partner operate a commerce district (binding twice is harmless)."""
        ...

    async def operated_districts(self, partner_id: int) -> frozenset[str]:
        """The commerce districts a partner operates (empty: none)."""
        ...

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
        """Record an observation; None when the partner already used the key."""
        ...

    async def observation_by_key(
        self, recorded_by: int | None, idempotency_key: str
    ) -> tuple[Observation, str] | None:
        """The observation a key recorded, with its fingerprint."""
        ...

    async def observations_of(self, merchant_ids: list[int]) -> dict[int, list[Observation]]:
        """Every observation of these merchants, by merchant."""
        ...

    async def district_merchants(self, name: str) -> list[Merchant]:
        """The merchants trading in a commerce district."""
        ...

    async def complaints(self, name: str, start: date, end: date) -> list[tuple[date, Decimal]]:
        """(day, count) of the complaint observations of a district's merchants in [start, end)."""
        ...
