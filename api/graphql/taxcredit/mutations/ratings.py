"""reportTaxCreditRating: the tax bureau's yearly grade and score of an enterprise."""

from __future__ import annotations

from typing import Annotated

import strawberry

from api.domain.errors import ErrorCode
from api.domain.subjects.model import TaxGrade
from api.domain.taxcredit import services
from api.domain.taxcredit.model import RatingReport
from api.graphql.base_mutation import MutationError, errors_field, typed_mutation
from api.graphql.context import Info
from api.graphql.permissions import caller
from api.graphql.taxcredit.types import (
    ReportedTaxCreditRatingType,
    TaxCreditRatingInput,
)

REPORT_RATING = typed_mutation(
    "ReportTaxCreditRating",
    (
        ErrorCode.INVALID_ARGUMENT,
        ErrorCode.DATE_IN_FUTURE,
        ErrorCode.NOT_FOUND,
        ErrorCode.IDEMPOTENCY_KEY_REUSED,
        ErrorCode.CONFLICT,
    ),
    lambda errors: ReportTaxCreditRatingPayload(rating=None, replayed=False, errors=errors),
)


@strawberry.type(description="The rating as stored, or why not.")
class ReportTaxCreditRatingPayload:
    """The stored rating and the enterprise's grade after it."""

    rating: ReportedTaxCreditRatingType | None = strawberry.field(description="The rating.")
    replayed: bool = strawberry.field(description="True when this key was used before.")
    errors: list[MutationError] = errors_field(REPORT_RATING, "Why nothing was stored.")


async def report_tax_credit_rating(
    info: Info,
    input: Annotated[TaxCreditRatingInput, strawberry.argument(description="The rating.")],
) -> ReportTaxCreditRatingPayload:
    """The tax bureau reports a year's rating of an enterprise."""
    context = info.context
    partner = caller(info)

    async def perform() -> ReportTaxCreditRatingPayload:
        reported = await services.report_tax_rating(
            context.repos.tax_credit,
            partner_id=partner.partner_id,
            report=RatingReport(
                uscc=str(input.uscc),
                year=input.year,
                score=input.score,
                grade=TaxGrade(input.grade) if input.grade is not None else None,
                new_or_no_revenue=input.new_or_no_revenue,
            ),
            idempotency_key=input.idempotency_key,
            now=context.now,
        )
        rating = reported.rating
        return ReportTaxCreditRatingPayload(
            rating=ReportedTaxCreditRatingType(
                year=rating.year,
                grade=rating.grade,
                score=rating.score,
                current_grade=reported.current_grade,
            ),
            replayed=reported.replayed,
            errors=[],
        )

    return await REPORT_RATING.run(info, perform)
