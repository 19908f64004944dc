"""Follow a bulk operation: by id, or the partner's newest."""

from __future__ import annotations

from typing import Annotated

import strawberry

from api.auth.scopes import Scope
from api.domain.bulk import services
from api.graphql.bulk.types import BulkOperationType, operation_view
from api.graphql.context import Info
from api.graphql.permissions import caller, requires


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
        return operation_view(info, found) if found else None

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
        return operation_view(info, found) if found else None
