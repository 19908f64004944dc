"""What IP pledge financing needs from storage (implemented in api/db/repositories/ippledge.py)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Protocol

from api.domain.ippledge.model import IpPledge, PledgeDraft, PledgeStatistics


class PledgeStore(Protocol):
    """Pledges, written once per idempotency key and per right and day."""

    async def enterprise_id(self, uscc: str) -> int | None:
        """The enterprise with this unified social credit code, if known."""
        ...

    async def pledge_by_key(self, bank_id: int, key: str) -> tuple[IpPledge, str] | None:
        """The pledge a bank wrote under a key, with the request's fingerprint."""
        ...

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
        ...

    async def bank_pledges(self, bank_id: int, limit: int) -> list[IpPledge]:
        """A bank's pledges, newest first."""
        ...

    async def statistics(self, since: date, until: date) -> PledgeStatistics:
        """Pledge financing with loans paid between two days, inclusive."""
        ...
