"""What the outreach services need from storage."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from api.domain.credit.repair import RepairCase
from api.domain.outreach.model import FollowUp, FollowUpResult, OutreachFigures, RepairNotice


class OutreachStore(Protocol):
    """Notices, their acknowledgements and follow-up results."""

    async def notices_of(self, subject_id: int, limit: int) -> list[RepairNotice]:
        """A subject's notices, newest first."""
        ...

    async def office_queue(self, after_id: int, limit: int) -> list[RepairNotice]:
        """Unacknowledged notices of subjects the office reaches, oldest first, after an id."""
        ...

    async def notice(self, notice_id: int) -> RepairNotice | None:
        """One notice by id."""
        ...

    async def acknowledge(self, notice_id: int, via: str, now: datetime) -> bool:
        """Mark a notice acknowledged once; False when it already was."""
        ...

    async def repair(self, repair_id: int) -> RepairCase | None:
        """The repair case by id."""
        ...

    async def follow_up(self, repair_id: int) -> tuple[FollowUp, str] | None:
        """The recorded follow-up of a case and its idempotency key."""
        ...

    async def record_follow_up(
        self,
        repair_id: int,
        result: FollowUpResult,
        note: str,
        recorded_by: str,
        idempotency_key: str,
        now: datetime,
    ) -> bool:
        """Store a case's follow-up once; False when one is there already."""
        ...

    async def figures(self) -> OutreachFigures:
        """The outreach statistics."""
        ...
