"""Recording industry indicator observations and inspection results."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

import strawberry

from api.domain.industry import services
from api.domain.industry.errors import IndustryRefusal
from api.domain.industry.model import ObservationDraft
from api.graphql.base_mutation import MutationError, errors_field, typed_mutation
from api.graphql.context import Info
from api.graphql.industry.types import (
    IndustryObservation,
    RecordIndustryInspectionInput,
    RecordIndustryObservationInput,
)
from api.graphql.permissions import caller

_R = IndustryRefusal
#: Every way one observation can be refused.
_REFUSALS = (
    _R.NOT_FOUND,
    _R.INVALID_ARGUMENT,
    _R.UNKNOWN_INDICATOR,
    _R.DEPARTMENT_NOT_FOR_INDICATOR,
    _R.VALUE_OUT_OF_RANGE,
    _R.DATE_IN_FUTURE,
    _R.IDEMPOTENCY_KEY_REUSED,
)

RECORD = typed_mutation(
    "RecordIndustryObservation",
    _REFUSALS,
    lambda errors: RecordIndustryObservationPayload(
        observation=None, replayed=False, errors=errors
    ),
)
INSPECT = typed_mutation(
    "RecordIndustryInspection",
    _REFUSALS,
    lambda errors: RecordIndustryInspectionPayload(observation=None, replayed=False, errors=errors),
)


@strawberry.type(description="An industry observation recorded, or why not.")
class RecordIndustryObservationPayload:
    """The observation (the first one, when a retry replays) or the refusal."""

    observation: IndustryObservation | None = strawberry.field(description="The observation.")
    replayed: bool = strawberry.field(description="Whether the key had recorded it already.")
    errors: list[MutationError] = errors_field(RECORD, "Why nothing was recorded.")


@strawberry.type(description="An inspection result recorded, or why not.")
class RecordIndustryInspectionPayload:
    """The inspection indicator's observation (its value: the points) or the refusal."""

    observation: IndustryObservation | None = strawberry.field(description="The observation.")
    replayed: bool = strawberry.field(description="Whether the key had recorded it already.")
    errors: list[MutationError] = errors_field(INSPECT, "Why nothing was recorded.")


async def record_industry_observation(
    info: Info,
    input: Annotated[RecordIndustryObservationInput, strawberry.argument(description="It.")],
) -> RecordIndustryObservationPayload:
    """Record one indicator observation."""
    context = info.context
    draft = ObservationDraft(
        subject_code=input.subject,
        indicator=input.indicator,
        department=input.department,
        value=input.value,
        observed_on=input.observed_on,
        note=input.note,
        idempotency_key=input.idempotency_key,
    )
    partner_id = caller(info).partner_id

    async def perform() -> RecordIndustryObservationPayload:
        outcome = await services.record_observation(
            context.repos.industry, partner_id, draft, today=context.today, now=context.now
        )
        return RecordIndustryObservationPayload(
            observation=IndustryObservation.of(outcome.observation),
            replayed=outcome.replayed,
            errors=[],
        )

    return await RECORD.run(info, perform)


async def record_industry_inspection(
    info: Info,
    input: Annotated[RecordIndustryInspectionInput, strawberry.argument(description="It.")],
) -> RecordIndustryInspectionPayload:
    """Record one inspection result."""
    context = info.context
    draft = ObservationDraft(
        subject_code=input.subject,
        indicator="",
        department=input.department,
        value=Decimal(0),  # the service puts the points of passed and findings here
        observed_on=input.inspected_on,
        note=input.note,
        idempotency_key=input.idempotency_key,
    )
    partner_id = caller(info).partner_id

    async def perform() -> RecordIndustryInspectionPayload:
        outcome = await services.record_inspection(
            context.repos.industry,
            partner_id,
            draft,
            passed=input.passed,
            findings=input.findings,
            today=context.today,
            now=context.now,
        )
        return RecordIndustryInspectionPayload(
            observation=IndustryObservation.of(outcome.observation),
            replayed=outcome.replayed,
            errors=[],
        )

    return await INSPECT.run(info, perform)
