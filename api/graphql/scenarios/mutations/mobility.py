"""Mobility discounts: an operator redeems one for a scanned code."""

from __future__ import annotations

from typing import Annotated

import strawberry

from api.auth.purposes import accessor_for
from api.auth.scopes import Scope
from api.domain.scenarios import mobility
from api.domain.scenarios.errors import ScenarioRefusal
from api.graphql.base_mutation import own_payload
from api.graphql.context import Info
from api.graphql.permissions import caller, mutation_field
from api.graphql.scalars import DecimalLimits
from api.graphql.scenarios.inputs import RedeemMobilityDiscountInput
from api.graphql.scenarios.mutations.refusals import (
    ANY_REFUSAL,
    GRANT_DESCRIPTION,
    SCAN_REASONS,
    grant_payload,
    no_grant,
)
from api.graphql.scenarios.types import BenefitGrantPayload

#: A granted discount: a refusal keeps the scan's audit row (the use case undid the rest).
REDEEM_DISCOUNT, RedeemMobilityDiscountPayload = own_payload(
    "RedeemMobilityDiscount",
    (
        *ANY_REFUSAL,
        ScenarioRefusal.ORDER_ALREADY_REDEEMED,
        ScenarioRefusal.IDEMPOTENCY_KEY_REUSED,
        ScenarioRefusal.WRONG_BENEFIT_KIND,
        *SCAN_REASONS,
    ),
    BenefitGrantPayload,
    no_grant,
    description=GRANT_DESCRIPTION.format("a mobility discount"),
    errors="Why nothing was granted.",
    keep_on_refusal=True,
)


@mutation_field(
    Scope.MOBILITY_DISCOUNT_WRITE,
    description="Grant a scenario's discount (信易行) on one order to the person who "
    "showed their code: once per key and per order, within the daily limit.",
    extra=[DecimalLimits()],
    graphql_type=RedeemMobilityDiscountPayload,
)
@REDEEM_DISCOUNT.performs
async def redeem_mobility_discount(
    info: Info,
    input: Annotated[RedeemMobilityDiscountInput, strawberry.argument(description="The order.")],
) -> BenefitGrantPayload:
    """Grant a discount on an order."""
    context = info.context

    outcome = await mobility.redeem_discount(
        context.repos,
        context.crypto,
        accessor=accessor_for(caller(info)),
        scenario_code=input.scenario_code,
        code=input.integrity_code,
        order_reference=input.order_reference,
        order_amount=input.order_amount,
        idempotency_key=input.idempotency_key,
        request_id=context.request_id,
        now=context.now,
    )
    return grant_payload(RedeemMobilityDiscountPayload, outcome)
