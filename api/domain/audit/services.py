"""The subject's own access log, and the credit office's search of the whole audit log.

Every access is logged where the person can see it (domain.md, "Rules that bind the data");
the credit-reporting rules add a query log that the subject can read (domain.md, "Consent,
as open banking does it"). The subject names itself by identifier; only its keyed hash is
compared, never the identifier.
"""

from __future__ import annotations

from dataclasses import replace

from api.domain.audit.model import AuditEntry, AuditFilter
from api.domain.consent.model import AccessOutcome
from api.domain.consent.ports import AccessCrypto, AccessStore
from api.domain.errors import InvalidArgumentError
from api.domain.identifiers import validate_resident_id, validate_uscc
from api.domain.paging import Page, PageRequest
from api.domain.subjects.model import SubjectKind


def identifier_hash(crypto: AccessCrypto, kind: SubjectKind, identifier: str) -> bytes:
    """The audit's keyed hash of a person's resident ID or an enterprise's USCC (validated)."""
    if kind is SubjectKind.PERSON:
        return crypto.resident_id_hash(validate_resident_id(identifier))
    if kind is SubjectKind.ENTERPRISE:
        return crypto.uscc_hash(validate_uscc(identifier))
    raise InvalidArgumentError(f"the audit keeps reads of persons and enterprises, not {kind}")


async def person_access_log(
    store: AccessStore,
    crypto: AccessCrypto,
    *,
    resident_id: str,
    request: PageRequest,
    outcome: AccessOutcome | None = None,
) -> Page[AuditEntry]:
    """Who read the signed-in person's data, when, why and under which code or consent.

    Newest first, keyset-paged; ``resident_id`` is the signed-in person's (IdentifierError if
    malformed).
    """
    spec = AuditFilter(
        subject_kind=SubjectKind.PERSON,
        subject_hash=identifier_hash(crypto, SubjectKind.PERSON, resident_id),
        outcome=outcome,
    )
    return await store.audit.page(spec, request)


async def enterprise_access_log(
    store: AccessStore,
    crypto: AccessCrypto,
    *,
    uscc: str,
    request: PageRequest,
    outcome: AccessOutcome | None = None,
) -> Page[AuditEntry]:
    """Who read the signed-in enterprise's non-public data; newest first, keyset-paged."""
    spec = AuditFilter(
        subject_kind=SubjectKind.ENTERPRISE,
        subject_hash=identifier_hash(crypto, SubjectKind.ENTERPRISE, uscc),
        outcome=outcome,
    )
    return await store.audit.page(spec, request)


async def search_audit_log(
    store: AccessStore,
    crypto: AccessCrypto,
    *,
    spec: AuditFilter,
    request: PageRequest,
    subject_identifier: str | None = None,
) -> Page[AuditEntry]:
    """The credit office's search: by partner, subject, purpose, outcome and time; newest first.

    The subject is given either as ``spec.subject_hash`` or as ``subject_identifier`` (a
    resident ID or USCC, hashed here; ``spec.subject_kind`` says which).
    """
    if subject_identifier is not None:
        if spec.subject_kind is None:
            raise InvalidArgumentError("say which kind of subject the identifier belongs to")
        hashed = identifier_hash(crypto, spec.subject_kind, subject_identifier)
        spec = replace(spec, subject_hash=hashed)
    return await store.audit.page(spec, request)
