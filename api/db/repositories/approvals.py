"""Approval matters and commitments (implements ``CommitmentStore``). Never commits.

A commitment is inserted with ON CONFLICT DO NOTHING, so a second writer with the same key,
or a second pending commitment of the subject for the matter, inserts nothing; an outcome is
a conditional UPDATE from ``pending``, so it is recorded once.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, select, update

from api.db.repositories.gate import SessionGate
from api.db.tables.approvals import ApprovalCommitmentRow, ApprovalMatterRow
from api.db.tables.base import table_of
from api.domain.approvals.model import (
    ApprovalMatter,
    Commitment,
    CommitmentStatus,
    DecisionReason,
    DepartmentFigures,
    Reason,
)
from api.domain.approvals.ports import NewCommitment, Settlement
from api.domain.subjects.model import SubjectKind

MATTERS = table_of(ApprovalMatterRow)
COMMITMENTS = table_of(ApprovalCommitmentRow)
M = MATTERS.c
C = COMMITMENTS.c

_MATTER_COLUMNS = (
    M.id,
    M.code,
    M.name,
    M.department_code,
    M.subject_kinds,
    M.commitment,
    M.waived,
    M.standard_days,
    M.fast_track_days,
    M.verify_within_days,
)
_COMMITMENT_COLUMNS = (
    C.id,
    C.reference,
    C.subject_id,
    C.subject_kind,
    C.status,
    C.reasons,
    C.signed_at,
    C.verify_by,
    C.verified_at,
    C.record_id,
    C.fingerprint,
    *_MATTER_COLUMNS,
)


def matter_of(row: Sequence[Any]) -> ApprovalMatter:
    """A matter from ``_MATTER_COLUMNS``."""
    return ApprovalMatter(
        id=row[0],
        code=row[1],
        name=row[2],
        department_code=row[3],
        subject_kinds=frozenset(SubjectKind(kind) for kind in row[4].split(",")),
        commitment=row[5],
        waived=tuple(json.loads(row[6])),
        standard_days=row[7],
        fast_track_days=row[8],
        verify_within_days=row[9],
    )


def _commitment_of(row: Sequence[Any]) -> Commitment:
    return Commitment(
        id=row[0],
        reference=row[1],
        matter=matter_of(row[11:]),
        subject_id=row[2],
        subject_kind=SubjectKind(row[3]),
        status=CommitmentStatus(row[4]),
        reasons=tuple(Reason(DecisionReason(code), text) for code, text in json.loads(row[5])),
        signed_at=row[6],
        verify_by=row[7],
        verified_at=row[8],
        record_id=row[9],
    )


def reasons_to_json(reasons: Sequence[Reason]) -> str:
    """The stored form of a decision's reasons."""
    return json.dumps([[r.code.value, r.message] for r in reasons], ensure_ascii=False)


class ApprovalRepository:
    """Approval matters and commitments (implements ``CommitmentStore``)."""

    def __init__(self, db: SessionGate) -> None:
        self._db = db

    def _commitments(self) -> Any:
        return select(*_COMMITMENT_COLUMNS).join(MATTERS, M.id == C.matter_id)

    async def matter(self, code: str) -> ApprovalMatter | None:
        """The matter with this code, if any."""
        row = await self._db.first(select(*_MATTER_COLUMNS).where(M.code == code))
        return matter_of(row) if row else None

    async def matters(self, department_code: str | None) -> list[ApprovalMatter]:
        """The catalogue (of one department when named), by code."""
        statement = select(*_MATTER_COLUMNS).order_by(M.code)
        if department_code is not None:
            statement = statement.where(M.department_code == department_code)
        return [matter_of(row) for row in await self._db.all(statement)]

    async def broken_since(self, subject_id: int, since: datetime) -> int:
        """How many of the subject's commitments were found broken since ``since``."""
        row = await self._db.first(
            select(func.count()).where(
                C.subject_id == subject_id,
                C.status == CommitmentStatus.BROKEN.value,
                C.verified_at >= since,
            )
        )
        return int(row[0]) if row else 0

    async def add(self, new: NewCommitment) -> bool:
        """Store the commitment; False when its key or a pending twin was taken first."""
        result = await self._db.execute(
            self._db.insert(COMMITMENTS)
            .values(
                reference=new.reference,
                matter_id=new.matter_id,
                subject_id=new.subject_id,
                subject_kind=new.subject_kind.value,
                partner_id=new.partner_id,
                idempotency_key=new.idempotency_key,
                fingerprint=new.fingerprint,
                status=new.status.value,
                reasons=reasons_to_json(new.reasons),
                signed_at=new.signed_at,
                verify_by=new.verify_by,
            )
            .on_conflict_do_nothing()
        )
        return bool(getattr(result, "rowcount", 0))

    async def by_key(self, partner_id: int, key: str) -> tuple[Commitment, str] | None:
        """The commitment stored under this partner's key, with its fingerprint."""
        row = await self._db.first(
            self._commitments().where(C.partner_id == partner_id, C.idempotency_key == key)
        )
        return (_commitment_of(row), row[10]) if row else None

    async def pending(self, subject_id: int, matter_id: int) -> Commitment | None:
        """The subject's commitment for this matter that awaits verification, if any."""
        row = await self._db.first(
            self._commitments().where(
                C.subject_id == subject_id,
                C.matter_id == matter_id,
                C.status == CommitmentStatus.PENDING.value,
            )
        )
        return _commitment_of(row) if row else None

    async def by_reference(self, reference: str) -> Commitment | None:
        """The commitment with this reference, if any."""
        row = await self._db.first(self._commitments().where(C.reference == reference))
        return _commitment_of(row) if row else None

    async def settle(self, settlement: Settlement) -> bool:
        """Record the outcome of a pending commitment; False if it was not pending."""
        result = await self._db.execute(
            update(COMMITMENTS)
            .where(
                C.id == settlement.commitment_id,
                C.status == CommitmentStatus.PENDING.value,
            )
            .values(
                status=settlement.status.value,
                verified_at=settlement.at,
                verified_by_partner_id=settlement.partner_id,
                outcome_key=settlement.idempotency_key,
            )
        )
        return bool(getattr(result, "rowcount", 0))

    async def settled_by(self, commitment_id: int) -> tuple[int, str] | None:
        """The partner and key that recorded a commitment's outcome, if any."""
        row = await self._db.first(
            select(C.verified_by_partner_id, C.outcome_key).where(C.id == commitment_id)
        )
        if row is None or row[0] is None or row[1] is None:
            return None
        return int(row[0]), str(row[1])

    async def attach_record(self, commitment_id: int, record_id: int) -> None:
        """Link the credit record of the outcome to its commitment."""
        await self._db.execute(
            update(COMMITMENTS).where(C.id == commitment_id).values(record_id=record_id)
        )

    async def due(self, department_code: str, until: date, limit: int) -> list[Commitment]:
        """The department's pending commitments due for verification by ``until``, soonest first."""
        rows = await self._db.all(
            self._commitments()
            .where(
                M.department_code == department_code,
                C.status == CommitmentStatus.PENDING.value,
                C.verify_by <= until,
            )
            .order_by(C.verify_by, C.id)
            .limit(limit)
        )
        return [_commitment_of(row) for row in rows]

    async def figures(self) -> list[DepartmentFigures]:
        """Each department's matters and commitments by outcome, by department code."""
        matters = await self._db.all(
            select(M.department_code, func.count()).group_by(M.department_code)
        )
        counts = await self._db.all(
            select(M.department_code, C.status, func.count())
            .join(MATTERS, M.id == C.matter_id)
            .group_by(M.department_code, C.status)
        )
        by_status: dict[str, dict[str, int]] = {}
        for department, status, count in counts:
            by_status.setdefault(department, {})[status] = int(count)
        figures = []
        for department, matter_count in sorted(matters):
            found = by_status.get(department, {})
            figures.append(
                DepartmentFigures(
                    department,
                    int(matter_count),
                    sum(found.values()),
                    *(found.get(status.value, 0) for status in _OUTCOMES),
                )
            )
        return figures


_OUTCOMES = (
    CommitmentStatus.REFUSED,
    CommitmentStatus.PENDING,
    CommitmentStatus.KEPT,
    CommitmentStatus.BROKEN,
)
