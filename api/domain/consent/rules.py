"""Pure consent rules: lifecycle, expiry caps, which purposes need what, and the access decision.

The binding rule (domain.md, "Rules that bind the data"): a partner reads a person's credit
only with that person's authorisation for a purpose, a scanned code being such an
authorisation for one scenario for a short time. The consent lifecycle and its closed lists
follow open banking (domain.md, "Consent, as open banking does it").
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from types import MappingProxyType

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
from api.domain.errors import InvalidArgumentError
from api.domain.subjects.model import SubjectKind

#: The longest a standing consent may run (open banking caps consents; the issue sets 180 days).
CONSENT_MAX_LIFETIME = timedelta(days=180)

#: How long an integrity code lives unless asked otherwise, and the bounds of what may be asked.
CODE_DEFAULT_LIFETIME = timedelta(minutes=5)
CODE_MIN_LIFETIME = timedelta(minutes=1)
CODE_MAX_LIFETIME = timedelta(minutes=60)

#: What makes a read for each purpose lawful. Scenario and lending purposes need the
#: subject's authorisation (domain.md, "Rules that bind the data"); supervision is a
#: statutory duty (PIPL art. 13(1)(3): "necessary to perform statutory duties"); self-service
#: is the signed-in subject reading their own data through the citizen app.
LAWFUL_BASIS: Mapping[Purpose, LawfulBasis] = MappingProxyType(
    {
        Purpose.PAY_AFTER_TREATMENT: LawfulBasis.SUBJECT_AUTHORISATION,
        Purpose.MOBILITY_DISCOUNT: LawfulBasis.SUBJECT_AUTHORISATION,
        Purpose.CREDIT_LOAN: LawfulBasis.SUBJECT_AUTHORISATION,
        Purpose.TAX_CREDIT_LOAN: LawfulBasis.SUBJECT_AUTHORISATION,
        Purpose.GREEN_LOAN_MATCHING: LawfulBasis.SUBJECT_AUTHORISATION,
        Purpose.POST_LOAN_MONITORING: LawfulBasis.SUBJECT_AUTHORISATION,
        Purpose.INCENTIVE_ELIGIBILITY: LawfulBasis.SUBJECT_AUTHORISATION,
        Purpose.CREDIT_SUPERVISION: LawfulBasis.STATUTORY_DUTY,
        Purpose.SUBJECT_SELF_SERVICE: LawfulBasis.SUBJECT_SELF,
    }
)

#: Which permissions make sense for which kind of subject.
PERMISSIONS_BY_SUBJECT_KIND: Mapping[SubjectKind, frozenset[ConsentPermission]] = MappingProxyType(
    {
        SubjectKind.PERSON: frozenset(
            {
                ConsentPermission.READ_IDENTITY,
                ConsentPermission.READ_INTEGRITY_CODE,
                ConsentPermission.READ_CREDIT_RECORDS,
                ConsentPermission.READ_EVALUATION,
            }
        ),
        SubjectKind.ENTERPRISE: frozenset(
            {
                ConsentPermission.READ_ENTERPRISE_NON_PUBLIC,
                ConsentPermission.READ_CREDIT_RECORDS,
                ConsentPermission.READ_EVALUATION,
            }
        ),
    }
)

#: A scanned integrity code lets its scanner read what a person's consent could grant.
CODE_PERMISSIONS = PERMISSIONS_BY_SUBJECT_KIND[SubjectKind.PERSON]

#: The scenarios a person can show a code for (a scan is one scenario, for a short time).
CODE_PURPOSES = frozenset(
    {
        Purpose.PAY_AFTER_TREATMENT,
        Purpose.MOBILITY_DISCOUNT,
        Purpose.CREDIT_LOAN,
        Purpose.INCENTIVE_ELIGIBILITY,
    }
)

_TRANSITIONS: Mapping[tuple[ConsentStatus, ConsentAction], ConsentStatus] = MappingProxyType(
    {
        (ConsentStatus.AWAITING_AUTHORISATION, ConsentAction.AUTHORISE): ConsentStatus.AUTHORISED,
        (ConsentStatus.AWAITING_AUTHORISATION, ConsentAction.REJECT): ConsentStatus.REJECTED,
        (ConsentStatus.AUTHORISED, ConsentAction.REVOKE): ConsentStatus.REVOKED,
    }
)

_LIVE = frozenset({ConsentStatus.AWAITING_AUTHORISATION, ConsentStatus.AUTHORISED})


def require_aware(now: datetime) -> datetime:
    """Refuse a naive moment: every rule compares aware instants."""
    if now.tzinfo is None:
        raise ValueError("now must be an aware datetime")
    return now


def effective_status(consent: Consent, now: datetime) -> ConsentStatus:
    """The status at ``now``: a live consent past its expiry reads as EXPIRED (open banking)."""
    if consent.status in _LIVE and now >= consent.expires_at:
        return ConsentStatus.EXPIRED
    return consent.status


def next_status(current: ConsentStatus, action: ConsentAction) -> ConsentStatus:
    """The status after ``action``; ConsentTransitionError names ``current`` if it is illegal.

    AWAITING_AUTHORISATION -> AUTHORISED or REJECTED; AUTHORISED -> REVOKED (the subject may
    revoke at any time, with immediate effect); REJECTED, REVOKED and EXPIRED are final.
    """
    following = _TRANSITIONS.get((current, action))
    if following is None:
        raise ConsentTransitionError(current, action)
    return following


def check_consent_expiry(expires_at: datetime, now: datetime) -> None:
    """A consent expires in the future and at most 180 days from now (CONSENT_MAX_LIFETIME)."""
    require_aware(expires_at)
    if expires_at <= now:
        raise ConsentExpiryError("a consent's expiry must be in the future")
    if expires_at - now > CONSENT_MAX_LIFETIME:
        raise ConsentExpiryError(
            f"a consent may run at most {CONSENT_MAX_LIFETIME.days} days; ask for an earlier expiry"
        )


def check_permissions(kind: SubjectKind, permissions: frozenset[ConsentPermission]) -> None:
    """A consent grants at least one permission, each applicable to the subject's kind."""
    applicable = PERMISSIONS_BY_SUBJECT_KIND.get(kind, frozenset())
    outside = permissions - applicable
    if not permissions or outside:
        raise PermissionNotApplicableError(kind, outside)


def check_consent_purpose(purpose: Purpose, allowed: frozenset[Purpose]) -> None:
    """A partner asks consent only for a purpose its type may use and that needs consent."""
    if purpose not in allowed:
        raise PurposeNotAllowedError(purpose, f"this partner may not use purpose {purpose.value}")
    if LAWFUL_BASIS[purpose] is not LawfulBasis.SUBJECT_AUTHORISATION:
        raise PurposeNotAllowedError(
            purpose, f"purpose {purpose.value} does not rest on the subject's consent"
        )


def check_code_purpose(purpose: Purpose) -> None:
    """A person shows a code only for one of the scenarios in CODE_PURPOSES."""
    if purpose not in CODE_PURPOSES:
        names = ", ".join(sorted(p.value for p in CODE_PURPOSES))
        raise PurposeNotAllowedError(
            purpose, f"an integrity code is for one scenario ({names}), not {purpose.value}"
        )


def code_expiry(issued_at: datetime, lifetime: timedelta = CODE_DEFAULT_LIFETIME) -> datetime:
    """When a code issued at ``issued_at`` expires; the lifetime is 1 to 60 minutes."""
    require_aware(issued_at)
    if not CODE_MIN_LIFETIME <= lifetime <= CODE_MAX_LIFETIME:
        raise InvalidArgumentError(
            "an integrity code lives 1 to 60 minutes, "
            f"not {lifetime.total_seconds() / 60:g} minutes"
        )
    return issued_at + lifetime


def check_code(
    code: IntegrityCode | None,
    *,
    subject: SubjectRef | None,
    purpose: Purpose,
    permission: ConsentPermission,
    now: datetime,
) -> DenialReason | None:
    """Why a presented integrity code does not cover this read, or None when it does."""
    if code is None:
        return DenialReason.CODE_INVALID
    if code.revoked_at is not None:
        return DenialReason.CODE_REVOKED
    if now >= code.expires_at:
        return DenialReason.CODE_EXPIRED
    if code.purpose is not purpose:
        return DenialReason.WRONG_PURPOSE
    if subject is not None and subject != code.subject:
        return DenialReason.WRONG_SUBJECT
    if permission not in CODE_PERMISSIONS:
        return DenialReason.PERMISSION_NOT_GRANTED
    return None


_STATUS_REASON: Mapping[ConsentStatus, DenialReason] = MappingProxyType(
    {
        ConsentStatus.AWAITING_AUTHORISATION: DenialReason.CONSENT_NOT_AUTHORISED,
        ConsentStatus.REJECTED: DenialReason.CONSENT_NOT_AUTHORISED,
        ConsentStatus.REVOKED: DenialReason.CONSENT_REVOKED,
        ConsentStatus.EXPIRED: DenialReason.CONSENT_EXPIRED,
    }
)


def check_consent(
    consent: Consent | None,
    *,
    accessor: Accessor,
    subject: SubjectRef | None,
    purpose: Purpose,
    permission: ConsentPermission,
    now: datetime,
) -> DenialReason | None:
    """Why a presented consent does not cover this read, or None when it does."""
    if consent is None:
        return DenialReason.CONSENT_NOT_FOUND
    if consent.partner_id != accessor.partner_id:
        return DenialReason.WRONG_PARTNER
    status = effective_status(consent, now)
    if status is not ConsentStatus.AUTHORISED:
        return _STATUS_REASON[status]
    if consent.purpose is not purpose:
        return DenialReason.WRONG_PURPOSE
    if subject is not None and subject != consent.subject:
        return DenialReason.WRONG_SUBJECT
    if permission not in consent.permissions:
        return DenialReason.PERMISSION_NOT_GRANTED
    return None


def _denied(
    reason: DenialReason, code_id: str | None = None, consent_id: str | None = None
) -> AccessDecision:
    return AccessDecision(
        AccessOutcome.DENIED, reason=reason, code_id=code_id, consent_id=consent_id
    )


def decide_access(
    *,
    accessor: Accessor,
    subject: SubjectRef | None,
    purpose: Purpose,
    permission: ConsentPermission,
    presented: Presented,
    now: datetime,
) -> AccessDecision:
    """Whether this read is authorised (domain.md, "Rules that bind the data").

    The purpose must be one the partner's type may use (``accessor.allowed_purposes``, from
    ``api.auth.purposes.PURPOSES_BY_TYPE``). A presented code or consent must be valid now
    and cover the purpose, the subject and the permission; with nothing presented, only a
    statutory or self-service purpose about a named subject is allowed. ``subject`` may be
    None when the code or consent names the subject.
    """
    require_aware(now)
    if purpose not in accessor.allowed_purposes:
        return _denied(DenialReason.PURPOSE_NOT_ALLOWED_FOR_PARTNER_TYPE)
    code_id: str | None = None
    consent_id: str | None = None
    if isinstance(presented, PresentedCode):
        code = presented.code
        code_id = code.id if code else None
        reason = check_code(code, subject=subject, purpose=purpose, permission=permission, now=now)
        authorised = code.subject if code else None
    elif isinstance(presented, PresentedConsent):
        consent = presented.consent
        consent_id = consent.id if consent else None
        reason = check_consent(
            consent,
            accessor=accessor,
            subject=subject,
            purpose=purpose,
            permission=permission,
            now=now,
        )
        authorised = consent.subject if consent else None
    else:
        needs_authorisation = LAWFUL_BASIS[purpose] is LawfulBasis.SUBJECT_AUTHORISATION
        reason = DenialReason.NO_AUTHORISATION if needs_authorisation or not subject else None
        authorised = subject
    if reason is not None:
        return _denied(reason, code_id, consent_id)
    target = subject or authorised
    if target is None:
        return _denied(DenialReason.NO_AUTHORISATION, code_id, consent_id)
    if permission not in PERMISSIONS_BY_SUBJECT_KIND.get(target.kind, frozenset()):
        return _denied(DenialReason.PERMISSION_NOT_GRANTED, code_id, consent_id)
    return AccessDecision(
        AccessOutcome.ALLOWED, subject=target, code_id=code_id, consent_id=consent_id
    )
