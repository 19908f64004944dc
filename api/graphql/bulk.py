"""Bulk operations in the schema: start one, follow it, cancel it (Shopify's names).

``bulkOperationRunQuery(query:)`` or ``(documentId:)`` checks the document
(``api.graphql.bulk_documents``) and creates the operation; ``credit-platform worker`` runs it.
``bulkOperation(id:)`` and ``currentBulkOperation`` show its status and progress and, once
COMPLETED, a signed link to the JSON Lines file (``api.graphql.bulk_links``).
"""

from __future__ import annotations

from datetime import datetime
from functools import cache
from typing import Annotated

import strawberry
from graphql import GraphQLSchema
from graphql import build_schema as build_core_schema

from api.auth.principal import Principal
from api.auth.scopes import Scope
from api.domain.bulk import services
from api.domain.bulk.errors import InvalidBulkQueryError
from api.domain.bulk.model import BulkFailure, BulkOperation, BulkOperationStatus, BulkRequester
from api.domain.errors import ErrorCode
from api.graphql.base_mutation import MutationError, errors_field, typed_mutation
from api.graphql.bulk_documents import BulkPlan, plan_bulk_query
from api.graphql.context import Info
from api.graphql.permissions import caller, requires

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


@cache
def core_schema() -> GraphQLSchema:
    """The schema as partners read it (SDL, with ``@requiresScopes``), built once."""
    from api.graphql.schema import schema  # the schema imports this module: built on first use

    return build_core_schema(schema.as_str())


def bulk_plan(text: str, scopes: frozenset[str]) -> BulkPlan:
    """The checked plan of a bulk query for a partner holding ``scopes``."""
    return plan_bulk_query(core_schema(), text, scopes)


def trusted_text(document_id: str, partner_type: str) -> str:
    """The text of one of the partner type's trusted documents (InvalidBulkQueryError)."""
    from api.graphql.trusted_documents import DOCUMENTS

    found = DOCUMENTS.get(document_id)
    if found is None or partner_type not in found[3]:
        raise InvalidBulkQueryError(
            f"{document_id!r} is not one of your trusted documents", field="documentId"
        )
    return found[0]


@strawberry.type(name="BulkOperation", description="An export of one connection as JSON Lines.")
class BulkOperationType:
    """One bulk operation, as its partner follows it."""

    id: strawberry.ID = strawberry.field(description="The operation's id.")
    status: BulkOperationStatusEnum = strawberry.field(description="Where it stands.")  # type: ignore[valid-type]
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
    error_code: BulkOperationFailureEnum | None = strawberry.field(  # type: ignore[valid-type]
        description="Why it failed; null unless FAILED."
    )
    cancel_requested: bool = strawberry.field(
        description="A cancel was asked while it ran; the worker stops between pages."
    )
    url: str | None = strawberry.field(
        description="When COMPLETED: a signed link to the JSON Lines file, valid for a while "
        "(an hour by default) and needing no token. Ask again for a fresh one."
    )


def _view(info: Info, operation: BulkOperation) -> BulkOperationType:
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


def _requester(info: Info, principal: Principal) -> BulkRequester:
    """Who asks, with the scopes the worker will read with."""
    return BulkRequester(
        partner_id=principal.partner_id,
        partner_type=principal.partner_type.value,
        client_id=principal.client_id,
        token_id=principal.token_id,
        scopes=tuple(sorted(scope.value for scope in principal.scopes)),
        request_id=info.context.request_id,
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


@strawberry.type
class BulkQuery:
    """Merged into the query root."""

    @strawberry.field(
        **requires(
            Scope.BULK_RUN, description="One of your bulk operations by id; null if not yours."
        )
    )
    async def bulk_operation(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="The operation's id.")],
    ) -> BulkOperationType | None:
        found = await services.bulk_operation(
            info.context.repos, partner_id=caller(info).partner_id, operation_id=str(id)
        )
        return _view(info, found) if found else None

    @strawberry.field(
        **requires(
            Scope.BULK_RUN,
            description="Your newest bulk operation, whatever its status; null if none.",
        )
    )
    async def current_bulk_operation(self, info: Info) -> BulkOperationType | None:
        found = await services.current_bulk_operation(
            info.context.repos, partner_id=caller(info).partner_id
        )
        return _view(info, found) if found else None


@strawberry.type
class BulkMutation:
    """Merged into the mutation root."""

    @strawberry.mutation(
        **requires(
            Scope.BULK_RUN,
            description="Start exporting one connection as JSON Lines: a query (or the id of "
            "one of your trusted documents) with one root connection; its first and after are "
            "the worker's. One operation may be created or running per partner.",
        )
    )
    async def bulk_operation_run_query(
        self,
        info: Info,
        query: Annotated[
            str | None, strawberry.argument(description="The query to export (or documentId).")
        ] = None,
        document_id: Annotated[
            str | None,
            strawberry.argument(description="A trusted document's id (sha256:...), or query."),
        ] = None,
    ) -> BulkOperationRunQueryPayload:
        principal = caller(info)
        if (query is None) == (document_id is None):
            return RUN_QUERY.fail("send query or documentId, one of them", ErrorCode.INVALID_QUERY)
        # A trusted-only type runs the bulk queries its trusted documents spell out: a query
        # given through a variable would let any text through one trusted mutation.
        sent = info.variable_values.values()
        if query is not None and info.context.trusted_only and query in sent:
            return RUN_QUERY.fail(
                f"a {principal.partner_type.value} partner may run only its trusted documents: "
                "send documentId",
                ErrorCode.TRUSTED_DOCUMENT_REQUIRED,
                "query",
            )
        requester = _requester(info, principal)
        context = info.context

        async def perform() -> BulkOperationRunQueryPayload:
            text = (
                query
                if query is not None
                else trusted_text(str(document_id), principal.partner_type.value)
            )
            plan = bulk_plan(text, frozenset(requester.scopes))
            started = await services.start_bulk_operation(
                context.repos,
                requester=requester,
                query=text,
                root_field=plan.root_field,
                document_id=document_id,
                now=context.now,
            )
            return BulkOperationRunQueryPayload(bulk_operation=_view(info, started), errors=[])

        return await RUN_QUERY.run(info, perform)

    @strawberry.mutation(
        **requires(
            Scope.BULK_RUN,
            description="Cancel one of your bulk operations: at once if not started yet, "
            "else the worker stops between pages.",
        )
    )
    async def bulk_operation_cancel(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="The operation's id.")],
    ) -> BulkOperationCancelPayload:
        requester = _requester(info, caller(info))
        context = info.context

        async def perform() -> BulkOperationCancelPayload:
            cancelled = await services.cancel_bulk_operation(
                context.repos, requester=requester, operation_id=str(id), now=context.now
            )
            return BulkOperationCancelPayload(bulk_operation=_view(info, cancelled), errors=[])

        return await CANCEL.run(info, perform)
