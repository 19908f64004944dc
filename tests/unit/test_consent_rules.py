"""Consent rules without I/O: lifecycle, caps, the purpose table, codes and the access decision."""

from __future__ import annotations

import string
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from api.auth.principal import Principal
from api.auth.purposes import (
    PURPOSES_BY_TYPE,
    accessor_for,
    allowed_purposes,
    purpose_table_markdown,
)
from api.auth.scopes import SCOPES_BY_TYPE, PartnerType, Scope
from api.crypto import INTEGRITY_CODE_LENGTH, KeyedAccessCrypto, Keys
from api.domain.audit.model import AuditFilter, audit_fields
from api.domain.consent.access import require_allowed
from api.domain.consent.errors import (
    AccessDeniedError,
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
    ConsentAction,
    ConsentPermission,
    ConsentStatus,
    DenialReason,
    IntegrityCode,
    LawfulBasis,
    Presented,
    PresentedCode,
    PresentedConsent,
    Purpose,
    SubjectRef,
)
from api.domain.consent.rules import (
    CODE_DEFAULT_LIFETIME,
    CODE_PERMISSIONS,
    CODE_PURPOSES,
    CONSENT_MAX_LIFETIME,
    LAWFUL_BASIS,
    PERMISSIONS_BY_SUBJECT_KIND,
    check_code_purpose,
    check_consent_expiry,
    check_consent_purpose,
    check_permissions,
    code_expiry,
    decide_access,
    effective_status,
    next_status,
)
from api.domain.errors import ErrorCode, InvalidArgumentError
from api.domain.subjects.model import SubjectKind

NOW = datetime(2026, 11, 1, 8, 0, tzinfo=UTC)
PERSON = SubjectRef.person(7)
OTHER_PERSON = SubjectRef.person(8)
ENTERPRISE = SubjectRef.enterprise(9)

LEGAL = {
    (ConsentStatus.AWAITING_AUTHORISATION, ConsentAction.AUTHORISE): ConsentStatus.AUTHORISED,
    (ConsentStatus.AWAITING_AUTHORISATION, ConsentAction.REJECT): ConsentStatus.REJECTED,
    (ConsentStatus.AUTHORISED, ConsentAction.REVOKE): ConsentStatus.REVOKED,
}


def bank(partner_id: int = 1) -> Accessor:
    return Accessor(
        partner_id=partner_id,
        partner_type=PartnerType.BANK.value,
        client_id="cp_bank",
        token_id="jti-1",
        allowed_purposes=PURPOSES_BY_TYPE[PartnerType.BANK],
    )


def of_type(partner_type: PartnerType) -> Accessor:
    return replace(
        bank(), partner_type=partner_type.value, allowed_purposes=allowed_purposes(partner_type)
    )


def consent(**changes: Any) -> Consent:
    base = Consent(
        id="5f0c8f4e-8d0c-4a4e-9d52-0a3c1f7b2e61",
        subject=PERSON,
        partner_id=1,
        permissions=frozenset({ConsentPermission.READ_CREDIT_RECORDS}),
        purpose=Purpose.CREDIT_LOAN,
        status=ConsentStatus.AUTHORISED,
        created_at=NOW,
        status_updated_at=NOW,
        expires_at=NOW + timedelta(days=90),
    )
    return replace(base, **changes)


def code(**changes: Any) -> IntegrityCode:
    base = IntegrityCode(
        id="ab" * 16,
        person_id=PERSON.id,
        purpose=Purpose.PAY_AFTER_TREATMENT,
        issued_at=NOW,
        expires_at=NOW + CODE_DEFAULT_LIFETIME,
    )
    return replace(base, **changes)


def decide(
    presented: Presented,
    *,
    accessor: Accessor | None = None,
    subject: SubjectRef | None = PERSON,
    purpose: Purpose = Purpose.CREDIT_LOAN,
    permission: ConsentPermission = ConsentPermission.READ_CREDIT_RECORDS,
    now: datetime = NOW + timedelta(minutes=1),
) -> AccessDecision:
    return decide_access(
        accessor=accessor or bank(),
        subject=subject,
        purpose=purpose,
        permission=permission,
        presented=presented,
        now=now,
    )


# --- consent lifecycle -------------------------------------------------------------------------


@pytest.mark.parametrize("status", list(ConsentStatus))
@pytest.mark.parametrize("action", list(ConsentAction))
def test_every_transition_is_legal_or_names_the_state(
    status: ConsentStatus, action: ConsentAction
) -> None:
    if (status, action) in LEGAL:
        assert next_status(status, action) is LEGAL[status, action]
        return
    with pytest.raises(ConsentTransitionError) as caught:
        next_status(status, action)
    assert caught.value.current is status
    assert caught.value.action is action
    assert caught.value.code is ErrorCode.CONSENT_TRANSITION_NOT_ALLOWED
    assert status.value in caught.value.message


def test_final_states_stay_final() -> None:
    for status in (ConsentStatus.REJECTED, ConsentStatus.REVOKED, ConsentStatus.EXPIRED):
        for action in ConsentAction:
            with pytest.raises(ConsentTransitionError):
                next_status(status, action)


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        (ConsentStatus.AWAITING_AUTHORISATION, ConsentStatus.EXPIRED),
        (ConsentStatus.AUTHORISED, ConsentStatus.EXPIRED),
        (ConsentStatus.REJECTED, ConsentStatus.REJECTED),
        (ConsentStatus.REVOKED, ConsentStatus.REVOKED),
        (ConsentStatus.EXPIRED, ConsentStatus.EXPIRED),
    ],
)
def test_a_consent_past_its_expiry_reads_as_expired(
    status: ConsentStatus, expected: ConsentStatus
) -> None:
    live = consent(status=status)
    assert effective_status(live, live.expires_at - timedelta(seconds=1)) is status
    assert effective_status(live, live.expires_at) is expected


def test_consent_expiry_is_capped_at_180_days() -> None:
    assert timedelta(days=180) == CONSENT_MAX_LIFETIME
    check_consent_expiry(NOW + timedelta(days=180), NOW)
    check_consent_expiry(NOW + timedelta(seconds=1), NOW)
    for bad in (NOW + timedelta(days=180, seconds=1), NOW, NOW - timedelta(days=1)):
        with pytest.raises(ConsentExpiryError) as caught:
            check_consent_expiry(bad, NOW)
        assert caught.value.code is ErrorCode.CONSENT_EXPIRY_OUT_OF_RANGE
    with pytest.raises(ValueError, match="aware"):
        check_consent_expiry(datetime(2026, 12, 1), NOW)  # noqa: DTZ001 (naive on purpose)


def test_permissions_must_fit_the_subject_kind() -> None:
    check_permissions(SubjectKind.PERSON, frozenset({ConsentPermission.READ_IDENTITY}))
    check_permissions(
        SubjectKind.ENTERPRISE, frozenset({ConsentPermission.READ_ENTERPRISE_NON_PUBLIC})
    )
    bad = [
        (SubjectKind.PERSON, frozenset({ConsentPermission.READ_ENTERPRISE_NON_PUBLIC})),
        (SubjectKind.ENTERPRISE, frozenset({ConsentPermission.READ_IDENTITY})),
        (SubjectKind.PERSON, frozenset()),
        (SubjectKind.MERCHANT, frozenset({ConsentPermission.READ_CREDIT_RECORDS})),
    ]
    for kind, permissions in bad:
        with pytest.raises(PermissionNotApplicableError) as caught:
            check_permissions(kind, permissions)
        assert caught.value.code is ErrorCode.PERMISSION_NOT_APPLICABLE


def test_consent_is_asked_only_for_a_purpose_of_the_type_that_needs_consent() -> None:
    check_consent_purpose(Purpose.CREDIT_LOAN, PURPOSES_BY_TYPE[PartnerType.BANK])
    with pytest.raises(PurposeNotAllowedError) as caught:
        check_consent_purpose(Purpose.PAY_AFTER_TREATMENT, PURPOSES_BY_TYPE[PartnerType.BANK])
    assert caught.value.code is ErrorCode.PURPOSE_NOT_ALLOWED
    with pytest.raises(PurposeNotAllowedError):
        check_consent_purpose(
            Purpose.CREDIT_SUPERVISION, PURPOSES_BY_TYPE[PartnerType.CREDIT_OFFICE]
        )


# --- integrity codes ---------------------------------------------------------------------------


def test_code_lifetime_defaults_to_five_minutes_and_is_bounded() -> None:
    assert code_expiry(NOW) == NOW + timedelta(minutes=5)
    assert code_expiry(NOW, timedelta(minutes=60)) == NOW + timedelta(minutes=60)
    for bad in (timedelta(0), timedelta(seconds=59), timedelta(minutes=61), timedelta(days=1)):
        with pytest.raises(InvalidArgumentError):
            code_expiry(NOW, bad)


def test_codes_are_for_scenarios_only() -> None:
    for purpose in CODE_PURPOSES:
        check_code_purpose(purpose)
        assert LAWFUL_BASIS[purpose] is LawfulBasis.SUBJECT_AUTHORISATION
    for purpose in set(Purpose) - CODE_PURPOSES:
        with pytest.raises(PurposeNotAllowedError):
            check_code_purpose(purpose)


@pytest.fixture(scope="module")
def crypto() -> KeyedAccessCrypto:
    return KeyedAccessCrypto(Keys.from_master(bytes.fromhex("5e" * 32)))


def test_code_text_is_compact_qr_alphanumeric_and_opens_again(crypto: KeyedAccessCrypto) -> None:
    code_id = "0123456789abcdef" * 2
    text = crypto.seal_code(code_id)
    assert len(text) == INTEGRITY_CODE_LENGTH
    assert set(text) <= set(string.ascii_uppercase + "234567")
    assert crypto.open_code(text) == code_id
    assert crypto.open_code(text.lower()) == code_id
    assert crypto.open_code(f" {text[:20]} {text[20:]}\n") == code_id
    assert code_id not in text.lower()


def test_a_tampered_or_foreign_code_does_not_open(crypto: KeyedAccessCrypto) -> None:
    text = crypto.seal_code("ff" * 16)
    flipped = text[:10] + ("A" if text[10] != "A" else "B") + text[11:]
    other = KeyedAccessCrypto(Keys.from_master(bytes.fromhex("6f" * 32)))
    for bad in (flipped, text[:-1], text + "A", "", "not a code", "1" * 52, "!" * 52):
        assert crypto.open_code(bad) is None
    assert other.open_code(text) is None
    # Each code has exactly one text: the spare bits of the last character must be zero.
    last = string.ascii_uppercase + "234567"
    spare = [c for c in last if last.index(c) & 0b10000 == last.index(text[-1]) & 0b10000]
    for variant in spare:
        assert (crypto.open_code(text[:-1] + variant) is not None) is (variant == text[-1])


def test_subject_hashes_match_the_blind_index(crypto: KeyedAccessCrypto) -> None:
    from api.crypto import blind_index

    keys = Keys.from_master(bytes.fromhex("5e" * 32))
    assert crypto.resident_id_hash("330502198505170017") == blind_index(
        keys.identifier_index, "330502198505170017"
    )
    assert len(crypto.uscc_hash("91330502000000010X")) == 32


# --- the access decision -----------------------------------------------------------------------


def test_an_authorised_consent_covering_the_read_is_allowed() -> None:
    decision = decide(PresentedConsent(consent()))
    assert decision.allowed
    assert decision.outcome is AccessOutcome.ALLOWED
    assert decision.reason is None
    assert decision.subject == PERSON
    assert decision.consent_id == consent().id
    assert decide(PresentedConsent(consent()), subject=None).subject == PERSON


def test_a_valid_code_is_allowed_and_names_the_person() -> None:
    decision = decide(
        PresentedCode(code()),
        accessor=of_type(PartnerType.HOSPITAL),
        subject=None,
        purpose=Purpose.PAY_AFTER_TREATMENT,
        permission=ConsentPermission.READ_INTEGRITY_CODE,
    )
    assert decision.allowed
    assert decision.subject == PERSON
    assert decision.code_id == code().id


HOSPITAL = of_type(PartnerType.HOSPITAL)
PAT = Purpose.PAY_AFTER_TREATMENT


@pytest.mark.parametrize(
    ("presented", "kwargs", "reason"),
    [
        (None, {}, DenialReason.NO_AUTHORISATION),
        (PresentedCode(None), {"accessor": HOSPITAL, "purpose": PAT}, DenialReason.CODE_INVALID),
        (
            PresentedCode(code(expires_at=NOW + timedelta(minutes=1))),
            {"accessor": HOSPITAL, "purpose": PAT},
            DenialReason.CODE_EXPIRED,
        ),
        (
            PresentedCode(code(revoked_at=NOW)),
            {"accessor": HOSPITAL, "purpose": PAT},
            DenialReason.CODE_REVOKED,
        ),
        (
            PresentedCode(code()),
            {"accessor": of_type(PartnerType.MOBILITY_OPERATOR),
             "purpose": Purpose.MOBILITY_DISCOUNT},
            DenialReason.WRONG_PURPOSE,
        ),
        (
            PresentedCode(code()),
            {"accessor": HOSPITAL, "purpose": PAT, "subject": OTHER_PERSON},
            DenialReason.WRONG_SUBJECT,
        ),
        (
            PresentedCode(code()),
            {"accessor": HOSPITAL, "purpose": PAT, "subject": ENTERPRISE},
            DenialReason.WRONG_SUBJECT,
        ),
        (
            PresentedCode(code()),
            {
                "accessor": HOSPITAL,
                "purpose": PAT,
                "permission": ConsentPermission.READ_ENTERPRISE_NON_PUBLIC,
            },
            DenialReason.PERMISSION_NOT_GRANTED,
        ),
        (
            PresentedCode(code()),
            {"purpose": PAT},
            DenialReason.PURPOSE_NOT_ALLOWED_FOR_PARTNER_TYPE,
        ),
        (PresentedConsent(None), {}, DenialReason.CONSENT_NOT_FOUND),
        (
            PresentedConsent(consent(status=ConsentStatus.AWAITING_AUTHORISATION)),
            {},
            DenialReason.CONSENT_NOT_AUTHORISED,
        ),
        (
            PresentedConsent(consent(status=ConsentStatus.REJECTED)),
            {},
            DenialReason.CONSENT_NOT_AUTHORISED,
        ),
        (
            PresentedConsent(consent(status=ConsentStatus.REVOKED)),
            {},
            DenialReason.CONSENT_REVOKED,
        ),
        (
            PresentedConsent(consent()),
            {"now": NOW + timedelta(days=90)},
            DenialReason.CONSENT_EXPIRED,
        ),
        (
            PresentedConsent(consent(status=ConsentStatus.EXPIRED)),
            {},
            DenialReason.CONSENT_EXPIRED,
        ),
        (PresentedConsent(consent()), {"accessor": bank(2)}, DenialReason.WRONG_PARTNER),
        (
            PresentedConsent(consent()),
            {"purpose": Purpose.POST_LOAN_MONITORING},
            DenialReason.WRONG_PURPOSE,
        ),
        (PresentedConsent(consent()), {"subject": OTHER_PERSON}, DenialReason.WRONG_SUBJECT),
        (
            PresentedConsent(consent()),
            {"permission": ConsentPermission.READ_IDENTITY},
            DenialReason.PERMISSION_NOT_GRANTED,
        ),
        (
            PresentedConsent(consent()),
            {"purpose": Purpose.PAY_AFTER_TREATMENT},
            DenialReason.PURPOSE_NOT_ALLOWED_FOR_PARTNER_TYPE,
        ),
        (
            None,
            {"accessor": of_type(PartnerType.CITIZEN_APP), "purpose": Purpose.SUBJECT_SELF_SERVICE,
             "subject": None},
            DenialReason.NO_AUTHORISATION,
        ),
        (
            None,
            {"accessor": of_type(PartnerType.COMMERCE_DISTRICT),
             "purpose": Purpose.CREDIT_SUPERVISION},
            DenialReason.PURPOSE_NOT_ALLOWED_FOR_PARTNER_TYPE,
        ),
        (
            None,
            {"accessor": of_type(PartnerType.REGULATOR), "purpose": Purpose.CREDIT_SUPERVISION,
             "permission": ConsentPermission.READ_ENTERPRISE_NON_PUBLIC},
            DenialReason.PERMISSION_NOT_GRANTED,
        ),
    ],
)  # fmt: skip
def test_each_denial_reason(
    presented: Presented, kwargs: dict[str, Any], reason: DenialReason
) -> None:
    decision = decide(presented, **kwargs)
    assert not decision.allowed
    assert decision.outcome is AccessOutcome.DENIED
    assert decision.reason is reason
    assert decision.subject is None
    with pytest.raises(AccessDeniedError) as caught:
        require_allowed(decision)
    assert caught.value.reason is reason
    assert caught.value.code is ErrorCode.ACCESS_DENIED


def test_statutory_and_self_service_reads_need_no_code_or_consent() -> None:
    regulator = decide(
        None, accessor=of_type(PartnerType.REGULATOR), purpose=Purpose.CREDIT_SUPERVISION
    )
    assert regulator.allowed
    assert require_allowed(regulator) == PERSON
    own = decide(
        None,
        accessor=of_type(PartnerType.CITIZEN_APP),
        purpose=Purpose.SUBJECT_SELF_SERVICE,
        permission=ConsentPermission.READ_IDENTITY,
    )
    assert own.allowed
    enterprise = decide(
        None,
        accessor=of_type(PartnerType.CREDIT_OFFICE),
        subject=ENTERPRISE,
        purpose=Purpose.CREDIT_SUPERVISION,
        permission=ConsentPermission.READ_ENTERPRISE_NON_PUBLIC,
    )
    assert enterprise.allowed


def test_an_enterprise_consent_covers_non_public_data() -> None:
    granted = consent(
        subject=ENTERPRISE,
        purpose=Purpose.GREEN_LOAN_MATCHING,
        permissions=frozenset({ConsentPermission.READ_ENTERPRISE_NON_PUBLIC}),
    )
    decision = decide(
        PresentedConsent(granted),
        subject=ENTERPRISE,
        purpose=Purpose.GREEN_LOAN_MATCHING,
        permission=ConsentPermission.READ_ENTERPRISE_NON_PUBLIC,
    )
    assert decision.allowed
    assert decision.subject == ENTERPRISE


def test_the_decision_refuses_a_naive_clock() -> None:
    with pytest.raises(ValueError, match="aware"):
        decide(None, now=datetime(2026, 11, 1))  # noqa: DTZ001 (naive on purpose)


# --- the purpose table -------------------------------------------------------------------------


def test_every_partner_type_has_a_row_and_every_purpose_a_user() -> None:
    assert set(PURPOSES_BY_TYPE) == set(PartnerType)
    assert set().union(*PURPOSES_BY_TYPE.values()) == set(Purpose)
    assert set(LAWFUL_BASIS) == set(Purpose)


def test_the_purpose_table() -> None:
    assert PURPOSES_BY_TYPE[PartnerType.HOSPITAL] >= {Purpose.PAY_AFTER_TREATMENT}
    assert PURPOSES_BY_TYPE[PartnerType.MOBILITY_OPERATOR] >= {Purpose.MOBILITY_DISCOUNT}
    assert PURPOSES_BY_TYPE[PartnerType.BANK] >= {
        Purpose.CREDIT_LOAN,
        Purpose.TAX_CREDIT_LOAN,
        Purpose.GREEN_LOAN_MATCHING,
        Purpose.POST_LOAN_MONITORING,
    }
    assert PURPOSES_BY_TYPE[PartnerType.CITIZEN_APP] == {Purpose.SUBJECT_SELF_SERVICE}
    statutory = {p for p, basis in LAWFUL_BASIS.items() if basis is LawfulBasis.STATUTORY_DUTY}
    assert statutory == {Purpose.CREDIT_SUPERVISION}
    for partner_type, purposes in PURPOSES_BY_TYPE.items():
        if Purpose.CREDIT_SUPERVISION in purposes:
            assert partner_type in {PartnerType.REGULATOR, PartnerType.CREDIT_OFFICE}
        if Purpose.SUBJECT_SELF_SERVICE in purposes:
            assert partner_type is PartnerType.CITIZEN_APP
    # Types that rest reads on consent may ask for it; the citizen app may authorise it.
    for partner_type, purposes in PURPOSES_BY_TYPE.items():
        needs_consent = any(LAWFUL_BASIS[p] is LawfulBasis.SUBJECT_AUTHORISATION for p in purposes)
        if needs_consent:
            assert Scope.CONSENT_WRITE in SCOPES_BY_TYPE[partner_type]
    assert Scope.CONSENT_AUTHORIZE in SCOPES_BY_TYPE[PartnerType.CITIZEN_APP]
    assert "| `pay_after_treatment` |" in purpose_table_markdown()


def test_code_permissions_are_the_persons() -> None:
    assert PERMISSIONS_BY_SUBJECT_KIND[SubjectKind.PERSON] == CODE_PERMISSIONS
    assert ConsentPermission.READ_ENTERPRISE_NON_PUBLIC not in CODE_PERMISSIONS


def test_accessor_for_a_principal() -> None:
    principal = Principal(
        partner_id=3,
        partner_type=PartnerType.HOSPITAL,
        client_id="cp_h",
        scopes=frozenset({Scope.PERSON_READ}),
        token_id="jti-9",
        expires_at=NOW,
    )
    accessor = accessor_for(principal)
    assert accessor == Accessor(
        3, "hospital", "cp_h", "jti-9", PURPOSES_BY_TYPE[PartnerType.HOSPITAL]
    )


# --- audit vocabulary --------------------------------------------------------------------------


def test_audited_fields_are_plain_names_sorted_once() -> None:
    assert audit_fields(["name", "creditRecords", "name"]) == ("creditRecords", "name")
    for bad in ([], "name", ["a b"], ["x;drop"], ["ok"] * 1 + [f"f{i}" for i in range(64)]):
        with pytest.raises(InvalidArgumentError):
            audit_fields(bad)


def test_audit_filter_time_range() -> None:
    AuditFilter(occurred_from=NOW, occurred_until=NOW + timedelta(seconds=1))
    with pytest.raises(InvalidArgumentError):
        AuditFilter(occurred_from=NOW, occurred_until=NOW)
    with pytest.raises(InvalidArgumentError):
        AuditFilter(occurred_from=datetime(2026, 1, 1))  # noqa: DTZ001 (naive on purpose)
