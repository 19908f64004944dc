"""The append-only audit log; never commits, never updates, never deletes (sealing is
``audit_seal``'s)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, func, insert, or_, select, union

from api.db.repositories.gate import SessionGate
from api.db.tables import table_of
from api.db.tables.auth import PartnerRow
from api.db.tables.consent import AuditChainHeadRow, AuditLogRow
from api.domain.audit.chain import CHAINED_COLUMNS, ChainedRow, ChainHead, ColumnValue
from api.domain.audit.model import AuditEntry, AuditFilter, AuditRecord
from api.domain.consent.model import AccessOutcome, ConsentPermission, DenialReason, Purpose
from api.domain.paging import Page, PageRequest, SortKey
from api.domain.subjects.model import SubjectKind
from api.observability.metrics import count_personal_read_refusal

AUDIT = table_of(AuditLogRow)
HEADS = table_of(AuditChainHeadRow)
PARTNERS = table_of(PartnerRow)
A = AUDIT.c
H = HEADS.c
P = PARTNERS.c

#: Rows the verifier reads at a time.
VERIFY_BATCH = 5000
_SUBJECT_HASH = CHAINED_COLUMNS.index("subject_hash")

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


def audit_columns(record: AuditRecord) -> dict[str, ColumnValue]:
    """The audited columns of a record, as stored (and as the chain hashes them)."""
    return {
        "occurred_at": record.occurred_at,
        "request_id": record.request_id,
        "partner_id": record.partner_id,
        "partner_type": record.partner_type,
        "client_id": record.client_id,
        "token_id": record.token_id,
        "subject_kind": record.subject_kind.value if record.subject_kind else None,
        "subject_hash": record.subject_hash,
        "fields": " ".join(record.fields),
        "purpose": record.purpose.value,
        "permission": record.permission.value,
        "code_id": record.code_id,
        "consent_id": record.consent_id,
        "outcome": record.outcome.value,
        "reason": record.reason.value if record.reason else None,
    }


class AuditRepository:
    """Appends audit rows, pages through them, reads the sealed chains back (``AuditLog``).

    An append is one INSERT, as before the chain: the row is unsealed (its chain columns
    NULL) until a sealer (``api.db.repositories.audit_seal``) chains it off the request path.
    """

    def __init__(self, db: SessionGate) -> None:
        self._db = db

    async def append(self, record: AuditRecord) -> None:
        """Insert one unsealed row now, in the session's transaction; database errors propagate."""
        await self._db.execute(insert(AUDIT).values(**audit_columns(record)))
        if record.outcome is AccessOutcome.DENIED:
            count_personal_read_refusal(
                record.reason.value if record.reason else "unknown",
                record.purpose.value,
                record.partner_type,
            )

    async def chain_days(self, first: date | None, last: date | None) -> list[date]:
        """The days with a chain head or sealed rows, from ``first`` to ``last`` inclusive."""
        heads = select(H.day.label("day"))
        rows = select(A.chain_day.label("day")).where(A.chain_day.is_not(None)).distinct()
        if first is not None:
            heads, rows = heads.where(H.day >= first), rows.where(A.chain_day >= first)
        if last is not None:
            heads, rows = heads.where(H.day <= last), rows.where(A.chain_day <= last)
        days = union(heads, rows).subquery()
        found = await self._db.all(select(days.c.day).order_by(days.c.day))
        return [row[0] for row in found]

    async def unsealed_before(
        self, cutoff: datetime, first: datetime | None, last: datetime | None
    ) -> tuple[int, int | None]:
        """Unsealed rows from before ``cutoff`` (in [first, last) if given): (count, oldest id)."""
        clauses = [A.row_hash.is_(None), A.occurred_at < cutoff]
        if first is not None:
            clauses.append(A.occurred_at >= first)
        if last is not None:
            clauses.append(A.occurred_at < last)
        row = await self._db.first(select(func.count(), func.min(A.id)).where(*clauses))
        if row is None:
            return 0, None
        return int(row[0]), int(row[1]) if row[1] is not None else None

    async def chain_head(self, day: date) -> ChainHead | None:
        """Where ``day``'s chain ends, as the sealers left it, or None."""
        row = await self._db.first(select(H.last_seq, H.last_hash).where(H.day == day))
        return ChainHead(day, int(row[0]), bytes(row[1])) if row is not None else None

    async def chained_rows(self, day: date) -> AsyncIterator[ChainedRow]:
        """``day``'s rows in chain order (place, then id), read a batch at a time."""
        wanted = [A.id, A.chain_seq, A.prev_hash, A.row_hash, *(A[n] for n in CHAINED_COLUMNS)]
        after: tuple[int, int] | None = None
        while True:
            query = select(*wanted).where(A.chain_day == day)
            if after is not None:
                query = query.where(
                    or_(
                        A.chain_seq > after[0],
                        and_(A.chain_seq == after[0], A.id > after[1]),
                    )
                )
            rows = await self._db.all(query.order_by(A.chain_seq, A.id).limit(VERIFY_BATCH))
            for row in rows:
                values = list(row[4:])
                if values[_SUBJECT_HASH] is not None:  # a memoryview on some drivers
                    values[_SUBJECT_HASH] = bytes(values[_SUBJECT_HASH])
                columns = dict(zip(CHAINED_COLUMNS, values, strict=True))
                yield ChainedRow(
                    id=int(row[0]),
                    seq=int(row[1]),
                    prev_hash=bytes(row[2]),
                    row_hash=bytes(row[3]),
                    columns=columns,
                )
            if len(rows) < VERIFY_BATCH:
                return
            after = (int(rows[-1][1]), int(rows[-1][0]))

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
