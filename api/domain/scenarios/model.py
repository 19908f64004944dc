"""What the incentive scenarios store and return: the catalogue, deferred accounts, grants.

domain.md, "Incentive scenarios": 14 categories and 50+ scenarios (credit loans, travel,
shopping, healthcare, ...), each with the lowest integrity colour it admits and the benefit it
gives; hospitals let patients pay after treatment (医后付) and mobility operators grant parking
and car-rental discounts (信易行). Money is ``Decimal`` with two places, never float.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

from api.domain.consent.model import DenialReason, Purpose
from api.domain.credit.codes import IntegrityColour


class BenefitKind(StrEnum):
    """What a scenario gives: a percentage off, a fixed amount off, a deferred payment, a waiver."""

    PERCENT_DISCOUNT = "percent_discount"
    FIXED_AMOUNT = "fixed_amount"
    DEFERRED_PAYMENT = "deferred_payment"
    FEE_WAIVER = "fee_waiver"


@dataclass(frozen=True, slots=True)
class Category:
    """One of the catalogue's categories (credit loans, travel, parking, healthcare, ...)."""

    id: int
    code: str
    name: str
    name_zh: str
    description: str


@dataclass(frozen=True, slots=True)
class Benefit:
    """A scenario's benefit.

    ``value`` is a percentage (``PERCENT_DISCOUNT``, 0-100), an amount in yuan
    (``FIXED_AMOUNT``), the deferred-payment limit (``DEFERRED_PAYMENT``) or unused (0) for a
    ``FEE_WAIVER``; ``cap`` is the most one use may give (yuan), when there is a cap.
    """

    kind: BenefitKind
    value: Decimal
    cap: Decimal | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ScenarioDraft:
    """A scenario as the credit office defines it (before it is stored)."""

    code: str
    category_code: str
    name: str
    name_zh: str
    description: str
    operator_type: str
    purpose: Purpose
    lowest_colour: IntegrityColour
    benefit: Benefit
    #: Per-colour values that replace ``benefit.value`` (pay after treatment: BLUE 3000).
    colour_values: tuple[tuple[IntegrityColour, Decimal], ...]
    #: Uses per person per city day; None for no limit.
    daily_limit: int | None
    #: Days after opening a deferred account by which it must be settled (deferred payment).
    settle_within_days: int | None
    valid_from: date
    valid_until: date | None
    active: bool = True


@dataclass(frozen=True, slots=True, kw_only=True)
class Scenario(ScenarioDraft):
    """A stored scenario of the catalogue."""

    id: int

    def value_for(self, colour: IntegrityColour) -> Decimal:
        """The benefit value for a colour: its own value if it has one, else the scenario's."""
        return dict(self.colour_values).get(colour, self.benefit.value)


class AccountStatus(StrEnum):
    """Where a deferred (pay-after-treatment) account stands."""

    OPEN = "open"
    SETTLED = "settled"
    OVERDUE = "overdue"


@dataclass(frozen=True, slots=True)
class DeferredAccount:
    """A hospital visit whose charges are paid after treatment (诊间全记账, 诊后一次付)."""

    id: int
    scenario_id: int
    partner_id: int
    person_id: int
    visit_number: str
    colour: IntegrityColour
    credit_limit: Decimal
    total: Decimal
    charge_count: int
    status: AccountStatus
    opened_at: datetime
    due_on: date
    settled_at: datetime | None
    settled_amount: Decimal | None
    settlement_key: str | None
    overdue_on: date | None
    overdue_record_id: int | None

    @property
    def remaining(self) -> Decimal:
        """What may still be charged."""
        return self.credit_limit - self.total


@dataclass(frozen=True, slots=True)
class DeferredCharge:
    """One charge recorded during a visit."""

    id: int
    account_id: int
    amount: Decimal
    item: str
    department: str
    charged_at: datetime
    idempotency_key: str
    fingerprint: str


class GrantSource(StrEnum):
    """How a benefit was granted: a discount on a scanned code, a coupon, a settled deferral."""

    DISCOUNT = "discount"
    COUPON = "coupon"
    DEFERRED_PAYMENT = "deferred_payment"


@dataclass(frozen=True, slots=True)
class GrantDraft:
    """A benefit about to be granted (one row of ``benefit_grants`` once stored)."""

    scenario: Scenario
    partner_id: int
    operator_type: str
    person_id: int
    district: str | None
    source: GrantSource
    order_reference: str
    order_amount: Decimal
    benefit_amount: Decimal
    idempotency_key: str
    fingerprint: str
    granted_at: datetime
    granted_on: date
    coupon_id: int | None = None
    account_id: int | None = None


@dataclass(frozen=True, slots=True)
class BenefitGrant:
    """A benefit granted once: who, which scenario, which order, how much."""

    id: int
    scenario_id: int
    scenario_code: str
    partner_id: int
    person_id: int
    source: GrantSource
    order_reference: str
    order_amount: Decimal
    benefit_amount: Decimal
    idempotency_key: str
    fingerprint: str
    granted_at: datetime
    granted_on: date
    coupon_id: int | None


class CouponStatus(StrEnum):
    """A coupon is issued, then redeemed at most once."""

    ISSUED = "issued"
    REDEEMED = "redeemed"


@dataclass(frozen=True, slots=True)
class CouponBatch:
    """A batch of coupons an operator issued for one scenario, once per idempotency key."""

    id: int
    partner_id: int
    scenario_id: int
    idempotency_key: str
    fingerprint: str
    expires_at: datetime
    issued_at: datetime
    issued_count: int


@dataclass(frozen=True, slots=True)
class Coupon:
    """One coupon for one person; ``face_value`` is the scenario's value for their colour."""

    id: int
    code: str
    batch_id: int
    scenario_id: int
    partner_id: int
    person_id: int
    colour: IntegrityColour
    face_value: Decimal
    issued_at: datetime
    expires_at: datetime
    status: CouponStatus
    redeemed_at: datetime | None
    redemption_key: str | None


class Ineligibility(StrEnum):
    """Why a person is not admitted to a scenario now (several may hold at once)."""

    NOT_AUTHORISED = "NOT_AUTHORISED"
    NO_INTEGRITY_COLOUR = "NO_INTEGRITY_COLOUR"
    COLOUR_BELOW_LOWEST = "COLOUR_BELOW_LOWEST"
    SCENARIO_NOT_STARTED = "SCENARIO_NOT_STARTED"
    SCENARIO_EXPIRED = "SCENARIO_EXPIRED"
    SCENARIO_RETIRED = "SCENARIO_RETIRED"
    WRONG_OPERATOR_TYPE = "WRONG_OPERATOR_TYPE"
    DAILY_LIMIT_REACHED = "DAILY_LIMIT_REACHED"
    UNSETTLED_OVERDUE_BILL = "UNSETTLED_OVERDUE_BILL"
    ONCE_ONLY_USED = "ONCE_ONLY_USED"


@dataclass(frozen=True, slots=True)
class Eligibility:
    """Whether a scanned person is admitted to a scenario, why not, and what they would get.

    ``denial`` is the consent gate's reason when the scan itself was refused (then nothing
    else about the person is known); ``value`` is the benefit value for their colour (the
    deferred-payment limit, the percentage, the amount).
    """

    scenario: Scenario
    eligible: bool
    reasons: tuple[Ineligibility, ...]
    denial: DenialReason | None
    person_id: int | None
    colour: IntegrityColour | None
    value: Decimal | None
    uses_today: int | None

    def codes(self) -> tuple[str, ...]:
        """The refusal codes: the gate's reason for a refused scan, else the reasons."""
        return tuple(
            self.denial.value if r is Ineligibility.NOT_AUTHORISED and self.denial else r.value
            for r in self.reasons
        )


@dataclass(frozen=True, slots=True)
class AccountOutcome:
    """A deferred account after an operation, and whether this was a replay of the first call."""

    account: DeferredAccount
    replayed: bool
    charge: DeferredCharge | None = None
    grant: BenefitGrant | None = None


@dataclass(frozen=True, slots=True)
class GrantOutcome:
    """A benefit granted (or the first grant again, ``replayed``)."""

    grant: BenefitGrant
    replayed: bool


@dataclass(frozen=True, slots=True)
class CouponBatchOutcome:
    """A coupon batch and its coupons; ``skipped`` persons had consent but were not admitted."""

    batch: CouponBatch
    coupons: tuple[Coupon, ...]
    skipped: int
    replayed: bool


@dataclass(frozen=True, slots=True)
class OverdueMark:
    """An account the overdue run marked, with the credit record and repair case it opened."""

    account_id: int
    person_id: int
    record_id: int
    repair_id: int | None


class StatisticsDimension(StrEnum):
    """What incentive statistics can be grouped by."""

    SCENARIO = "scenario"
    CATEGORY = "category"
    OPERATOR_TYPE = "operator_type"
    PARTNER = "partner"
    DISTRICT = "district"
    DAY = "day"
    MONTH = "month"


@dataclass(frozen=True, slots=True)
class StatisticsFilter:
    """Which grants count: every given filter must hold; days are city days, both inclusive."""

    scenario_codes: tuple[str, ...] = ()
    category_codes: tuple[str, ...] = ()
    operator_types: tuple[str, ...] = ()
    districts: tuple[str, ...] = ()
    partner_ids: tuple[int, ...] = ()
    granted_from: date | None = None
    granted_until: date | None = None
    group_by: tuple[StatisticsDimension, ...] = ()


@dataclass(frozen=True, slots=True)
class StatisticsRow:
    """One group (or the total): distinct beneficiaries, uses and the benefit granted.

    ``total_benefit`` is ``money_saved`` plus ``deferred``: a deferred payment (pay after
    treatment) is paid in full later, so it is counted apart, never as money saved.
    """

    keys: tuple[tuple[StatisticsDimension, str], ...]
    beneficiaries: int
    uses: int
    total_benefit: Decimal
    money_saved: Decimal
    deferred: Decimal


@dataclass(frozen=True, slots=True)
class Statistics:
    """The totals over the filter and one row per group."""

    total: StatisticsRow
    groups: tuple[StatisticsRow, ...]
