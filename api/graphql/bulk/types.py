"""Bulk operations as partners see them: the operation, its status, the payloads."""

from __future__ import annotations

from datetime import datetime

import strawberry

from api.domain.bulk.model import BulkFailure, BulkOperation, BulkOperationStatus
from api.domain.errors import ErrorCode
from api.graphql.base_mutation import MutationError, errors_field, typed_mutation
from api.graphql.context import Info

BulkOperationStatusEnum = strawberry.enum(
    BulkOperationStatus,
    name="BulkOperationStatus",
    description="Where a bulk operation stands: CREATED, RUNNING, COMPLETED, FAILED, CANCELED.",
)
BulkOperationFailureEnum = strawberry.enum(
    BulkFailure,
    name="BulkOperationFailure",
    description="Why a bulk operation FAILED: QUERY_ERROR (a page answered with errors), "
    "ACCESS_DENIED (the partner was disabled meanwhile), "
    "WORKER_LOST (its file was gone when a worker resumed it), INTERNAL_ERROR.",
)


@strawberry.type(name="BulkOperation", description="An export of one connection as JSON Lines.")
class BulkOperationType:
    """One bulk operation, as its partner follows it."""

    id: strawberry.ID = strawberry.field(description="The operation's id.")
    status: BulkOperationStatusEnum = strawberry.field(description="Where it stands.")  # type: ignore[valid-type]  # strawberry enum used as a type
    query: str = strawberry.field(description="The query it runs, as sent (or as trusted).")
    root_field: str = strawberry.field(description="The root connection it exports.")
    created_at: datetime = strawberry.field(description="When it was started.")
    completed_at: datetime | None = strawberry.field(
        description="When it ended (completed, failed or canceled)."
    )
    object_count: int = strawberry.field(
        description="Lines written so far: one per object, nested connections' nodes included."
    )
    file_size: str = strawberry.field(
        description="Bytes written so far, as a decimal string (it may exceed 32 bits)."
    )
    error_code: BulkOperationFailureEnum | None = strawberry.field(  # type: ignore[valid-type]  # strawberry enum used as a type
        description="Why it failed; null unless FAILED."
    )
    cancel_requested: bool = strawberry.field(
        description="A cancel was asked while it ran; the worker stops between pages."
    )
    url: str | None = strawberry.field(
        description="When COMPLETED: a signed link to the JSON Lines file, valid for a while "
        "(an hour by default) and needing no token. Ask again for a fresh one."
    )


def operation_view(info: Info, operation: BulkOperation) -> BulkOperationType:
    """The partner's view of an operation, with a fresh link when it has completed."""
    links = info.context.bulk_links
    url = (
        links.url(operation.id, info.context.now)
        if links is not None and operation.status is BulkOperationStatus.COMPLETED
        else None
    )
    return BulkOperationType(
        id=strawberry.ID(operation.id),
        status=operation.status,
        query=operation.query,
        root_field=operation.root_field,
        created_at=operation.created_at,
        completed_at=operation.completed_at,
        object_count=operation.object_count,
        file_size=str(operation.file_size),
        error_code=operation.error_code,
        cancel_requested=operation.cancel_requested,
        url=url,
    )


RUN_QUERY = typed_mutation(
    "BulkOperationRunQuery",
    (
        ErrorCode.INVALID_QUERY,
        ErrorCode.NO_CONNECTION,
        ErrorCode.FORBIDDEN_FIELD,
        ErrorCode.PERSONAL_DATA,
        ErrorCode.ALREADY_RUNNING,
        ErrorCode.TRUSTED_DOCUMENT_REQUIRED,
    ),
    lambda errors: BulkOperationRunQueryPayload(bulk_operation=None, errors=errors),
    field="query",
)
CANCEL = typed_mutation(
    "BulkOperationCancel",
    (ErrorCode.NOT_FOUND, ErrorCode.NOT_RUNNING),
    lambda errors: BulkOperationCancelPayload(bulk_operation=None, errors=errors),
    field="id",
)


@strawberry.type(description="The bulk operation started, or why not.")
class BulkOperationRunQueryPayload:
    """The CREATED operation the worker will run."""

    bulk_operation: BulkOperationType | None = strawberry.field(description="The operation.")
    errors: list[MutationError] = errors_field(RUN_QUERY, "Why nothing was started.")


@strawberry.type(description="The bulk operation after a cancel, or why not.")
class BulkOperationCancelPayload:
    """CANCELED at once if it had not started; else cancelRequested until the worker stops."""

    bulk_operation: BulkOperationType | None = strawberry.field(description="The operation.")
    errors: list[MutationError] = errors_field(CANCEL, "Why nothing changed.")
