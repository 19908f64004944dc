"""What the industry use cases need from storage (``api/db`` implements it)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Protocol

from api.domain.industry.model import Industry, IndustrySubject, Observation


class IndustryStore(Protocol):
    """Industry subjects and their indicator observations."""

    async def subject_by_code(self, code: str) -> IndustrySubject | None:
        """The subject registered under this code."""
        ...

    async def subjects_of(self, industry: Industry) -> list[IndustrySubject]:
        """Every subject of an industry, by code."""
        ...

    async def subjects_of_enterprise(self, enterprise_id: int) -> list[IndustrySubject]:
        """Every subject an enterprise runs, by code."""
        ...

    async def insert_observation(
        self,
        *,
        subject_id: int,
        indicator: str,
        department: str,
        value: Decimal,
        observed_on: date,
        note: str | None,
        recorded_by: int | None,
        idempotency_key: str,
        fingerprint: str,
        now: datetime,
    ) -> Observation | None:
        """Record an observation; None when the recorder already used the key."""
        ...

    async def observation_by_key(
        self, recorded_by: int | None, idempotency_key: str
    ) -> tuple[Observation, str] | None:
        """The observation a key recorded, with its fingerprint."""
        ...

    async def observations_of(self, subject_ids: list[int]) -> dict[int, list[Observation]]:
        """Every observation of these subjects, by subject."""
        ...
