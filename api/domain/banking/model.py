"""The vocabulary of lending: products and their criteria, green classes, matching, tax credit.

Needs, claims, lines and events are in ``lending`` (re-exported here).

Every enum that ranks is listed best first; ``rank`` gives 0 for the best member.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from functools import cache
from typing import TypeVar

from api.domain.banking.lending import (
    BorrowerEvent,
    CreditLine,
    CreditLineReport,
    DeliveryStatus,
    EventType,
    FinancingNeed,
    LendingStatistic,
    NeedClaim,
    NeedStatus,
    WebhookDelivery,
)
from api.domain.credit.codes import CreditGrade
from api.domain.subjects.model import (
    District,
    Enterprise,
    GreenActivityClass,
    SizeClass,
    TaxGrade,
)

E = TypeVar("E", bound=StrEnum)

#: The rank stored for a missing value (never rated, never evaluated, no profile): below all.
UNRANKED = 9


@cache
def members(enum: type[E]) -> tuple[E, ...]:
    """The members of a ranked enum, best first (enums do not change: listed once)."""
    return tuple(enum)


def rank(member: E | None) -> int:
    """0 for the best member of a ranked enum, then 1, 2, ...; ``UNRANKED`` for None."""
    if member is None:
        return UNRANKED
    return members(type(member)).index(member)


def member_at(enum: type[E], position: int) -> E | None:
    """The member at a rank (None for ``UNRANKED`` or out of range)."""
    listed = members(enum)
    return listed[position] if 0 <= position < len(listed) else None


class LoanKind(StrEnum):
    """What kind of loan a product is (Huzhou's green loans, "绿税贷" tax-credit loans, 信易贷)."""

    GREEN_LOAN = "green_loan"
    TAX_CREDIT_LOAN = "tax_credit_loan"
    CREDIT_LOAN = "credit_loan"


class ProductStatus(StrEnum):
    """A product's lifecycle: drafts are seen by their bank only; retired ones match no one."""

    DRAFT = "draft"
    PUBLISHED = "published"
    RETIRED = "retired"


class GreenTier(StrEnum):
    """Green tier of an enterprise, best first (Huzhou's green-enterprise scorecard)."""

    DEEP_GREEN = "deep_green"
    GREEN = "green"
    LIGHT_GREEN = "light_green"
    NOT_GREEN = "not_green"


class CarbonBand(StrEnum):
    """Quzhou's four-colour carbon account, best first: dark green, light green, yellow, red."""

    DARK_GREEN = "dark_green"
    LIGHT_GREEN = "light_green"
    YELLOW = "yellow"
    RED = "red"


#: Tax grades ranked for lending: A, then B, then M (new firms scoring >= 70), then C and D.
TAX_ORDER: tuple[TaxGrade, ...] = (TaxGrade.A, TaxGrade.B, TaxGrade.M, TaxGrade.C, TaxGrade.D)


def tax_rank(grade: TaxGrade | None) -> int:
    """0 for A, 1 for B, 2 for M, 3 for C, 4 for D, ``UNRANKED`` when never rated."""
    return UNRANKED if grade is None else TAX_ORDER.index(grade)


@dataclass(frozen=True, slots=True)
class GreenFigures:
    """An enterprise's green profile figures as the tax bureau reports them."""

    activity_class: GreenActivityClass
    emissions_tonnes: Decimal
    carbon_intensity: Decimal
    carbon_reduction_tonnes: Decimal
    esg_score: Decimal
    as_of: date


@dataclass(frozen=True, slots=True)
class Reason:
    """One explained step of a decision: a stable code and a sentence."""

    code: str
    detail: str


@dataclass(frozen=True, slots=True)
class GreenClassification:
    """Whether an enterprise is green, its tier and its carbon band, under a versioned rule."""

    enterprise_id: int
    version: str
    is_green: bool
    tier: GreenTier
    carbon_band: CarbonBand
    reasons: tuple[Reason, ...]
    profile_as_of: date
    classified_at: datetime


@dataclass(frozen=True, slots=True)
class LoanCriteria:
    """Who a product is for; empty tuples and None mean "no restriction"."""

    districts: tuple[District, ...] = ()
    industry_prefixes: tuple[str, ...] = ()
    size_classes: tuple[SizeClass, ...] = ()
    lowest_tax_grade: TaxGrade | None = None
    lowest_credit_grade: CreditGrade | None = None
    green_required: bool = False
    lowest_green_tier: GreenTier | None = None
    worst_carbon_band: CarbonBand | None = None
    no_serious_dishonesty: bool = True


@dataclass(frozen=True, slots=True)
class ProductTerms:
    """What a bank offers: amounts (yuan), yearly rates (percent), validity, tax multiple."""

    amount_min: Decimal
    amount_max: Decimal
    rate_min: Decimal
    rate_max: Decimal
    valid_from: date
    valid_until: date | None = None
    #: Tax-credit loans: the indicative amount is this multiple of the tax paid last year.
    tax_multiple: Decimal | None = None


@dataclass(frozen=True, slots=True)
class ProductDraft:
    """What a bank sends to create or change a product."""

    name: str
    kind: LoanKind
    criteria: LoanCriteria
    terms: ProductTerms


@dataclass(frozen=True, slots=True)
class LoanProduct:
    """A bank's loan product as stored."""

    id: int
    bank_id: int
    name: str
    kind: LoanKind
    status: ProductStatus
    criteria: LoanCriteria
    terms: ProductTerms
    version: int
    created_at: datetime
    updated_at: datetime

    def open_on(self, day: date) -> bool:
        """Whether the product is published and valid on ``day``."""
        return (
            self.status is ProductStatus.PUBLISHED
            and self.terms.valid_from <= day
            and (self.terms.valid_until is None or day <= self.terms.valid_until)
        )


@dataclass(frozen=True, slots=True)
class MatchFacts:
    """What matching reads of one enterprise: public fields, its grade and its green class."""

    enterprise_id: int
    district: District
    industry_code: str
    size_class: SizeClass
    tax_grade: TaxGrade | None
    credit_grade: CreditGrade | None
    credit_score: int | None
    red_flag: bool
    green_tier: GreenTier
    carbon_band: CarbonBand | None
    esg_score: Decimal | None
    carbon_reduction_tonnes: Decimal | None


@dataclass(frozen=True, slots=True)
class Candidate:
    """An enterprise on a product's candidate list, with the facts it was ranked on."""

    enterprise: Enterprise
    facts: MatchFacts
    strength: int


class Criterion(StrEnum):
    """The criteria a product can set, each checked and explained on its own."""

    DISTRICT = "district"
    INDUSTRY = "industry"
    SIZE_CLASS = "size_class"
    TAX_GRADE = "tax_grade"
    CREDIT_GRADE = "credit_grade"
    GREEN = "green"
    GREEN_TIER = "green_tier"
    CARBON_BAND = "carbon_band"
    NO_SERIOUS_DISHONESTY = "no_serious_dishonesty"


@dataclass(frozen=True, slots=True)
class CriterionCheck:
    """One criterion: met or not, by how many steps above its minimum, and why."""

    criterion: Criterion
    met: bool
    detail: str
    #: Steps above the lowest admitted value (0: exactly the minimum); None when not ranked.
    margin: int | None = None


class ScoreComponent(StrEnum):
    """The parts of a match score."""

    CREDIT = "credit"
    TAX = "tax"
    GREEN_TIER = "green_tier"
    CARBON_BAND = "carbon_band"
    ESG = "esg"


@dataclass(frozen=True, slots=True)
class ComponentScore:
    """Points one component earned, of the most it can earn for this kind of product."""

    component: ScoreComponent
    points: Decimal
    max_points: Decimal


@dataclass(frozen=True, slots=True)
class Lift:
    """What would raise the score, and by how many points."""

    component: ScoreComponent
    detail: str
    points: Decimal


@dataclass(frozen=True, slots=True)
class MatchExplanation:
    """A candidate's score (0-100), the criteria it meets and what would lift it."""

    score: Decimal
    checks: tuple[CriterionCheck, ...]
    components: tuple[ComponentScore, ...]
    lifts: tuple[Lift, ...]

    @property
    def eligible(self) -> bool:
        """Whether every criterion is met."""
        return all(check.met for check in self.checks)


@dataclass(frozen=True, slots=True)
class TaxFacts:
    """What tax-credit eligibility reads: tax grade, tax paid (non-public), red flag, reduction."""

    enterprise_id: int
    tax_grade: TaxGrade | None
    tax_paid: Decimal | None
    red_flag: bool
    carbon_reduction_tonnes: Decimal | None


@dataclass(frozen=True, slots=True)
class TaxCreditOffer:
    """One tax-credit product for one enterprise: eligible or not, with the reasons."""

    product: LoanProduct
    eligible: bool
    indicative_amount: Decimal | None
    reasons: tuple[Reason, ...]


__all__ = [
    "TAX_ORDER",
    "UNRANKED",
    "BorrowerEvent",
    "Candidate",
    "CarbonBand",
    "ComponentScore",
    "CreditLine",
    "CreditLineReport",
    "Criterion",
    "CriterionCheck",
    "DeliveryStatus",
    "EventType",
    "FinancingNeed",
    "GreenClassification",
    "GreenFigures",
    "GreenTier",
    "LendingStatistic",
    "Lift",
    "LoanCriteria",
    "LoanKind",
    "LoanProduct",
    "MatchExplanation",
    "MatchFacts",
    "NeedClaim",
    "NeedStatus",
    "ProductDraft",
    "ProductStatus",
    "ProductTerms",
    "Reason",
    "ScoreComponent",
    "TaxCreditOffer",
    "TaxFacts",
    "WebhookDelivery",
    "member_at",
    "members",
    "rank",
    "tax_rank",
]
