"""reportLendingVolume: a bank's month of lending from its books, for the green share."""

from __future__ import annotations

from typing import Annotated

import strawberry

from api.domain.errors import ErrorCode
from api.domain.taxcredit import lending
from api.graphql.base_mutation import MutationError, errors_field, typed_mutation
from api.graphql.context import Info
from api.graphql.permissions import caller
from api.graphql.taxcredit.types import LendingVolumeInput, LendingVolumeType

REPORT_VOLUME = typed_mutation(
    "ReportLendingVolume",
    (ErrorCode.INVALID_ARGUMENT, ErrorCode.DATE_IN_FUTURE),
    lambda errors: ReportLendingVolumePayload(volume=None, changed=False, errors=errors),
)


@strawberry.type(description="The month's lending as stored, or why not.")
class ReportLendingVolumePayload:
    """The stored month and whether the report changed it."""

    volume: LendingVolumeType | None = strawberry.field(description="The month as stored.")
    changed: bool = strawberry.field(
        description="False when the month held these figures already (a retry writes nothing)."
    )
    errors: list[MutationError] = errors_field(REPORT_VOLUME, "Why nothing was stored.")


def volume_view(volume: lending.LendingVolume) -> LendingVolumeType:
    """A month's lending as its GraphQL type."""
    return LendingVolumeType(
        bank_partner_id=volume.bank_id,
        period=volume.period,
        total_lending=volume.total,
        green_lending=volume.green,
        green_share=volume.green_share,
    )


async def report_lending_volume(
    info: Info,
    input: Annotated[LendingVolumeInput, strawberry.argument(description="The month.")],
) -> ReportLendingVolumePayload:
    """A bank reports a finished month's lending; a later report of the month replaces it."""
    context = info.context
    bank = caller(info)

    async def perform() -> ReportLendingVolumePayload:
        reported = await lending.report_lending_volume(
            context.repos.lending_volumes,
            bank_id=bank.partner_id,
            period=input.period,
            total=input.total_lending,
            green=input.green_lending,
            now=context.now,
        )
        return ReportLendingVolumePayload(
            volume=volume_view(reported.volume), changed=reported.changed, errors=[]
        )

    return await REPORT_VOLUME.run(info, perform)
