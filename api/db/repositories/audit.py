"""The append-only audit log; never commits, never updates, never deletes."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, insert, or_, select

from api.db.repositories.gate import SessionGate
from api.db.tables.auth import PartnerRow
from api.db.tables.consent import AuditLogRow
from api.domain.audit.model import AuditEntry, AuditFilter, AuditRecord
from api.domain.consent.model import AccessOutcome, ConsentPermission, DenialReason, Purpose
from api.domain.paging import Page, PageRequest, SortKey
from api.domain.subjects.model import SubjectKind
from api.observability.metrics import count_personal_read_refusal

AUDIT = AuditLogRow.__table__  # type: ignore[attr-defined]
PARTNERS = PartnerRow.__table__  # type: ignore[attr-defined]
A = AUDIT.c
P = PARTNERS.c

_ENTRY_COLUMNS = (
    A.id,
    A.occurred_at,
    A.request_id,
    A.partner_id,
    A.partner_type,
    A.client_id,
    A.token_id,
    A.subject_kind,
    A.subject_hash,
    A.fields,
    A.purpose,
    A.permission,
    A.code_id,
    A.consent_id,
    A.outcome,
    A.reason,
    P.name,
)


def _entry(row: Sequence[Any]) -> AuditEntry:
    record = AuditRecord(
        occurred_at=row[1],
        request_id=row[2],
        partner_id=row[3],
        partner_type=row[4],
        client_id=row[5],
        token_id=row[6],
        subject_kind=SubjectKind(row[7]) if row[7] else None,
        subject_hash=bytes(row[8]) if row[8] is not None else None,
        fields=tuple(row[9].split()),
        purpose=Purpose(row[10]),
        permission=ConsentPermission(row[11]),
        code_id=row[12],
        consent_id=row[13],
        outcome=AccessOutcome(row[14]),
        reason=DenialReason(row[15]) if row[15] else None,
    )
    return AuditEntry(id=row[0], record=record, partner_name=row[16])


def audit_sort_key(entry: AuditEntry) -> SortKey:
    """Newest first: the time of the access, then the row id."""
    return (entry.record.occurred_at.isoformat(), entry.id)


def _clauses(spec: AuditFilter) -> list[ColumnElement[bool]]:
    clauses: list[ColumnElement[bool]] = []
    if spec.partner_id is not None:
        clauses.append(A.partner_id == spec.partner_id)
    if spec.subject_kind is not None:
        clauses.append(A.subject_kind == spec.subject_kind.value)
    if spec.subject_hash is not None:
        clauses.append(A.subject_hash == spec.subject_hash)
    if spec.purpose is not None:
        clauses.append(A.purpose == spec.purpose.value)
    if spec.outcome is not None:
        clauses.append(A.outcome == spec.outcome.value)
    if spec.occurred_from is not None:
        clauses.append(A.occurred_at >= spec.occurred_from)
    if spec.occurred_until is not None:
        clauses.append(A.occurred_at < spec.occurred_until)
    return clauses


class AuditRepository:
    """Appends audit rows and pages through them (implements ``AuditLog``)."""

    def __init__(self, db: SessionGate) -> None:
        self._db = db

    async def append(self, record: AuditRecord) -> None:
        """Insert one row now, in the session's transaction; database errors propagate."""
        await self._db.execute(
            insert(AUDIT).values(
                occurred_at=record.occurred_at,
                request_id=record.request_id,
                partner_id=record.partner_id,
                partner_type=record.partner_type,
                client_id=record.client_id,
                token_id=record.token_id,
                subject_kind=record.subject_kind.value if record.subject_kind else None,
                subject_hash=record.subject_hash,
                fields=" ".join(record.fields),
                purpose=record.purpose.value,
                permission=record.permission.value,
                code_id=record.code_id,
                consent_id=record.consent_id,
                outcome=record.outcome.value,
                reason=record.reason.value if record.reason else None,
            )
        )
        if record.outcome is AccessOutcome.DENIED:
            count_personal_read_refusal(
                record.reason.value if record.reason else "unknown",
                record.purpose.value,
                record.partner_type,
            )

    async def page(self, spec: AuditFilter, request: PageRequest) -> Page[AuditEntry]:
        """One keyset page of matching rows, newest first, with each partner's name."""
        clauses = _clauses(spec)
        if request.after is not None:
            at = datetime.fromisoformat(str(request.after[0]))
            last_id = int(request.after[1])
            clauses.append(or_(A.occurred_at < at, and_(A.occurred_at == at, A.id < last_id)))
        rows = await self._db.all(
            select(*_ENTRY_COLUMNS)
            .select_from(AUDIT.outerjoin(PARTNERS, P.id == A.partner_id))
            .where(*clauses)
            .order_by(A.occurred_at.desc(), A.id.desc())
            .limit(request.first + 1)
        )
        entries = [_entry(row) for row in rows]
        return Page(
            items=[(e, audit_sort_key(e)) for e in entries[: request.first]],
            has_next=len(entries) > request.first,
        )
