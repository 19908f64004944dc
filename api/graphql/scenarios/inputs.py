"""What operators send: catalogue entries, visits, charges, orders, coupons, filters."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import strawberry

from api.domain.numbers import NumericLimit
from api.graphql.consent.types import PurposeEnum
from api.graphql.credit.types.evaluation import IntegrityColourEnum
from api.graphql.scalars import decimal_field
from api.graphql.scenarios.types import BenefitKindEnum, OperatorTypeEnum, StatisticsDimensionEnum
from api.graphql.subjects.types import DistrictEnum

#: The scenario tables' money columns (benefit values and caps too): Numeric(14, 2).
MONEY = NumericLimit(14, 2)


@strawberry.input(description="A category to add or change (by code).")
class SaveIncentiveCategoryInput:
    """All fields are required."""

    code: str = strawberry.field(description="2-32 lowercase letters, digits, underscores.")
    name: str = strawberry.field(description="English name.")
    name_zh: str = strawberry.field(description="Chinese name.")
    description: str = strawberry.field(description="What it covers.")


@strawberry.input(description="A colour and its own benefit value.")
class ColourValueInput:
    """E.g. BLUE 3000."""

    colour: IntegrityColourEnum = strawberry.field(description="A colour admitted.")  # type: ignore[valid-type]  # strawberry enum used as a type
    value: Decimal = decimal_field("Its value (percent or yuan).", MONEY)


@strawberry.input(description="A scenario to add or change (by code).")
class SaveIncentiveScenarioInput:
    """Deferred payments need settleWithinDays; percentages are 0-100."""

    code: str = strawberry.field(description="2-48 lowercase letters, digits and hyphens.")
    category_code: str = strawberry.field(description="An existing category.")
    name: str = strawberry.field(description="English name.")
    name_zh: str = strawberry.field(description="Chinese name.")
    description: str = strawberry.field(description="What it is.")
    operator_type: OperatorTypeEnum = strawberry.field(description="Who operates it.")  # type: ignore[valid-type]  # strawberry enum used as a type
    purpose: PurposeEnum = strawberry.field(  # type: ignore[valid-type]  # strawberry enum used as a type
        description="The purpose a scanned code must carry."
    )
    lowest_colour: IntegrityColourEnum = strawberry.field(description="Lowest colour admitted.")  # type: ignore[valid-type]  # strawberry enum used as a type
    benefit_kind: BenefitKindEnum = strawberry.field(description="What it gives.")  # type: ignore[valid-type]  # strawberry enum used as a type
    benefit_value: Decimal = decimal_field("Percent, yuan, or the limit.", MONEY)
    valid_from: date = strawberry.field(description="First day it applies.")
    benefit_cap: Decimal | None = decimal_field("Cap per use, yuan.", MONEY, default=None)
    colour_values: list[ColourValueInput] = strawberry.field(
        default_factory=list, description="Values for particular colours."
    )
    daily_limit: int | None = strawberry.field(default=None, description="Uses per person per day.")
    settle_within_days: int | None = strawberry.field(
        default=None, description="Deferred payments: days to settle."
    )
    valid_until: date | None = strawberry.field(default=None, description="Last day it applies.")
    active: bool = strawberry.field(default=True, description="False retires it.")


@strawberry.input(description="Open a visit's deferred account from the patient's scanned code.")
class OpenDeferredAccountInput:
    """Idempotent by visit number."""

    integrity_code: str = strawberry.field(description="The code the patient showed.")
    visit_number: str = strawberry.field(description="Your visit number (1-64 characters).")
    scenario_code: str = strawberry.field(
        default="pay-after-treatment", description="The deferred-payment scenario."
    )


@strawberry.input(description="One charge during a visit.")
class RecordDeferredChargeInput:
    """Refused when the running total would pass the limit."""

    visit_number: str = strawberry.field(description="The visit.")
    amount: Decimal = decimal_field("Yuan, more than 0.", MONEY)
    item: str = strawberry.field(description="What is charged (1-100 characters).")
    department: str = strawberry.field(description="The hospital department (1-100 characters).")
    idempotency_key: str = strawberry.field(description="8-128 characters; a retry replays.")


@strawberry.input(description="Settle a visit once, after treatment.")
class SettleDeferredAccountInput:
    """The whole total, exactly once."""

    visit_number: str = strawberry.field(description="The visit.")
    idempotency_key: str = strawberry.field(description="8-128 characters; a retry replays.")


@strawberry.input(description="Grant a discount on one order to the person who showed a code.")
class RedeemMobilityDiscountInput:
    """Once per key and per order; within the person's daily limit."""

    scenario_code: str = strawberry.field(description="The scenario, e.g. parking-discount.")
    integrity_code: str = strawberry.field(description="The code the person showed.")
    order_reference: str = strawberry.field(description="Your order (1-64 characters).")
    order_amount: Decimal = decimal_field("The order's amount, yuan.", MONEY)
    idempotency_key: str = strawberry.field(description="8-128 characters; a retry replays.")


@strawberry.input(description="Issue coupons of a scenario to the persons who consented.")
class IssueCouponsInput:
    """One coupon per consenting, admitted person without a live coupon of the scenario."""

    scenario_code: str = strawberry.field(description="The scenario.")
    expires_at: datetime = strawberry.field(description="When the coupons expire (<= 90 days).")
    idempotency_key: str = strawberry.field(description="8-128 characters; a retry replays.")
    limit: int = strawberry.field(default=1000, description="At most this many (1-1000).")


@strawberry.input(description="Redeem a coupon on one order.")
class RedeemCouponInput:
    """A coupon is redeemed at most once."""

    coupon_code: str = strawberry.field(description="The coupon's code.")
    order_reference: str = strawberry.field(description="Your order (1-64 characters).")
    order_amount: Decimal = decimal_field("The order's amount, yuan.", MONEY)
    idempotency_key: str = strawberry.field(description="8-128 characters; a retry replays.")


@strawberry.input(description="Which benefits count, and how to group them; all filters must hold.")
class IncentiveStatisticsFilter:
    """Days are city days, both ends inclusive."""

    scenario_codes: list[str] | None = strawberry.field(default=None, description="Scenarios.")
    category_codes: list[str] | None = strawberry.field(default=None, description="Categories.")
    operator_types: list[OperatorTypeEnum] | None = strawberry.field(  # type: ignore[valid-type]  # strawberry enum used as a type
        default=None, description="Operator types."
    )
    districts: list[DistrictEnum] | None = strawberry.field(  # type: ignore[valid-type]  # strawberry enum used as a type
        default=None, description="The beneficiaries' districts."
    )
    partner_ids: list[int] | None = strawberry.field(default=None, description="Operators.")
    granted_from: date | None = strawberry.field(default=None, description="From this day.")
    granted_until: date | None = strawberry.field(default=None, description="Until this day.")
    group_by: list[StatisticsDimensionEnum] | None = strawberry.field(  # type: ignore[valid-type]  # strawberry enum used as a type
        default=None, description="Up to three dimensions."
    )
