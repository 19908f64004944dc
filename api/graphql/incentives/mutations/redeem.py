"""The generic redemption: any operator grants its scenario's benefit for a scanned code."""

from __future__ import annotations

from typing import Annotated

import strawberry

from api.auth.purposes import accessor_for
from api.auth.scopes import Scope
from api.domain.incentives import services
from api.domain.scenarios.errors import ScenarioRefusal
from api.graphql.base_mutation import own_payload
from api.graphql.context import Info
from api.graphql.incentives.types import RedeemIncentiveInput
from api.graphql.permissions import caller, mutation_field
from api.graphql.scalars import DecimalLimits
from api.graphql.scenarios.mutations.refusals import (
    ANY_REFUSAL,
    GRANT_DESCRIPTION,
    SCAN_REASONS,
    grant_payload,
    no_grant,
)
from api.graphql.scenarios.types import BenefitGrantPayload

#: A granted benefit: a refusal keeps the scan's audit row (the use case undid the rest).
REDEEM_INCENTIVE, RedeemIncentivePayload = own_payload(
    "RedeemIncentive",
    (
        *ANY_REFUSAL,
        ScenarioRefusal.ORDER_ALREADY_REDEEMED,
        ScenarioRefusal.IDEMPOTENCY_KEY_REUSED,
        ScenarioRefusal.WRONG_BENEFIT_KIND,
        *SCAN_REASONS,
    ),
    BenefitGrantPayload,
    no_grant,
    description=GRANT_DESCRIPTION.format("an incentive operator"),
    errors="Why nothing was granted.",
    keep_on_refusal=True,
)


@mutation_field(
    Scope.INCENTIVE_REDEEM,
    description="Grant a scenario's benefit on one order to the person who showed their "
    "code, by the scenario's own rules (operator types, lowest colour, daily limit, one use "
    "per order, once only, amount or rate): once per key and per order.",
    extra=[DecimalLimits()],
    graphql_type=RedeemIncentivePayload,
)
@REDEEM_INCENTIVE.performs
async def redeem_incentive(
    info: Info,
    input: Annotated[RedeemIncentiveInput, strawberry.argument(description="The order.")],
) -> BenefitGrantPayload:
    """Grant a scenario's benefit on an order."""
    context = info.context

    outcome = await services.redeem_incentive(
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
    return grant_payload(RedeemIncentivePayload, outcome)
