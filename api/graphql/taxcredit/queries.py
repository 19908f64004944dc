"""The tax-credit queries: banks' lending volumes and the city's green share."""

from __future__ import annotations

from typing import Annotated

import strawberry

from api.auth.scopes import Scope
from api.domain.taxcredit import lending
from api.graphql.context import Info
from api.graphql.permissions import query_field
from api.graphql.taxcredit.mutations.lending import volume_view
from api.graphql.taxcredit.needs import own_financing_need
from api.graphql.taxcredit.types import LendingVolumesType


@query_field(
    Scope.STATISTICS_READ,
    description="Each bank's reported lending per month and the green share of all lending "
    "(green loans over every loan the banks granted, not only the platform's lines).",
)
async def lending_volumes(
    info: Info,
    period_from: Annotated[str, strawberry.argument(description="First month, YYYY-MM.")],
    period_until: Annotated[
        str, strawberry.argument(description="Last month, YYYY-MM (at most 60 months on).")
    ],
) -> LendingVolumesType:
    """Banks' monthly lending over a span, and the city's green share."""
    summary = await lending.lending_volumes(
        info.context.repos.lending_volumes, first=period_from, last=period_until
    )
    return LendingVolumesType(
        volumes=[volume_view(v) for v in summary.volumes],
        total_lending=summary.total,
        green_lending=summary.green,
        green_share=summary.green_share,
    )


@strawberry.type(
    description="Banks' lending volumes, the green share, an enterprise's own financing need."
)
class TaxCreditQuery:
    """Merged into the query root."""

    lending_volumes = lending_volumes
    own_financing_need = own_financing_need
