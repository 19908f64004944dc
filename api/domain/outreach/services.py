"""Use cases of repair outreach: read and acknowledge notices, the office queue, follow-ups."""

from __future__ import annotations

from datetime import datetime

from api.domain.clock import city_today
from api.domain.credit.errors import IdempotencyKeyReusedError
from api.domain.errors import DomainError, ErrorCode, InvalidArgumentError, NotFoundError
from api.domain.outreach.model import (
    Acknowledgement,
    Channel,
    FollowUp,
    FollowUpResult,
    OutreachFigures,
    RepairNotice,
)
from api.domain.outreach.ports import OutreachStore
from api.domain.outreach.rules import check_follow_up

MAX_PAGE = 100


class FollowUpAlreadyRecordedError(DomainError):
    """A case's follow-up was recorded before, under another idempotency key."""

    code = ErrorCode.CONFLICT


def _limit(first: int) -> int:
    if not 1 <= first <= MAX_PAGE:
        raise InvalidArgumentError(f"first must be 1 to {MAX_PAGE}", field="first")
    return first


async def notices_of_person(
    store: OutreachStore, subject_id: int, first: int
) -> list[RepairNotice]:
    """The signed-in person's repair notices in the citizen app, newest first."""
    return await store.notices_of(subject_id, _limit(first))


async def office_queue(store: OutreachStore, after_id: int, first: int) -> list[RepairNotice]:
    """The credit office's outreach queue: unacknowledged notices of non-persons, oldest first."""
    return await store.office_queue(max(after_id, 0), _limit(first))


async def acknowledge_my_notice(
    store: OutreachStore, notice_id: int, *, subject_id: int, now: datetime
) -> Acknowledgement:
    """The person a notice is for acknowledges it in the citizen app; again is a replay.
    Another subject's notice is not found (its existence is not disclosed)."""
    notice = await store.notice(notice_id)
    if notice is None or notice.subject_id != subject_id:
        raise NotFoundError("no such notice", field="noticeId")
    return await _acknowledge(store, notice_id, Channel.CITIZEN_APP, now)


async def mark_notice_reached(
    store: OutreachStore, notice_id: int, *, now: datetime
) -> Acknowledgement:
    """The office has reached the subject of a notice in its queue; again is a replay."""
    notice = await store.notice(notice_id)
    if notice is None:
        raise NotFoundError("no such notice", field="noticeId")
    if notice.channel is not Channel.OFFICE_QUEUE:
        raise InvalidArgumentError(
            "the person acknowledges this notice in the citizen app", field="noticeId"
        )
    return await _acknowledge(store, notice_id, Channel.OFFICE_QUEUE, now)


async def _acknowledge(
    store: OutreachStore, notice_id: int, via: Channel, now: datetime
) -> Acknowledgement:
    fresh = await store.acknowledge(notice_id, via.value, now)
    stored = await store.notice(notice_id)
    if stored is None:
        raise NotFoundError("no such notice", field="noticeId")
    return Acknowledgement(notice=stored, replayed=not fresh)


async def record_follow_up(
    store: OutreachStore,
    repair_id: int,
    result: FollowUpResult,
    note: str,
    *,
    recorded_by: str,
    idempotency_key: str,
    now: datetime,
) -> FollowUp:
    """Record what a repair's follow-up visit found, once per case (a retry is a replay)."""
    if not 8 <= len(idempotency_key) <= 128:
        raise InvalidArgumentError(
            "an idempotency key is 8 to 128 characters", field="idempotencyKey"
        )
    case = await store.repair(repair_id)
    if case is None:
        raise NotFoundError("no such repair case", field="repairId")
    text = check_follow_up(case, note, city_today(now))
    if not await store.record_follow_up(repair_id, result, text, recorded_by, idempotency_key, now):
        found = await store.follow_up(repair_id)
        assert found is not None
        stored, key = found
        if key != idempotency_key:
            raise FollowUpAlreadyRecordedError("this case's follow-up is recorded already")
        if (stored.result, stored.note) != (result, text):
            raise IdempotencyKeyReusedError("this key was used with another result or note")
        return FollowUp(stored.repair_id, stored.result, stored.note, stored.recorded_at, True)
    found = await store.follow_up(repair_id)
    assert found is not None
    return found[0]


async def figures(store: OutreachStore) -> OutreachFigures:
    """The outreach statistics: notices, reminders, follow-ups, repairs and visit results."""
    return await store.figures()
