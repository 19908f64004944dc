"""Integrity codes and standing consents against the database, on SQLite and PostgreSQL."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.auth.scopes import PartnerType
from api.crypto import KeyedAccessCrypto, blind_index
from api.db.repositories import Repositories
from api.db.tables.consent import AuditLogRow, IntegrityCodeRow
from api.domain.audit.model import AuditEntry, AuditFilter
from api.domain.consent.access import authorise_read
from api.domain.consent.codes import issue_integrity_code, revoke_integrity_code
from api.domain.consent.consents import (
    authorise_consent,
    partner_consent,
    reject_consent,
    request_consent,
    revoke_consent,
    subject_consent,
    subject_consents,
)
from api.domain.consent.errors import (
    ConsentExpiryError,
    ConsentTransitionError,
    PermissionNotApplicableError,
    PurposeNotAllowedError,
)
from api.domain.consent.model import (
    AccessDecision,
    Accessor,
    AccessOutcome,
    Consent,
    ConsentPermission,
    ConsentStatus,
    DenialReason,
    IssuedCode,
    Purpose,
    SubjectRef,
)
from api.domain.consent.persons import find_person, require_person
from api.domain.errors import InvalidArgumentError, NotFoundError
from api.domain.identifiers import IdentifierError, mask_resident_id
from api.domain.paging import PageRequest
from api.domain.subjects.model import SubjectKind
from tests.factories import NOW, Factory, partner_accessor

READ = ConsentPermission.READ_CREDIT_RECORDS
PAT = Purpose.PAY_AFTER_TREATMENT


partner = partner_accessor


async def audit_rows(store: Repositories) -> list[AuditEntry]:
    """Every audit row of the test, newest first."""
    page = await store.audit.page(AuditFilter(), PageRequest(first=100))
    return [entry for entry, _ in page.items]


async def read(
    store: Repositories,
    crypto: KeyedAccessCrypto,
    accessor: Accessor,
    *,
    subject: SubjectRef | None = None,
    purpose: Purpose = PAT,
    permission: ConsentPermission = READ,
    code: str | None = None,
    consent_id: str | None = None,
    now: datetime = NOW + timedelta(minutes=1),
) -> AccessDecision:
    """One audited read, as a resolver would ask for it."""
    return await authorise_read(
        store,
        crypto,
        accessor=accessor,
        subject=subject,
        purpose=purpose,
        permission=permission,
        fields=["creditRecords", "residentIdMasked"],
        code=code,
        consent_id=consent_id,
        request_id="req-1",
        now=now,
    )


async def issue(
    store: Repositories,
    crypto: KeyedAccessCrypto,
    person_id: int,
    purpose: Purpose = PAT,
    minutes: int = 5,
) -> IssuedCode:
    """A code issued at NOW by the citizen app."""
    return await issue_integrity_code(
        store,
        crypto,
        person_id=person_id,
        purpose=purpose,
        issued_by_client_id="cp_citizen",
        now=NOW,
        lifetime=timedelta(minutes=minutes),
    )


async def assert_one_denial(store: Repositories, reason: DenialReason) -> AuditEntry:
    """Exactly one audit row, a denial for ``reason``."""
    rows = await audit_rows(store)
    assert len(rows) == 1
    assert rows[0].record.outcome is AccessOutcome.DENIED
    assert rows[0].record.reason is reason
    return rows[0]


# --- finding a person --------------------------------------------------------------------------


async def test_find_person_by_resident_id(
    store: Repositories, crypto: KeyedAccessCrypto, factory: Factory
) -> None:
    person_id, resident_id = await factory.person()
    found = await find_person(store, crypto, resident_id.lower())
    assert found is not None
    assert found.id == person_id
    assert found.resident_id_masked == mask_resident_id(resident_id)
    assert found.resident_id_hash == blind_index(factory.keys.identifier_index, resident_id)
    assert resident_id not in repr(found)
    assert await find_person(store, crypto, "110101199001010015") is None
    with pytest.raises(NotFoundError):
        await require_person(store, crypto, "110101199001010015")
    with pytest.raises(IdentifierError):
        await find_person(
            store, crypto, resident_id[:-1] + ("1" if resident_id[-1] != "1" else "2")
        )


# --- integrity codes ---------------------------------------------------------------------------


async def test_a_scanned_code_authorises_one_read_and_is_audited(
    session: AsyncSession, store: Repositories, crypto: KeyedAccessCrypto, factory: Factory
) -> None:
    person_id, resident_id = await factory.person()
    hospital = await partner(session, PartnerType.HOSPITAL)
    issued = await issue(store, crypto, person_id)
    assert issued.code not in repr(issued)
    assert issued.integrity_code.expires_at == NOW + timedelta(minutes=5)
    stored = await store.integrity_codes.get(issued.integrity_code.id)
    assert stored == issued.integrity_code

    decision = await read(store, crypto, hospital, code=issued.code)
    assert decision.allowed
    assert decision.subject == SubjectRef.person(person_id)
    assert decision.code_id == issued.integrity_code.id

    (row,) = await audit_rows(store)
    record = row.record
    assert record.outcome is AccessOutcome.ALLOWED
    assert record.reason is None
    assert record.partner_id == hospital.partner_id
    assert record.partner_type == "hospital"
    assert record.client_id == hospital.client_id
    assert record.token_id == hospital.token_id
    assert record.subject_kind is SubjectKind.PERSON
    assert record.subject_hash == crypto.resident_id_hash(resident_id)
    assert record.fields == ("creditRecords", "residentIdMasked")
    assert record.purpose is PAT
    assert record.permission is READ
    assert record.code_id == issued.integrity_code.id
    assert record.consent_id is None
    assert record.request_id == "req-1"
    assert record.occurred_at == NOW + timedelta(minutes=1)
    assert row.partner_name is not None
    assert row.partner_name.startswith("Test hospital")

    again = await read(
        store, crypto, hospital, subject=SubjectRef.person(person_id), code=issued.code
    )
    assert again.allowed
    assert len(await audit_rows(store)) == 2


async def test_an_expired_code_is_denied(
    session: AsyncSession, store: Repositories, crypto: KeyedAccessCrypto, factory: Factory
) -> None:
    person_id, _ = await factory.person()
    hospital = await partner(session, PartnerType.HOSPITAL)
    issued = await issue(store, crypto, person_id)
    decision = await read(store, crypto, hospital, code=issued.code, now=NOW + timedelta(minutes=5))
    assert decision.reason is DenialReason.CODE_EXPIRED
    row = await assert_one_denial(store, DenialReason.CODE_EXPIRED)
    assert row.record.code_id == issued.integrity_code.id
    assert row.record.subject_kind is SubjectKind.PERSON


async def test_a_revoked_code_is_denied_at_once(
    session: AsyncSession, store: Repositories, crypto: KeyedAccessCrypto, factory: Factory
) -> None:
    person_id, _ = await factory.person()
    hospital = await partner(session, PartnerType.HOSPITAL)
    issued = await issue(store, crypto, person_id)
    revoked = await revoke_integrity_code(
        store, crypto, code=issued.code, person_id=person_id, now=NOW
    )
    assert revoked.revoked_at == NOW
    twice = await revoke_integrity_code(
        store, crypto, code=issued.code, person_id=person_id, now=NOW + timedelta(seconds=5)
    )
    assert twice.revoked_at == NOW
    decision = await read(store, crypto, hospital, code=issued.code)
    assert decision.reason is DenialReason.CODE_REVOKED
    await assert_one_denial(store, DenialReason.CODE_REVOKED)


async def test_a_code_for_another_purpose_is_denied(
    session: AsyncSession, store: Repositories, crypto: KeyedAccessCrypto, factory: Factory
) -> None:
    person_id, _ = await factory.person()
    mobility = await partner(session, PartnerType.MOBILITY_OPERATOR)
    issued = await issue(store, crypto, person_id, PAT)
    decision = await read(
        store, crypto, mobility, code=issued.code, purpose=Purpose.MOBILITY_DISCOUNT
    )
    assert decision.reason is DenialReason.WRONG_PURPOSE
    await assert_one_denial(store, DenialReason.WRONG_PURPOSE)


async def test_a_code_for_another_person_is_denied(
    session: AsyncSession, store: Repositories, crypto: KeyedAccessCrypto, factory: Factory
) -> None:
    person_id, _ = await factory.person()
    other_id, other_resident_id = await factory.person()
    hospital = await partner(session, PartnerType.HOSPITAL)
    issued = await issue(store, crypto, person_id)
    decision = await read(
        store, crypto, hospital, subject=SubjectRef.person(other_id), code=issued.code
    )
    assert decision.reason is DenialReason.WRONG_SUBJECT
    row = await assert_one_denial(store, DenialReason.WRONG_SUBJECT)
    # The attempt is logged where the person asked about can see it.
    assert row.record.subject_hash == crypto.resident_id_hash(other_resident_id)


async def test_a_tampered_code_is_denied(
    session: AsyncSession, store: Repositories, crypto: KeyedAccessCrypto, factory: Factory
) -> None:
    person_id, _ = await factory.person()
    hospital = await partner(session, PartnerType.HOSPITAL)
    issued = await issue(store, crypto, person_id)
    tampered = issued.code[:20] + ("A" if issued.code[20] != "A" else "Q") + issued.code[21:]
    decision = await read(store, crypto, hospital, code=tampered)
    assert decision.reason is DenialReason.CODE_INVALID
    row = await assert_one_denial(store, DenialReason.CODE_INVALID)
    assert row.record.code_id is None
    assert row.record.subject_kind is None
    assert row.record.subject_hash is None
    # A well-formed code that was never issued is just as invalid.
    unknown = crypto.seal_code("00" * 16)
    assert (await read(store, crypto, hospital, code=unknown)).reason is DenialReason.CODE_INVALID


async def test_a_code_does_not_serve_a_partner_type_without_the_purpose(
    session: AsyncSession, store: Repositories, crypto: KeyedAccessCrypto, factory: Factory
) -> None:
    person_id, _ = await factory.person()
    bank = await partner(session, PartnerType.BANK)
    issued = await issue(store, crypto, person_id)
    decision = await read(store, crypto, bank, code=issued.code)
    assert decision.reason is DenialReason.PURPOSE_NOT_ALLOWED_FOR_PARTNER_TYPE
    await assert_one_denial(store, DenialReason.PURPOSE_NOT_ALLOWED_FOR_PARTNER_TYPE)


async def test_issuing_and_revoking_codes_refuses(
    store: Repositories, crypto: KeyedAccessCrypto, factory: Factory
) -> None:
    person_id, _ = await factory.person()
    other_id, _ = await factory.person()
    with pytest.raises(PurposeNotAllowedError):
        await issue(store, crypto, person_id, Purpose.CREDIT_SUPERVISION)
    with pytest.raises(InvalidArgumentError):
        await issue(store, crypto, person_id, minutes=61)
    with pytest.raises(NotFoundError):
        await issue(store, crypto, 999_999_999)
    issued = await issue(store, crypto, person_id)
    with pytest.raises(NotFoundError):
        await revoke_integrity_code(store, crypto, code=issued.code, person_id=other_id, now=NOW)
    with pytest.raises(NotFoundError):
        await revoke_integrity_code(store, crypto, code="garbage", person_id=None, now=NOW)
    count = await store.session.scalar(select(func.count()).select_from(IntegrityCodeRow))
    assert count == 1


# --- standing consents -------------------------------------------------------------------------


async def ask(
    store: Repositories,
    accessor: Accessor,
    subject: SubjectRef,
    *,
    permissions: frozenset[ConsentPermission] = frozenset({READ}),
    purpose: Purpose = Purpose.CREDIT_LOAN,
    days: int = 90,
) -> Consent:
    """A consent the partner asks for at NOW."""
    return await request_consent(
        store,
        accessor=accessor,
        subject=subject,
        permissions=permissions,
        purpose=purpose,
        expires_at=NOW + timedelta(days=days),
        now=NOW,
    )


async def test_consent_lifecycle_with_a_bank(
    session: AsyncSession, store: Repositories, crypto: KeyedAccessCrypto, factory: Factory
) -> None:
    person_id, _ = await factory.person()
    person = SubjectRef.person(person_id)
    bank = await partner(session, PartnerType.BANK)
    asked = await ask(store, bank, person)
    assert asked.status is ConsentStatus.AWAITING_AUTHORISATION
    assert asked.created_by_client_id == bank.client_id
    assert uuid.UUID(asked.id).version == 4
    assert await store.consents.get(asked.id) == asked

    later = NOW + timedelta(minutes=1)
    loan = Purpose.CREDIT_LOAN
    before = await read(store, crypto, bank, subject=person, purpose=loan, consent_id=asked.id)
    assert before.reason is DenialReason.CONSENT_NOT_AUTHORISED

    authorised = await authorise_consent(store, consent_id=asked.id, subject=person, now=later)
    assert authorised.status is ConsentStatus.AUTHORISED
    assert authorised.status_updated_at == later
    polled = await partner_consent(
        store, consent_id=asked.id, partner_id=bank.partner_id, now=later
    )
    assert polled.status is ConsentStatus.AUTHORISED

    allowed = await read(store, crypto, bank, subject=person, purpose=loan, consent_id=asked.id)
    assert allowed.allowed
    assert allowed.consent_id == asked.id
    by_consent = await read(store, crypto, bank, purpose=loan, consent_id=asked.id)
    assert by_consent.subject == person

    revoked = await revoke_consent(store, consent_id=asked.id, subject=person, now=later)
    assert revoked.status is ConsentStatus.REVOKED
    after = await read(store, crypto, bank, subject=person, purpose=loan, consent_id=asked.id)
    assert after.reason is DenialReason.CONSENT_REVOKED

    with pytest.raises(ConsentTransitionError) as caught:
        await authorise_consent(store, consent_id=asked.id, subject=person, now=later)
    assert caught.value.current is ConsentStatus.REVOKED
    assert "REVOKED" in caught.value.message

    outcomes = [(e.record.outcome, e.record.reason) for e in await audit_rows(store)]
    assert outcomes == [
        (AccessOutcome.DENIED, DenialReason.CONSENT_REVOKED),
        (AccessOutcome.ALLOWED, None),
        (AccessOutcome.ALLOWED, None),
        (AccessOutcome.DENIED, DenialReason.CONSENT_NOT_AUTHORISED),
    ]
    assert {e.record.consent_id for e in await audit_rows(store)} == {asked.id}


async def test_a_rejected_consent_stays_rejected(
    session: AsyncSession, store: Repositories, crypto: KeyedAccessCrypto, factory: Factory
) -> None:
    person_id, _ = await factory.person()
    person = SubjectRef.person(person_id)
    bank = await partner(session, PartnerType.BANK)
    asked = await ask(store, bank, person)
    rejected = await reject_consent(store, consent_id=asked.id, subject=person, now=NOW)
    assert rejected.status is ConsentStatus.REJECTED
    for act in (authorise_consent, revoke_consent, reject_consent):
        with pytest.raises(ConsentTransitionError) as caught:
            await act(store, consent_id=asked.id, subject=person, now=NOW)
        assert caught.value.current is ConsentStatus.REJECTED
    decision = await read(
        store, crypto, bank, subject=person, purpose=Purpose.CREDIT_LOAN, consent_id=asked.id
    )
    assert decision.reason is DenialReason.CONSENT_NOT_AUTHORISED


async def test_an_expired_consent_reads_as_expired(
    session: AsyncSession, store: Repositories, crypto: KeyedAccessCrypto, factory: Factory
) -> None:
    person_id, _ = await factory.person()
    person = SubjectRef.person(person_id)
    bank = await partner(session, PartnerType.BANK)
    asked = await ask(store, bank, person, days=30)
    await authorise_consent(store, consent_id=asked.id, subject=person, now=NOW)
    expiry = NOW + timedelta(days=30)
    decision = await read(
        store, crypto, bank, purpose=Purpose.CREDIT_LOAN, consent_id=asked.id, now=expiry
    )
    assert decision.reason is DenialReason.CONSENT_EXPIRED
    seen = await subject_consent(store, consent_id=asked.id, subject=person, now=expiry)
    assert seen.status is ConsentStatus.EXPIRED
    with pytest.raises(ConsentTransitionError) as caught:
        await revoke_consent(store, consent_id=asked.id, subject=person, now=expiry)
    assert caught.value.current is ConsentStatus.EXPIRED

    waiting = await ask(store, bank, person, days=1)
    with pytest.raises(ConsentTransitionError) as caught:
        await authorise_consent(
            store, consent_id=waiting.id, subject=person, now=NOW + timedelta(days=2)
        )
    assert caught.value.current is ConsentStatus.EXPIRED


async def test_another_partners_consent_is_denied(
    session: AsyncSession, store: Repositories, crypto: KeyedAccessCrypto, factory: Factory
) -> None:
    person_id, _ = await factory.person()
    person = SubjectRef.person(person_id)
    bank = await partner(session, PartnerType.BANK)
    other_bank = await partner(session, PartnerType.BANK)
    asked = await ask(store, bank, person)
    await authorise_consent(store, consent_id=asked.id, subject=person, now=NOW)
    decision = await read(
        store, crypto, other_bank, subject=person, purpose=Purpose.CREDIT_LOAN, consent_id=asked.id
    )
    assert decision.reason is DenialReason.WRONG_PARTNER
    row = await assert_one_denial(store, DenialReason.WRONG_PARTNER)
    assert row.record.partner_id == other_bank.partner_id
    with pytest.raises(NotFoundError):
        await partner_consent(store, consent_id=asked.id, partner_id=other_bank.partner_id, now=NOW)


async def test_a_consent_about_another_subject_is_denied(
    session: AsyncSession, store: Repositories, crypto: KeyedAccessCrypto, factory: Factory
) -> None:
    person_id, _ = await factory.person()
    other_id, _ = await factory.person()
    person, other = SubjectRef.person(person_id), SubjectRef.person(other_id)
    bank = await partner(session, PartnerType.BANK)
    asked = await ask(store, bank, person)
    await authorise_consent(store, consent_id=asked.id, subject=person, now=NOW)
    decision = await read(
        store, crypto, bank, subject=other, purpose=Purpose.CREDIT_LOAN, consent_id=asked.id
    )
    assert decision.reason is DenialReason.WRONG_SUBJECT
    await assert_one_denial(store, DenialReason.WRONG_SUBJECT)
    # The other person cannot act on it, nor see it.
    with pytest.raises(NotFoundError):
        await revoke_consent(store, consent_id=asked.id, subject=other, now=NOW)
    with pytest.raises(NotFoundError):
        await subject_consent(store, consent_id=asked.id, subject=other, now=NOW)


@pytest.mark.parametrize(
    ("purpose", "permission", "reason"),
    [
        (Purpose.POST_LOAN_MONITORING, READ, DenialReason.WRONG_PURPOSE),
        (Purpose.CREDIT_LOAN, ConsentPermission.READ_IDENTITY, DenialReason.PERMISSION_NOT_GRANTED),
        (Purpose.PAY_AFTER_TREATMENT, READ, DenialReason.PURPOSE_NOT_ALLOWED_FOR_PARTNER_TYPE),
    ],
)
async def test_a_consent_covers_only_its_purpose_and_permissions(
    session: AsyncSession,
    store: Repositories,
    crypto: KeyedAccessCrypto,
    factory: Factory,
    purpose: Purpose,
    permission: ConsentPermission,
    reason: DenialReason,
) -> None:
    person_id, _ = await factory.person()
    person = SubjectRef.person(person_id)
    bank = await partner(session, PartnerType.BANK)
    asked = await ask(store, bank, person)
    await authorise_consent(store, consent_id=asked.id, subject=person, now=NOW)
    decision = await read(
        store, crypto, bank, subject=person, purpose=purpose, permission=permission,
        consent_id=asked.id,
    )  # fmt: skip
    assert decision.reason is reason
    await assert_one_denial(store, reason)


async def test_an_unknown_consent_is_denied(
    session: AsyncSession, store: Repositories, crypto: KeyedAccessCrypto, factory: Factory
) -> None:
    person_id, _ = await factory.person()
    bank = await partner(session, PartnerType.BANK)
    for consent_id in (str(uuid.uuid4()), "not-a-consent", "x" * 500):
        decision = await read(
            store,
            crypto,
            bank,
            subject=SubjectRef.person(person_id),
            purpose=Purpose.CREDIT_LOAN,
            consent_id=consent_id,
        )
        assert decision.reason is DenialReason.CONSENT_NOT_FOUND
    rows = await audit_rows(store)
    assert [r.record.reason for r in rows] == [DenialReason.CONSENT_NOT_FOUND] * 3
    assert {r.record.consent_id for r in rows} == {None}


async def test_an_enterprise_authorises_a_bank(
    session: AsyncSession, store: Repositories, crypto: KeyedAccessCrypto, factory: Factory
) -> None:
    enterprise_id, uscc = await factory.enterprise()
    enterprise = SubjectRef.enterprise(enterprise_id)
    bank = await partner(session, PartnerType.BANK)
    non_public = ConsentPermission.READ_ENTERPRISE_NON_PUBLIC
    asked = await ask(
        store, bank, enterprise, permissions=frozenset({non_public}),
        purpose=Purpose.GREEN_LOAN_MATCHING,
    )  # fmt: skip
    await authorise_consent(store, consent_id=asked.id, subject=enterprise, now=NOW)
    decision = await read(
        store, crypto, bank, subject=enterprise, purpose=Purpose.GREEN_LOAN_MATCHING,
        permission=non_public, consent_id=asked.id,
    )  # fmt: skip
    assert decision.allowed
    (row,) = await audit_rows(store)
    assert row.record.subject_kind is SubjectKind.ENTERPRISE
    assert row.record.subject_hash == crypto.uscc_hash(uscc)
    assert row.record.subject_hash == blind_index(factory.keys.identifier_index, uscc)


async def test_asking_for_consent_refuses(
    session: AsyncSession, store: Repositories, factory: Factory
) -> None:
    person_id, _ = await factory.person()
    person = SubjectRef.person(person_id)
    bank = await partner(session, PartnerType.BANK)
    with pytest.raises(ConsentExpiryError):
        await ask(store, bank, person, days=181)
    with pytest.raises(ConsentExpiryError):
        await ask(store, bank, person, days=0)
    with pytest.raises(PurposeNotAllowedError):
        await ask(store, bank, person, purpose=Purpose.PAY_AFTER_TREATMENT)
    with pytest.raises(PermissionNotApplicableError):
        await ask(
            store,
            bank,
            person,
            permissions=frozenset({ConsentPermission.READ_ENTERPRISE_NON_PUBLIC}),
        )
    with pytest.raises(NotFoundError):
        await ask(store, bank, SubjectRef.person(999_999_999))
    assert (await ask(store, bank, person, days=180)).expires_at == NOW + timedelta(days=180)


async def test_the_subject_lists_its_consents_newest_first(
    session: AsyncSession, store: Repositories, factory: Factory
) -> None:
    person_id, _ = await factory.person()
    other_id, _ = await factory.person()
    person = SubjectRef.person(person_id)
    bank = await partner(session, PartnerType.BANK)
    made = []
    for minutes in range(5):
        made.append(
            await request_consent(
                store,
                accessor=bank,
                subject=person,
                permissions=[READ],
                purpose=Purpose.CREDIT_LOAN,
                expires_at=NOW + timedelta(days=1),
                now=NOW + timedelta(minutes=minutes),
            )
        )
    await ask(store, bank, SubjectRef.person(other_id))
    seen: list[str] = []
    after = None
    while True:
        page = await subject_consents(
            store, subject=person, request=PageRequest(first=2, after=after), now=NOW
        )
        seen += [c.id for c, _ in page.items]
        if not page.has_next:
            break
        after = page.items[-1][1]
    assert seen == [c.id for c in reversed(made)]
    expired = await subject_consents(
        store, subject=person, request=PageRequest(first=5), now=NOW + timedelta(days=2)
    )
    assert {c.status for c, _ in expired.items} == {ConsentStatus.EXPIRED}


# --- reads with no code or consent -------------------------------------------------------------


async def test_reads_without_code_or_consent(
    session: AsyncSession, store: Repositories, crypto: KeyedAccessCrypto, factory: Factory
) -> None:
    person_id, _ = await factory.person()
    person = SubjectRef.person(person_id)
    hospital = await partner(session, PartnerType.HOSPITAL)
    regulator = await partner(session, PartnerType.REGULATOR)
    citizen_app = await partner(session, PartnerType.CITIZEN_APP)

    assert (await read(store, crypto, hospital, subject=person)).reason is (
        DenialReason.NO_AUTHORISATION
    )
    supervision = await read(
        store, crypto, regulator, subject=person, purpose=Purpose.CREDIT_SUPERVISION
    )
    assert supervision.allowed
    own = await read(
        store, crypto, citizen_app, subject=person, purpose=Purpose.SUBJECT_SELF_SERVICE
    )
    assert own.allowed
    missing = await read(
        store,
        crypto,
        regulator,
        subject=SubjectRef.person(999_999_999),
        purpose=Purpose.CREDIT_SUPERVISION,
    )
    assert missing.reason is DenialReason.SUBJECT_NOT_FOUND
    rows = await audit_rows(store)
    assert [r.record.outcome for r in rows] == [
        AccessOutcome.DENIED,
        AccessOutcome.ALLOWED,
        AccessOutcome.ALLOWED,
        AccessOutcome.DENIED,
    ]


async def test_malformed_reads_raise_and_write_nothing(
    session: AsyncSession, store: Repositories, crypto: KeyedAccessCrypto, factory: Factory
) -> None:
    person_id, _ = await factory.person()
    hospital = await partner(session, PartnerType.HOSPITAL)
    issued = await issue(store, crypto, person_id)
    with pytest.raises(InvalidArgumentError):
        await read(store, crypto, hospital, code=issued.code, consent_id=str(uuid.uuid4()))
    merchant_id, _ = await factory.merchant()
    with pytest.raises(InvalidArgumentError):
        await read(store, crypto, hospital, subject=SubjectRef(SubjectKind.MERCHANT, merchant_id))
    count = await store.session.scalar(select(func.count()).select_from(AuditLogRow))
    assert count == 0
