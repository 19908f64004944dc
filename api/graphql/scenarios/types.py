"""Incentive categories and scenarios, deferred accounts, benefits, coupons, statistics."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

import strawberry

from api.auth.scopes import PartnerType
from api.domain.scenarios.model import (
    AccountStatus,
    BenefitKind,
    CouponStatus,
    GrantSource,
    Ineligibility,
    Scenario,
    StatisticsDimension,
)
from api.graphql.base_mutation import MutationError
from api.graphql.consent.types import DenialReasonEnum, PurposeEnum
from api.graphql.context import Info
from api.graphql.credit.types.evaluation import IntegrityColourEnum
from api.graphql.errors_payload import UserErrorInterface


class OperatorType(StrEnum):
    """The partner types as operators of scenarios (equal to ``PartnerType``; a test checks)."""

    BANK = "bank"
    HOSPITAL = "hospital"
    MOBILITY_OPERATOR = "mobility_operator"
    COMMERCE_DISTRICT = "commerce_district"
    VILLAGE_COMMITTEE = "village_committee"
    TAX_BUREAU = "tax_bureau"
    REGULATOR = "regulator"
    CREDIT_OFFICE = "credit_office"
    CITIZEN_APP = "citizen_app"


OperatorTypeEnum = strawberry.enum(
    OperatorType, name="OperatorType", description="The partner type that operates a scenario."
)


BenefitKindEnum = strawberry.enum(
    BenefitKind,
    name="BenefitKind",
    description="PERCENT_DISCOUNT (value: percent), FIXED_AMOUNT (value: yuan), "
    "DEFERRED_PAYMENT (value: the limit, yuan), FEE_WAIVER (the fee, up to the cap).",
)


IneligibilityEnum = strawberry.enum(
    Ineligibility,
    name="IneligibilityReason",
    description="Why a person is not admitted to a scenario; NOT_AUTHORISED: the scan itself "
    "was refused (see `denial`).",
)


DeferredAccountStatusEnum = strawberry.enum(
    AccountStatus,
    name="DeferredAccountStatus",
    description="OPEN (charges recorded), SETTLED (paid once), OVERDUE (not settled in time: a "
    "credit record was made; settling still clears it).",
)


BenefitSourceEnum = strawberry.enum(
    GrantSource,
    name="BenefitSource",
    description="How a benefit was granted: DISCOUNT (scanned code), COUPON, DEFERRED_PAYMENT.",
)


CouponStatusEnum = strawberry.enum(
    CouponStatus, name="CouponStatus", description="ISSUED, or REDEEMED (at most once)."
)


StatisticsDimensionEnum = strawberry.enum(
    StatisticsDimension,
    name="IncentiveStatisticsDimension",
    description="What incentive statistics are grouped by.",
)


def partner_type(value: OperatorType) -> PartnerType:
    """The partner type of an operator type."""
    return PartnerType(value.value)


@strawberry.type(name="IncentiveCategory", description="A category of the incentive catalogue.")
class IncentiveCategoryType:
    """One of the 14 categories."""

    code: str = strawberry.field(description="Stable code, e.g. `parking`.")
    name: str = strawberry.field(description="English name.")
    name_zh: str = strawberry.field(description="Chinese name, e.g. 信易停.")
    description: str = strawberry.field(description="What it covers.")


@strawberry.type(name="ColourValue", description="A scenario's benefit value for one colour.")
class ColourValueType:
    """E.g. pay after treatment: BLUE 3000 yuan."""

    colour: IntegrityColourEnum = strawberry.field(description="The colour.")  # type: ignore[valid-type]  # strawberry enum used as a type
    value: Decimal = strawberry.field(description="Its value (percent or yuan, as the kind says).")


@strawberry.type(name="IncentiveScenario", description="A scenario of the incentive catalogue.")
class IncentiveScenarioType:
    """Who operates it, whom it admits, what it gives, how often, and when."""

    code: str = strawberry.field(description="Stable code, e.g. `parking-discount`.")
    category_code: str = strawberry.field(description="Its category's code.")
    name: str = strawberry.field(description="English name.")
    name_zh: str = strawberry.field(description="Chinese name.")
    description: str = strawberry.field(description="What it is.")
    purpose: PurposeEnum = strawberry.field(  # type: ignore[valid-type]  # strawberry enum used as a type
        description="The purpose a person's integrity code must be issued for."
    )
    lowest_colour: IntegrityColourEnum = strawberry.field(  # type: ignore[valid-type]  # strawberry enum used as a type
        description="The lowest integrity colour admitted (GREEN: green or above)."
    )
    daily_limit: int | None = strawberry.field(description="Uses per person per day, if limited.")
    settle_within_days: int | None = strawberry.field(
        description="Deferred payments: days after opening by which the visit must be settled."
    )
    valid_from: date = strawberry.field(description="First day it applies.")
    valid_until: date | None = strawberry.field(description="Last day it applies, if it ends.")
    active: bool = strawberry.field(description="False once retired.")

    @strawberry.field(description="The partner type that operates it.")
    def operator_type(self) -> OperatorTypeEnum:  # type: ignore[valid-type]  # strawberry enum used as a type
        return OperatorType(_scenario(self).operator_type)

    @strawberry.field(description="What it gives.")
    def benefit_kind(self) -> BenefitKindEnum:  # type: ignore[valid-type]  # strawberry enum used as a type
        return _scenario(self).benefit.kind

    @strawberry.field(
        description="Percent, yuan, or the deferred-payment limit (yuan), as the kind says; a "
        "colour with its own value uses that (see colourValues)."
    )
    def benefit_value(self) -> Decimal:
        return _scenario(self).benefit.value

    @strawberry.field(description="The most one use gives, yuan, if capped.")
    def benefit_cap(self) -> Decimal | None:
        return _scenario(self).benefit.cap

    @strawberry.field(description="Per-colour values (pay after treatment: BLUE 3000, GREEN 1500).")
    def colour_values(self) -> list[ColourValueType]:
        return [
            ColourValueType(colour=colour, value=value)
            for colour, value in _scenario(self).colour_values
        ]


def _scenario(root: object) -> Scenario:
    if not isinstance(root, Scenario):
        raise TypeError("an IncentiveScenario is resolved from a domain Scenario")
    return root


@strawberry.type(
    name="ScenarioEligibility",
    description="Whether the person who showed an integrity code is admitted to a scenario.",
)
class ScenarioEligibilityType:
    """No personal data beyond the colour; every scan is in the person's access log."""

    scenario_code: str = strawberry.field(description="The scenario.")
    eligible: bool = strawberry.field(description="Admitted now.")
    reasons: list[IneligibilityEnum] = strawberry.field(  # type: ignore[valid-type]  # strawberry enum used as a type
        description="Why not (empty when eligible)."
    )
    denial: DenialReasonEnum | None = strawberry.field(  # type: ignore[valid-type]  # strawberry enum used as a type
        description="Why the scan itself was refused (CODE_EXPIRED, CODE_REVOKED, ...)."
    )
    colour: IntegrityColourEnum | None = strawberry.field(  # type: ignore[valid-type]  # strawberry enum used as a type
        description="The person's integrity colour, when the scan was authorised."
    )
    value: Decimal | None = strawberry.field(
        description="When eligible: the benefit value for the colour (the deferred-payment "
        "limit in yuan, the percentage, the amount)."
    )
    uses_today: int | None = strawberry.field(
        description="How often the person used the scenario today."
    )


@strawberry.type(name="DeferredCharge", description="One charge recorded during a visit.")
class DeferredChargeType:
    """诊间全记账: every charge of the visit."""

    amount: Decimal = strawberry.field(description="Yuan, two places.")
    item: str = strawberry.field(description="What was charged.")
    department: str = strawberry.field(description="The hospital department.")
    charged_at: datetime = strawberry.field(description="When it was recorded.")


@strawberry.type(
    name="DeferredAccount",
    description="A visit paid after treatment; only the hospital that opened it sees it.",
)
class DeferredAccountType:
    """The running total never passes the limit; it is settled once."""

    visit_number: str = strawberry.field(description="The hospital's visit number.")
    colour: IntegrityColourEnum = strawberry.field(  # type: ignore[valid-type]  # strawberry enum used as a type
        description="The patient's colour when the visit opened (it set the limit)."
    )
    credit_limit: Decimal = strawberry.field(description="The deferred-payment limit, yuan.")
    total: Decimal = strawberry.field(description="The running total of charges, yuan.")
    charge_count: int = strawberry.field(description="How many charges were recorded.")
    status: DeferredAccountStatusEnum = strawberry.field(description="Where it stands.")  # type: ignore[valid-type]  # strawberry enum used as a type
    opened_at: datetime = strawberry.field(description="When the visit was opened.")
    due_on: date = strawberry.field(description="The last day to settle before it is overdue.")
    settled_at: datetime | None = strawberry.field(description="When it was settled.")
    settled_amount: Decimal | None = strawberry.field(description="The amount settled, yuan.")
    overdue_on: date | None = strawberry.field(description="The day it was marked overdue.")

    @strawberry.field(description="What may still be charged, yuan.")
    def remaining(self) -> Decimal:
        return self.credit_limit - self.total

    @strawberry.field(description="The visit's charges, oldest first.")
    async def charges(self, info: Info) -> list[DeferredChargeType]:
        account_id: int = getattr(self, "id")  # noqa: B009 - the root is a domain DeferredAccount
        found = await info.context.repos.deferred_accounts.charges(account_id)
        return [
            DeferredChargeType(
                amount=c.amount, item=c.item, department=c.department, charged_at=c.charged_at
            )
            for c in found
        ]


@strawberry.type(name="BenefitGrant", description="A benefit granted once on one order.")
class BenefitGrantType:
    """What was granted, to which order, how much."""

    scenario_code: str = strawberry.field(description="The scenario.")
    source: BenefitSourceEnum = strawberry.field(description="How it was granted.")  # type: ignore[valid-type]  # strawberry enum used as a type
    order_reference: str = strawberry.field(description="The operator's order (or visit).")
    order_amount: Decimal = strawberry.field(description="The order's amount, yuan.")
    benefit_amount: Decimal = strawberry.field(description="The benefit granted, yuan.")
    granted_at: datetime = strawberry.field(description="When.")


@strawberry.type(name="Coupon", description="A coupon issued to one person, redeemable once.")
class CouponType:
    """The operator hands the code to the person (through its app)."""

    code: str = strawberry.field(description="The coupon code.")
    colour: IntegrityColourEnum = strawberry.field(  # type: ignore[valid-type]  # strawberry enum used as a type
        description="The holder's colour when issued."
    )
    face_value: Decimal = strawberry.field(
        description="The scenario's value for that colour (percent or yuan, as its kind says)."
    )
    issued_at: datetime = strawberry.field(description="When it was issued.")
    expires_at: datetime = strawberry.field(description="When it stops working.")
    status: CouponStatusEnum = strawberry.field(description="Issued or redeemed.")  # type: ignore[valid-type]  # strawberry enum used as a type
    redeemed_at: datetime | None = strawberry.field(description="When it was redeemed.")


@strawberry.type(description="A category after a change, or why not.")
class IncentiveCategoryPayload:
    """The category as it now stands."""

    category: IncentiveCategoryType | None = strawberry.field(description="The category.")
    errors: list[MutationError] = strawberry.field(description="Why nothing changed.")


@strawberry.type(description="A scenario after a change, or why not.")
class IncentiveScenarioPayload:
    """The scenario as it now stands."""

    scenario: IncentiveScenarioType | None = strawberry.field(description="The scenario.")
    errors: list[MutationError] = strawberry.field(description="Why nothing changed.")


@strawberry.interface(description="A deferred account after an operation, or why it was refused.")
class DeferredAccountPayload:
    """A retry with the same visit number or key returns the first result (`replayed`)."""

    account: DeferredAccountType | None = strawberry.field(description="The account.")
    charge: DeferredChargeType | None = strawberry.field(description="The charge recorded.")
    settled_benefit: BenefitGrantType | None = strawberry.field(
        description="On settlement: the benefit it counts as in the statistics."
    )
    replayed: bool = strawberry.field(description="True when this is the first call's result.")
    errors: list[MutationError] = strawberry.field(
        graphql_type=list[UserErrorInterface],
        description="Why it was refused: NOT_ELIGIBLE reasons (COLOUR_BELOW_LOWEST, CODE_EXPIRED, "
        "...), LIMIT_EXCEEDED, ACCOUNT_NOT_OPEN, ALREADY_SETTLED, VISIT_NUMBER_REUSED, "
        "IDEMPOTENCY_KEY_REUSED, NOT_FOUND, INVALID_ARGUMENT.",
    )


@strawberry.interface(description="A benefit granted, or why not.")
class BenefitGrantPayload:
    """A retry with the same key returns the first grant (`replayed`)."""

    grant: BenefitGrantType | None = strawberry.field(description="The grant.")
    replayed: bool = strawberry.field(description="True when this is the first call's result.")
    errors: list[MutationError] = strawberry.field(
        graphql_type=list[UserErrorInterface],
        description="Why nothing was granted: the reasons (COLOUR_BELOW_LOWEST, "
        "DAILY_LIMIT_REACHED, WRONG_OPERATOR_TYPE, SCENARIO_EXPIRED, CODE_EXPIRED, ...), "
        "ORDER_ALREADY_REDEEMED, COUPON_ALREADY_REDEEMED, COUPON_EXPIRED, "
        "IDEMPOTENCY_KEY_REUSED, NOT_FOUND, INVALID_ARGUMENT.",
    )


@strawberry.type(description="A batch of coupons, or why it was not issued.")
class CouponBatchPayload:
    """A retry with the same key returns the first batch (`replayed`)."""

    issued_count: int = strawberry.field(description="How many coupons the batch holds.")
    skipped: int = strawberry.field(
        description="Consenting persons left out (colour too low, consent no longer valid)."
    )
    coupons: list[CouponType] = strawberry.field(description="The coupons issued.")
    replayed: bool = strawberry.field(description="True when this is the first call's result.")
    errors: list[MutationError] = strawberry.field(description="Why nothing was issued.")


@strawberry.type(name="IncentiveStatisticsKey", description="One grouping key of a row.")
class StatisticsKeyType:
    """E.g. SCENARIO = parking-discount."""

    dimension: StatisticsDimensionEnum = strawberry.field(description="The dimension.")  # type: ignore[valid-type]  # strawberry enum used as a type
    value: str = strawberry.field(
        description="Its value: a scenario or category code, an operator type, a partner id, a "
        "district as the District enum names it (WUXING, ...; empty if unknown), a day "
        "(YYYY-MM-DD) or a month (YYYY-MM)."
    )


@strawberry.type(name="IncentiveStatisticsRow", description="Figures of one group or the total.")
class StatisticsRowType:
    """How many people benefited, how often, how much they saved."""

    keys: list[StatisticsKeyType] = strawberry.field(description="The group (empty: the total).")
    beneficiaries: int = strawberry.field(description="Distinct persons who benefited.")
    uses: int = strawberry.field(description="Benefits granted.")
    total_benefit: Decimal = strawberry.field(
        description="Benefit granted, yuan: money saved plus payments deferred."
    )
    money_saved: Decimal = strawberry.field(
        description="Money actually saved, yuan (discounts, fixed amounts, waivers)."
    )
    deferred: Decimal = strawberry.field(
        description="Payments deferred, yuan (pay after treatment): paid in full later, "
        "so not a saving."
    )


@strawberry.type(name="IncentiveStatistics", description="Incentive statistics over a filter.")
class StatisticsType:
    """The total and one row per group."""

    total: StatisticsRowType = strawberry.field(description="Over everything the filter selects.")
    groups: list[StatisticsRowType] = strawberry.field(description="One row per group, ordered.")
