"""nominateModelHousehold and decideModelHousehold: the committee nominates from the top of its
village, the county's credit office approves, and the honour becomes each member's record."""

from __future__ import annotations

from typing import Annotated

import strawberry

from api.domain.errors import ErrorCode
from api.domain.village import model_households
from api.graphql.base_mutation import MutationError, errors_field, typed_mutation
from api.graphql.context import Info
from api.graphql.permissions import caller
from api.graphql.village.ids import VillageObject, decode_id, household_id
from api.graphql.village.types import NominationType, actor_of

NOMINATE = typed_mutation(
    "NominateModelHousehold",
    (
        ErrorCode.INVALID_ARGUMENT,
        ErrorCode.NOT_FOUND,
        ErrorCode.HOUSEHOLD_OF_ANOTHER_VILLAGE,
        ErrorCode.NOT_ELIGIBLE_FOR_NOMINATION,
        ErrorCode.ALREADY_NOMINATED,
        ErrorCode.IDEMPOTENCY_KEY_REUSED,
        ErrorCode.CONFLICT,
    ),
    lambda errors: NominateModelHouseholdPayload(nomination=None, replayed=False, errors=errors),
)
DECIDE = typed_mutation(
    "DecideModelHousehold",
    (
        ErrorCode.INVALID_ARGUMENT,
        ErrorCode.NOT_FOUND,
        ErrorCode.NOMINATION_ALREADY_DECIDED,
        ErrorCode.IDEMPOTENCY_KEY_REUSED,
        ErrorCode.CONFLICT,
        ErrorCode.DATE_IN_FUTURE,
        ErrorCode.PUBLICITY_OUT_OF_RANGE,
    ),
    lambda errors: DecideModelHouseholdPayload(nomination=None, replayed=False, errors=errors),
)


@strawberry.input(description="A household nominated as the year's model household.")
class NominateModelHouseholdInput:
    """Eligible: no member with a serious record, at least 10 points, within the village's quota."""

    household_id: strawberry.ID = strawberry.field(description="The household (Household.id).")
    year: int = strawberry.field(description="The year, 2019 to this one.")
    idempotency_key: str = strawberry.field(
        description="A key you choose (8-128 characters): a retry returns the first result."
    )


@strawberry.input(description="The county's decision on a nomination.")
class DecideModelHouseholdInput:
    """An approval records an honour (荣誉表彰) for each member through record intake."""

    nomination_id: strawberry.ID = strawberry.field(description="The nomination.")
    approve: bool = strawberry.field(description="True to approve, false to reject.")
    reason: str = strawberry.field(description="The reason (1-500).")
    department: str = strawberry.field(description="Code of the department the honour is from.")
    idempotency_key: str = strawberry.field(
        description="A key you choose (8-128 characters): a retry returns the first result."
    )


@strawberry.type(description="The nomination stored, or why not.")
class NominateModelHouseholdPayload:
    """The nomination awaiting the county's decision."""

    nomination: NominationType | None = strawberry.field(description="The nomination.")
    replayed: bool = strawberry.field(description="True when this key was used before.")
    errors: list[MutationError] = errors_field(NOMINATE, "Why nothing was stored.")


@strawberry.type(description="The nomination decided, or why not.")
class DecideModelHouseholdPayload:
    """The nomination as decided (an approval lists its honour records)."""

    nomination: NominationType | None = strawberry.field(description="The nomination.")
    replayed: bool = strawberry.field(description="True when this key was used before.")
    errors: list[MutationError] = errors_field(DECIDE, "Why nothing was decided.")


async def nominate_model_household(
    info: Info,
    input: Annotated[NominateModelHouseholdInput, strawberry.argument(description="Who.")],
) -> NominateModelHouseholdPayload:
    """Nominate a household of the committee's village."""
    context = info.context
    actor = actor_of(caller(info))

    async def perform() -> NominateModelHouseholdPayload:
        nomination, replayed = await model_households.nominate(
            context.repos.village,
            actor,
            household_id(info, input.household_id),
            input.year,
            idempotency_key=input.idempotency_key,
            now=context.now,
        )
        return NominateModelHouseholdPayload(
            nomination=nomination,  # type: ignore[arg-type]  # the dataclass resolves as the type
            replayed=replayed,
            errors=[],
        )

    return await NOMINATE.run(info, perform)


async def decide_model_household(
    info: Info,
    input: Annotated[DecideModelHouseholdInput, strawberry.argument(description="Decision.")],
) -> DecideModelHouseholdPayload:
    """Approve or reject a nomination."""
    context = info.context
    actor = actor_of(caller(info))

    async def perform() -> DecideModelHouseholdPayload:
        nomination, replayed = await model_households.decide_nomination(
            context.repos.village,
            context.repos,
            actor,
            decode_id(info, VillageObject.NOMINATION, input.nomination_id, "nominationId"),
            approve=input.approve,
            reason=input.reason,
            department_code=input.department,
            idempotency_key=input.idempotency_key,
            now=context.now,
        )
        return DecideModelHouseholdPayload(
            nomination=nomination,  # type: ignore[arg-type]  # the dataclass resolves as the type
            replayed=replayed,
            errors=[],
        )

    return await DECIDE.run(info, perform)
