"""What the audit use cases need from storage."""

from __future__ import annotations

from typing import Protocol

from api.domain.audit.model import AuditEntry, AuditFilter, AuditRecord
from api.domain.paging import Page, PageRequest


class AuditLog(Protocol):
    """The append-only audit log."""

    async def append(self, record: AuditRecord) -> None:
        """Append one row now, in the caller's transaction; raise if it cannot be written."""
        ...

    async def page(self, spec: AuditFilter, request: PageRequest) -> Page[AuditEntry]:
        """One keyset page of matching rows, newest first."""
        ...
