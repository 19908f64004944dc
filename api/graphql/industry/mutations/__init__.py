"""The industry mutations, merged into the mutation root: observations and inspections."""

from __future__ import annotations

import strawberry

from api.auth.scopes import Scope
from api.graphql.industry.mutations.observations import (
    RecordIndustryInspectionPayload,
    RecordIndustryObservationPayload,
    record_industry_inspection,
    record_industry_observation,
)
from api.graphql.permissions import requires
from api.graphql.scalars import DecimalLimits


@strawberry.type(description="Industry observations and inspection results.")
class IndustryMutation:
    """The industry mutations."""

    record_industry_observation = strawberry.mutation(
        resolver=record_industry_observation,
        graphql_type=RecordIndustryObservationPayload,
        **requires(
            Scope.INDUSTRY_WRITE,
            description="Record one indicator observation of an industry subject (the "
            "department must feed the indicator; not after today). Idempotent by key.",
            extra=[DecimalLimits()],
        ),
    )
    record_industry_inspection = strawberry.mutation(
        resolver=record_industry_inspection,
        graphql_type=RecordIndustryInspectionPayload,
        **requires(
            Scope.INDUSTRY_WRITE,
            description="Record an inspection result; it feeds the scheme's inspection "
            "indicator (a fail breaches its red line: grade D). Idempotent by key.",
        ),
    )
