"""Coupons: a commerce district issues a batch, a merchant redeems one."""

from __future__ import annotations

from typing import Annotated, cast

import strawberry

from api.auth.purposes import accessor_for
from api.auth.scopes import Scope
from api.domain.scenarios import mobility
from api.domain.scenarios.errors import ScenarioRefusal
from api.graphql.base_mutation import own_payload
from api.graphql.context import Info
from api.graphql.permissions import caller, mutation_field
from api.graphql.scalars import DecimalLimits
from api.graphql.scenarios.inputs import IssueCouponsInput, RedeemCouponInput
from api.graphql.scenarios.mutations.refusals import (
    ANY_REFUSAL,
    GRANT_DESCRIPTION,
    SCENARIO_REASONS,
    grant_payload,
    no_grant,
)
from api.graphql.scenarios.types import BenefitGrantPayload, CouponBatchPayload, CouponType

ISSUE_COUPONS, IssuedCouponBatchPayload = own_payload(
    "IssueCoupons",
    (
        *ANY_REFUSAL,
        ScenarioRefusal.IDEMPOTENCY_KEY_REUSED,
        ScenarioRefusal.WRONG_BENEFIT_KIND,
        *SCENARIO_REASONS,
    ),
    CouponBatchPayload,
    lambda payload, errors: payload(
        issued_count=0, skipped=0, coupons=[], replayed=False, errors=errors
    ),
    description="A batch of coupons, or why it was not issued.",
    errors="Why nothing was issued.",
    keep_on_refusal=True,
    payload_name="CouponBatchPayload",
)


REDEEM_COUPON, RedeemCouponPayload = own_payload(
    "RedeemCoupon",
    (
        *ANY_REFUSAL,
        ScenarioRefusal.ORDER_ALREADY_REDEEMED,
        ScenarioRefusal.IDEMPOTENCY_KEY_REUSED,
        ScenarioRefusal.WRONG_BENEFIT_KIND,
        ScenarioRefusal.COUPON_ALREADY_REDEEMED,
        ScenarioRefusal.COUPON_EXPIRED,
    ),
    BenefitGrantPayload,
    no_grant,
    description=GRANT_DESCRIPTION.format("a coupon"),
    errors="Why nothing was granted.",
    keep_on_refusal=True,
)


@mutation_field(
    Scope.COUPON_WRITE,
    description="Issue a coupon of a scenario to every person who authorised a consent "
    "for you (mobility_discount or incentive_eligibility, with READ_INTEGRITY_CODE) and "
    "whose colour it admits. Each colour read is in the person's access log.",
    graphql_type=IssuedCouponBatchPayload,
)
@ISSUE_COUPONS.performs
async def issue_coupons(
    info: Info,
    input: Annotated[IssueCouponsInput, strawberry.argument(description="The batch.")],
) -> CouponBatchPayload:
    """Issue a batch of coupons to consenting, admitted persons."""
    context = info.context

    outcome = await mobility.issue_coupons(
        context.repos,
        context.crypto,
        accessor=accessor_for(caller(info)),
        scenario_code=input.scenario_code,
        expires_at=input.expires_at,
        idempotency_key=input.idempotency_key,
        limit=input.limit,
        request_id=context.request_id,
        now=context.now,
    )
    return IssuedCouponBatchPayload(
        issued_count=outcome.batch.issued_count,
        skipped=outcome.skipped,
        coupons=cast("list[CouponType]", list(outcome.coupons)),
        replayed=outcome.replayed,
        errors=[],
    )


@mutation_field(
    Scope.COUPON_WRITE,
    description="Redeem one of your coupons on an order, at most once.",
    extra=[DecimalLimits()],
    graphql_type=RedeemCouponPayload,
)
@REDEEM_COUPON.performs
async def redeem_coupon(
    info: Info,
    input: Annotated[RedeemCouponInput, strawberry.argument(description="The order.")],
) -> BenefitGrantPayload:
    """Redeem a coupon on an order."""
    context = info.context
    principal = caller(info)

    outcome = await mobility.redeem_coupon(
        context.repos,
        partner_id=principal.partner_id,
        operator_type=principal.partner_type.value,
        coupon_code=input.coupon_code,
        order_reference=input.order_reference,
        order_amount=input.order_amount,
        idempotency_key=input.idempotency_key,
        now=context.now,
    )
    return grant_payload(RedeemCouponPayload, outcome)
