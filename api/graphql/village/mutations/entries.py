"""recordCivilityEntry and correctCivilityEntry: points against a household, and corrections
that are entries of their own (never a silent edit)."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Annotated

import strawberry

from api.domain.errors import ErrorCode
from api.domain.village import services
from api.domain.village.model import EntryDraft, EntryKind, RecordedEntry
from api.graphql.base_mutation import MutationError, errors_field, typed_mutation
from api.graphql.context import Info
from api.graphql.permissions import caller
from api.graphql.village.ids import VillageObject, decode_id, household_id
from api.graphql.village.types import (
    CivilityEntryType,
    FileView,
    HouseholdFileType,
    actor_of,
)

_ENTRY_CODES = (
    ErrorCode.INVALID_ARGUMENT,
    ErrorCode.NOT_FOUND,
    ErrorCode.HOUSEHOLD_OF_ANOTHER_VILLAGE,
    ErrorCode.IDEMPOTENCY_KEY_REUSED,
    ErrorCode.CONFLICT,
)
RECORD_ENTRY = typed_mutation(
    "RecordCivilityEntry",
    (*_ENTRY_CODES, ErrorCode.DATE_IN_FUTURE, ErrorCode.RULE_CAP_REACHED),
    lambda errors: RecordCivilityEntryPayload(entry=None, file=None, replayed=False, errors=errors),
)
CORRECT_ENTRY = typed_mutation(
    "CorrectCivilityEntry",
    (*_ENTRY_CODES, ErrorCode.ALREADY_CORRECTED),
    lambda errors: CorrectCivilityEntryPayload(
        entry=None, file=None, replayed=False, errors=errors
    ),
)


class EntryInputKind(StrEnum):
    """Points under a rule, or a dispute settled in the village (矛调), scored under a rule."""

    POINTS = EntryKind.POINTS.value
    DISPUTE_SETTLEMENT = EntryKind.DISPUTE_SETTLEMENT.value


EntryInputKindEnum = strawberry.enum(
    EntryInputKind, name="CivilityEntryInputKind", description="What a recorded entry is."
)


@strawberry.input(description="An entry against a household under one of the village's rules.")
class RecordCivilityEntryInput:
    """The rule in force scores it; its yearly cap may cut the points."""

    household_id: strawberry.ID = strawberry.field(
        description="The household (Household.id, from the village's household list)."
    )
    rule_code: str = strawberry.field(description="The code of a rule in force in the village.")
    occurred_on: date = strawberry.field(description="The day it happened (not in the future).")
    recorded_by: str = strawberry.field(description="The committee member recording (1-64).")
    idempotency_key: str = strawberry.field(
        description="A key you choose (8-128 characters): a retry returns the first result."
    )
    kind: EntryInputKindEnum = strawberry.field(  # type: ignore[valid-type]  # strawberry enum used as a type
        default=EntryInputKind.POINTS, description="Points, or a dispute settled in the village."
    )
    note: str = strawberry.field(default="", description="What happened (up to 500).")
    evidence_reference: str | None = strawberry.field(
        default=None, description="Reference of the evidence the committee keeps (up to 200)."
    )


@strawberry.input(description="A correction of an entry, with its reason.")
class CorrectCivilityEntryInput:
    """The correction is an entry of its own that reverses the corrected one's points."""

    entry_id: strawberry.ID = strawberry.field(description="The entry to correct.")
    reason: str = strawberry.field(description="Why it is corrected (1-500).")
    recorded_by: str = strawberry.field(description="The committee member correcting (1-64).")
    idempotency_key: str = strawberry.field(
        description="A key you choose (8-128 characters): a retry returns the first result."
    )


@strawberry.type(description="The entry recorded and the household's file after it, or why not.")
class RecordCivilityEntryPayload:
    """The entry as stored (its points after the rule's cap) and the file's new standing."""

    entry: CivilityEntryType | None = strawberry.field(description="The entry.")
    file: HouseholdFileType | None = strawberry.field(description="The household's file now.")
    replayed: bool = strawberry.field(description="True when this key was used before.")
    errors: list[MutationError] = errors_field(RECORD_ENTRY, "Why nothing was recorded.")


@strawberry.type(description="The correcting entry and the household's file after it, or why not.")
class CorrectCivilityEntryPayload:
    """The correction as stored and the file's new standing."""

    entry: CivilityEntryType | None = strawberry.field(description="The correcting entry.")
    file: HouseholdFileType | None = strawberry.field(description="The household's file now.")
    replayed: bool = strawberry.field(description="True when this key was used before.")
    errors: list[MutationError] = errors_field(CORRECT_ENTRY, "Why nothing was recorded.")


def _shown(recorded: RecordedEntry) -> tuple[CivilityEntryType, HouseholdFileType]:
    return recorded.entry, FileView(recorded.file)  # type: ignore[return-value]  # dataclasses resolve as the types


async def record_civility_entry(
    info: Info,
    input: Annotated[RecordCivilityEntryInput, strawberry.argument(description="The entry.")],
) -> RecordCivilityEntryPayload:
    """Record an entry against a household of the committee's village."""
    context = info.context
    actor = actor_of(caller(info))

    async def perform() -> RecordCivilityEntryPayload:
        draft = EntryDraft(
            household_id=household_id(info, input.household_id),
            rule_code=input.rule_code,
            kind=EntryKind(str(input.kind)),
            occurred_on=input.occurred_on,
            note=input.note,
            evidence_reference=input.evidence_reference,
            recorded_by=input.recorded_by,
        )
        recorded = await services.record_entry(
            context.repos.village,
            actor,
            draft,
            idempotency_key=input.idempotency_key,
            now=context.now,
        )
        entry, file = _shown(recorded)
        return RecordCivilityEntryPayload(
            entry=entry, file=file, replayed=recorded.replayed, errors=[]
        )

    return await RECORD_ENTRY.run(info, perform)


async def correct_civility_entry(
    info: Info,
    input: Annotated[CorrectCivilityEntryInput, strawberry.argument(description="The fix.")],
) -> CorrectCivilityEntryPayload:
    """Correct an entry of the committee's village by an entry of its own."""
    context = info.context
    actor = actor_of(caller(info))

    async def perform() -> CorrectCivilityEntryPayload:
        recorded = await services.correct_entry(
            context.repos.village,
            actor,
            decode_id(info, VillageObject.ENTRY, input.entry_id, "entryId"),
            reason=input.reason,
            recorded_by=input.recorded_by,
            idempotency_key=input.idempotency_key,
            now=context.now,
        )
        entry, file = _shown(recorded)
        return CorrectCivilityEntryPayload(
            entry=entry, file=file, replayed=recorded.replayed, errors=[]
        )

    return await CORRECT_ENTRY.run(info, perform)
