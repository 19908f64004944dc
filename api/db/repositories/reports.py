"""Issued credit reports, the records a report reads, and the keys that sign reports; never commits.

Signing keys are read here through the request's session gate (not ``SigningKeyRepository``,
which uses the session directly), so a report's statements queue with the request's others.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import insert, select

from api.db.repositories.gate import SessionGate
from api.db.repositories.partners import SigningKeyRecord
from api.db.repositories.records import DEPARTMENT_COLUMNS, RECORD_COLUMNS, record_from_row
from api.db.tables import CreditRecordRow, DepartmentRow, table_of
from api.db.tables.auth import SigningKeyRow
from api.db.tables.reports import CreditReportRow
from api.domain.consent.model import Purpose, SubjectRef
from api.domain.records.model import (
    CreditRecord,
    RecordCategory,
)
from api.domain.reports.model import ReportDomain, ReportPeriod, StoredReport
from api.domain.subjects.model import SubjectKind

REPORTS = table_of(CreditReportRow)
KEYS = table_of(SigningKeyRow)
T = REPORTS.c
K = KEYS.c
R = table_of(CreditRecordRow).c
D = table_of(DepartmentRow).c

_REPORT_COLUMNS = (
    T.number,
    T.subject_kind,
    T.subject_id,
    T.period_from,
    T.period_until,
    T.domains,
    T.issued_at,
    T.valid_until,
    T.content_hash,
    T.key_id,
    T.purpose,
    T.issuer_partner_id,
    T.issuer_client_id,
)

_RECORD_COLUMNS = (*RECORD_COLUMNS, *DEPARTMENT_COLUMNS)

_KEY_COLUMNS = (
    K.kid,
    K.algorithm,
    K.public_jwk,
    K.private_key_encrypted,
    K.created_at,
    K.activates_at,
)


def _stored(row: Sequence[Any]) -> StoredReport:
    return StoredReport(
        number=row[0],
        subject=SubjectRef(SubjectKind(row[1]), row[2]),
        period=ReportPeriod(start=row[3], end=row[4]),
        domains=tuple(ReportDomain(name) for name in row[5].split()),
        issued_at=row[6],
        valid_until=row[7],
        content_hash=bytes(row[8]),
        key_id=row[9],
        purpose=Purpose(row[10]),
        issuer_partner_id=row[11],
        issuer_client_id=row[12],
    )


def _key(row: Sequence[Any]) -> SigningKeyRecord:
    return SigningKeyRecord(
        kid=row[0],
        algorithm=row[1],
        public_jwk=row[2],
        private_key_encrypted=bytes(row[3]),
        created_at=row[4],
        activates_at=row[5],
    )


class CreditReportRepository:
    """Issued reports by number (implements ``ReportStore``), and the signing keys."""

    def __init__(self, db: SessionGate) -> None:
        self._db = db

    async def add(self, report: StoredReport) -> None:
        """Record an issued report, in the session's transaction."""
        await self._db.execute(
            insert(REPORTS).values(
                number=report.number,
                subject_kind=report.subject.kind.value,
                subject_id=report.subject.id,
                period_from=report.period.start,
                period_until=report.period.end,
                domains=" ".join(domain.value for domain in report.domains),
                issued_at=report.issued_at,
                valid_until=report.valid_until,
                content_hash=report.content_hash,
                key_id=report.key_id,
                purpose=report.purpose.value,
                issuer_partner_id=report.issuer_partner_id,
                issuer_client_id=report.issuer_client_id,
            )
        )

    async def get(self, number: str) -> StoredReport | None:
        """The report with this canonical number, if any (the primary key answers it)."""
        row = await self._db.first(select(*_REPORT_COLUMNS).where(T.number == number))
        return _stored(row) if row else None

    async def records_between(
        self,
        subject_id: int,
        categories: Collection[RecordCategory],
        start: datetime,
        end: datetime,
    ) -> list[CreditRecord]:
        """Every record of these categories in ``[start, end)``, whatever its status, oldest first.

        The subject's newest-first index (subject, occurred_at) answers the range.
        """
        if not categories:
            return []
        rows = await self._db.all(
            select(*_RECORD_COLUMNS)
            .join(DepartmentRow, D.id == R.department_id)
            .where(
                R.subject_id == subject_id,
                R.occurred_at >= start,
                R.occurred_at < end,
                R.category.in_(sorted(category.value for category in categories)),
            )
            .order_by(R.occurred_at, R.id)
        )
        return [record_from_row(row) for row in rows]

    async def signing_keys(self) -> list[SigningKeyRecord]:
        """Every stored signing key (private halves still sealed), oldest activation first."""
        rows = await self._db.all(select(*_KEY_COLUMNS).order_by(K.activates_at, K.kid))
        return [_key(row) for row in rows]

    async def signing_key(self, kid: str) -> SigningKeyRecord | None:
        """The stored signing key with this kid, whether or not it still verifies tokens."""
        row = await self._db.first(select(*_KEY_COLUMNS).where(K.kid == kid))
        return _key(row) if row else None
