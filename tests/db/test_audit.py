"""The audit log: one row per read, the subject's view, the credit office's search, append-only."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from api.auth.scopes import PartnerType
from api.crypto import KeyedAccessCrypto, Keys
from api.db.repositories import Repositories
from api.db.repositories.audit import AuditRepository
from api.db.tables.consent import AuditLogRow, IntegrityCodeRow
from api.db.uow import UnitOfWork
from api.domain.audit.model import AuditFilter, AuditRecord
from api.domain.audit.services import (
    enterprise_access_log,
    person_access_log,
    search_audit_log,
)
from api.domain.consent.access import authorise_read
from api.domain.consent.codes import issue_integrity_code
from api.domain.consent.consents import authorise_consent, request_consent
from api.domain.consent.errors import AuditWriteError
from api.domain.consent.model import (
    AccessDecision,
    Accessor,
    AccessOutcome,
    ConsentPermission,
    DenialReason,
    Purpose,
    SubjectRef,
)
from api.domain.errors import InvalidArgumentError
from api.domain.identifiers import IdentifierError
from api.domain.paging import PageRequest
from api.domain.subjects.model import SubjectKind
from tests.factories import NOW, Factory, partner_accessor

READ = ConsentPermission.READ_CREDIT_RECORDS


partner = partner_accessor


async def read(
    store: Repositories,
    crypto: KeyedAccessCrypto,
    accessor: Accessor,
    *,
    at: datetime,
    subject: SubjectRef | None = None,
    purpose: Purpose = Purpose.CREDIT_SUPERVISION,
    permission: ConsentPermission = READ,
    code: str | None = None,
    consent_id: str | None = None,
) -> AccessDecision:
    """One audited read at ``at``."""
    return await authorise_read(
        store,
        crypto,
        accessor=accessor,
        subject=subject,
        purpose=purpose,
        permission=permission,
        fields=["creditRecords"],
        code=code,
        consent_id=consent_id,
        request_id=f"req-{at.isoformat()}",
        now=at,
    )


async def count_rows(session: AsyncSession) -> int:
    """How many audit rows the test's transaction holds."""
    return int(await session.scalar(select(func.count()).select_from(AuditLogRow)) or 0)


def at(minutes: int) -> datetime:
    """NOW plus some minutes."""
    return NOW + timedelta(minutes=minutes)


async def test_each_read_writes_exactly_one_row(
    session: AsyncSession, store: Repositories, crypto: KeyedAccessCrypto, factory: Factory
) -> None:
    person_id, _ = await factory.person()
    regulator = await partner(session, PartnerType.REGULATOR)
    hospital = await partner(session, PartnerType.HOSPITAL)
    assert await count_rows(session) == 0
    allowed = await read(store, crypto, regulator, at=at(1), subject=SubjectRef.person(person_id))
    assert allowed.allowed
    assert await count_rows(session) == 1
    denied = await read(
        store, crypto, hospital, at=at(2), subject=SubjectRef.person(person_id),
        purpose=Purpose.PAY_AFTER_TREATMENT,
    )  # fmt: skip
    assert not denied.allowed
    assert await count_rows(session) == 2
    outcomes = await session.execute(text("SELECT outcome FROM audit_log ORDER BY id"))
    assert [row[0] for row in outcomes] == ["ALLOWED", "DENIED"]


async def test_the_person_sees_who_read_their_data(
    session: AsyncSession, store: Repositories, crypto: KeyedAccessCrypto, factory: Factory
) -> None:
    person_id, resident_id = await factory.person()
    other_id, other_resident_id = await factory.person()
    person = SubjectRef.person(person_id)
    hospital = await partner(session, PartnerType.HOSPITAL)
    regulator = await partner(session, PartnerType.REGULATOR)
    bank = await partner(session, PartnerType.BANK)

    issued = await issue_integrity_code(
        store, crypto, person_id=person_id, purpose=Purpose.PAY_AFTER_TREATMENT,
        issued_by_client_id=None, now=NOW,
    )  # fmt: skip
    consent = await request_consent(
        store, accessor=bank, subject=person, permissions=[READ], purpose=Purpose.CREDIT_LOAN,
        expires_at=NOW + timedelta(days=30), now=NOW,
    )  # fmt: skip
    await authorise_consent(store, consent_id=consent.id, subject=person, now=NOW)

    await read(
        store, crypto, hospital, at=at(1), code=issued.code, purpose=Purpose.PAY_AFTER_TREATMENT
    )
    await read(store, crypto, regulator, at=at(2), subject=person)
    await read(store, crypto, bank, at=at(3), consent_id=consent.id, purpose=Purpose.CREDIT_LOAN)
    await read(store, crypto, bank, at=at(4), subject=person, purpose=Purpose.CREDIT_LOAN)
    await read(store, crypto, regulator, at=at(5), subject=SubjectRef.person(other_id))

    page = await person_access_log(
        store, crypto, resident_id=resident_id, request=PageRequest(first=10)
    )
    entries = [entry for entry, _ in page.items]
    assert not page.has_next
    assert [e.record.occurred_at for e in entries] == [at(4), at(3), at(2), at(1)]
    assert [e.record.partner_id for e in entries] == [
        bank.partner_id,
        bank.partner_id,
        regulator.partner_id,
        hospital.partner_id,
    ]
    assert [e.record.outcome for e in entries] == [
        AccessOutcome.DENIED,
        AccessOutcome.ALLOWED,
        AccessOutcome.ALLOWED,
        AccessOutcome.ALLOWED,
    ]
    assert entries[0].record.reason is DenialReason.NO_AUTHORISATION
    assert entries[1].record.consent_id == consent.id
    assert entries[3].record.code_id == issued.integrity_code.id
    assert entries[3].record.purpose is Purpose.PAY_AFTER_TREATMENT
    assert all(e.partner_name and e.partner_name.startswith("Test ") for e in entries)

    # Keyset pages give the same rows in the same order.
    first = await person_access_log(
        store, crypto, resident_id=resident_id, request=PageRequest(first=3)
    )
    assert first.has_next
    rest = await person_access_log(
        store, crypto, resident_id=resident_id,
        request=PageRequest(first=3, after=first.items[-1][1]),
    )  # fmt: skip
    assert [e.id for e, _ in first.items + rest.items] == [e.id for e in entries]
    assert not rest.has_next

    denied_only = await person_access_log(
        store, crypto, resident_id=resident_id, request=PageRequest(first=10),
        outcome=AccessOutcome.DENIED,
    )  # fmt: skip
    assert [e.record.occurred_at for e, _ in denied_only.items] == [at(4)]
    others = await person_access_log(
        store, crypto, resident_id=other_resident_id, request=PageRequest(first=10)
    )
    assert [e.record.occurred_at for e, _ in others.items] == [at(5)]
    with pytest.raises(IdentifierError):
        await person_access_log(store, crypto, resident_id="12345", request=PageRequest(first=1))


async def test_the_enterprise_sees_who_read_its_non_public_data(
    session: AsyncSession, store: Repositories, crypto: KeyedAccessCrypto, factory: Factory
) -> None:
    enterprise_id, uscc = await factory.enterprise()
    other_id, _ = await factory.enterprise()
    office = await partner(session, PartnerType.CREDIT_OFFICE)
    non_public = ConsentPermission.READ_ENTERPRISE_NON_PUBLIC
    for minutes, subject_id in ((1, enterprise_id), (2, other_id), (3, enterprise_id)):
        decision = await read(
            store, crypto, office, at=at(minutes), subject=SubjectRef.enterprise(subject_id),
            permission=non_public,
        )  # fmt: skip
        assert decision.allowed
    page = await enterprise_access_log(store, crypto, uscc=uscc, request=PageRequest(first=10))
    assert [e.record.occurred_at for e, _ in page.items] == [at(3), at(1)]
    assert {e.record.subject_kind for e, _ in page.items} == {SubjectKind.ENTERPRISE}


async def test_the_credit_office_searches_the_log(
    session: AsyncSession, store: Repositories, crypto: KeyedAccessCrypto, factory: Factory
) -> None:
    person_id, resident_id = await factory.person()
    other_id, _ = await factory.person()
    regulator = await partner(session, PartnerType.REGULATOR)
    hospital = await partner(session, PartnerType.HOSPITAL)
    office = await partner(session, PartnerType.CREDIT_OFFICE)
    person, other = SubjectRef.person(person_id), SubjectRef.person(other_id)
    await read(store, crypto, regulator, at=at(1), subject=person)
    await read(store, crypto, regulator, at=at(2), subject=other)
    await read(
        store, crypto, hospital, at=at(3), subject=person, purpose=Purpose.PAY_AFTER_TREATMENT
    )
    await read(
        store, crypto, office, at=at(4), subject=other, purpose=Purpose.INCENTIVE_ELIGIBILITY
    )

    async def search(spec: AuditFilter, identifier: str | None = None) -> list[datetime]:
        page = await search_audit_log(
            store, crypto, spec=spec, request=PageRequest(first=50), subject_identifier=identifier
        )
        return [entry.record.occurred_at for entry, _ in page.items]

    assert await search(AuditFilter()) == [at(4), at(3), at(2), at(1)]
    assert await search(AuditFilter(partner_id=regulator.partner_id)) == [at(2), at(1)]
    assert await search(AuditFilter(subject_kind=SubjectKind.PERSON), resident_id) == [
        at(3),
        at(1),
    ]
    hashed = crypto.resident_id_hash(resident_id)
    assert await search(AuditFilter(subject_hash=hashed)) == [at(3), at(1)]
    assert await search(AuditFilter(purpose=Purpose.CREDIT_SUPERVISION)) == [at(2), at(1)]
    assert await search(AuditFilter(outcome=AccessOutcome.DENIED)) == [at(4), at(3)]
    assert await search(AuditFilter(occurred_from=at(2), occurred_until=at(4))) == [at(3), at(2)]
    assert await search(AuditFilter(partner_id=regulator.partner_id, occurred_from=at(2))) == [
        at(2)
    ]
    with pytest.raises(InvalidArgumentError):
        await search(AuditFilter(), resident_id)

    pages: list[int] = []
    after = None
    while True:
        page = await search_audit_log(
            store, crypto, spec=AuditFilter(), request=PageRequest(first=1, after=after)
        )
        pages += [entry.id for entry, _ in page.items]
        if not page.has_next:
            break
        after = page.items[-1][1]
    assert len(pages) == 4
    assert len(set(pages)) == 4


def _record(**changes: Any) -> AuditRecord:
    values: dict[str, Any] = {
        "occurred_at": NOW,
        "request_id": "req",
        "partner_id": 1,
        "partner_type": "regulator",
        "client_id": "cp_x",
        "token_id": None,
        "subject_kind": SubjectKind.PERSON,
        "subject_hash": b"\x01" * 32,
        "fields": ("creditRecords",),
        "purpose": Purpose.CREDIT_SUPERVISION,
        "permission": READ,
        "code_id": None,
        "consent_id": None,
        "outcome": AccessOutcome.ALLOWED,
        "reason": None,
    }
    values.update(changes)
    return AuditRecord(**values)


@pytest.mark.parametrize(
    "changes",
    [
        {"subject_hash": None, "subject_kind": None},
        {"reason": DenialReason.NO_AUTHORISATION},
        {"outcome": AccessOutcome.DENIED},
    ],
)
async def test_the_database_refuses_an_incoherent_row(
    session: AsyncSession, store: Repositories, changes: dict[str, object]
) -> None:
    with pytest.raises(DBAPIError):
        async with session.begin_nested():
            await store.audit.append(_record(**changes))
    assert await count_rows(session) == 0


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE audit_log SET purpose = 'credit_loan'",
        "UPDATE audit_log SET subject_hash = NULL, outcome = 'DENIED', reason = 'CODE_INVALID'",
        "DELETE FROM audit_log",
        "TRUNCATE audit_log",
    ],
)
async def test_the_database_refuses_to_change_the_log(
    session: AsyncSession, store: Repositories, backend: str, statement: str
) -> None:
    if statement.startswith("TRUNCATE") and backend != "postgresql":
        pytest.skip("SQLite has no TRUNCATE (its DELETE trigger covers the same ground)")
    await store.audit.append(_record())
    with pytest.raises(DBAPIError, match="append-only"):
        async with session.begin_nested():
            await session.execute(text(statement))
    rows = (await session.execute(text("SELECT purpose, outcome FROM audit_log"))).all()
    assert [tuple(row) for row in rows] == [("credit_supervision", "ALLOWED")]


async def test_no_unaudited_read(
    sessions: async_sessionmaker[AsyncSession],
    crypto: KeyedAccessCrypto,
    keys: Keys,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    async with sessions() as setup:
        factory = Factory(setup, keys)
        person_id, _ = await factory.person()
        hospital = await partner(setup, PartnerType.HOSPITAL)
        await setup.commit()

    async def broken_append(self: AuditRepository, record: AuditRecord) -> None:
        await self._db.execute(text("INSERT INTO audit_log (no_such_column) VALUES (1)"))

    monkeypatch.setattr(AuditRepository, "append", broken_append)

    async def scan_and_read() -> None:
        """A unit of work that issues a code, then reads with it; it must never commit."""
        async with UnitOfWork(sessions) as uow:
            issued = await issue_integrity_code(
                uow.repos, crypto, person_id=person_id, purpose=Purpose.PAY_AFTER_TREATMENT,
                issued_by_client_id=None, now=NOW,
            )  # fmt: skip
            decision = await read(
                uow.repos, crypto, hospital, at=at(1), code=issued.code,
                purpose=Purpose.PAY_AFTER_TREATMENT,
            )  # fmt: skip
            await uow.commit()
            pytest.fail(f"the read was decided without an audit row: {decision}")

    with pytest.raises(AuditWriteError) as caught:
        await scan_and_read()
    assert isinstance(caught.value.__cause__, DBAPIError)

    async with sessions() as check:
        assert await count_rows(check) == 0
        codes = await check.scalar(select(func.count()).select_from(IntegrityCodeRow))
        assert codes == 0
