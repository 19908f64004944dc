"""The gate in front of every read of personal or non-public data: decide, audit, then serve.

A partner reads a person's credit only with that person's authorisation for a purpose, and
every access is logged where the person can see it (domain.md, "Rules that bind the data").
The audit row is written in the caller's transaction before any data is served; if it cannot
be written the read fails, so there is no unaudited read.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from api.domain.audit.model import MAX_REQUEST_ID_LENGTH, AuditRecord, audit_fields
from api.domain.consent.consents import is_consent_id
from api.domain.consent.errors import AccessDeniedError, AuditWriteError
from api.domain.consent.model import (
    AccessDecision,
    Accessor,
    AccessOutcome,
    ConsentPermission,
    DenialReason,
    Presented,
    PresentedCode,
    PresentedConsent,
    Purpose,
    SubjectRef,
)
from api.domain.consent.ports import AccessCrypto, AccessStore
from api.domain.consent.rules import decide_access, require_aware
from api.domain.errors import InvalidArgumentError
from api.domain.subjects.model import SubjectKind

#: The kinds of subject whose reads go through this gate.
GUARDED_KINDS = frozenset({SubjectKind.PERSON, SubjectKind.ENTERPRISE})


async def _presented(
    store: AccessStore, crypto: AccessCrypto, code: str | None, consent_id: str | None
) -> Presented:
    if code is not None:
        code_id = crypto.open_code(code)
        return PresentedCode(await store.integrity_codes.get(code_id) if code_id else None)
    if consent_id is not None:
        found = await store.consents.get(consent_id) if is_consent_id(consent_id) else None
        return PresentedConsent(found)
    return None


def _whose(subject: SubjectRef | None, presented: Presented) -> SubjectRef | None:
    """Whose data the attempt was about: the subject asked for, else the authorisation's."""
    if subject is not None:
        return subject
    if isinstance(presented, PresentedCode) and presented.code is not None:
        return presented.code.subject
    if isinstance(presented, PresentedConsent) and presented.consent is not None:
        return presented.consent.subject
    return None


async def subject_hash(
    store: AccessStore, crypto: AccessCrypto, subject: SubjectRef
) -> bytes | None:
    """The keyed hash the audit keeps for a stored subject, or None when it does not exist."""
    if subject.kind is SubjectKind.PERSON:
        person = (await store.persons.by_ids([subject.id])).get(subject.id)
        return person.resident_id_hash if person else None
    if subject.kind is SubjectKind.ENTERPRISE:
        enterprise = (await store.enterprises.by_ids([subject.id])).get(subject.id)
        return crypto.uscc_hash(enterprise.uscc) if enterprise else None
    return None


async def authorise_read(
    store: AccessStore,
    crypto: AccessCrypto,
    *,
    accessor: Accessor,
    subject: SubjectRef | None,
    purpose: Purpose,
    permission: ConsentPermission,
    fields: Sequence[str],
    code: str | None = None,
    consent_id: str | None = None,
    request_id: str,
    now: datetime,
) -> AccessDecision:
    """Decide one read and append its audit row (ALLOWED or DENIED) in the caller's transaction.

    Present at most one of ``code`` (a scanned integrity code) and ``consent_id``; ``subject``
    may be None when the code or consent names the subject (``decision.subject`` then says
    who). Returns the decision: serve data only if ``decision.allowed``. Raises
    InvalidArgumentError for malformed input (no audit row: nothing was read), and
    AuditWriteError when the audit row cannot be written: the caller must not serve data, and
    its unit of work must not commit.
    """
    require_aware(now)
    if code is not None and consent_id is not None:
        raise InvalidArgumentError("present an integrity code or a consent, not both")
    if subject is not None and subject.kind not in GUARDED_KINDS:
        raise InvalidArgumentError(f"reads of a {subject.kind.value} are not consent-guarded")
    audited_fields = audit_fields(fields)
    presented = await _presented(store, crypto, code, consent_id)
    decision = decide_access(
        accessor=accessor,
        subject=subject,
        purpose=purpose,
        permission=permission,
        presented=presented,
        now=now,
    )
    whose = _whose(subject, presented)
    hashed = await subject_hash(store, crypto, whose) if whose else None
    if decision.allowed and hashed is None:
        decision = AccessDecision(
            AccessOutcome.DENIED,
            reason=DenialReason.SUBJECT_NOT_FOUND,
            code_id=decision.code_id,
            consent_id=decision.consent_id,
        )
    record = AuditRecord(
        occurred_at=now,
        request_id=request_id[:MAX_REQUEST_ID_LENGTH],
        partner_id=accessor.partner_id,
        partner_type=accessor.partner_type,
        client_id=accessor.client_id,
        token_id=accessor.token_id,
        subject_kind=whose.kind if whose else None,
        subject_hash=hashed,
        fields=audited_fields,
        purpose=purpose,
        permission=permission,
        code_id=decision.code_id,
        consent_id=decision.consent_id,
        outcome=decision.outcome,
        reason=decision.reason,
    )
    try:
        await store.audit.append(record)
    except Exception as error:
        raise AuditWriteError("the access could not be audited; nothing is served") from error
    return decision


def require_allowed(decision: AccessDecision) -> SubjectRef:
    """The subject whose data may be served; AccessDeniedError (with the reason) otherwise."""
    if not decision.allowed or decision.subject is None:
        raise AccessDeniedError(decision.reason or DenialReason.NO_AUTHORISATION)
    return decision.subject
