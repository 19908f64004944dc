"""The banking payloads: each result, or why not."""

from __future__ import annotations

import strawberry

from api.domain.banking.errors import BankingCode
from api.graphql.banking.types import (
    CreditLineView,
    FinancingNeedView,
    GreenClassificationView,
    LendingStatisticView,
    LoanCandidateConnection,
    LoanProductType,
    TaxCreditOfferView,
)
from api.graphql.base_mutation import MutationError
from api.graphql.consent.types import AccessDenial
from api.graphql.errors_payload import QueryError, UserErrorInterface


@strawberry.interface(description="A loan product after a change, or why not.")
class LoanProductPayload:
    """The product as it now stands."""

    product: LoanProductType | None = strawberry.field(description="The product.")
    errors: list[MutationError] = strawberry.field(
        graphql_type=list[UserErrorInterface], description="Why nothing changed."
    )


@strawberry.type(description="A page of a product's ranked candidates, or why not.")
class LoanCandidatesPayload:
    """Candidates meet every criterion; the best score first."""

    product: LoanProductType | None = strawberry.field(description="The product.")
    candidates: LoanCandidateConnection | None = strawberry.field(description="The page.")
    errors: list[QueryError] = strawberry.field(description="Why there is no page.")


@strawberry.type(description="A green profile after the tax bureau's report, or why not.")
class GreenProfilePayload:
    """The new classification."""

    classification: GreenClassificationView | None = strawberry.field(
        description="The enterprise's classification now."
    )
    errors: list[MutationError] = strawberry.field(description="Why nothing changed.")


@strawberry.type(description="A posted financing need, or why not.")
class FinancingNeedPayload:
    """Banks with a matching published product are told."""

    need: FinancingNeedView | None = strawberry.field(description="The need.")
    banks_told: int = strawberry.field(description="How many banks were told about it.")
    errors: list[MutationError] = strawberry.field(description="Why nothing was posted.")


@strawberry.type(description="A claim on a financing need, or why it was refused.")
class ClaimFinancingNeedPayload:
    """The first three banks to claim get access; a repeated claim returns the first one."""

    need: FinancingNeedView | None = strawberry.field(description="The need, as you now see it.")
    errors: list[MutationError] = strawberry.field(description="Why the claim was refused.")


@strawberry.type(description="A reported credit line, or why not.")
class CreditLinePayload:
    """Idempotent by reference."""

    credit_line: CreditLineView | None = strawberry.field(description="The line.")
    replayed: bool = strawberry.field(description="True when this reference was reported before.")
    errors: list[MutationError] = strawberry.field(description="Why nothing was stored.")


@strawberry.type(description="Tax-credit loan eligibility for an enterprise that authorised you.")
class TaxCreditEligibilityPayload:
    """Offers with reasons, or why the enterprise's data could not be read."""

    offers: list[TaxCreditOfferView] = strawberry.field(
        description="Your open tax-credit products, each eligible or not, with reasons."
    )
    denial: AccessDenial | None = strawberry.field(
        description="Why the enterprise's non-public data could not be read (no offers then)."
    )
    errors: list[QueryError] = strawberry.field(description="Why there is no answer.")


@strawberry.type(description="Lending statistics for the credit office, or why not.")
class LendingStatisticsPayload:
    """By bank, district and month."""

    rows: list[LendingStatisticView] = strawberry.field(description="One row per group.")
    errors: list[QueryError] = strawberry.field(description="Why there are no rows.")


@strawberry.type(description="A report of tax paid, or why not.")
class TaxPaidPayload:
    """Stored per enterprise and year."""

    stored: bool = strawberry.field(description="Whether it was stored.")
    errors: list[MutationError] = strawberry.field(description="Why not.")


#: A refused input, or an enterprise (need, product) that does not exist.
INPUT_REFUSALS = (BankingCode.INVALID_ARGUMENT, BankingCode.NOT_FOUND)
