"""What the usage services need from the database."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Protocol

from api.domain.paging import Page, PageRequest
from api.domain.usage.model import (
    PartnerUsageDay,
    QuotaOverride,
    UsageCounts,
    UsageDay,
    UsageFilter,
)


class UsagePort(Protocol):
    """Daily usage rows and quota overrides."""

    async def add(self, counts: Mapping[tuple[int, date], UsageCounts]) -> None:
        """Add counts to each (partner, day) row, atomically (``requests = requests + n``)."""
        ...

    async def days(self, partner_id: int, from_day: date, to_day: date) -> list[UsageDay]:
        """The partner's days in the period that have a row, in order."""
        ...

    async def page(self, spec: UsageFilter, request: PageRequest) -> Page[PartnerUsageDay]:
        """Every partner's days in the period, newest day first, then by partner."""
        ...

    async def partner_type(self, partner_id: int) -> str | None:
        """The type of a partner, or None when there is no such partner."""
        ...

    async def set_override(
        self, partner_id: int, size: int, restore_rate: int, now: datetime, by: str | None
    ) -> QuotaOverride:
        """Set (insert or replace) a partner's quota override."""
        ...

    async def clear_override(self, partner_id: int) -> bool:
        """Remove a partner's override; whether there was one."""
        ...

    async def overrides(self) -> list[QuotaOverride]:
        """Every override."""
        ...


class UsageStore(Protocol):
    """The repositories the usage services use."""

    @property
    def usage(self) -> UsagePort:
        """Daily usage and quota overrides."""
        ...
