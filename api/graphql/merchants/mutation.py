"""Recording merchant indicator observations: one through the API, or a CSV file of them."""

from __future__ import annotations

from typing import Annotated

import strawberry

from api.auth.scopes import PartnerType, Scope
from api.domain.merchants import services
from api.domain.merchants.errors import IndicatorRefusal
from api.domain.merchants.model import ObservationDraft
from api.domain.merchants.services import Recorder
from api.graphql.base_mutation import MutationError, errors_field, typed_mutation
from api.graphql.context import Info
from api.graphql.merchants.types import (
    ImportLineError,
    ImportMerchantIndicatorsInput,
    IndicatorObservation,
    RecordMerchantIndicatorInput,
)
from api.graphql.permissions import caller, requires
from api.graphql.scalars import DecimalLimits

_R = IndicatorRefusal
#: Whoever records may name a merchant it may not touch, or be an operator with no district.
_WHO = (_R.NOT_FOUND, _R.MERCHANT_NOT_IN_YOUR_DISTRICT, _R.NOT_A_DISTRICT_OPERATOR)

#: Every way one observation can be refused (a line of a file too).
_OBSERVATION = (
    *_WHO,
    _R.INVALID_ARGUMENT,
    _R.UNKNOWN_CATEGORY,
    _R.DEPARTMENT_NOT_FOR_CATEGORY,
    _R.VALUE_OUT_OF_RANGE,
    _R.DATE_IN_FUTURE,
    _R.IDEMPOTENCY_KEY_REUSED,
)

RECORD = typed_mutation(
    "RecordMerchantIndicator",
    _OBSERVATION,
    lambda errors: RecordMerchantIndicatorPayload(observation=None, replayed=False, errors=errors),
)
IMPORT = typed_mutation(
    "ImportMerchantIndicators",
    # A file is refused as a whole only with INVALID_ARGUMENT; its lines with any of these.
    _OBSERVATION,
    lambda errors: ImportMerchantIndicatorsPayload(
        lines=0, recorded=0, replayed=0, line_errors=[], errors=errors
    ),
    field="content",
)


def recorder_of(info: Info) -> Recorder:
    """The calling partner as a recorder (a district operator is held to its districts)."""
    principal = caller(info)
    return Recorder(principal.partner_id, principal.partner_type is PartnerType.COMMERCE_DISTRICT)


@strawberry.type(description="An observation recorded, or why not.")
class RecordMerchantIndicatorPayload:
    """The observation (the first one, when a retry replays) or the refusal."""

    observation: IndicatorObservation | None = strawberry.field(description="The observation.")
    replayed: bool = strawberry.field(description="Whether the key had recorded it already.")
    errors: list[MutationError] = errors_field(RECORD, "Why nothing was recorded.")


@strawberry.type(description="What an import file did: every good line recorded, each bad one why.")
class ImportMerchantIndicatorsPayload:
    """Counts, and one error per refused line."""

    lines: int = strawberry.field(description="Lines read (the header not counted).")
    recorded: int = strawberry.field(description="Observations recorded.")
    replayed: int = strawberry.field(description="Lines recorded before (same key, same content).")
    line_errors: list[ImportLineError] = strawberry.field(
        description="Each refused line: its number, code and why."
    )
    errors: list[MutationError] = errors_field(IMPORT, "Why the file was refused as a whole.")


async def record_merchant_indicator(
    info: Info,
    input: Annotated[RecordMerchantIndicatorInput, strawberry.argument(description="It.")],
) -> RecordMerchantIndicatorPayload:
    """Record one observation."""
    context = info.context
    draft = ObservationDraft(
        uscc=input.uscc,
        category=input.category,
        department=input.department,
        value=input.value,
        observed_on=input.observed_on,
        note=input.note,
        idempotency_key=input.idempotency_key,
    )
    recorder = recorder_of(info)

    async def perform() -> RecordMerchantIndicatorPayload:
        outcome = await services.record_observation(
            context.repos.merchant_indicators,
            recorder,
            draft,
            today=context.today,
            now=context.now,
        )
        found = outcome.observation
        return RecordMerchantIndicatorPayload(
            observation=IndicatorObservation(
                category=found.category,
                department=found.department,
                value=found.value,
                observed_on=found.observed_on,
                note=found.note,
            ),
            replayed=outcome.replayed,
            errors=[],
        )

    return await RECORD.run(info, perform)


async def import_merchant_indicators(
    info: Info,
    input: Annotated[ImportMerchantIndicatorsInput, strawberry.argument(description="The file.")],
) -> ImportMerchantIndicatorsPayload:
    """Record every good line of a file; refuse each bad line with its number."""
    context = info.context
    recorder = recorder_of(info)

    async def perform() -> ImportMerchantIndicatorsPayload:
        report = await services.import_observations(
            context.repos.merchant_indicators,
            recorder,
            input.content,
            today=context.today,
            now=context.now,
        )
        return ImportMerchantIndicatorsPayload(
            lines=report.lines,
            recorded=report.recorded,
            replayed=report.replayed,
            line_errors=[
                ImportLineError(line=e.line, code=e.code, message=e.message) for e in report.errors
            ],
            errors=[],
        )

    return await IMPORT.run(info, perform)


@strawberry.type(description="Merchant indicator observations.")
class MerchantMutation:
    """Merged into the mutation root."""

    record_merchant_indicator = strawberry.mutation(
        resolver=record_merchant_indicator,
        **requires(
            Scope.MERCHANT_INDICATOR_WRITE,
            description="Record one indicator observation of a merchant (a district operator: "
            "only its districts' merchants; the department must observe the category; not "
            "after today). Idempotent by key.",
            extra=[DecimalLimits()],
        ),
    )
    import_merchant_indicators = strawberry.mutation(
        resolver=import_merchant_indicators,
        **requires(
            Scope.MERCHANT_INDICATOR_WRITE,
            description="Record a CSV file of observations: every good line is recorded, each "
            "bad line comes back with its number, code and why (the same rules as "
            "recordMerchantIndicator). Importing a file again records nothing twice.",
        ),
    )
