"""Repair outreach (主动告知, 到期提醒, 跟踪回访) as the subject and the office see it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from api.domain.credit.repair import NoticeKind
from api.domain.subjects.model import SubjectKind


class Channel(StrEnum):
    """Where a notice is delivered: the citizen app for persons, else the office's queue."""

    CITIZEN_APP = "citizen_app"
    OFFICE_QUEUE = "office_queue"


class FollowUpResult(StrEnum):
    """What the follow-up visit after a repair found (跟踪回访)."""

    KEPT = "kept"
    RELAPSED = "relapsed"
    UNREACHABLE = "unreachable"


@dataclass(frozen=True, slots=True)
class RepairNotice:
    """One notice owed to a subject, with its stable event id and whether it was acknowledged."""

    id: int
    event_id: str
    kind: NoticeKind
    subject_id: int
    subject_kind: SubjectKind
    repair_id: int | None
    due_on: date
    message_zh: str
    message_en: str
    created_at: datetime
    acknowledged_at: datetime | None
    channel: Channel


@dataclass(frozen=True, slots=True)
class FollowUp:
    """The recorded result of a repair's follow-up visit."""

    repair_id: int
    result: FollowUpResult
    note: str
    recorded_at: datetime
    replayed: bool = False


@dataclass(frozen=True, slots=True)
class Acknowledgement:
    """A notice acknowledged by its subject; ``replayed`` when it was acknowledged before."""

    notice: RepairNotice
    replayed: bool


@dataclass(frozen=True, slots=True)
class OutreachFigures:
    """How much outreach the platform did: notices by kind, acknowledgements, repairs, visits."""

    notices: int
    reminders: int
    follow_ups: int
    acknowledged: int
    awaiting_office: int
    repairs: int
    follow_ups_kept: int
    follow_ups_relapsed: int
    follow_ups_unreachable: int
