"""The approvals queries: the public catalogue and a department's verifications due."""

from __future__ import annotations

from typing import Annotated, cast

import strawberry

from api.auth.scopes import Scope
from api.domain.approvals import services
from api.graphql.approvals.types import (
    ApprovalCommitmentType,
    ApprovalFiguresType,
    ApprovalMatterType,
    ApprovalStatisticsType,
)
from api.graphql.context import Info
from api.graphql.permissions import requires


async def approval_matters(
    info: Info,
    department: Annotated[
        str | None, strawberry.argument(description="Only this department's matters.")
    ] = None,
) -> list[ApprovalMatterType]:
    """The catalogue of matters decided on a commitment."""
    found = await services.catalogue(info.context.repos, department)
    return cast(list[ApprovalMatterType], found)


async def approval_commitments_due(
    info: Info,
    department: Annotated[str, strawberry.argument(description="Your department's code.")],
    within_days: Annotated[
        int, strawberry.argument(description="Due within this many days, 0-366 (overdue too).")
    ] = 30,
) -> list[ApprovalCommitmentType]:
    """The department's fast-tracked commitments awaiting verification, soonest first."""
    context = info.context
    found = await services.due_for_verification(
        context.repos, department.strip(), within_days=within_days, now=context.now
    )
    return cast(list[ApprovalCommitmentType], found)


async def approval_statistics(info: Info) -> ApprovalStatisticsType:
    """The city's and each department's commitments by outcome."""
    total, departments = await services.statistics(info.context.repos)
    return ApprovalStatisticsType(
        total=cast(ApprovalFiguresType, total),
        departments=cast(list[ApprovalFiguresType], departments),
    )


@strawberry.type(description="Commitment-based fast-track approval (信易批).")
class ApprovalsQuery:
    """The approvals queries."""

    approval_matters = strawberry.field(
        resolver=approval_matters,
        description="The catalogue of approval matters decided on a commitment (信易批): what "
        "each accepts and what its fast track waives. No token needed.",
    )
    approval_commitments_due = strawberry.field(
        resolver=approval_commitments_due,
        **requires(
            Scope.APPROVAL_COMMITMENT_VERIFY,
            description="Fast-tracked commitments of a department's matters due for "
            "verification (at most 100, soonest first); persons are never named.",
        ),
    )
    approval_statistics = strawberry.field(
        resolver=approval_statistics,
        **requires(
            Scope.STATISTICS_READ,
            description="信易批 in figures: matters, commitments signed, fast-tracked, refused, "
            "awaiting verification, kept and broken, for the city and per department.",
        ),
    )
