"""The consent gate of a personal read: decide, audit, then serve."""

from __future__ import annotations

from typing import Any

from api.auth.purposes import accessor_for
from api.domain.consent.access import authorise_read
from api.domain.consent.errors import AuditWriteError
from api.domain.consent.model import (
    AccessDecision,
    ConsentPermission,
    DenialReason,
    Person,
    Purpose,
    SubjectRef,
)
from api.domain.consent.persons import find_person
from api.graphql.context import Info
from api.graphql.permissions import UnauthenticatedError

#: Stands for a resident ID the partner named that no person has: it matches no code or
#: consent, so the read is refused exactly as for a real person, and existence is not revealed.
UNKNOWN_PERSON = SubjectRef.person(0)


DENIAL_MESSAGES: dict[DenialReason, str] = {
    DenialReason.NO_AUTHORISATION: "present the person's integrity code or a consent id",
    DenialReason.CODE_INVALID: "the integrity code is not one the platform issued",
    DenialReason.CODE_EXPIRED: "the integrity code has expired: ask for a fresh one",
    DenialReason.CODE_REVOKED: "the person revoked this integrity code",
    DenialReason.CONSENT_NOT_FOUND: "no such consent",
    DenialReason.CONSENT_NOT_AUTHORISED: "the consent is not authorised (awaiting or rejected)",
    DenialReason.CONSENT_EXPIRED: "the consent has expired",
    DenialReason.CONSENT_REVOKED: "the subject revoked the consent",
    DenialReason.WRONG_PURPOSE: "the code or consent is for another purpose",
    DenialReason.WRONG_PARTNER: "the consent was given to another partner",
    DenialReason.WRONG_SUBJECT: "the code or consent is someone else's",
    DenialReason.PERMISSION_NOT_GRANTED: "the code or consent does not cover these fields",
    DenialReason.PURPOSE_NOT_ALLOWED_FOR_PARTNER_TYPE: "your partner type may not use this purpose",
    DenialReason.SUBJECT_NOT_FOUND: "no such subject",
}


def selected_fields(info: Info) -> list[str]:
    """The dotted names of the fields selected under the current field (for the audit row)."""
    names: list[str] = []

    def walk(selections: list[Any], prefix: str) -> None:
        for selection in selections:
            name = getattr(selection, "name", None)
            if not name or name.startswith("__"):
                walk(getattr(selection, "selections", []) or [], prefix)
                continue
            path = f"{prefix}.{name}" if prefix else name
            children = getattr(selection, "selections", []) or []
            if children:
                walk(children, path)
            else:
                names.append(path)

    for field in info.selected_fields:
        walk(field.selections, "")
    return sorted(set(names)) or ["(none)"]


async def gate_person_read(
    info: Info,
    *,
    purpose: Purpose,
    resident_id: str | None,
    code: str | None,
    consent_id: str | None,
    permission: ConsentPermission,
    fields: list[str],
) -> tuple[AccessDecision, Person | None]:
    """Decide and audit one read of a person; mark the request failed if it cannot be audited.

    Returns the decision and the person the partner named, when it named a known one (so the
    caller does not load the same row again).
    """
    context = info.context
    if context.principal is None:
        raise UnauthenticatedError
    subject: SubjectRef | None = None
    person: Person | None = None
    if resident_id is not None:
        person = await find_person(context.repos, context.crypto, resident_id)
        subject = SubjectRef.person(person.id) if person else UNKNOWN_PERSON
    try:
        decision = await authorise_read(
            context.repos,
            context.crypto,
            accessor=accessor_for(context.principal),
            subject=subject,
            purpose=purpose,
            permission=permission,
            fields=fields,
            code=code,
            consent_id=consent_id,
            request_id=context.request_id,
            now=context.now,
        )
    except AuditWriteError:
        context.audit_failed = True
        raise
    return decision, person
