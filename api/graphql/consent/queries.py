"""Consent queries: a person read for a purpose, consents, the access and audit logs."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from datetime import datetime
from typing import Annotated, cast

import strawberry

from api.auth.scopes import Scope
from api.domain.audit import services as audit_service
from api.domain.audit.model import AuditFilter
from api.domain.consent import consents as consents_service
from api.domain.consent.consents import is_consent_id
from api.domain.consent.model import (
    AccessDecision,
    AccessOutcome,
    ConsentPermission,
    DenialReason,
    Person,
    Purpose,
)
from api.domain.consent.rules import effective_status
from api.domain.errors import InvalidArgumentError
from api.domain.subjects.model import SubjectKind
from api.graphql.consent.gate import DENIAL_MESSAGES, gate_person_read, selected_fields
from api.graphql.consent.types import (
    AccessDenial,
    AccessLogConnection,
    AccessOutcomeEnum,
    ConsentConnection,
    ConsentType,
    PersonAccess,
    PersonType,
    PersonView,
    PurposeEnum,
)
from api.graphql.context import Info
from api.graphql.permissions import query_field
from api.graphql.relay import ConnectionRoot, page_request
from api.graphql.row_rules import OwnRowsOnly
from api.graphql.scalars import ResidentId, UnifiedSocialCreditCode
from api.graphql.signed_in import SignedInEnterprise, SignedInPerson, exactly_one, signed_in_subject


@strawberry.input(description="Filters of the audit log search; all must hold.")
class AuditLogFilter:
    """Every filter is optional."""

    partner_id: int | None = strawberry.field(default=None, description="The partner's id.")
    resident_id: ResidentId | None = strawberry.field(default=None, description="A person.")
    uscc: UnifiedSocialCreditCode | None = strawberry.field(
        default=None, description="An enterprise."
    )
    purpose: PurposeEnum | None = strawberry.field(default=None, description="A purpose.")  # type: ignore[valid-type]  # strawberry enum used as a type
    outcome: AccessOutcomeEnum | None = strawberry.field(  # type: ignore[valid-type]  # strawberry enum used as a type
        default=None, description="Served or refused."
    )
    occurred_from: datetime | None = strawberry.field(default=None, description="From (inclusive).")
    occurred_until: datetime | None = strawberry.field(
        default=None, description="Until (exclusive)."
    )

    def to_domain(self) -> tuple[AuditFilter, str | None]:
        """The domain filter, and the subject's identifier to hash (if one was named)."""
        if self.resident_id is not None and self.uscc is not None:
            raise InvalidArgumentError("name residentId or uscc, not both")
        kind = (
            SubjectKind.PERSON
            if self.resident_id
            else SubjectKind.ENTERPRISE
            if self.uscc
            else None
        )
        spec = AuditFilter(
            partner_id=self.partner_id,
            subject_kind=kind,
            purpose=Purpose(self.purpose) if self.purpose else None,
            outcome=AccessOutcome(self.outcome) if self.outcome else None,
            occurred_from=self.occurred_from,
            occurred_until=self.occurred_until,
        )
        return spec, self.resident_id or self.uscc


#: Which consent permission each part of a person needs (identity for the rest).
_PERMISSION_BY_FIELD = (
    ("person.creditRecords", ConsentPermission.READ_CREDIT_RECORDS),
    ("person.evaluation", ConsentPermission.READ_EVALUATION),
    ("person.integrityColour", ConsentPermission.READ_INTEGRITY_CODE),
)


def permissions_for(fields: list[str]) -> list[ConsentPermission]:
    """The permissions a selection of a person needs, in a fixed order (identity if none)."""
    needed = [
        permission
        for prefix, permission in _PERMISSION_BY_FIELD
        if any(path.startswith(prefix) for path in fields)
    ]
    return needed or [ConsentPermission.READ_IDENTITY]


async def _gate_each_permission(
    info: Info,
    *,
    purpose: Purpose,
    resident_id: str | None,
    code: str | None,
    consent_id: str | None,
    fields: list[str],
) -> tuple[AccessDecision, Person | None]:
    """Gate (and audit) the read once per permission it needs; the first refusal stops it."""
    decision: AccessDecision | None = None
    named: Person | None = None
    for permission in permissions_for(fields):
        decision, found = await gate_person_read(
            info,
            purpose=purpose,
            resident_id=resident_id,
            code=code,
            consent_id=consent_id,
            permission=permission,
            fields=fields or ["(none)"],
        )
        named = named or found
        if not decision.allowed:
            break
    if decision is None:  # permissions_for is never empty
        raise RuntimeError("no permission was checked")
    return decision, named


@query_field(
    Scope.PERSON_READ,
    description="Read a person for a purpose, with their authorisation: a scanned "
    "integrity code or a consent id. Every attempt is in the person's access log.",
)
async def person(
    info: Info,
    purpose: Annotated[
        PurposeEnum,  # type: ignore[valid-type]  # strawberry enum used as a type
        strawberry.argument(description="Why you read (must be allowed for your type)."),
    ],
    resident_id: Annotated[
        ResidentId | None,
        strawberry.argument(description="Whom; optional with a code (the code names them)."),
    ] = None,
    integrity_code: Annotated[
        str | None, strawberry.argument(description="The code the person showed you.")
    ] = None,
    consent_id: Annotated[
        strawberry.ID | None, strawberry.argument(description="A consent they authorised.")
    ] = None,
) -> PersonAccess:
    """Gate (and audit) the read of a person, then serve them or say why not."""
    fields = [path for path in selected_fields(info) if path.startswith("person.")]
    decision, named = await _gate_each_permission(
        info,
        purpose=Purpose(purpose),
        resident_id=resident_id,
        code=integrity_code,
        consent_id=consent_id,
        fields=fields,
    )
    if not decision.allowed or decision.subject is None:
        reason = decision.reason or DenialReason.NO_AUTHORISATION
        denial = AccessDenial(reason=reason, message=DENIAL_MESSAGES[reason])
        return PersonAccess(person=None, denial=denial)
    person = named
    if person is None or person.id != decision.subject.id:
        person = (await info.context.repos.persons.by_ids([decision.subject.id]))[
            decision.subject.id
        ]
    view = PersonView(purpose=Purpose(purpose), person=person)
    return PersonAccess(person=cast(PersonType, view), denial=None)


@query_field(
    Scope.CONSENT_WRITE,
    description="A consent you asked for (to poll its status); null if it is not yours.",
    extra=[OwnRowsOnly()],
)
async def consent(
    info: Info,
    id: Annotated[strawberry.ID, strawberry.argument(description="The consent id.")],
) -> ConsentType | None:
    """One of the caller's consents, with its status as of now."""
    found = await info.context.repos.consents.get(id) if is_consent_id(id) else None
    if found is None:
        return None
    return cast(ConsentType, replace(found, status=effective_status(found, info.context.now)))


@query_field(
    Scope.CONSENT_AUTHORIZE,
    description="The signed-in person's (or enterprise's) consents, newest first.",
)
async def my_consents(
    info: Info,
    first: Annotated[int, strawberry.argument(description="How many, 1 to 100.")],
    after: Annotated[str | None, strawberry.argument(description="Cursor.")] = None,
    resident_id: SignedInPerson = None,
    uscc: SignedInEnterprise = None,
) -> ConsentConnection:
    """The signed-in subject's consents, newest first."""
    subject = await signed_in_subject(info, resident_id, uscc)
    listing = f"consents:{subject.kind.value}:{subject.id}"
    request = page_request(info, listing, first, after)
    page = await consents_service.subject_consents(
        info.context.repos, subject=subject, request=request, now=info.context.now
    )
    return cast(ConsentConnection, ConnectionRoot(page=page, listing=listing))


@query_field(
    Scope.AUDIT_READ_OWN,
    description="Who read the signed-in person's (or enterprise's) data: when, why, "
    "under which consent or code, and whether it was served. Newest first.",
)
async def my_access_log(
    info: Info,
    first: Annotated[int, strawberry.argument(description="How many, 1 to 100.")],
    after: Annotated[str | None, strawberry.argument(description="Cursor.")] = None,
    resident_id: SignedInPerson = None,
    uscc: SignedInEnterprise = None,
) -> AccessLogConnection:
    """Who read the signed-in subject's data, newest first."""
    identity = exactly_one(resident_id, uscc)
    listing = "access-log:" + hashlib.blake2s(identity.encode(), digest_size=8).hexdigest()
    request = page_request(info, listing, first, after)
    context = info.context
    if resident_id is not None:
        page = await audit_service.person_access_log(
            context.repos, context.crypto, resident_id=resident_id, request=request
        )
    else:
        page = await audit_service.enterprise_access_log(
            context.repos, context.crypto, uscc=identity, request=request
        )
    return cast(AccessLogConnection, ConnectionRoot(page=page, listing=listing))


@query_field(
    Scope.AUDIT_READ, description="The credit office searches the audit log, newest first."
)
async def audit_log(
    info: Info,
    first: Annotated[int, strawberry.argument(description="How many, 1 to 100.")],
    after: Annotated[str | None, strawberry.argument(description="Cursor.")] = None,
    filter: Annotated[
        AuditLogFilter | None, strawberry.argument(description="Filters; all must hold.")
    ] = None,
) -> AccessLogConnection:
    """The audit log filtered for the credit office, newest first."""
    spec, subject_identifier = (filter or AuditLogFilter()).to_domain()
    listing = (
        "audit:"
        + hashlib.blake2s(repr((spec, subject_identifier)).encode(), digest_size=8).hexdigest()
    )
    request = page_request(info, listing, first, after)
    page = await audit_service.search_audit_log(
        info.context.repos,
        info.context.crypto,
        spec=spec,
        request=request,
        subject_identifier=subject_identifier,
    )
    return cast(AccessLogConnection, ConnectionRoot(page=page, listing=listing))
