"""Integrity codes and standing consents in the database; never commits."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import and_, insert, or_, select, update

from api.db.repositories.gate import SessionGate
from api.db.tables import table_of
from api.db.tables.consent import ConsentRow, IntegrityCodeRow
from api.domain.consent.model import (
    Consent,
    ConsentPermission,
    ConsentStatus,
    IntegrityCode,
    Purpose,
    SubjectRef,
)
from api.domain.paging import Page, PageRequest, SortKey
from api.domain.subjects.model import SubjectKind

CODES = table_of(IntegrityCodeRow)
CONSENTS = table_of(ConsentRow)
I = CODES.c  # noqa: E741 (the table's columns, as the other repositories name theirs)
C = CONSENTS.c

_CODE_COLUMNS = (
    I.id,
    I.person_id,
    I.purpose,
    I.issued_at,
    I.expires_at,
    I.revoked_at,
    I.issued_by_client_id,
)

_CONSENT_COLUMNS = (
    C.id,
    C.subject_kind,
    C.subject_id,
    C.partner_id,
    C.permissions,
    C.purpose,
    C.status,
    C.created_at,
    C.status_updated_at,
    C.expires_at,
    C.created_by_client_id,
)


def _code(row: Sequence[Any]) -> IntegrityCode:
    return IntegrityCode(
        id=row[0],
        person_id=row[1],
        purpose=Purpose(row[2]),
        issued_at=row[3],
        expires_at=row[4],
        revoked_at=row[5],
        issued_by_client_id=row[6],
    )


def _consent(row: Sequence[Any]) -> Consent:
    return Consent(
        id=row[0],
        subject=SubjectRef(SubjectKind(row[1]), row[2]),
        partner_id=row[3],
        permissions=frozenset(ConsentPermission(p) for p in row[4].split()),
        purpose=Purpose(row[5]),
        status=ConsentStatus(row[6]),
        created_at=row[7],
        status_updated_at=row[8],
        expires_at=row[9],
        created_by_client_id=row[10],
    )


def consent_sort_key(consent: Consent) -> SortKey:
    """Newest first: the creation time, then the id."""
    return (consent.created_at.isoformat(), consent.id)


class IntegrityCodeRepository:
    """Issued integrity codes (implements ``IntegrityCodeStore``)."""

    def __init__(self, db: SessionGate) -> None:
        self._db = db

    async def add(self, code: IntegrityCode) -> None:
        """Record a newly issued code."""
        await self._db.execute(
            insert(CODES).values(
                id=code.id,
                person_id=code.person_id,
                purpose=code.purpose.value,
                issued_at=code.issued_at,
                expires_at=code.expires_at,
                revoked_at=code.revoked_at,
                issued_by_client_id=code.issued_by_client_id,
            )
        )

    async def get(self, code_id: str) -> IntegrityCode | None:
        """The code with this id, if any."""
        row = await self._db.first(select(*_CODE_COLUMNS).where(I.id == code_id))
        return _code(row) if row else None

    async def revoke(self, code_id: str, now: datetime) -> bool:
        """Mark a code revoked; False when it was already revoked or is unknown."""
        result = await self._db.execute(
            update(CODES).where(I.id == code_id, I.revoked_at.is_(None)).values(revoked_at=now)
        )
        return bool(getattr(result, "rowcount", 0))


class ConsentRepository:
    """Standing consents (implements ``ConsentStore``)."""

    def __init__(self, db: SessionGate) -> None:
        self._db = db

    async def add(self, consent: Consent) -> None:
        """Record a new consent."""
        await self._db.execute(
            insert(CONSENTS).values(
                id=consent.id,
                subject_id=consent.subject.id,
                subject_kind=consent.subject.kind.value,
                partner_id=consent.partner_id,
                permissions=" ".join(sorted(p.value for p in consent.permissions)),
                purpose=consent.purpose.value,
                status=consent.status.value,
                created_at=consent.created_at,
                status_updated_at=consent.status_updated_at,
                expires_at=consent.expires_at,
                created_by_client_id=consent.created_by_client_id,
            )
        )

    async def get(self, consent_id: str) -> Consent | None:
        """The consent with this id (status as stored), if any."""
        row = await self._db.first(select(*_CONSENT_COLUMNS).where(C.id == consent_id))
        return _consent(row) if row else None

    async def change_status(
        self, consent_id: str, *, expected: ConsentStatus, new: ConsentStatus, now: datetime
    ) -> bool:
        """Compare-and-set the status; False when it was no longer ``expected``."""
        result = await self._db.execute(
            update(CONSENTS)
            .where(C.id == consent_id, C.status == expected.value)
            .values(status=new.value, status_updated_at=now)
        )
        return bool(getattr(result, "rowcount", 0))

    async def page_for_subject(self, subject: SubjectRef, request: PageRequest) -> Page[Consent]:
        """One keyset page of a subject's consents, newest first."""
        clauses = [C.subject_id == subject.id, C.subject_kind == subject.kind.value]
        if request.after is not None:
            at = datetime.fromisoformat(str(request.after[0]))
            last_id = str(request.after[1])
            clauses.append(or_(C.created_at < at, and_(C.created_at == at, C.id < last_id)))
        rows = await self._db.all(
            select(*_CONSENT_COLUMNS)
            .where(*clauses)
            .order_by(C.created_at.desc(), C.id.desc())
            .limit(request.first + 1)
        )
        consents = [_consent(row) for row in rows]
        return Page(
            items=[(c, consent_sort_key(c)) for c in consents[: request.first]],
            has_next=len(consents) > request.first,
        )
