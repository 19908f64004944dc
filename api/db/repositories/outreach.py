"""Repair notices as their subjects and the office see them, acknowledgements and follow-up
results (implements ``OutreachStore``). Never commits."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import func, select

from api.db.repositories.credit.repairs import RepairRepository
from api.db.repositories.credit.tables import OUTBOX, REPAIRS, SUBJECTS, C, O, S
from api.db.repositories.gate import SessionGate
from api.db.tables import table_of
from api.db.tables.outreach import FollowUpResultRow, NoticeAcknowledgementRow
from api.domain.credit.repair import NoticeKind, RepairCase, RepairState
from api.domain.outreach.model import (
    FollowUp,
    FollowUpResult,
    OutreachFigures,
    RepairNotice,
)
from api.domain.outreach.rules import channel_for, event_id
from api.domain.subjects.model import SubjectKind

ACKS = table_of(NoticeAcknowledgementRow)
A = ACKS.c
FOLLOW_UPS = table_of(FollowUpResultRow)
F = FOLLOW_UPS.c

_NOTICE_COLUMNS = (
    O.id,
    O.dedupe_key,
    O.kind,
    O.subject_id,
    S.kind,
    O.repair_id,
    O.due_on,
    O.payload,
    O.created_at,
    A.acknowledged_at,
)


def _notices() -> Any:
    return select(*_NOTICE_COLUMNS).select_from(
        OUTBOX.join(SUBJECTS, S.id == O.subject_id).outerjoin(ACKS, A.notice_id == O.id)
    )


def notice_from_row(row: Sequence[Any]) -> RepairNotice:
    """A notice from ``_NOTICE_COLUMNS``."""
    payload = json.loads(row[7])
    kind = SubjectKind(row[4])
    return RepairNotice(
        id=row[0],
        event_id=event_id(row[1]),
        kind=NoticeKind(row[2]),
        subject_id=row[3],
        subject_kind=kind,
        repair_id=row[5],
        due_on=row[6],
        message_zh=str(payload.get("message_zh", "")),
        message_en=str(payload.get("message_en", "")),
        created_at=row[8],
        acknowledged_at=row[9],
        channel=channel_for(kind),
    )


class OutreachRepository:
    """Repair notices, their acknowledgements and follow-up results."""

    def __init__(self, db: SessionGate) -> None:
        self._db = db
        self._repairs = RepairRepository(db)

    async def notices_of(self, subject_id: int, limit: int) -> list[RepairNotice]:
        """A subject's notices, newest first."""
        rows = await self._db.all(
            _notices().where(O.subject_id == subject_id).order_by(O.id.desc()).limit(limit)
        )
        return [notice_from_row(row) for row in rows]

    async def office_queue(self, after_id: int, limit: int) -> list[RepairNotice]:
        """Unacknowledged notices of subjects other than persons, oldest first, after an id."""
        rows = await self._db.all(
            _notices()
            .where(
                O.id > after_id,
                S.kind != SubjectKind.PERSON.value,
                A.notice_id.is_(None),
            )
            .order_by(O.id)
            .limit(limit)
        )
        return [notice_from_row(row) for row in rows]

    async def notice(self, notice_id: int) -> RepairNotice | None:
        """One notice by id."""
        row = await self._db.first(_notices().where(O.id == notice_id))
        return notice_from_row(row) if row else None

    async def acknowledge(self, notice_id: int, via: str, now: datetime) -> bool:
        """Mark a notice acknowledged once (the primary key decides); False when it was."""
        result = await self._db.execute(
            self._db.insert(ACKS)
            .values(notice_id=notice_id, via=via, acknowledged_at=now)
            .on_conflict_do_nothing(index_elements=["notice_id"])
        )
        return bool(getattr(result, "rowcount", 0))

    async def repair(self, repair_id: int) -> RepairCase | None:
        """The repair case by id."""
        return await self._repairs.get(repair_id)

    async def follow_up(self, repair_id: int) -> tuple[FollowUp, str] | None:
        """The recorded follow-up of a case and its idempotency key."""
        row = await self._db.first(
            select(F.repair_id, F.result, F.note, F.recorded_at, F.idempotency_key).where(
                F.repair_id == repair_id
            )
        )
        if row is None:
            return None
        return FollowUp(row[0], FollowUpResult(row[1]), row[2], row[3]), row[4]

    async def record_follow_up(
        self,
        repair_id: int,
        result: FollowUpResult,
        note: str,
        recorded_by: str,
        idempotency_key: str,
        now: datetime,
    ) -> bool:
        """Store a case's follow-up once (the primary key decides); False when one is there."""
        outcome = await self._db.execute(
            self._db.insert(FOLLOW_UPS)
            .values(
                repair_id=repair_id,
                result=result.value,
                note=note,
                recorded_by_client_id=recorded_by,
                idempotency_key=idempotency_key,
                recorded_at=now,
            )
            .on_conflict_do_nothing(index_elements=["repair_id"])
        )
        return bool(getattr(outcome, "rowcount", 0))

    async def figures(self) -> OutreachFigures:
        """Notices by kind, acknowledgements, the office's open queue, repairs, visit results."""
        kinds = dict(await self._db.all(select(O.kind, func.count()).group_by(O.kind)))
        acknowledged = await self._db.first(select(func.count()).select_from(ACKS))
        waiting = await self._db.first(
            select(func.count())
            .select_from(
                OUTBOX.join(SUBJECTS, S.id == O.subject_id).outerjoin(ACKS, A.notice_id == O.id)
            )
            .where(S.kind != SubjectKind.PERSON.value, A.notice_id.is_(None))
        )
        repairs = await self._db.first(
            select(func.count()).select_from(REPAIRS).where(C.state == RepairState.REPAIRED.value)
        )
        results = dict(await self._db.all(select(F.result, func.count()).group_by(F.result)))
        return OutreachFigures(
            notices=kinds.get(NoticeKind.REPAIR_NOTICE.value, 0),
            reminders=kinds.get(NoticeKind.REPAIR_REMINDER.value, 0),
            follow_ups=kinds.get(NoticeKind.REPAIR_FOLLOW_UP.value, 0),
            acknowledged=acknowledged[0],
            awaiting_office=waiting[0],
            repairs=repairs[0],
            follow_ups_kept=results.get(FollowUpResult.KEPT.value, 0),
            follow_ups_relapsed=results.get(FollowUpResult.RELAPSED.value, 0),
            follow_ups_unreachable=results.get(FollowUpResult.UNREACHABLE.value, 0),
        )
