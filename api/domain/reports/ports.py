"""What the report use cases need from storage and from the platform's signing keys.

``api.db.repositories.Repositories`` satisfies ``ReportingStore``; the GraphQL layer adapts
the platform's key store to ``ReportKeys``.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime
from typing import Protocol

from joserfc.jwk import ECKey

from api.domain.consent.ports import AccessStore
from api.domain.records.model import CreditRecord, RecordCategory
from api.domain.reports.model import StoredReport


class ReportStore(Protocol):
    """Issued reports (what verification needs, not their content) and the records they read."""

    async def add(self, report: StoredReport) -> None:
        """Record an issued report."""
        ...

    async def get(self, number: str) -> StoredReport | None:
        """The report with this (canonical) number, if any."""
        ...

    async def records_between(
        self,
        subject_id: int,
        categories: Collection[RecordCategory],
        start: datetime,
        end: datetime,
    ) -> list[CreditRecord]:
        """The subject's records of these categories with ``start <= occurred_at < end``."""
        ...


class ReportingStore(AccessStore, Protocol):
    """The repositories of one unit of work that issuing and verifying reports use."""

    @property
    def reports(self) -> ReportStore:
        """Issued reports."""
        ...


class ReportKeys(Protocol):
    """The platform's signing keys: the one that signs now, and any stored one by kid."""

    async def signing_key(self, now: datetime) -> ECKey | None:
        """The private key that signs at ``now`` (it carries its kid), or None if none does."""
        ...

    async def public_key(self, kid: str) -> ECKey | None:
        """The public key stored under ``kid`` (rotated-out keys included), or None."""
        ...
