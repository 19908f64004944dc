"""What the bulk-operation use cases need from storage."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from api.domain.bulk.model import BulkEvent, BulkOperation, BulkRequester


class BulkOperationStore(Protocol):
    """Bulk operations and their audit rows, on the request's session."""

    async def create(
        self, operation: BulkOperation, requester: BulkRequester, document_id: str | None
    ) -> BulkOperation:
        """Insert a CREATED operation; AlreadyRunningError if the partner holds one."""
        ...

    async def get(self, operation_id: str, partner_id: int) -> BulkOperation | None:
        """The partner's operation by id (None for another partner's)."""
        ...

    async def current(self, partner_id: int) -> BulkOperation | None:
        """The partner's newest operation."""
        ...

    async def cancel(self, operation_id: str, now: datetime) -> BulkOperation | None:
        """CREATED → CANCELED at once; RUNNING gets a cancel request the worker honours."""
        ...

    async def record_event(
        self,
        operation_id: str,
        event: BulkEvent,
        requester: BulkRequester | None,
        now: datetime,
        detail: str | None = None,
    ) -> None:
        """Append one audit row of the operation."""
        ...


class HasBulkOperations(Protocol):
    """The repositories the use cases take (``Repositories`` is one)."""

    @property
    def bulk_operations(self) -> BulkOperationStore:
        """The bulk operations store."""
        ...
