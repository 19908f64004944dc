"""acknowledgeMyNotice, markNoticeReached and recordFollowUpResult: the subject reads a notice,
the office reaches a subject, and the follow-up's result is kept."""

from __future__ import annotations

from typing import Annotated

import strawberry

from api.domain.consent.persons import require_person
from api.domain.errors import ErrorCode, InvalidArgumentError, NotFoundError
from api.domain.outreach import services
from api.domain.outreach.model import FollowUp, FollowUpResult
from api.graphql.base_mutation import MutationError, errors_field, typed_mutation
from api.graphql.context import Info
from api.graphql.ids import NodeType
from api.graphql.outreach.types import (
    FollowUpResultEnum,
    FollowUpType,
    RepairNoticeType,
    decode_notice_id,
)
from api.graphql.permissions import caller
from api.graphql.scalars import ResidentId

ACKNOWLEDGE = typed_mutation(
    "AcknowledgeMyNotice",
    (ErrorCode.NOT_FOUND, ErrorCode.INVALID_IDENTIFIER),
    lambda errors: AcknowledgeNoticePayload(notice=None, replayed=False, errors=errors),
)
MARK_REACHED = typed_mutation(
    "MarkNoticeReached",
    (ErrorCode.NOT_FOUND, ErrorCode.INVALID_ARGUMENT),
    lambda errors: MarkNoticeReachedPayload(notice=None, replayed=False, errors=errors),
)
RECORD_FOLLOW_UP = typed_mutation(
    "RecordFollowUpResult",
    (
        ErrorCode.NOT_FOUND,
        ErrorCode.INVALID_ARGUMENT,
        ErrorCode.CONFLICT,
        ErrorCode.IDEMPOTENCY_KEY_REUSED,
    ),
    lambda errors: RecordFollowUpResultPayload(follow_up=None, replayed=False, errors=errors),
)


@strawberry.type(description="The notice after acknowledging it, or why not.")
class AcknowledgeNoticePayload:
    """The acknowledged notice; ``replayed`` when it was acknowledged before."""

    notice: RepairNoticeType | None = strawberry.field(description="The notice.")
    replayed: bool = strawberry.field(description="True when it was acknowledged before.")
    errors: list[MutationError] = errors_field(ACKNOWLEDGE, "Why nothing was acknowledged.")


@strawberry.type(description="The notice after the office reached its subject, or why not.")
class MarkNoticeReachedPayload:
    """The notice taken off the office's queue; ``replayed`` when it was before."""

    notice: RepairNoticeType | None = strawberry.field(description="The notice.")
    replayed: bool = strawberry.field(description="True when it was marked before.")
    errors: list[MutationError] = errors_field(MARK_REACHED, "Why nothing was marked.")


@strawberry.type(description="The follow-up result recorded, or why not.")
class RecordFollowUpResultPayload:
    """The result as stored; ``replayed`` when the same key recorded it before."""

    follow_up: FollowUpType | None = strawberry.field(description="The follow-up result.")
    replayed: bool = strawberry.field(description="True when this key was used before.")
    errors: list[MutationError] = errors_field(RECORD_FOLLOW_UP, "Why nothing was recorded.")


@strawberry.input(description="What a repair's follow-up visit found.")
class RecordFollowUpResultInput:
    """One result per repair case, recorded once its follow-up is due."""

    repair_id: strawberry.ID = strawberry.field(description="The repaired case (RepairCase.id).")
    result: FollowUpResultEnum = strawberry.field(  # type: ignore[valid-type]
        description="What the visit found."
    )
    idempotency_key: str = strawberry.field(
        description="A key you choose (8-128 characters): a retry returns the first result."
    )
    note: str = strawberry.field(default="", description="The visitor's note (up to 500).")


async def acknowledge_my_notice(
    info: Info,
    resident_id: Annotated[ResidentId, strawberry.argument(description="The signed-in person.")],
    notice_id: Annotated[
        strawberry.ID, strawberry.argument(description="The notice (RepairNotice.id).")
    ],
) -> AcknowledgeNoticePayload:
    """The signed-in person acknowledges one of their notices."""
    context = info.context

    async def perform() -> AcknowledgeNoticePayload:
        person = await require_person(context.repos, context.crypto, resident_id)
        done = await services.acknowledge_my_notice(
            context.repos.outreach,
            decode_notice_id(info, notice_id),
            subject_id=person.id,
            now=context.now,
        )
        return AcknowledgeNoticePayload(
            notice=RepairNoticeType(notice=done.notice), replayed=done.replayed, errors=[]
        )

    return await ACKNOWLEDGE.run(info, perform)


async def mark_notice_reached(
    info: Info,
    notice_id: Annotated[
        strawberry.ID, strawberry.argument(description="The notice (RepairNotice.id).")
    ],
) -> MarkNoticeReachedPayload:
    """The office has reached the subject of a notice in its queue."""
    context = info.context

    async def perform() -> MarkNoticeReachedPayload:
        done = await services.mark_notice_reached(
            context.repos.outreach, decode_notice_id(info, notice_id), now=context.now
        )
        return MarkNoticeReachedPayload(
            notice=RepairNoticeType(notice=done.notice), replayed=done.replayed, errors=[]
        )

    return await MARK_REACHED.run(info, perform)


def _repair_id(info: Info, text: str) -> int:
    wrong = NotFoundError(f"{text[:40]!r} is not a repair case ID", field="repairId")
    try:
        node_type, object_id = info.context.ids.decode(text)
    except InvalidArgumentError as error:
        raise wrong from error
    if node_type is not NodeType.REPAIR_CASE:
        raise wrong
    return object_id


def _shown(info: Info, follow_up: FollowUp) -> FollowUpType:
    return FollowUpType(
        repair_id=strawberry.ID(info.context.ids.encode(NodeType.REPAIR_CASE, follow_up.repair_id)),
        result=follow_up.result,
        note=follow_up.note,
        recorded_at=follow_up.recorded_at,
    )


async def record_follow_up_result(
    info: Info,
    input: Annotated[RecordFollowUpResultInput, strawberry.argument(description="The result.")],
) -> RecordFollowUpResultPayload:
    """Record what a repaired case's follow-up visit found."""
    context = info.context
    principal = caller(info)

    async def perform() -> RecordFollowUpResultPayload:
        found = await services.record_follow_up(
            context.repos.outreach,
            _repair_id(info, input.repair_id),
            FollowUpResult(str(input.result)),
            input.note,
            recorded_by=principal.client_id,
            idempotency_key=input.idempotency_key,
            now=context.now,
        )
        return RecordFollowUpResultPayload(
            follow_up=_shown(info, found), replayed=found.replayed, errors=[]
        )

    return await RECORD_FOLLOW_UP.run(info, perform)
