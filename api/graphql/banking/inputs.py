"""What banks and the tax bureau send: products and their criteria, needs, lines, profiles."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import strawberry

from api.domain.banking.errors import BankingError
from api.domain.banking.model import (
    CarbonBand,
    GreenTier,
    LoanCriteria,
    LoanKind,
    ProductDraft,
    ProductTerms,
)
from api.domain.credit.codes import CreditGrade
from api.domain.numbers import NumericLimit
from api.graphql.banking.types import CarbonBandEnum, GreenTierEnum, LoanKindEnum
from api.graphql.scalars import UnifiedSocialCreditCode, decimal_field
from api.graphql.subjects.types import (
    DistrictEnum,
    GreenActivityClassEnum,
    SizeClassEnum,
    TaxGradeEnum,
)


@strawberry.input(name="LoanCriteriaInput", description="Who a product is for; all must hold.")
class LoanCriteriaInput:
    """Leave a field out for "no restriction"."""

    districts: list[DistrictEnum] | None = strawberry.field(  # type: ignore[valid-type]  # strawberry enum used as a type
        default=None, description="Any of these districts."
    )
    industry_prefixes: list[str] | None = strawberry.field(
        default=None, description="GB/T 4754 prefixes, e.g. C26 or D44 (at most 20)."
    )
    size_classes: list[SizeClassEnum] | None = strawberry.field(  # type: ignore[valid-type]  # strawberry enum used as a type
        default=None, description="Any of these size classes."
    )
    lowest_tax_grade: TaxGradeEnum | None = strawberry.field(  # type: ignore[valid-type]  # strawberry enum used as a type
        default=None, description="Lowest admitted tax grade (order A, B, M, C, D)."
    )
    lowest_credit_grade: str | None = strawberry.field(
        default=None, description="Lowest admitted public credit grade: A, B, C or D."
    )
    green_required: bool = strawberry.field(
        default=False, description="Only enterprises identified as green."
    )
    lowest_green_tier: GreenTierEnum | None = strawberry.field(  # type: ignore[valid-type]  # strawberry enum used as a type
        default=None, description="Lowest admitted green tier (implies greenRequired)."
    )
    worst_carbon_band: CarbonBandEnum | None = strawberry.field(  # type: ignore[valid-type]  # strawberry enum used as a type
        default=None, description="Worst admitted carbon band."
    )
    no_serious_dishonesty: bool = strawberry.field(
        default=True, description="Refuse enterprises whose serious dishonesty record counts."
    )

    def to_domain(self) -> LoanCriteria:
        """The domain criteria (the credit grade checked)."""
        grade: CreditGrade | None = None
        if self.lowest_credit_grade is not None:
            try:
                grade = CreditGrade(self.lowest_credit_grade.strip().upper())
            except ValueError:
                raise BankingError("lowestCreditGrade is one of A, B, C, D") from None
        return LoanCriteria(
            districts=tuple(self.districts or ()),
            industry_prefixes=tuple(self.industry_prefixes or ()),
            size_classes=tuple(self.size_classes or ()),
            lowest_tax_grade=self.lowest_tax_grade,
            lowest_credit_grade=grade,
            green_required=self.green_required,
            lowest_green_tier=GreenTier(self.lowest_green_tier) if self.lowest_green_tier else None,
            worst_carbon_band=CarbonBand(self.worst_carbon_band)
            if self.worst_carbon_band
            else None,
            no_serious_dishonesty=self.no_serious_dishonesty,
        )


#: The bank tables' money columns: Numeric(16, 2) yuan.
YUAN = NumericLimit(16, 2)


#: Yearly rates in percent: Numeric(6, 3).
RATE = NumericLimit(6, 3)


@strawberry.input(name="LoanProductInput", description="A loan product as a bank defines it.")
class LoanProductInput:
    """Amounts in yuan, rates in percent a year."""

    name: str = strawberry.field(description="Name (1-120 characters).")
    kind: LoanKindEnum = strawberry.field(description="Kind of loan.")  # type: ignore[valid-type]  # strawberry enum used as a type
    criteria: LoanCriteriaInput = strawberry.field(description="Who it is for.")
    amount_min: Decimal = decimal_field("Smallest amount, above 0.", YUAN)
    amount_max: Decimal = decimal_field("Largest amount.", YUAN)
    rate_min: Decimal = decimal_field("Lowest yearly rate, percent.", RATE)
    rate_max: Decimal = decimal_field("Highest yearly rate, percent (at most 15).", RATE)
    valid_from: date = strawberry.field(description="First day it is offered.")
    valid_until: date | None = strawberry.field(default=None, description="Last day, if any.")
    tax_multiple: Decimal | None = decimal_field(
        "Tax-credit loans only (required there): indicative amount = this x tax paid.",
        NumericLimit(6, 2),
        default=None,
    )

    def to_domain(self) -> ProductDraft:
        """The domain draft (checked by the service)."""
        return ProductDraft(
            name=self.name,
            kind=LoanKind(self.kind),
            criteria=self.criteria.to_domain(),
            terms=ProductTerms(
                amount_min=self.amount_min,
                amount_max=self.amount_max,
                rate_min=self.rate_min,
                rate_max=self.rate_max,
                valid_from=self.valid_from,
                valid_until=self.valid_until,
                tax_multiple=self.tax_multiple,
            ),
        )


@strawberry.input(description="A financing need, posted by the signed-in enterprise.")
class FinancingNeedInput:
    """Through the city app's enterprise login."""

    uscc: UnifiedSocialCreditCode = strawberry.field(description="The signed-in enterprise.")
    amount: Decimal = decimal_field("Amount sought, yuan.", YUAN)
    purpose: str = strawberry.field(description="What the money is for (1-500 characters).")
    term_months: int = strawberry.field(description="Term, 1 to 360 months.")


@strawberry.input(description="A credit line the bank granted.")
class CreditLineInput:
    """Reported once per reference: a retry returns the first report."""

    reference: str = strawberry.field(description="Your reference (1-128 characters).")
    uscc: UnifiedSocialCreditCode = strawberry.field(description="The borrower.")
    product_id: strawberry.ID = strawberry.field(description="Your product it was granted under.")
    amount: Decimal = decimal_field("Amount granted, yuan.", YUAN)
    granted_on: date = strawberry.field(description="Day it was granted.")


@strawberry.input(description="An enterprise's green profile, from the tax bureau.")
class GreenProfileInput:
    """The figures the classification reads."""

    uscc: UnifiedSocialCreditCode = strawberry.field(description="The enterprise.")
    activity_class: GreenActivityClassEnum = strawberry.field(  # type: ignore[valid-type]  # strawberry enum used as a type
        description="Class of its main activity in the green catalogue."
    )
    emissions_tonnes: Decimal = decimal_field("Yearly emissions, t CO2e.", NumericLimit(14, 2))
    carbon_intensity: Decimal = decimal_field(
        "t CO2e per 10,000 yuan revenue.", NumericLimit(10, 4)
    )
    carbon_reduction_tonnes: Decimal = decimal_field("Certified reduction, t.", NumericLimit(14, 2))
    esg_score: Decimal = decimal_field("ESG score, 0 to 100.", NumericLimit(5, 2))
    as_of: date = strawberry.field(description="Date the figures refer to.")
