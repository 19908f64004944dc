"""Use cases of bulk operations: start, cancel, look up. The worker runs them (api/bulk)."""

from __future__ import annotations

import secrets
from datetime import datetime

from api.domain.bulk.errors import NotRunningError
from api.domain.bulk.model import BulkEvent, BulkOperation, BulkOperationStatus, BulkRequester
from api.domain.bulk.ports import HasBulkOperations
from api.domain.errors import NotFoundError


def new_operation_id() -> str:
    """A fresh, unguessable operation id (32 hex digits)."""
    return secrets.token_hex(16)


async def start_bulk_operation(
    repos: HasBulkOperations,
    *,
    requester: BulkRequester,
    query: str,
    root_field: str,
    document_id: str | None,
    now: datetime,
) -> BulkOperation:
    """Create a CREATED operation for a checked query and audit it (AlreadyRunningError)."""
    operation = BulkOperation(
        id=new_operation_id(),
        partner_id=requester.partner_id,
        status=BulkOperationStatus.CREATED,
        query=query,
        root_field=root_field,
        created_at=now,
    )
    created = await repos.bulk_operations.create(operation, requester, document_id)
    await repos.bulk_operations.record_event(created.id, BulkEvent.STARTED, requester, now)
    return created


async def cancel_bulk_operation(
    repos: HasBulkOperations, *, requester: BulkRequester, operation_id: str, now: datetime
) -> BulkOperation:
    """Cancel the partner's operation: at once if CREATED, between pages if RUNNING."""
    found = await repos.bulk_operations.get(operation_id, requester.partner_id)
    if found is None:
        raise NotFoundError("no such bulk operation of yours", field="id")
    if not found.active:
        raise NotRunningError(f"the bulk operation is already {found.status.value}", field="id")
    cancelled = await repos.bulk_operations.cancel(operation_id, now)
    if cancelled is None:
        raise NotRunningError("the bulk operation ended meanwhile", field="id")
    await repos.bulk_operations.record_event(operation_id, BulkEvent.CANCELED, requester, now)
    return cancelled


async def bulk_operation(
    repos: HasBulkOperations, *, partner_id: int, operation_id: str
) -> BulkOperation | None:
    """The partner's operation by id; None for an unknown id or another partner's."""
    return await repos.bulk_operations.get(operation_id, partner_id)


async def current_bulk_operation(
    repos: HasBulkOperations, *, partner_id: int
) -> BulkOperation | None:
    """The partner's newest operation, whatever its status (as Shopify's)."""
    return await repos.bulk_operations.current(partner_id)
