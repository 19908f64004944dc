"""The GraphQL view of an assessment (shared by the query and the merchant's field)."""

from __future__ import annotations

from api.domain.merchants.model import Assessment
from api.domain.subjects.model import Merchant
from api.graphql.merchants.types import IndicatorResult, MerchantAssessment


def assessment_of(merchant: Merchant, found: Assessment) -> MerchantAssessment:
    """The GraphQL view of an assessment."""
    return MerchantAssessment(
        uscc=merchant.uscc,
        name=merchant.name,
        commerce_district=merchant.commerce_district,
        as_of=found.as_of,
        colour=found.colour,
        score=found.score,
        reasons=list(found.reasons),
        indicators=[
            IndicatorResult(
                category=r.category,
                status=r.status,
                weight=r.weight,
                points=r.points,
                value=r.value,
                as_of=r.as_of,
                department=r.department,
                red_line=r.red_line,
            )
            for r in found.indicators
        ],
    )
