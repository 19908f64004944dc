"""Repair outreach queries: a person's notices, the office's queue, the statistics."""

from __future__ import annotations

from typing import Annotated

import strawberry

from api.auth.scopes import Scope
from api.domain.consent.persons import require_person
from api.domain.outreach import services
from api.graphql.context import Info
from api.graphql.outreach.types import (
    OutreachStatisticsType,
    RepairNoticeType,
    decode_notice_id,
)
from api.graphql.permissions import requires
from api.graphql.scalars import ResidentId


async def my_notices(
    info: Info,
    resident_id: Annotated[ResidentId, strawberry.argument(description="The signed-in person.")],
    first: Annotated[int, strawberry.argument(description="How many, 1 to 100.")] = 20,
) -> list[RepairNoticeType]:
    """The signed-in person's repair notices, newest first."""
    context = info.context
    person = await require_person(context.repos, context.crypto, resident_id)
    found = await services.notices_of_person(context.repos.outreach, person.id, first)
    return [RepairNoticeType(notice=notice) for notice in found]


async def outreach_queue(
    info: Info,
    first: Annotated[int, strawberry.argument(description="How many, 1 to 100.")] = 50,
    after: Annotated[
        strawberry.ID | None,
        strawberry.argument(description="Continue after this notice (RepairNotice.id)."),
    ] = None,
) -> list[RepairNoticeType]:
    """The office's queue of notices not yet acknowledged, oldest first."""
    context = info.context
    after_id = decode_notice_id(info, after) if after is not None else 0
    found = await services.office_queue(context.repos.outreach, after_id, first)
    return [RepairNoticeType(notice=notice) for notice in found]


async def outreach_statistics(info: Info) -> OutreachStatisticsType:
    """The platform's outreach figures."""
    return OutreachStatisticsType.of(await services.figures(info.context.repos.outreach))


@strawberry.type(description="Repair outreach: notices, the office's queue, statistics.")
class OutreachQuery:
    """The repair outreach queries."""

    my_notices = strawberry.field(
        resolver=my_notices,
        **requires(
            Scope.CREDIT_REPAIR_APPLY,
            description="The signed-in person's credit repair notices in the citizen app "
            "(主动告知, 到期提醒, 跟踪回访), newest first, each with whether it was acknowledged.",
        ),
    )
    outreach_queue = strawberry.field(
        resolver=outreach_queue,
        **requires(
            Scope.CREDIT_REPAIR_DECIDE,
            description="The credit office's outreach queue: repair notices of enterprises, "
            "merchants and households not yet acknowledged, oldest first.",
        ),
    )
    outreach_statistics = strawberry.field(
        resolver=outreach_statistics,
        **requires(
            Scope.STATISTICS_READ,
            description="Repair outreach figures: notices, reminders and follow-ups written, "
            "acknowledged, repairs completed and follow-up results.",
        ),
    )
