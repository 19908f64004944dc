"""The types of the tax-credit inputs."""

from __future__ import annotations

from decimal import Decimal

import strawberry

from api.domain.numbers import NumericLimit
from api.graphql.scalars import UnifiedSocialCreditCode, decimal_field
from api.graphql.subjects.types import TaxGradeEnum

#: A tax credit score: Numeric(5, 2), 0 to 100.
SCORE = NumericLimit(5, 2)


@strawberry.input(description="A year's tax credit rating of an enterprise, from the tax bureau.")
class TaxCreditRatingInput:
    """The score decides the grade; a stated grade must agree, except D."""

    uscc: UnifiedSocialCreditCode = strawberry.field(
        description="The enterprise's unified social credit code."
    )
    year: int = strawberry.field(description="The tax year rated: from 2014 to last year.")
    score: Decimal = decimal_field("The year's score, 0 to 100, two decimals at most.", SCORE)
    grade: TaxGradeEnum | None = strawberry.field(  # type: ignore[valid-type]  # strawberry enum used as a type
        default=None,
        description="The grade the bureau gave; leave it out to let the score decide. It must "
        "agree with the score, except D (given for serious violations whatever the score).",
    )
    new_or_no_revenue: bool = strawberry.field(
        default=False,
        description="Newly registered, or no revenue in the year: a score of 70 or more is M.",
    )
    idempotency_key: str = strawberry.field(
        description="A key you choose (8-128 characters): a retry returns the first result."
    )


@strawberry.type(name="ReportedTaxCreditRating", description="A tax credit rating as stored.")
class ReportedTaxCreditRatingType:
    """The year, grade and score kept for the enterprise."""

    year: int = strawberry.field(description="The tax year rated.")
    grade: TaxGradeEnum = strawberry.field(description="The grade kept for that year.")  # type: ignore[valid-type]  # strawberry enum used as a type
    score: Decimal = strawberry.field(description="The year's score, 0 to 100.")
    current_grade: TaxGradeEnum | None = strawberry.field(  # type: ignore[valid-type]  # strawberry enum used as a type
        description="The enterprise's grade now, its latest rated year's (what banks match on)."
    )


#: Yuan of a month's lending: Numeric(18, 2).
LENDING = NumericLimit(18, 2)


@strawberry.input(description="A bank's lending granted in one finished month, from its books.")
class LendingVolumeInput:
    """All lending and its green part; a later report of the month replaces it."""

    period: str = strawberry.field(description="The month, YYYY-MM (a finished one, from 2014-01).")
    total_lending: Decimal = decimal_field(
        "All loans granted in the month, yuan (platform or not).", LENDING
    )
    green_lending: Decimal = decimal_field(
        "Of which green loans, yuan (not more than totalLending).", LENDING
    )


@strawberry.type(name="LendingVolume", description="A bank's lending of one month.")
class LendingVolumeType:
    """The bank's figures and its green share."""

    bank_partner_id: int = strawberry.field(description="The bank's partner id.")
    period: str = strawberry.field(description="The month, YYYY-MM.")
    total_lending: Decimal = strawberry.field(description="All loans granted, yuan.")
    green_lending: Decimal = strawberry.field(description="Of which green loans, yuan.")
    green_share: Decimal = strawberry.field(description="Green over all lending, 0 to 1.")


@strawberry.type(name="LendingVolumes", description="Banks' lending over a span of months.")
class LendingVolumesType:
    """Each bank's months and the city's share over the span."""

    volumes: list[LendingVolumeType] = strawberry.field(
        description="Each bank's reported months, by month then bank."
    )
    total_lending: Decimal = strawberry.field(description="All banks' lending, yuan.")
    green_lending: Decimal = strawberry.field(description="Of which green loans, yuan.")
    green_share: Decimal = strawberry.field(
        description="Green over all lending of every reporting bank in the span, 0 to 1."
    )
