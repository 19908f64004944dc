"""The types of repair outreach: notices, follow-up results and statistics."""

from __future__ import annotations

import base64
from datetime import date, datetime
from functools import lru_cache

import strawberry
from cryptography.exceptions import InvalidTag

from api.crypto import Sealer
from api.domain.credit.repair import NoticeKind
from api.domain.errors import NotFoundError
from api.domain.outreach.model import Channel, FollowUpResult, OutreachFigures, RepairNotice
from api.graphql.context import Info
from api.graphql.ids import NodeType

NoticeKindEnum = strawberry.enum(
    NoticeKind,
    name="RepairNoticeKind",
    description="Told it can be repaired (主动告知), reminded when due (到期提醒), followed up "
    "after repair (跟踪回访).",
)
ChannelEnum = strawberry.enum(
    Channel,
    name="NoticeChannel",
    description="Where a notice goes: the citizen app for persons, the credit office's "
    "outreach queue for every other subject.",
)
FollowUpResultEnum = strawberry.enum(
    FollowUpResult,
    name="FollowUpResult",
    description="What the follow-up visit found: the commitment kept, a relapse, or nobody "
    "reached.",
)


@lru_cache(maxsize=4)
def _sealer(key: bytes) -> Sealer:
    return Sealer(key, b"repair-notice-id")


def encode_notice_id(info: Info, notice_id: int) -> str:
    """The opaque ID of a notice."""
    sealed = _sealer(info.context.keys.global_id).seal(notice_id.to_bytes(8, "big"))
    return base64.urlsafe_b64encode(sealed).rstrip(b"=").decode()


def decode_notice_id(info: Info, text: str) -> int:
    """The notice an opaque ID names; NotFoundError (on ``noticeId``) if it names none."""
    try:
        if len(text) > 128:
            raise ValueError("too long")
        raw = _sealer(info.context.keys.global_id).open(
            base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
        )
    except (InvalidTag, ValueError) as error:
        raise NotFoundError("no such notice", field="noticeId") from error
    if len(raw) != 8:
        raise NotFoundError("no such notice", field="noticeId")
    return int.from_bytes(raw, "big")


@strawberry.type(name="RepairNotice", description="A notice a credit repair case owes its subject.")
class RepairNoticeType:
    """One notice; the event id is the same however often it is delivered."""

    notice: strawberry.Private[RepairNotice]

    @strawberry.field(description="The notice's opaque ID (for acknowledging it).")
    def id(self, info: Info) -> strawberry.ID:
        """The sealed notice id."""
        return strawberry.ID(encode_notice_id(info, self.notice.id))

    @strawberry.field(description="The event id: stable across retries, for deduplication.")
    def event_id(self) -> str:
        """The UUID of the notice's event."""
        return self.notice.event_id

    @strawberry.field(description="Which notice it is.")
    def kind(self) -> NoticeKindEnum:  # type: ignore[valid-type]  # strawberry enum alias
        """The kind of notice."""
        return self.notice.kind

    @strawberry.field(description="Where it is delivered.")
    def channel(self) -> ChannelEnum:  # type: ignore[valid-type]  # strawberry enum alias
        """The channel."""
        return self.notice.channel

    @strawberry.field(description="The repair case (RepairCase.id), when there is one.")
    def repair_id(self, info: Info) -> strawberry.ID | None:
        """The global ID of the repair case."""
        if self.notice.repair_id is None:
            return None
        return strawberry.ID(info.context.ids.encode(NodeType.REPAIR_CASE, self.notice.repair_id))

    @strawberry.field(description="The day the notice became due.")
    def due_on(self) -> date:
        """Its due day."""
        return self.notice.due_on

    @strawberry.field(description="The message, in Chinese.")
    def message_zh(self) -> str:
        """The Chinese text."""
        return self.notice.message_zh

    @strawberry.field(description="The message, in English.")
    def message_en(self) -> str:
        """The English text."""
        return self.notice.message_en

    @strawberry.field(description="When the notice was written.")
    def created_at(self) -> datetime:
        """Its creation time."""
        return self.notice.created_at

    @strawberry.field(
        description="When it was acknowledged (read in the app, or reached by "
        "the office); null while it is not."
    )
    def acknowledged_at(self) -> datetime | None:
        """Its acknowledgement time."""
        return self.notice.acknowledged_at


@strawberry.type(name="RepairFollowUp", description="What a repair's follow-up visit found.")
class FollowUpType:
    """The recorded result of one case's follow-up."""

    repair_id: strawberry.ID = strawberry.field(description="The repair case.")
    result: FollowUpResultEnum = strawberry.field(  # type: ignore[valid-type]
        description="The result."
    )
    note: str = strawberry.field(description="The visitor's note.")
    recorded_at: datetime = strawberry.field(description="When it was recorded.")


@strawberry.type(name="OutreachStatistics", description="How much repair outreach was done.")
class OutreachStatisticsType:
    """Notices by kind, acknowledgements, repairs and follow-up results, platform-wide."""

    notices: int = strawberry.field(description="Repair notices written (主动告知).")
    reminders: int = strawberry.field(description="Reminders written (到期提醒).")
    follow_ups: int = strawberry.field(description="Follow-up notices written (跟踪回访).")
    acknowledged: int = strawberry.field(description="Notices acknowledged.")
    awaiting_office: int = strawberry.field(
        description="Notices in the credit office's queue not yet acknowledged."
    )
    repairs: int = strawberry.field(description="Credit repairs completed.")
    follow_ups_kept: int = strawberry.field(description="Follow-ups that found it kept.")
    follow_ups_relapsed: int = strawberry.field(description="Follow-ups that found a relapse.")
    follow_ups_unreachable: int = strawberry.field(description="Follow-ups that reached nobody.")

    @classmethod
    def of(cls, figures: OutreachFigures) -> OutreachStatisticsType:
        """The type from the domain's figures."""
        return cls(
            notices=figures.notices,
            reminders=figures.reminders,
            follow_ups=figures.follow_ups,
            acknowledged=figures.acknowledged,
            awaiting_office=figures.awaiting_office,
            repairs=figures.repairs,
            follow_ups_kept=figures.follow_ups_kept,
            follow_ups_relapsed=figures.follow_ups_relapsed,
            follow_ups_unreachable=figures.follow_ups_unreachable,
        )
