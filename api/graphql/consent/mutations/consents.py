"""Consents: a partner requests one, the subject authorises, rejects or revokes it."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, cast

import strawberry

from api.auth.purposes import accessor_for
from api.auth.scopes import Scope
from api.domain.consent import consents
from api.domain.consent.model import ConsentPermission, Purpose
from api.domain.errors import ErrorCode
from api.graphql.base_mutation import MutationError, TypedMutation, errors_field, typed_mutation
from api.graphql.consent.mutations.subject import SUBJECT_CODES, named_subject
from api.graphql.consent.types import ConsentPermissionEnum, ConsentType, PurposeEnum
from api.graphql.context import Info
from api.graphql.errors_payload import UserErrorInterface
from api.graphql.permissions import caller, mutation_field
from api.graphql.scalars import ResidentId, UnifiedSocialCreditCode
from api.graphql.signed_in import SignedInEnterprise, SignedInPerson

_CONSENT_ACTION_CODES = (*SUBJECT_CODES, ErrorCode.CONSENT_TRANSITION_NOT_ALLOWED)


REQUEST_CONSENT = typed_mutation(
    "RequestConsent",
    (
        *SUBJECT_CODES,
        ErrorCode.CONSENT_EXPIRY_OUT_OF_RANGE,
        ErrorCode.PERMISSION_NOT_APPLICABLE,
        ErrorCode.PURPOSE_NOT_ALLOWED,
    ),
    lambda errors: RequestConsentPayload(consent=None, errors=errors),
)


AUTHORIZE_CONSENT = typed_mutation(
    "AuthorizeConsent",
    _CONSENT_ACTION_CODES,
    lambda errors: AuthorizeConsentPayload(consent=None, errors=errors),
    field="consentId",
)


REJECT_CONSENT = typed_mutation(
    "RejectConsent",
    _CONSENT_ACTION_CODES,
    lambda errors: RejectConsentPayload(consent=None, errors=errors),
    field="consentId",
)


REVOKE_CONSENT = typed_mutation(
    "RevokeConsent",
    _CONSENT_ACTION_CODES,
    lambda errors: RevokeConsentPayload(consent=None, errors=errors),
    field="consentId",
)


@strawberry.interface(description="A consent after a change, or why it did not change.")
class ConsentPayload:
    """The consent as it now stands (each mutation's own payload types its errors)."""

    consent: ConsentType | None = strawberry.field(description="The consent.")
    errors: list[MutationError] = strawberry.field(
        graphql_type=list[UserErrorInterface], description="Why nothing changed."
    )


@strawberry.type(description="The consent requested, or why not.")
class RequestConsentPayload(ConsentPayload):
    """The consent awaiting authorisation."""

    errors: list[MutationError] = errors_field(REQUEST_CONSENT, "Why nothing changed.")


@strawberry.type(description="The consent after authorising it, or why it did not change.")
class AuthorizeConsentPayload(ConsentPayload):
    """The consent as it now stands."""

    errors: list[MutationError] = errors_field(AUTHORIZE_CONSENT, "Why nothing changed.")


@strawberry.type(description="The consent after rejecting it, or why it did not change.")
class RejectConsentPayload(ConsentPayload):
    """The consent as it now stands."""

    errors: list[MutationError] = errors_field(REJECT_CONSENT, "Why nothing changed.")


@strawberry.type(description="The consent after revoking it, or why it did not change.")
class RevokeConsentPayload(ConsentPayload):
    """The consent as it now stands."""

    errors: list[MutationError] = errors_field(REVOKE_CONSENT, "Why nothing changed.")


@strawberry.input(description="A partner asks a subject (a person or an enterprise) for consent.")
class RequestConsentInput:
    """Name exactly one of residentId and uscc."""

    resident_id: ResidentId | None = strawberry.field(default=None, description="A person.")
    uscc: UnifiedSocialCreditCode | None = strawberry.field(
        default=None, description="An enterprise."
    )
    permissions: list[ConsentPermissionEnum] = strawberry.field(  # type: ignore[valid-type]  # strawberry enum used as a type
        description="What the partner asks to read."
    )
    purpose: PurposeEnum = strawberry.field(description="The one purpose it is for.")  # type: ignore[valid-type]  # strawberry enum used as a type
    expires_at: datetime = strawberry.field(description="When it lapses (at most 180 days).")


async def _act(
    info: Info,
    action: consents.SubjectAction,
    runner: TypedMutation[Any],
    payload_type: type[ConsentPayload],
    consent_id: str,
    resident_id: str | None,
    uscc: str | None,
) -> ConsentPayload:
    """Apply a subject's action to its consent; refusals (wrong state, not theirs) as errors."""
    subject, problem = await named_subject(info, resident_id, uscc)
    if subject is None:
        refused: ConsentPayload = runner.refuse(*problem) if problem else runner.refused([])
        return refused
    named = subject

    async def perform() -> ConsentPayload:
        consent = await action(
            info.context.repos, consent_id=consent_id, subject=named, now=info.context.now
        )
        return payload_type(consent=consent, errors=[])  # type: ignore[arg-type]  # a ConsentType

    result: ConsentPayload = await runner.run(info, perform)
    return result


def _consent_action(
    action: consents.SubjectAction,
    runner: TypedMutation[Any],
    payload_type: type[ConsentPayload],
    description: str,
) -> Any:
    """A mutation applying one of the subject's consent actions (same arguments for each)."""

    async def resolve(
        info: Info,
        consent_id: Annotated[strawberry.ID, strawberry.argument(description="The consent.")],
        resident_id: SignedInPerson = None,
        uscc: SignedInEnterprise = None,
    ) -> ConsentPayload:
        return await _act(info, action, runner, payload_type, consent_id, resident_id, uscc)

    return mutation_field(
        Scope.CONSENT_AUTHORIZE, description=description, graphql_type=payload_type
    )(resolve)


@mutation_field(
    Scope.CONSENT_WRITE,
    description="A partner asks a person or an enterprise for a standing consent; it "
    "awaits the subject's authorisation in the city app.",
)
async def request_consent(
    info: Info,
    input: Annotated[RequestConsentInput, strawberry.argument(description="The request.")],
) -> RequestConsentPayload:
    """Ask the subject for a consent; it awaits their authorisation."""
    context = info.context
    subject, problem = await named_subject(info, input.resident_id, input.uscc)
    if subject is None:
        return REQUEST_CONSENT.refuse(*problem) if problem else REQUEST_CONSENT.refused([])
    named = subject

    async def perform() -> RequestConsentPayload:
        consent = await consents.request_consent(
            context.repos,
            accessor=accessor_for(caller(info)),
            subject=named,
            permissions=[ConsentPermission(p) for p in input.permissions],
            purpose=Purpose(input.purpose),
            expires_at=input.expires_at,
            now=context.now,
        )
        return RequestConsentPayload(consent=cast(ConsentType, consent), errors=[])

    return await REQUEST_CONSENT.run(info, perform)


authorize_consent: Any = _consent_action(
    consents.authorise_consent,
    AUTHORIZE_CONSENT,
    AuthorizeConsentPayload,
    "The signed-in subject authorises a consent awaiting authorisation.",
)


reject_consent: Any = _consent_action(
    consents.reject_consent,
    REJECT_CONSENT,
    RejectConsentPayload,
    "The signed-in subject rejects a consent awaiting authorisation.",
)


revoke_consent: Any = _consent_action(
    consents.revoke_consent,
    REVOKE_CONSENT,
    RevokeConsentPayload,
    "The signed-in subject revokes an authorised consent, at once.",
)
