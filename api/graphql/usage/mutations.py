"""The credit office sets or clears a partner's own bucket (the quota override)."""

from __future__ import annotations

from typing import Annotated, cast

import strawberry

from api.auth.scopes import Scope
from api.domain.usage import services
from api.graphql.context import Info
from api.graphql.permissions import caller, requires
from api.graphql.usage.types import (
    CLEAR_PARTNER_QUOTA,
    SET_PARTNER_QUOTA,
    ClearPartnerQuotaPayload,
    PartnerQuotaType,
    SetPartnerQuotaInput,
    SetPartnerQuotaPayload,
)


@strawberry.type
class UsageMutation:
    """Quota overrides: a bucket of a partner's own, in place of its type's."""

    @strawberry.mutation(
        **requires(
            Scope.PARTNER_MANAGE,
            description="Give one partner its own bucket of cost points (size and restore "
            "rate) in place of its type's; every worker applies it within seconds. Setting "
            "the same values again changes nothing, so a retry is safe.",
        )
    )
    async def set_partner_quota(
        self,
        info: Info,
        input: Annotated[SetPartnerQuotaInput, strawberry.argument(description="The bucket.")],
    ) -> SetPartnerQuotaPayload:
        context = info.context
        by = caller(info).client_id

        async def perform() -> SetPartnerQuotaPayload:
            quota = await services.set_quota_override(
                context.repos,
                partner_id=input.partner_id,
                size=input.size,
                restore_rate=input.restore_rate,
                now=context.now,
                by=by,
            )
            return SetPartnerQuotaPayload(quota=cast(PartnerQuotaType, quota), errors=[])

        return await SET_PARTNER_QUOTA.run(info, perform)

    @strawberry.mutation(
        **requires(
            Scope.PARTNER_MANAGE,
            description="Remove a partner's own bucket: its type's applies again within "
            "seconds. Clearing twice is harmless.",
        )
    )
    async def clear_partner_quota(
        self,
        info: Info,
        partner_id: Annotated[int, strawberry.argument(description="The partner's id.")],
    ) -> ClearPartnerQuotaPayload:
        context = info.context

        async def perform() -> ClearPartnerQuotaPayload:
            cleared = await services.clear_quota_override(context.repos, partner_id=partner_id)
            return ClearPartnerQuotaPayload(cleared=cleared, errors=[])

        return await CLEAR_PARTNER_QUOTA.run(info, perform)
