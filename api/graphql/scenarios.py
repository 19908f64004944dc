"""Person scenarios in the schema: the incentive catalogue, pay after treatment, mobility
discounts, coupons and incentive statistics.

Refusals come back as typed ``errors``, never as a server error: each mutation's own
``<Mutation>Error``, its codes (from ``api.domain.scenarios.errors`` or the admission reasons)
listed in ``<Mutation>ErrorCode`` and declared here with its runner. A scan's audit row is kept
whatever the outcome: the use cases undo their own writes on a refusal (a savepoint), so those
mutations commit a refusal too (``keep_on_refusal``).
"""

from __future__ import annotations

from typing import Annotated, cast

import strawberry
from graphql import GraphQLError

from api.auth.purposes import accessor_for
from api.auth.scopes import Scope
from api.domain.consent.model import DenialReason, Purpose
from api.domain.credit.codes import IntegrityColour
from api.domain.scenarios import catalogue, mobility, pay_after_treatment
from api.domain.scenarios.errors import ScenarioError, ScenarioRefusal
from api.domain.scenarios.model import (
    AccountOutcome,
    Benefit,
    BenefitGrant,
    BenefitKind,
    Eligibility,
    GrantOutcome,
    Ineligibility,
    ScenarioDraft,
    StatisticsDimension,
    StatisticsFilter,
    StatisticsRow,
)
from api.domain.scenarios.rules import PAY_AFTER_TREATMENT_SCENARIO
from api.domain.subjects.model import District
from api.graphql.base_mutation import MutationError, own_payload
from api.graphql.context import Info
from api.graphql.permissions import caller, requires
from api.graphql.row_rules import OwnRowsOnly
from api.graphql.scalars import DecimalLimits
from api.graphql.scenario_types import (
    BenefitGrantPayload,
    BenefitGrantType,
    CouponBatchPayload,
    CouponType,
    DeferredAccountPayload,
    DeferredAccountType,
    DeferredChargeType,
    IncentiveCategoryPayload,
    IncentiveCategoryType,
    IncentiveScenarioPayload,
    IncentiveScenarioType,
    IncentiveStatisticsFilter,
    IssueCouponsInput,
    OpenDeferredAccountInput,
    OperatorType,
    OperatorTypeEnum,
    RecordDeferredChargeInput,
    RedeemCouponInput,
    RedeemMobilityDiscountInput,
    SaveIncentiveCategoryInput,
    SaveIncentiveScenarioInput,
    ScenarioEligibilityType,
    SettleDeferredAccountInput,
    StatisticsKeyType,
    StatisticsRowType,
    StatisticsType,
)


def _eligibility(result: Eligibility) -> ScenarioEligibilityType:
    return ScenarioEligibilityType(
        scenario_code=result.scenario.code,
        eligible=result.eligible,
        reasons=list(result.reasons),
        denial=result.denial,
        colour=result.colour,
        value=result.value,
        uses_today=result.uses_today,
    )


def _grant(grant: BenefitGrant | None) -> BenefitGrantType | None:
    if grant is None:
        return None
    return BenefitGrantType(
        scenario_code=grant.scenario_code,
        source=grant.source,
        order_reference=grant.order_reference,
        order_amount=grant.order_amount,
        benefit_amount=grant.benefit_amount,
        granted_at=grant.granted_at,
    )


def _account_payload(
    payload: type[DeferredAccountPayload], outcome: AccountOutcome
) -> DeferredAccountPayload:
    charge = outcome.charge
    return payload(
        account=cast(DeferredAccountType, outcome.account),
        charge=DeferredChargeType(
            amount=charge.amount,
            item=charge.item,
            department=charge.department,
            charged_at=charge.charged_at,
        )
        if charge
        else None,
        settled_benefit=_grant(outcome.grant),
        replayed=outcome.replayed,
        errors=[],
    )


def _no_account(
    payload: type[DeferredAccountPayload], errors: list[MutationError]
) -> DeferredAccountPayload:
    return payload(account=None, charge=None, settled_benefit=None, replayed=False, errors=errors)


def _no_grant(
    payload: type[BenefitGrantPayload], errors: list[MutationError]
) -> BenefitGrantPayload:
    return payload(grant=None, replayed=False, errors=errors)


_R = ScenarioRefusal
#: Every operation may find something missing, a bad input, or a concurrent writer.
_ANY = (_R.INVALID_ARGUMENT, _R.NOT_FOUND, _R.CONFLICT)
#: A scenario the operator cannot use today (``scenario_reasons``).
_SCENARIO_REASONS = (
    Ineligibility.SCENARIO_RETIRED,
    Ineligibility.SCENARIO_NOT_STARTED,
    Ineligibility.SCENARIO_EXPIRED,
    Ineligibility.WRONG_OPERATOR_TYPE,
)
#: A scanned code: the consent gate's reason, or every reason the person is not admitted.
_SCAN_REASONS = (*DenialReason, *Ineligibility)
_ACCOUNT_DESCRIPTION = "A deferred account after {}, or why it was refused."
_GRANT_DESCRIPTION = "A benefit granted by {}, or why not."

#: The visit mutations: a refusal keeps the scan's audit row (the use case undid the rest).
OPEN_ACCOUNT, OpenDeferredAccountPayload = own_payload(
    "OpenDeferredAccount",
    (*_ANY, _R.VISIT_NUMBER_REUSED, _R.WRONG_BENEFIT_KIND, *_SCAN_REASONS),
    DeferredAccountPayload,
    _no_account,
    description=_ACCOUNT_DESCRIPTION.format("opening it"),
    errors="Why it was refused.",
    keep_on_refusal=True,
)
RECORD_CHARGE, RecordDeferredChargePayload = own_payload(
    "RecordDeferredCharge",
    (*_ANY, _R.LIMIT_EXCEEDED, _R.ACCOUNT_NOT_OPEN, _R.ALREADY_SETTLED, _R.IDEMPOTENCY_KEY_REUSED),
    DeferredAccountPayload,
    _no_account,
    description=_ACCOUNT_DESCRIPTION.format("a charge"),
    errors="Why it was refused.",
    keep_on_refusal=True,
)
SETTLE_ACCOUNT, SettleDeferredAccountPayload = own_payload(
    "SettleDeferredAccount",
    (*_ANY, _R.ACCOUNT_NOT_OPEN, _R.ALREADY_SETTLED, _R.IDEMPOTENCY_KEY_REUSED),
    DeferredAccountPayload,
    _no_account,
    description=_ACCOUNT_DESCRIPTION.format("settling it"),
    errors="Why it was refused.",
    keep_on_refusal=True,
)
#: The benefit grants (a discount, a coupon redeemed), likewise.
REDEEM_DISCOUNT, RedeemMobilityDiscountPayload = own_payload(
    "RedeemMobilityDiscount",
    (
        *_ANY,
        _R.ORDER_ALREADY_REDEEMED,
        _R.IDEMPOTENCY_KEY_REUSED,
        _R.WRONG_BENEFIT_KIND,
        *_SCAN_REASONS,
    ),
    BenefitGrantPayload,
    _no_grant,
    description=_GRANT_DESCRIPTION.format("a mobility discount"),
    errors="Why nothing was granted.",
    keep_on_refusal=True,
)
REDEEM_COUPON, RedeemCouponPayload = own_payload(
    "RedeemCoupon",
    (
        *_ANY,
        _R.ORDER_ALREADY_REDEEMED,
        _R.IDEMPOTENCY_KEY_REUSED,
        _R.WRONG_BENEFIT_KIND,
        _R.COUPON_ALREADY_REDEEMED,
        _R.COUPON_EXPIRED,
    ),
    BenefitGrantPayload,
    _no_grant,
    description=_GRANT_DESCRIPTION.format("a coupon"),
    errors="Why nothing was granted.",
    keep_on_refusal=True,
)
ISSUE_COUPONS, IssuedCouponBatchPayload = own_payload(
    "IssueCoupons",
    (*_ANY, _R.IDEMPOTENCY_KEY_REUSED, _R.WRONG_BENEFIT_KIND, *_SCENARIO_REASONS),
    CouponBatchPayload,
    lambda payload, errors: payload(
        issued_count=0, skipped=0, coupons=[], replayed=False, errors=errors
    ),
    description="A batch of coupons, or why it was not issued.",
    errors="Why nothing was issued.",
    keep_on_refusal=True,
    payload_name="CouponBatchPayload",
)
SAVE_CATEGORY, SavedIncentiveCategoryPayload = own_payload(
    "SaveIncentiveCategory",
    (_R.INVALID_ARGUMENT,),
    IncentiveCategoryPayload,
    lambda payload, errors: payload(category=None, errors=errors),
    description="A category after a change, or why not.",
    payload_name="IncentiveCategoryPayload",
)
SAVE_SCENARIO, SavedIncentiveScenarioPayload = own_payload(
    "SaveIncentiveScenario",
    (_R.INVALID_ARGUMENT, _R.NOT_FOUND),
    IncentiveScenarioPayload,
    lambda payload, errors: payload(scenario=None, errors=errors),
    description="A scenario after a change, or why not.",
    payload_name="IncentiveScenarioPayload",
)


def _grant_payload(
    payload: type[BenefitGrantPayload], outcome: GrantOutcome
) -> BenefitGrantPayload:
    return payload(grant=_grant(outcome.grant), replayed=outcome.replayed, errors=[])


def bad_input(error: ScenarioError) -> GraphQLError:
    """A query naming an unknown (or unsuitable) scenario: BAD_USER_INPUT with the refusal."""
    return GraphQLError(
        error.message, extensions={"code": "BAD_USER_INPUT", "problem": error.refusal.value}
    )


# --- the catalogue ---------------------------------------------------------------------------


async def incentive_categories(info: Info) -> list[IncentiveCategoryType]:
    """Every category, in catalogue order."""
    return cast(list[IncentiveCategoryType], await info.context.repos.incentives.categories())


async def incentive_scenarios(
    info: Info,
    category_code: Annotated[
        str | None, strawberry.argument(description="Only this category's.")
    ] = None,
    operator_type: Annotated[
        OperatorTypeEnum | None,  # type: ignore[valid-type]
        strawberry.argument(description="Only scenarios this partner type operates."),
    ] = None,
) -> list[IncentiveScenarioType]:
    """The catalogue's scenarios by code."""
    found = await info.context.repos.incentives.scenarios(
        category_code=category_code,
        operator_type=OperatorType(operator_type).value if operator_type else None,
    )
    return cast(list[IncentiveScenarioType], found)


async def incentive_scenario(
    info: Info, code: Annotated[str, strawberry.argument(description="The scenario's code.")]
) -> IncentiveScenarioType | None:
    """One scenario by code."""
    return cast(IncentiveScenarioType | None, await info.context.repos.incentives.scenario(code))


async def save_incentive_category(
    info: Info,
    input: Annotated[SaveIncentiveCategoryInput, strawberry.argument(description="The category.")],
) -> IncentiveCategoryPayload:
    """Add or change a category."""

    async def perform() -> IncentiveCategoryPayload:
        category = await catalogue.save_category(
            info.context.repos,
            code=input.code.strip(),
            name=input.name,
            name_zh=input.name_zh,
            description=input.description,
        )
        category_type = cast(IncentiveCategoryType, category)
        return SavedIncentiveCategoryPayload(category=category_type, errors=[])

    return await SAVE_CATEGORY.run(info, perform)


async def save_incentive_scenario(
    info: Info,
    input: Annotated[SaveIncentiveScenarioInput, strawberry.argument(description="The scenario.")],
) -> IncentiveScenarioPayload:
    """Add or change a scenario."""
    draft = ScenarioDraft(
        code=input.code.strip(),
        category_code=input.category_code.strip(),
        name=input.name,
        name_zh=input.name_zh,
        description=input.description,
        operator_type=OperatorType(input.operator_type).value,
        purpose=Purpose(input.purpose),
        lowest_colour=IntegrityColour(input.lowest_colour),
        benefit=Benefit(BenefitKind(input.benefit_kind), input.benefit_value, input.benefit_cap),
        colour_values=tuple((IntegrityColour(c.colour), c.value) for c in input.colour_values),
        daily_limit=input.daily_limit,
        settle_within_days=input.settle_within_days,
        valid_from=input.valid_from,
        valid_until=input.valid_until,
        active=input.active,
    )

    async def perform() -> IncentiveScenarioPayload:
        scenario = await catalogue.save_scenario(info.context.repos, draft, info.context.now)
        scenario_type = cast(IncentiveScenarioType, scenario)
        return SavedIncentiveScenarioPayload(scenario=scenario_type, errors=[])

    return await SAVE_SCENARIO.run(info, perform)


async def incentive_statistics(
    info: Info,
    filter: Annotated[
        IncentiveStatisticsFilter | None,
        strawberry.argument(description="Which benefits count and how to group them."),
    ] = None,
) -> StatisticsType:
    """Beneficiaries, uses and benefit granted (one aggregation over the grants)."""
    given = filter or IncentiveStatisticsFilter()
    spec = StatisticsFilter(
        scenario_codes=tuple(given.scenario_codes or ()),
        category_codes=tuple(given.category_codes or ()),
        operator_types=tuple(OperatorType(t).value for t in given.operator_types or ()),
        districts=tuple(District(d).value for d in given.districts or ()),
        partner_ids=tuple(given.partner_ids or ()),
        granted_from=given.granted_from,
        granted_until=given.granted_until,
        group_by=tuple(StatisticsDimension(d) for d in given.group_by or ()),
    )
    figures = await catalogue.incentive_statistics(info.context.repos, spec)

    def row(found: StatisticsRow) -> StatisticsRowType:
        return StatisticsRowType(
            keys=[StatisticsKeyType(dimension=d, value=v) for d, v in found.keys],
            beneficiaries=found.beneficiaries,
            uses=found.uses,
            total_benefit=found.total_benefit,
        )

    return StatisticsType(total=row(figures.total), groups=[row(g) for g in figures.groups])


# --- pay after treatment ---------------------------------------------------------------------


async def pay_after_treatment_eligibility(
    info: Info,
    integrity_code: Annotated[str, strawberry.argument(description="The code the patient showed.")],
    scenario_code: Annotated[
        str, strawberry.argument(description="The deferred-payment scenario.")
    ] = PAY_AFTER_TREATMENT_SCENARIO,
) -> ScenarioEligibilityType:
    """Whether the patient may pay after treatment, why not, and the limit for their colour."""
    context = info.context
    try:
        result = await pay_after_treatment.pay_after_treatment_eligibility(
            context.repos,
            context.crypto,
            accessor=accessor_for(caller(info)),
            code=integrity_code,
            scenario_code=scenario_code,
            request_id=context.request_id,
            now=context.now,
        )
    except ScenarioError as error:
        raise bad_input(error) from None
    return _eligibility(result)


async def deferred_account(
    info: Info,
    visit_number: Annotated[str, strawberry.argument(description="Your visit number.")],
) -> DeferredAccountType | None:
    """One of your visits; null for a visit number you did not open."""
    found = await info.context.repos.deferred_accounts.by_visit(
        caller(info).partner_id, visit_number.strip()
    )
    return cast(DeferredAccountType | None, found)


async def open_deferred_account(
    info: Info,
    input: Annotated[OpenDeferredAccountInput, strawberry.argument(description="The visit.")],
) -> DeferredAccountPayload:
    """Open a visit for pay after treatment."""
    context = info.context

    async def perform() -> DeferredAccountPayload:
        outcome = await pay_after_treatment.open_deferred_account(
            context.repos,
            context.crypto,
            accessor=accessor_for(caller(info)),
            code=input.integrity_code,
            visit_number=input.visit_number,
            scenario_code=input.scenario_code,
            request_id=context.request_id,
            now=context.now,
        )
        return _account_payload(OpenDeferredAccountPayload, outcome)

    return await OPEN_ACCOUNT.run(info, perform)


async def record_deferred_charge(
    info: Info,
    input: Annotated[RecordDeferredChargeInput, strawberry.argument(description="The charge.")],
) -> DeferredAccountPayload:
    """Record one charge of a visit."""
    context = info.context

    async def perform() -> DeferredAccountPayload:
        outcome = await pay_after_treatment.record_charge(
            context.repos,
            partner_id=caller(info).partner_id,
            visit_number=input.visit_number,
            amount=input.amount,
            item=input.item,
            department=input.department,
            idempotency_key=input.idempotency_key,
            now=context.now,
        )
        return _account_payload(RecordDeferredChargePayload, outcome)

    return await RECORD_CHARGE.run(info, perform)


async def settle_deferred_account(
    info: Info,
    input: Annotated[SettleDeferredAccountInput, strawberry.argument(description="The visit.")],
) -> DeferredAccountPayload:
    """Settle a visit once."""
    context = info.context
    principal = caller(info)

    async def perform() -> DeferredAccountPayload:
        outcome = await pay_after_treatment.settle_deferred_account(
            context.repos,
            partner_id=principal.partner_id,
            operator_type=principal.partner_type.value,
            visit_number=input.visit_number,
            idempotency_key=input.idempotency_key,
            now=context.now,
        )
        return _account_payload(SettleDeferredAccountPayload, outcome)

    return await SETTLE_ACCOUNT.run(info, perform)


# --- mobility discounts and coupons ----------------------------------------------------------


async def mobility_discount_eligibility(
    info: Info,
    scenario_code: Annotated[str, strawberry.argument(description="The scenario.")],
    integrity_code: Annotated[str, strawberry.argument(description="The code the person showed.")],
) -> ScenarioEligibilityType:
    """Validate a scanned code for a scenario."""
    context = info.context
    try:
        result = await mobility.mobility_discount_eligibility(
            context.repos,
            context.crypto,
            accessor=accessor_for(caller(info)),
            scenario_code=scenario_code,
            code=integrity_code,
            request_id=context.request_id,
            now=context.now,
        )
    except ScenarioError as error:
        raise bad_input(error) from None
    return _eligibility(result)


async def redeem_mobility_discount(
    info: Info,
    input: Annotated[RedeemMobilityDiscountInput, strawberry.argument(description="The order.")],
) -> BenefitGrantPayload:
    """Grant a discount on an order."""
    context = info.context

    async def perform() -> BenefitGrantPayload:
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
        return _grant_payload(RedeemMobilityDiscountPayload, outcome)

    return await REDEEM_DISCOUNT.run(info, perform)


async def issue_coupons(
    info: Info,
    input: Annotated[IssueCouponsInput, strawberry.argument(description="The batch.")],
) -> CouponBatchPayload:
    """Issue a batch of coupons to consenting, admitted persons."""
    context = info.context

    async def perform() -> CouponBatchPayload:
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
            coupons=cast(list[CouponType], list(outcome.coupons)),
            replayed=outcome.replayed,
            errors=[],
        )

    return await ISSUE_COUPONS.run(info, perform)


async def redeem_coupon(
    info: Info,
    input: Annotated[RedeemCouponInput, strawberry.argument(description="The order.")],
) -> BenefitGrantPayload:
    """Redeem a coupon on an order."""
    context = info.context
    principal = caller(info)

    async def perform() -> BenefitGrantPayload:
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
        return _grant_payload(RedeemCouponPayload, outcome)

    return await REDEEM_COUPON.run(info, perform)


@strawberry.type(description="The incentive catalogue and the person scenarios.")
class ScenarioMutation:
    """Merged into the mutation root."""

    save_incentive_category = strawberry.mutation(
        resolver=save_incentive_category,
        graphql_type=SavedIncentiveCategoryPayload,
        **requires(Scope.INCENTIVE_WRITE, description="Add or change a category of incentives."),
    )
    save_incentive_scenario = strawberry.mutation(
        resolver=save_incentive_scenario,
        graphql_type=SavedIncentiveScenarioPayload,
        **requires(
            Scope.INCENTIVE_WRITE,
            description="Add or change a scenario: operator type, lowest colour admitted, "
            "benefit, per-colour values, daily limit, validity (active: false retires it).",
            extra=[DecimalLimits()],
        ),
    )
    open_deferred_account = strawberry.mutation(
        resolver=open_deferred_account,
        graphql_type=OpenDeferredAccountPayload,
        **requires(
            Scope.DEFERRED_PAYMENT_WRITE,
            description="Open a visit for pay after treatment (医后付) from the patient's scanned "
            "integrity code: the limit follows their colour. Idempotent by visit number.",
        ),
    )
    record_deferred_charge = strawberry.mutation(
        resolver=record_deferred_charge,
        graphql_type=RecordDeferredChargePayload,
        **requires(
            Scope.DEFERRED_PAYMENT_WRITE,
            description="Record one charge of an open visit (诊间全记账); refused with "
            "LIMIT_EXCEEDED when the running total would pass the limit, also under "
            "concurrent charges. Idempotent by key.",
            extra=[DecimalLimits()],
        ),
    )
    settle_deferred_account = strawberry.mutation(
        resolver=settle_deferred_account,
        graphql_type=SettleDeferredAccountPayload,
        **requires(
            Scope.DEFERRED_PAYMENT_WRITE,
            description="Settle a visit once after treatment (诊后一次付): the whole total; a "
            "second settlement is ALREADY_SETTLED, a retry with the same key replays.",
        ),
    )
    redeem_mobility_discount = strawberry.mutation(
        resolver=redeem_mobility_discount,
        graphql_type=RedeemMobilityDiscountPayload,
        **requires(
            Scope.MOBILITY_DISCOUNT_WRITE,
            description="Grant a scenario's discount (信易行) on one order to the person who "
            "showed their code: once per key and per order, within the daily limit.",
            extra=[DecimalLimits()],
        ),
    )
    issue_coupons = strawberry.mutation(
        resolver=issue_coupons,
        graphql_type=IssuedCouponBatchPayload,
        **requires(
            Scope.COUPON_WRITE,
            description="Issue a coupon of a scenario to every person who authorised a consent "
            "for you (mobility_discount or incentive_eligibility, with READ_INTEGRITY_CODE) and "
            "whose colour it admits. Each colour read is in the person's access log.",
        ),
    )
    redeem_coupon = strawberry.mutation(
        resolver=redeem_coupon,
        graphql_type=RedeemCouponPayload,
        **requires(
            Scope.COUPON_WRITE,
            description="Redeem one of your coupons on an order, at most once.",
            extra=[DecimalLimits()],
        ),
    )


@strawberry.type(description="The incentive catalogue and the person scenarios.")
class ScenarioQuery:
    """Merged into the query root."""

    incentive_categories = strawberry.field(
        resolver=incentive_categories,
        **requires(Scope.INCENTIVE_READ, description="The incentive categories."),
    )
    incentive_scenarios = strawberry.field(
        resolver=incentive_scenarios,
        **requires(Scope.INCENTIVE_READ, description="The incentive scenarios, by code."),
    )
    incentive_scenario = strawberry.field(
        resolver=incentive_scenario,
        **requires(Scope.INCENTIVE_READ, description="One incentive scenario by code."),
    )
    pay_after_treatment_eligibility = strawberry.field(
        resolver=pay_after_treatment_eligibility,
        **requires(
            Scope.DEFERRED_PAYMENT_WRITE,
            description="Whether the patient who showed an integrity code may pay after "
            "treatment, with the reasons and the limit for their colour. The scan is in the "
            "person's access log.",
        ),
    )
    deferred_account = strawberry.field(
        resolver=deferred_account,
        **requires(
            Scope.DEFERRED_PAYMENT_WRITE,
            description="One of your visits by visit number (only the hospital that opened a "
            "visit sees it).",
            extra=[OwnRowsOnly()],
        ),
    )
    mobility_discount_eligibility = strawberry.field(
        resolver=mobility_discount_eligibility,
        **requires(
            Scope.MOBILITY_DISCOUNT_WRITE,
            description="Validate a scanned integrity code for a scenario: admitted or not, "
            "and why. The scan is in the person's access log.",
        ),
    )
    incentive_statistics = strawberry.field(
        resolver=incentive_statistics,
        **requires(
            Scope.STATISTICS_READ,
            description="How many people benefited, how often and how much, by scenario, "
            "category, operator, district or period.",
        ),
    )
