"""The mutation root: integrity codes and consents (expected refusals come back as data)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Annotated, Any

import strawberry

from api.auth.purposes import accessor_for
from api.auth.scopes import Scope
from api.domain.consent import codes, consents
from api.domain.consent.model import ConsentPermission, Purpose, SubjectRef
from api.domain.consent.persons import find_person
from api.domain.errors import DomainError, ErrorCode, InvalidArgumentError, NotFoundError
from api.graphql.banking import BankingMutation
from api.graphql.base_mutation import MutationError, TypedMutation, errors_field, typed_mutation
from api.graphql.context import Info
from api.graphql.credit_engine import CreditEngineMutation
from api.graphql.errors_payload import UserErrorInterface
from api.graphql.intake import IntakeMutation
from api.graphql.merchants import MerchantMutation
from api.graphql.permissions import caller, requires
from api.graphql.reports import issue_credit_report_field
from api.graphql.scalars import ResidentId, UnifiedSocialCreditCode
from api.graphql.scenarios import ScenarioMutation
from api.graphql.signed_in import SignedInEnterprise, SignedInPerson, signed_in_subject
from api.graphql.types.consent import ConsentPermissionEnum, ConsentType, PurposeEnum

#: Naming the subject: a person's resident ID is parsed, and the subject looked up.
_SUBJECT_CODES = (ErrorCode.INVALID_ARGUMENT, ErrorCode.INVALID_IDENTIFIER, ErrorCode.NOT_FOUND)
_CONSENT_ACTION_CODES = (*_SUBJECT_CODES, ErrorCode.CONSENT_TRANSITION_NOT_ALLOWED)

ISSUE_CODE = typed_mutation(
    "IssueIntegrityCode",
    (*_SUBJECT_CODES, ErrorCode.PURPOSE_NOT_ALLOWED),
    lambda errors: IssueIntegrityCodePayload(code=None, expires_at=None, errors=errors),
)
REVOKE_CODE = typed_mutation(
    "RevokeIntegrityCode",
    _SUBJECT_CODES,
    lambda errors: RevokeIntegrityCodePayload(revoked=False, errors=errors),
    field="code",
)
REQUEST_CONSENT = typed_mutation(
    "RequestConsent",
    (
        *_SUBJECT_CODES,
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


@strawberry.type(description="A freshly issued integrity code (shown once).")
class IssueIntegrityCodePayload:
    """The code to show as a QR code, or why not."""

    code: str | None = strawberry.field(description="The code text (52 characters).")
    expires_at: datetime | None = strawberry.field(description="When it stops working.")
    errors: list[MutationError] = errors_field(ISSUE_CODE, "Why nothing was issued.")


@strawberry.type(description="The outcome of revoking an integrity code.")
class RevokeIntegrityCodePayload:
    """Revoking twice is harmless."""

    revoked: bool = strawberry.field(description="Whether the code is revoked now.")
    errors: list[MutationError] = errors_field(REVOKE_CODE, "Why not.")


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
    permissions: list[ConsentPermissionEnum] = strawberry.field(  # type: ignore[valid-type]
        description="What the partner asks to read."
    )
    purpose: PurposeEnum = strawberry.field(description="The one purpose it is for.")  # type: ignore[valid-type]
    expires_at: datetime = strawberry.field(description="When it lapses (at most 180 days).")


async def _subject(
    info: Info, resident_id: str | None, uscc: str | None
) -> tuple[SubjectRef | None, tuple[DomainError, str | None] | None]:
    """The subject a call names, or the refusal (and the field it points at) saying why not."""
    try:
        return await signed_in_subject(info, resident_id, uscc), None
    except InvalidArgumentError as error:
        return None, (error, None)
    except NotFoundError as error:
        return None, (error, "residentId" if resident_id is not None else "uscc")


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

    return strawberry.mutation(
        resolver=resolve,
        graphql_type=payload_type,
        **requires(Scope.CONSENT_AUTHORIZE, description=description),
    )


@strawberry.type(
    description="Change data: integrity codes, consents, credit records, repair, rule sets."
)
class Mutation(
    IntakeMutation, CreditEngineMutation, ScenarioMutation, BankingMutation, MerchantMutation
):
    """The mutation root (intake, repair, rule sets and the exemption list are inherited)."""

    issue_credit_report = issue_credit_report_field

    @strawberry.mutation(
        **requires(
            Scope.INTEGRITY_CODE_ISSUE,
            description="The city app issues a short-lived integrity code for the signed-in "
            "person and one scenario.",
        )
    )
    async def issue_integrity_code(
        self,
        info: Info,
        resident_id: Annotated[
            ResidentId, strawberry.argument(description="The signed-in person.")
        ],
        purpose: Annotated[PurposeEnum, strawberry.argument(description="The scenario.")],  # type: ignore[valid-type]
        minutes: Annotated[int, strawberry.argument(description="Validity, 1 to 60.")] = 5,
    ) -> IssueIntegrityCodePayload:
        context = info.context
        person = await find_person(context.repos, context.crypto, resident_id)
        if person is None:
            return ISSUE_CODE.fail("no such person", ErrorCode.NOT_FOUND, "residentId")
        person_id = person.id

        async def perform() -> IssueIntegrityCodePayload:
            issued = await codes.issue_integrity_code(
                context.repos,
                context.crypto,
                person_id=person_id,
                purpose=Purpose(purpose),
                issued_by_client_id=caller(info).client_id,
                now=context.now,
                lifetime=timedelta(minutes=minutes),
            )
            return IssueIntegrityCodePayload(
                code=issued.code, expires_at=issued.integrity_code.expires_at, errors=[]
            )

        return await ISSUE_CODE.run(info, perform)

    @strawberry.mutation(
        **requires(
            Scope.INTEGRITY_CODE_ISSUE,
            description="The signed-in person revokes one of their integrity codes at once.",
        )
    )
    async def revoke_integrity_code(
        self,
        info: Info,
        resident_id: Annotated[
            ResidentId, strawberry.argument(description="The signed-in person.")
        ],
        code: Annotated[str, strawberry.argument(description="The code text.")],
    ) -> RevokeIntegrityCodePayload:
        context = info.context
        person = await find_person(context.repos, context.crypto, resident_id)

        async def perform() -> RevokeIntegrityCodePayload:
            if person is None:
                raise DomainError("no such integrity code")
            await codes.revoke_integrity_code(
                context.repos, context.crypto, code=code, person_id=person.id, now=context.now
            )
            return RevokeIntegrityCodePayload(revoked=True, errors=[])

        return await REVOKE_CODE.run(info, perform)

    @strawberry.mutation(
        **requires(
            Scope.CONSENT_WRITE,
            description="A partner asks a person or an enterprise for a standing consent; it "
            "awaits the subject's authorisation in the city app.",
        )
    )
    async def request_consent(
        self,
        info: Info,
        input: Annotated[RequestConsentInput, strawberry.argument(description="The request.")],
    ) -> RequestConsentPayload:
        context = info.context
        subject, problem = await _subject(info, input.resident_id, input.uscc)
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
            return RequestConsentPayload(consent=consent, errors=[])  # type: ignore[arg-type]

        return await REQUEST_CONSENT.run(info, perform)

    authorize_consent = _consent_action(
        consents.authorise_consent,
        AUTHORIZE_CONSENT,
        AuthorizeConsentPayload,
        "The signed-in subject authorises a consent awaiting authorisation.",
    )
    reject_consent = _consent_action(
        consents.reject_consent,
        REJECT_CONSENT,
        RejectConsentPayload,
        "The signed-in subject rejects a consent awaiting authorisation.",
    )
    revoke_consent = _consent_action(
        consents.revoke_consent,
        REVOKE_CONSENT,
        RevokeConsentPayload,
        "The signed-in subject revokes an authorised consent, at once.",
    )


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
    subject, problem = await _subject(info, resident_id, uscc)
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
