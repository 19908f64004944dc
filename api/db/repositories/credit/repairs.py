"""Repair cases and the notices they owe (the outbox). Never commits."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import and_, insert, or_, select, update

from api.db.repositories.credit.tables import OUTBOX, RECORDS, REPAIRS, C, O, R
from api.db.repositories.gate import SessionGate
from api.domain.credit.repair import NoticeKind, RepairCase, RepairState
from api.domain.paging import Page, PageRequest
from api.domain.records.model import RecordStatus, Severity

_REPAIR_COLUMNS = (
    C.id,
    C.record_id,
    C.subject_id,
    C.severity,
    C.state,
    C.opened_on,
    C.eligible_on,
    C.commitment,
    C.applied_at,
    C.decided_at,
    C.decision_reason,
    C.follow_up_due_on,
    C.version,
)


def repair_from_row(row: Sequence[Any]) -> RepairCase:
    """A repair case from ``_REPAIR_COLUMNS``."""
    return RepairCase(
        id=row[0],
        record_id=row[1],
        subject_id=row[2],
        severity=Severity(row[3]),
        state=RepairState(row[4]),
        opened_on=row[5],
        eligible_on=row[6],
        commitment=row[7],
        applied_at=row[8],
        decided_at=row[9],
        decision_reason=row[10],
        follow_up_due_on=row[11],
        version=row[12],
    )


class RepairRepository:
    """Repair cases and the notices they owe (implements ``RepairStore``)."""

    def __init__(self, db: SessionGate) -> None:
        self._db = db

    async def open(
        self,
        *,
        record_id: int,
        subject_id: int,
        severity: Severity,
        opened_on: date,
        eligible_on: date,
        now: datetime,
    ) -> RepairCase:
        """Open the case of a new repairable record (AWAITING)."""
        row = await self._db.first(
            insert(REPAIRS)
            .values(
                record_id=record_id,
                subject_id=subject_id,
                severity=severity.value,
                state=RepairState.AWAITING.value,
                opened_on=opened_on,
                eligible_on=eligible_on,
                version=1,
                updated_at=now,
            )
            .returning(*_REPAIR_COLUMNS)
        )
        return repair_from_row(row)

    async def get(self, repair_id: int) -> RepairCase | None:
        """One case by id."""
        row = await self._db.first(select(*_REPAIR_COLUMNS).where(C.id == repair_id))
        return repair_from_row(row) if row else None

    async def by_record(self, record_id: int) -> RepairCase | None:
        """The case of a record, if it has one."""
        row = await self._db.first(select(*_REPAIR_COLUMNS).where(C.record_id == record_id))
        return repair_from_row(row) if row else None

    async def by_records(self, record_ids: Sequence[int]) -> dict[int, RepairCase]:
        """The cases of several records (for loaders)."""
        if not record_ids:
            return {}
        rows = await self._db.all(select(*_REPAIR_COLUMNS).where(C.record_id.in_(list(record_ids))))
        return {row[1]: repair_from_row(row) for row in rows}

    async def page(
        self,
        request: PageRequest,
        *,
        states: Sequence[RepairState] = (),
        subject_id: int | None = None,
    ) -> Page[RepairCase]:
        """Cases newest first, optionally in some states or of one subject."""
        statement = select(*_REPAIR_COLUMNS)
        if states:
            statement = statement.where(C.state.in_([s.value for s in states]))
        if subject_id is not None:
            statement = statement.where(C.subject_id == subject_id)
        if request.after is not None:
            statement = statement.where(C.id < int(request.after[0]))
        rows = await self._db.all(statement.order_by(C.id.desc()).limit(request.first + 1))
        return Page(
            items=[(repair_from_row(row), (row[0],)) for row in rows[: request.first]],
            has_next=len(rows) > request.first,
        )

    async def move(
        self,
        case: RepairCase,
        state: RepairState,
        *,
        now: datetime,
        commitment: str | None = None,
        applied_by: str | None = None,
        decided_by: str | None = None,
        reason: str | None = None,
        follow_up_due_on: date | None = None,
    ) -> RepairCase | None:
        """Compare-and-set the case from its read version; None when someone moved it first."""
        values: dict[str, Any] = {
            "state": state.value,
            "version": case.version + 1,
            "updated_at": now,
        }
        if state is RepairState.APPLIED:
            values |= {
                "commitment": commitment,
                "applied_at": now,
                "applied_by_client_id": applied_by,
                "decided_at": None,
                "decided_by_client_id": None,
                "decision_reason": None,
            }
        else:
            values |= {
                "decided_at": now,
                "decided_by_client_id": decided_by,
                "decision_reason": reason,
                "follow_up_due_on": follow_up_due_on,
            }
        result = await self._db.execute(
            update(REPAIRS).where(C.id == case.id, C.version == case.version).values(**values)
        )
        if not getattr(result, "rowcount", 0):
            return None
        return await self.get(case.id)

    async def cases_owing_notices(
        self, today: date, after_id: int, limit: int
    ) -> list[tuple[RepairCase, bool]]:
        """Cases that may owe a notice by ``today`` and lack one of the notices due (id order),
        each with whether its record is still active."""
        notice = OUTBOX.alias("notice")
        reminder = OUTBOX.alias("reminder")
        follow_up = OUTBOX.alias("follow_up")

        def missing(alias: Any, kind: NoticeKind) -> Any:
            return (
                ~select(alias.c.id)
                .where(alias.c.repair_id == C.id, alias.c.kind == kind.value)
                .exists()
            )

        statement = (
            select(*_REPAIR_COLUMNS, R.status)
            .select_from(REPAIRS.join(RECORDS, R.id == C.record_id))
            .where(C.id > after_id)
            .where(
                or_(
                    missing(notice, NoticeKind.REPAIR_NOTICE),
                    and_(
                        C.state == RepairState.AWAITING.value,
                        C.eligible_on <= today,
                        R.status == RecordStatus.ACTIVE.value,
                        missing(reminder, NoticeKind.REPAIR_REMINDER),
                    ),
                    and_(
                        C.state == RepairState.REPAIRED.value,
                        C.follow_up_due_on <= today,
                        missing(follow_up, NoticeKind.REPAIR_FOLLOW_UP),
                    ),
                )
            )
            .order_by(C.id)
            .limit(limit)
        )
        rows = await self._db.all(statement)
        return [(repair_from_row(row), row[-1] == RecordStatus.ACTIVE.value) for row in rows]

    async def write_notice(
        self,
        *,
        kind: NoticeKind,
        case: RepairCase,
        due_on: date,
        payload: dict[str, Any],
        now: datetime,
    ) -> bool:
        """Put a notice in the outbox once; False when it is there already."""
        result = await self._db.execute(
            self._db.insert(OUTBOX)
            .values(
                kind=kind.value,
                dedupe_key=f"{kind.value}:{case.id}",
                subject_id=case.subject_id,
                repair_id=case.id,
                due_on=due_on,
                payload=json.dumps(payload, ensure_ascii=False, sort_keys=True),
                created_at=now,
            )
            .on_conflict_do_nothing(index_elements=["dedupe_key"])
        )
        return bool(getattr(result, "rowcount", 0))

    async def write_notices(
        self,
        notices: Sequence[tuple[NoticeKind, RepairCase, date, dict[str, Any]]],
        *,
        now: datetime,
    ) -> list[NoticeKind]:
        """``write_notice`` for many notices in one statement; the kinds that were new."""
        if not notices:
            return []
        statement = (
            self._db.insert(OUTBOX)
            .values(
                [
                    {
                        "kind": kind.value,
                        "dedupe_key": f"{kind.value}:{case.id}",
                        "subject_id": case.subject_id,
                        "repair_id": case.id,
                        "due_on": due_on,
                        "payload": json.dumps(payload, ensure_ascii=False, sort_keys=True),
                        "created_at": now,
                    }
                    for kind, case, due_on, payload in notices
                ]
            )
            .on_conflict_do_nothing(index_elements=["dedupe_key"])
            .returning(O.kind)
        )
        return [NoticeKind(row[0]) for row in await self._db.all(statement)]

    async def outbox(self, *, limit: int = 100) -> list[dict[str, Any]]:
        """Messages in the outbox, oldest first (for operators and tests)."""
        rows = await self._db.all(
            select(O.id, O.kind, O.subject_id, O.repair_id, O.due_on, O.payload, O.delivered_at)
            .order_by(O.id)
            .limit(limit)
        )
        return [
            {
                "id": r[0],
                "kind": r[1],
                "subject_id": r[2],
                "repair_id": r[3],
                "due_on": r[4],
                "payload": json.loads(r[5]),
                "delivered_at": r[6],
            }
            for r in rows
        ]
