"""``Merchant.indicatorAssessment``: today's indicator-based four colours on the merchant type.

What the public scan page shows anyone, so it needs no more than ``merchant:read``: the city
app shows it when a person scans a merchant, and to the signed-in merchant as its own view.
"""

from __future__ import annotations

from typing import Any

import strawberry

from api.auth.scopes import Scope
from api.domain.merchants import services
from api.domain.subjects.model import Merchant
from api.graphql.context import Info
from api.graphql.merchants.assessments import assessment_of
from api.graphql.merchants.types import MerchantAssessment
from api.graphql.permissions import requires


def indicator_assessment_field() -> Any:
    """The merchant's four colours today from its indicators, explained."""

    async def resolve(root: strawberry.Parent[Merchant], info: Info) -> MerchantAssessment | None:
        context = info.context
        card = await services.public_card(
            context.repos.merchant_indicators, root.id, today=context.today
        )
        return None if card is None else assessment_of(*card)

    return strawberry.field(
        resolver=resolve,
        **requires(
            Scope.MERCHANT_READ,
            description="The four-colour code from the merchant's indicators today (what its "
            "scan-to-check page shows), with the reasons and each indicator's as-of date.",
        ),
    )
