"""Records as the credit engine writes and scores them. Never commits."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from sqlalchemy import insert, select, update

from api.db.repositories.credit.tables import ENTERPRISES, RECORDS, SUBJECTS, D, E, R, S
from api.db.repositories.gate import SessionGate
from api.db.repositories.records import RECORD_COLUMNS, record_from_row
from api.domain.clock import city_today
from api.domain.credit.scoring import ScoredFact, SubjectFacts
from api.domain.records.model import (
    CreditRecord,
    Department,
    RecordCategory,
    RecordStatus,
    Severity,
)
from api.domain.subjects.model import SubjectKind, TaxGrade


class RecordWriterRepository:
    """Records as the credit engine writes and scores them (implements ``RecordWriter``)."""

    def __init__(self, db: SessionGate) -> None:
        self._db = db

    async def add(
        self,
        *,
        subject_id: int,
        department_id: int,
        category: RecordCategory,
        severity: Severity | None,
        occurred_at: datetime,
        publicity_until: date | None,
        status: RecordStatus,
        summary: str,
        now: datetime,
    ) -> CreditRecord:
        """Store a new record and return it with its id."""
        row = await self._db.first(
            insert(RECORDS)
            .values(
                subject_id=subject_id,
                department_id=department_id,
                category=category.value,
                severity=severity.value if severity else None,
                occurred_at=occurred_at,
                publicity_until=publicity_until,
                status=status.value,
                summary=summary,
                created_at=now,
            )
            .returning(*RECORD_COLUMNS)
        )
        return record_from_row(row)

    async def get(self, record_id: int) -> CreditRecord | None:
        """One record by id, whatever its status."""
        row = await self._db.first(select(*RECORD_COLUMNS).where(R.id == record_id))
        return record_from_row(row) if row else None

    async def by_ids(self, record_ids: Sequence[int]) -> dict[int, CreditRecord]:
        """Records by id, whatever their status (for the subject's and regulator's views)."""
        if not record_ids:
            return {}
        rows = await self._db.all(select(*RECORD_COLUMNS).where(R.id.in_(list(record_ids))))
        return {row[0]: record_from_row(row) for row in rows}

    async def set_status(self, record_id: int, status: RecordStatus) -> None:
        """Change a record's status (repair, expiry)."""
        await self._db.execute(update(RECORDS).where(R.id == record_id).values(status=status.value))

    async def department_by_code(self, code: str) -> Department | None:
        """The department with this code, if any."""
        row = await self._db.first(select(D.id, D.code, D.name, D.name_zh).where(D.code == code))
        return Department(id=row[0], code=row[1], name=row[2], name_zh=row[3]) if row else None

    async def subject_facts(self, subject_id: int) -> SubjectFacts | None:
        """Every record of the subject (all statuses) and its tax grade; None if no subject."""
        head = await self._db.first(
            select(S.kind, E.tax_grade)
            .select_from(SUBJECTS.outerjoin(ENTERPRISES, E.subject_id == S.id))
            .where(S.id == subject_id)
        )
        if head is None:
            return None
        rows = await self._db.all(
            select(R.id, R.category, R.severity, R.occurred_at, R.publicity_until, R.status).where(
                R.subject_id == subject_id
            )
        )
        return SubjectFacts(
            subject_id=subject_id,
            kind=SubjectKind(head[0]),
            tax_grade=TaxGrade(head[1]) if head[1] else None,
            facts=[
                ScoredFact(
                    id=row[0],
                    category=RecordCategory(row[1]),
                    severity=Severity(row[2]) if row[2] else None,
                    occurred_on=city_today(row[3]),
                    publicity_until=row[4],
                    status=RecordStatus(row[5]),
                )
                for row in rows
            ],
        )
