"""The IP pledge queries: a bank's own pledges, the credit office's figures."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import strawberry

from api.auth.scopes import Scope
from api.domain.ippledge import services
from api.graphql.context import Info
from api.graphql.ippledge.types import (
    IpPledgeStatisticsType,
    IpPledgeType,
    pledge_view,
    statistics_view,
)
from api.graphql.permissions import caller, query_field


@query_field(
    Scope.IP_PLEDGE_WRITE,
    description="The IP pledges you registered, newest loan first.",
)
async def my_ip_pledges(
    info: Info,
    first: Annotated[int, strawberry.argument(description="How many, 1 to 100.")] = 20,
) -> list[IpPledgeType]:
    """The calling bank's pledges."""
    found = await services.bank_pledges(
        info.context.repos.ip_pledges, caller(info).partner_id, first
    )
    return [pledge_view(pledge) for pledge in found]


@query_field(
    Scope.STATISTICS_READ,
    description="IP pledge financing over loans paid in a period: enterprises, pledges, "
    "registered value, lending and the mean days from application to loan.",
)
async def ip_pledge_statistics(
    info: Info,
    since: Annotated[date, strawberry.argument(description="First day of loans counted.")],
    until: Annotated[date, strawberry.argument(description="Last day, today at the latest.")],
) -> IpPledgeStatisticsType:
    """The figures of a period."""
    figures = await services.pledge_statistics(
        info.context.repos.ip_pledges, since, until, info.context.now
    )
    return statistics_view(since, until, figures)


@strawberry.type(description="The IP pledge queries, merged into the query root.")
class IpPledgeQuery:
    """A bank's pledges and the figures."""

    my_ip_pledges = my_ip_pledges
    ip_pledge_statistics = ip_pledge_statistics
