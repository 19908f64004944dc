"""The vocabulary of consent: purposes, permissions, consents, integrity codes, access decisions.

Consent follows open banking (domain.md, "Consent, as open banking does it"): a consent
object with a fixed status lifecycle, a closed list of permissions, a purpose and an expiry.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from api.domain.subjects.model import District, SubjectKind


class Purpose(StrEnum):
    """Why a partner reads a subject's data: every personal query names one (a closed list)."""

    PAY_AFTER_TREATMENT = "pay_after_treatment"
    MOBILITY_DISCOUNT = "mobility_discount"
    CREDIT_LOAN = "credit_loan"
    TAX_CREDIT_LOAN = "tax_credit_loan"
    GREEN_LOAN_MATCHING = "green_loan_matching"
    POST_LOAN_MONITORING = "post_loan_monitoring"
    INCENTIVE_ELIGIBILITY = "incentive_eligibility"
    CREDIT_SUPERVISION = "credit_supervision"
    SUBJECT_SELF_SERVICE = "subject_self_service"


class LawfulBasis(StrEnum):
    """What makes a read for a purpose lawful: the subject's authorisation, a duty, or self."""

    SUBJECT_AUTHORISATION = "subject_authorisation"
    STATUTORY_DUTY = "statutory_duty"
    SUBJECT_SELF = "subject_self"


class ConsentPermission(StrEnum):
    """What a consent (or a scanned code) lets a partner read: a closed list."""

    READ_IDENTITY = "READ_IDENTITY"
    READ_INTEGRITY_CODE = "READ_INTEGRITY_CODE"
    READ_CREDIT_RECORDS = "READ_CREDIT_RECORDS"
    READ_EVALUATION = "READ_EVALUATION"
    READ_ENTERPRISE_NON_PUBLIC = "READ_ENTERPRISE_NON_PUBLIC"


class ConsentStatus(StrEnum):
    """Where a consent stands in its lifecycle (open banking's consent statuses)."""

    AWAITING_AUTHORISATION = "AWAITING_AUTHORISATION"
    AUTHORISED = "AUTHORISED"
    REJECTED = "REJECTED"
    REVOKED = "REVOKED"
    EXPIRED = "EXPIRED"


class ConsentAction(StrEnum):
    """What the subject can do to a consent."""

    AUTHORISE = "authorise"
    REJECT = "reject"
    REVOKE = "revoke"


class AccessOutcome(StrEnum):
    """Whether a read was served."""

    ALLOWED = "ALLOWED"
    DENIED = "DENIED"


class DenialReason(StrEnum):
    """Why a read was refused; the partner gets the reason and no data."""

    NO_AUTHORISATION = "NO_AUTHORISATION"
    CODE_INVALID = "CODE_INVALID"
    CODE_EXPIRED = "CODE_EXPIRED"
    CODE_REVOKED = "CODE_REVOKED"
    CONSENT_NOT_FOUND = "CONSENT_NOT_FOUND"
    CONSENT_NOT_AUTHORISED = "CONSENT_NOT_AUTHORISED"
    CONSENT_EXPIRED = "CONSENT_EXPIRED"
    CONSENT_REVOKED = "CONSENT_REVOKED"
    WRONG_PURPOSE = "WRONG_PURPOSE"
    WRONG_PARTNER = "WRONG_PARTNER"
    WRONG_SUBJECT = "WRONG_SUBJECT"
    PERMISSION_NOT_GRANTED = "PERMISSION_NOT_GRANTED"
    PURPOSE_NOT_ALLOWED_FOR_PARTNER_TYPE = "PURPOSE_NOT_ALLOWED_FOR_PARTNER_TYPE"
    SUBJECT_NOT_FOUND = "SUBJECT_NOT_FOUND"


@dataclass(frozen=True, slots=True)
class SubjectRef:
    """Which subject: its kind and its subject id (persons and enterprises give consent)."""

    kind: SubjectKind
    id: int

    @classmethod
    def person(cls, subject_id: int) -> SubjectRef:
        """A person by subject id."""
        return cls(SubjectKind.PERSON, subject_id)

    @classmethod
    def enterprise(cls, subject_id: int) -> SubjectRef:
        """An enterprise by subject id."""
        return cls(SubjectKind.ENTERPRISE, subject_id)


@dataclass(frozen=True, slots=True)
class Person:
    """A natural person as stored: the resident ID only masked and as its blind index."""

    id: int
    name: str
    district: District
    resident_id_masked: str
    resident_id_hash: bytes = field(repr=False)


@dataclass(frozen=True, slots=True)
class Consent:
    """A subject's standing consent for one partner: permissions, a purpose, an expiry.

    ``status`` is as stored; ``api.domain.consent.rules.effective_status`` gives the status
    at a moment (a consent past its expiry reads as EXPIRED).
    """

    id: str
    subject: SubjectRef
    partner_id: int
    permissions: frozenset[ConsentPermission]
    purpose: Purpose
    status: ConsentStatus
    created_at: datetime
    status_updated_at: datetime
    expires_at: datetime
    created_by_client_id: str | None = None


@dataclass(frozen=True, slots=True)
class IntegrityCode:
    """A short-lived code a person shows (as a QR code) to authorise one purpose."""

    id: str
    person_id: int
    purpose: Purpose
    issued_at: datetime
    expires_at: datetime
    revoked_at: datetime | None = None
    issued_by_client_id: str | None = None

    @property
    def subject(self) -> SubjectRef:
        """The person the code speaks for."""
        return SubjectRef.person(self.person_id)


@dataclass(frozen=True, slots=True)
class IssuedCode:
    """A freshly issued integrity code: the text to show (once) and what it stands for."""

    code: str = field(repr=False)
    integrity_code: IntegrityCode


@dataclass(frozen=True, slots=True)
class Accessor:
    """Who reads: the partner, its client and token, and the purposes its type may use."""

    partner_id: int
    partner_type: str
    client_id: str
    token_id: str | None
    allowed_purposes: frozenset[Purpose]


@dataclass(frozen=True, slots=True)
class PresentedCode:
    """An integrity code the partner presented; ``code`` is None when it is not ours or unknown."""

    code: IntegrityCode | None


@dataclass(frozen=True, slots=True)
class PresentedConsent:
    """A consent id the partner presented; ``consent`` is None when there is no such consent."""

    consent: Consent | None


#: What a partner presented as the subject's authorisation (None: nothing).
Presented = PresentedCode | PresentedConsent | None


@dataclass(frozen=True, slots=True)
class AccessDecision:
    """Whether a read may be served, and if not why; the caller returns data only if allowed.

    ``subject`` is whose data may be read (from the request, or from the code or consent when
    the request named none); it is None when the read is denied.
    """

    outcome: AccessOutcome
    reason: DenialReason | None = None
    subject: SubjectRef | None = None
    code_id: str | None = None
    consent_id: str | None = None

    @property
    def allowed(self) -> bool:
        """Whether the data may be served."""
        return self.outcome is AccessOutcome.ALLOWED
