"""Loan products, candidates, green classifications, financing needs, credit lines."""

from __future__ import annotations

import base64
from datetime import date, datetime
from decimal import Decimal
from enum import IntEnum
from functools import lru_cache
from typing import Any

import strawberry
from cryptography.exceptions import InvalidTag

from api.crypto import Sealer
from api.domain.banking.errors import BankingCode, BankingError, code_of
from api.domain.banking.model import (
    CarbonBand,
    Criterion,
    GreenTier,
    LoanKind,
    LoanProduct,
    NeedStatus,
    ProductStatus,
    ScoreComponent,
)
from api.domain.errors import DomainError
from api.graphql.context import Info
from api.graphql.errors_payload import QueryError
from api.graphql.ids import MAX_ROW_ID
from api.graphql.lean.fields import reads_context_only
from api.graphql.relay import Connection
from api.graphql.subjects.types import DistrictEnum, EnterpriseType, SizeClassEnum, TaxGradeEnum

LoanKindEnum = strawberry.enum(
    LoanKind,
    name="LoanKind",
    description="GREEN_LOAN, TAX_CREDIT_LOAN (绿税贷: a multiple of tax paid) or CREDIT_LOAN.",
)


LoanProductStatusEnum = strawberry.enum(
    ProductStatus,
    name="LoanProductStatus",
    description="DRAFT (only its bank sees it), PUBLISHED (matches and is told about needs), "
    "RETIRED.",
)


GreenTierEnum = strawberry.enum(
    GreenTier,
    name="GreenTier",
    description="Green tier, best first: DEEP_GREEN, GREEN, LIGHT_GREEN, NOT_GREEN.",
)


CarbonBandEnum = strawberry.enum(
    CarbonBand,
    name="CarbonBand",
    description="Quzhou's four-colour carbon account, best first: DARK_GREEN, LIGHT_GREEN, "
    "YELLOW, RED.",
)


CriterionEnum = strawberry.enum(
    Criterion, name="MatchCriterion", description="A criterion a loan product can set."
)


ScoreComponentEnum = strawberry.enum(
    ScoreComponent, name="MatchScoreComponent", description="A part of a match score."
)


NeedStatusEnum = strawberry.enum(
    NeedStatus,
    name="FinancingNeedStatus",
    description="OPEN, FULLY_CLAIMED (three banks claimed it) or WITHDRAWN.",
)


class BankObject(IntEnum):
    """The kinds of object the bank scenarios name by opaque ID."""

    LOAN_PRODUCT = 1
    FINANCING_NEED = 2
    CREDIT_LINE = 3


@lru_cache(maxsize=4)
def _sealer(key: bytes) -> Sealer:
    return Sealer(key, b"bank-object-id")


def seal_id(key: bytes, kind: BankObject, object_id: int) -> str:
    """The opaque ID of a product, need or line under ``key`` (the global-ID key)."""
    raw = bytes([kind]) + object_id.to_bytes(8, "big")
    return base64.urlsafe_b64encode(_sealer(key).seal(raw)).rstrip(b"=").decode()


def encode_id(info: Info, kind: BankObject, object_id: int) -> str:
    """The opaque ID of a product, need or line (AES-SIV sealed like every global ID)."""
    return seal_id(info.context.keys.global_id, kind, object_id)


def decode_id(info: Info, kind: BankObject, text: str) -> int:
    """The id sealed in an opaque ID of this kind; a NOT_FOUND refusal otherwise."""
    try:
        if len(text) > 128:
            raise ValueError("too long")
        raw = _sealer(info.context.keys.global_id).open(
            base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
        )
    except (InvalidTag, ValueError) as error:
        raise BankingError(f"{text!r} is not a valid ID", BankingCode.NOT_FOUND) from error
    if len(raw) != 9 or raw[0] != kind:
        raise BankingError(f"{text!r} is not a {kind.name.lower()} ID", BankingCode.NOT_FOUND)
    object_id = int.from_bytes(raw[1:], "big")
    if object_id > MAX_ROW_ID:
        raise BankingError(f"{text!r} is not a {kind.name.lower()} ID", BankingCode.NOT_FOUND)
    return object_id


def bank_error(error: DomainError, field: str | None = None) -> QueryError:
    """The payload error of a refusal (banking codes included)."""
    return QueryError(field=field, message=error.message, code=code_of(error))


@strawberry.type(name="LoanCriteria", description="Who a loan product is for; all must hold.")
class LoanCriteriaType:
    """Empty lists and nulls mean "no restriction"."""

    districts: list[DistrictEnum] = strawberry.field(description="Any of these districts.")  # type: ignore[valid-type]  # strawberry enum used as a type
    industry_prefixes: list[str] = strawberry.field(
        description="GB/T 4754 code prefixes (a section letter and up to 4 digits)."
    )
    size_classes: list[SizeClassEnum] = strawberry.field(  # type: ignore[valid-type]  # strawberry enum used as a type
        description="Any of these size classes."
    )
    lowest_tax_grade: TaxGradeEnum | None = strawberry.field(  # type: ignore[valid-type]  # strawberry enum used as a type
        description="Lowest admitted tax grade, in the order A, B, M, C, D."
    )
    lowest_credit_grade: str | None = strawberry.field(
        description="Lowest admitted public credit grade (A best, D worst)."
    )
    green_required: bool = strawberry.field(description="Only enterprises identified as green.")
    lowest_green_tier: GreenTierEnum | None = strawberry.field(  # type: ignore[valid-type]  # strawberry enum used as a type
        description="Lowest admitted green tier."
    )
    worst_carbon_band: CarbonBandEnum | None = strawberry.field(  # type: ignore[valid-type]  # strawberry enum used as a type
        description="Worst admitted carbon band."
    )
    no_serious_dishonesty: bool = strawberry.field(
        description="Refuse enterprises whose serious dishonesty record counts."
    )


@strawberry.type(name="LoanProduct", description="A bank's loan product.")
class LoanProductType:
    """Only the owning bank sees its drafts and changes its products."""

    @strawberry.field(description="Opaque ID.")
    @reads_context_only
    def id(root: strawberry.Parent[LoanProduct], info: Info) -> strawberry.ID:
        return strawberry.ID(encode_id(info, BankObject.LOAN_PRODUCT, root.id))

    name: str = strawberry.field(description="Name shown to enterprises.")
    kind: LoanKindEnum = strawberry.field(description="Kind of loan.")  # type: ignore[valid-type]  # strawberry enum used as a type
    status: LoanProductStatusEnum = strawberry.field(description="Where it stands.")  # type: ignore[valid-type]  # strawberry enum used as a type
    version: int = strawberry.field(description="Goes up with every change.")
    created_at: datetime = strawberry.field(description="When it was registered.")
    updated_at: datetime = strawberry.field(description="When it last changed.")

    @strawberry.field(description="Who it is for.")
    @reads_context_only
    def criteria(root: strawberry.Parent[LoanProduct]) -> LoanCriteriaType:
        c = root.criteria
        return LoanCriteriaType(
            districts=list(c.districts),
            industry_prefixes=list(c.industry_prefixes),
            size_classes=list(c.size_classes),
            lowest_tax_grade=c.lowest_tax_grade,
            lowest_credit_grade=c.lowest_credit_grade.value if c.lowest_credit_grade else None,
            green_required=c.green_required,
            lowest_green_tier=c.lowest_green_tier,
            worst_carbon_band=c.worst_carbon_band,
            no_serious_dishonesty=c.no_serious_dishonesty,
        )

    @strawberry.field(description="Smallest amount lent, yuan.")
    @reads_context_only
    def amount_min(root: strawberry.Parent[LoanProduct]) -> Decimal:
        return root.terms.amount_min

    @strawberry.field(description="Largest amount lent, yuan.")
    @reads_context_only
    def amount_max(root: strawberry.Parent[LoanProduct]) -> Decimal:
        return root.terms.amount_max

    @strawberry.field(description="Lowest yearly rate, percent.")
    @reads_context_only
    def rate_min(root: strawberry.Parent[LoanProduct]) -> Decimal:
        return root.terms.rate_min

    @strawberry.field(description="Highest yearly rate, percent.")
    @reads_context_only
    def rate_max(root: strawberry.Parent[LoanProduct]) -> Decimal:
        return root.terms.rate_max

    @strawberry.field(
        description="Tax-credit loans: the indicative amount is this multiple of tax paid."
    )
    @reads_context_only
    def tax_multiple(root: strawberry.Parent[LoanProduct]) -> Decimal | None:
        return root.terms.tax_multiple

    @strawberry.field(description="First day it is offered.")
    @reads_context_only
    def valid_from(root: strawberry.Parent[LoanProduct]) -> date:
        return root.terms.valid_from

    @strawberry.field(description="Last day it is offered; null: open-ended.")
    @reads_context_only
    def valid_until(root: strawberry.Parent[LoanProduct]) -> date | None:
        return root.terms.valid_until


LoanProductConnection = Connection[LoanProductType]


@strawberry.type(name="MatchCheck", description="One criterion of a product, checked.")
class MatchCheckView:
    """Met or not, by how many steps above the minimum, and why."""

    criterion: CriterionEnum = strawberry.field(description="Which criterion.")  # type: ignore[valid-type]  # strawberry enum used as a type
    met: bool = strawberry.field(description="Whether the enterprise meets it.")
    detail: str = strawberry.field(description="What was compared, for people.")
    margin: int | None = strawberry.field(
        description="Steps above the lowest admitted value (0: exactly the minimum); null for "
        "criteria that are not ranked."
    )


@strawberry.type(name="MatchScorePart", description="Points one component of the score earned.")
class ScorePartView:
    """Of the most it can earn for this kind of product."""

    component: ScoreComponentEnum = strawberry.field(description="Which component.")  # type: ignore[valid-type]  # strawberry enum used as a type
    points: Decimal = strawberry.field(description="Points earned.")
    max_points: Decimal = strawberry.field(description="Most points it can earn.")


@strawberry.type(name="MatchLift", description="What would raise the match score.")
class LiftView:
    """The next step of one component and its gain."""

    component: ScoreComponentEnum = strawberry.field(description="Which component.")  # type: ignore[valid-type]  # strawberry enum used as a type
    detail: str = strawberry.field(description="The next step, for people.")
    points: Decimal = strawberry.field(description="Points the score would gain.")


@strawberry.type(name="LoanCandidate", description="An enterprise that meets a product's criteria.")
class LoanCandidateView:
    """Ranked by score; reasons say which criteria it meets, by how much, and what would lift it."""

    enterprise: EnterpriseType = strawberry.field(description="The enterprise (public fields).")
    score: Decimal = strawberry.field(description="Match score, 0 to 100 (one decimal).")
    checks: list[MatchCheckView] = strawberry.field(description="Every criterion, checked.")
    score_parts: list[ScorePartView] = strawberry.field(description="How the score is made.")
    lifts: list[LiftView] = strawberry.field(description="What would raise it, best first.")


LoanCandidateConnection = Connection[LoanCandidateView]


@strawberry.type(name="GreenReason", description="One explained step of a classification.")
class GreenReasonView:
    """A stable code and a sentence."""

    code: str = strawberry.field(description="Stable code, e.g. CARBON_BAND_YELLOW.")
    detail: str = strawberry.field(description="For people.")


@strawberry.type(
    name="GreenClassification",
    description="Green identification of an enterprise, versioned and explained.",
)
class GreenClassificationView:
    """Recomputed whenever the green profile changes."""

    version: str = strawberry.field(description="Version of the classification rules.")
    green: bool = strawberry.field(description="Whether the enterprise is identified as green.")
    tier: GreenTierEnum = strawberry.field(description="Green tier.")  # type: ignore[valid-type]  # strawberry enum used as a type
    carbon_band: CarbonBandEnum = strawberry.field(description="Carbon account colour.")  # type: ignore[valid-type]  # strawberry enum used as a type
    reasons: list[GreenReasonView] = strawberry.field(description="Why, step by step.")
    profile_as_of: date = strawberry.field(description="Date of the profile classified.")
    classified_at: datetime = strawberry.field(description="When it was classified.")


@strawberry.type(name="FinancingNeed", description="A financing need an enterprise posted.")
class FinancingNeedView:
    """A bank sees who posted it and why only once it is among the first three to claim it."""

    id: strawberry.ID = strawberry.field(description="Opaque ID.")
    amount: Decimal = strawberry.field(description="Amount sought, yuan.")
    term_months: int = strawberry.field(description="Term, months.")
    status: NeedStatusEnum = strawberry.field(description="Where it stands.")  # type: ignore[valid-type]  # strawberry enum used as a type
    claims_left: int = strawberry.field(description="How many of the three places are free.")
    posted_at: datetime = strawberry.field(description="When it was posted.")
    your_position: int | None = strawberry.field(
        description="Your place among the claimers (1-3); null if you have not claimed it."
    )
    purpose: str | None = strawberry.field(
        description="What the money is for; only to the enterprise and the banks that claimed it."
    )
    enterprise: EnterpriseType | None = strawberry.field(
        description="Who posted it; only to the banks that claimed it."
    )


FinancingNeedConnection = Connection[FinancingNeedView]


@strawberry.type(name="CreditLine", description="A credit line a bank reported.")
class CreditLineView:
    """As stored."""

    id: strawberry.ID = strawberry.field(description="Opaque ID.")
    reference: str = strawberry.field(description="The bank's reference (idempotency).")
    amount: Decimal = strawberry.field(description="Amount granted, yuan.")
    granted_on: date = strawberry.field(description="Day it was granted.")
    product: LoanProductType = strawberry.field(description="Under which product.")


@strawberry.type(
    name="TaxCreditOffer", description="One of the bank's tax-credit products for an enterprise."
)
class TaxCreditOfferView:
    """Eligible with an indicative amount, or not eligible with the reasons."""

    product: LoanProductType = strawberry.field(description="The product.")
    eligible: bool = strawberry.field(description="Whether the enterprise qualifies.")
    indicative_amount: Decimal | None = strawberry.field(
        description="The product's multiple of tax paid (raised for a carbon reduction), capped "
        "by its range; null when not eligible."
    )
    reasons: list[GreenReasonView] = strawberry.field(description="Why, step by step.")


@strawberry.type(
    name="LendingStatistic", description="Lending by one bank in one district and month."
)
class LendingStatisticView:
    """The credit office's statistics."""

    bank_partner_id: int = strawberry.field(description="The bank's partner id.")
    district: DistrictEnum = strawberry.field(description="The enterprises' district.")  # type: ignore[valid-type]  # strawberry enum used as a type
    period: str = strawberry.field(description="Month, YYYY-MM.")
    enterprises_served: int = strawberry.field(description="Distinct enterprises lent to.")
    lines: int = strawberry.field(description="Credit lines granted.")
    total_amount: Decimal = strawberry.field(description="Amount granted, yuan.")
    green_amount: Decimal = strawberry.field(description="Of which under green-loan products.")
    green_share: Decimal = strawberry.field(description="Green share of the amount, 0 to 1.")


def plain(value: Any) -> Any:
    """Cast a view for a strawberry return annotation (views are the types themselves)."""
    return value
