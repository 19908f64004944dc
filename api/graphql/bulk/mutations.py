"""Start a bulk operation (a query or a trusted document) and cancel one."""

from __future__ import annotations

from typing import Annotated

import strawberry

from api.auth.principal import Principal
from api.auth.scopes import Scope
from api.domain.bulk import services
from api.domain.bulk.model import BulkRequester
from api.domain.errors import ErrorCode
from api.graphql.bulk.plans import bulk_plan, trusted_text
from api.graphql.bulk.types import (
    CANCEL,
    RUN_QUERY,
    BulkOperationCancelPayload,
    BulkOperationRunQueryPayload,
    operation_view,
)
from api.graphql.context import Info
from api.graphql.permissions import caller, requires


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
            return BulkOperationRunQueryPayload(
                bulk_operation=operation_view(info, started), errors=[]
            )

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
            return BulkOperationCancelPayload(
                bulk_operation=operation_view(info, cancelled), errors=[]
            )

        return await CANCEL.run(info, perform)
