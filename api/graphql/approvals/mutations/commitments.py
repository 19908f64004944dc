"""signApprovalCommitment and recordApprovalCommitmentOutcome: a subject signs a matter's
commitment and gets the fast-track decision at once; the matter's department later records
whether it was kept, as a credit record linked to the commitment."""

from __future__ import annotations

from typing import Annotated, cast

import strawberry

from api.auth.scopes import PartnerType
from api.domain.approvals import services
from api.domain.errors import ErrorCode, InvalidArgumentError, NotFoundError
from api.domain.records.model import Severity
from api.domain.subjects.model import SubjectKind
from api.graphql.approvals.types import ApprovalCommitmentType
from api.graphql.base_mutation import MutationError, errors_field, typed_mutation
from api.graphql.context import Info
from api.graphql.credit.types.records import SeverityEnum
from api.graphql.permissions import caller
from api.graphql.scalars import ResidentId, UnifiedSocialCreditCode
from api.graphql.signed_in import signed_in_subject

SIGN = typed_mutation(
    "SignApprovalCommitment",
    (
        ErrorCode.INVALID_ARGUMENT,
        ErrorCode.INVALID_IDENTIFIER,
        ErrorCode.NOT_FOUND,
        "FORBIDDEN",
        ErrorCode.COMMITMENT_PENDING,
        ErrorCode.IDEMPOTENCY_KEY_REUSED,
        ErrorCode.CONFLICT,
    ),
    lambda errors: SignApprovalCommitmentPayload(commitment=None, replayed=False, errors=errors),
)
OUTCOME = typed_mutation(
    "RecordApprovalCommitmentOutcome",
    (
        ErrorCode.INVALID_ARGUMENT,
        ErrorCode.NOT_FOUND,
        ErrorCode.MATTER_OF_ANOTHER_DEPARTMENT,
        ErrorCode.COMMITMENT_NOT_PENDING,
        ErrorCode.IDEMPOTENCY_KEY_REUSED,
        ErrorCode.CONFLICT,
        ErrorCode.DATE_IN_FUTURE,
        ErrorCode.PUBLICITY_OUT_OF_RANGE,
    ),
    lambda errors: RecordApprovalCommitmentOutcomePayload(
        commitment=None, replayed=False, errors=errors
    ),
)


@strawberry.input(description="A commitment signed for an approval matter (信易批).")
class SignApprovalCommitmentInput:
    """The citizen app names the signed-in person or enterprise; a department's window names
    an enterprise or merchant by its code (never a person)."""

    matter_code: str = strawberry.field(description="The matter (ApprovalMatter.code).")
    resident_id: ResidentId | None = strawberry.field(
        default=None, description="The signed-in person (citizen app only)."
    )
    uscc: UnifiedSocialCreditCode | None = strawberry.field(
        default=None, description="The enterprise or merchant that signs."
    )
    idempotency_key: str = strawberry.field(
        description="A key you choose (8-128 characters): a retry returns the first result."
    )


@strawberry.type(description="The commitment as stored, with the fast-track decision, or why not.")
class SignApprovalCommitmentPayload:
    """A refusal of the fast track is a commitment with status REFUSED and its reasons."""

    commitment: ApprovalCommitmentType | None = strawberry.field(
        description="The commitment and its decision."
    )
    replayed: bool = strawberry.field(description="True when this key was used before.")
    errors: list[MutationError] = errors_field(SIGN, "Why nothing was stored.")


@strawberry.input(description="A department's verification of a fast-tracked commitment.")
class RecordApprovalCommitmentOutcomeInput:
    """Kept: a commitment-kept record (履约践诺). Broken: a commitment-broken record with the
    severity given, which lowers the score and bars the fast track for three years."""

    reference: str = strawberry.field(description="The commitment (ApprovalCommitment.reference).")
    department: str = strawberry.field(description="Your department's code: the matter's.")
    kept: bool = strawberry.field(description="True if the commitment was kept.")
    severity: SeverityEnum | None = strawberry.field(  # type: ignore[valid-type]  # strawberry enum used as a type
        default=None, description="A broken commitment's severity; none when kept."
    )
    summary: str = strawberry.field(description="What was found (1-500 characters).")
    idempotency_key: str = strawberry.field(
        description="A key you choose (8-128 characters): a retry returns the first result."
    )


@strawberry.type(description="The verified commitment, or why not.")
class RecordApprovalCommitmentOutcomePayload:
    """The commitment with its outcome linked."""

    commitment: ApprovalCommitmentType | None = strawberry.field(
        description="The commitment, now KEPT or BROKEN."
    )
    replayed: bool = strawberry.field(description="True when this key was used before.")
    errors: list[MutationError] = errors_field(OUTCOME, "Why nothing was stored.")


async def _signer(info: Info, input: SignApprovalCommitmentInput) -> tuple[int, SubjectKind]:
    """The subject that signs: the citizen app's signed-in subject, or a window's enterprise."""
    if caller(info).partner_type is PartnerType.CITIZEN_APP:
        subject = await signed_in_subject(info, input.resident_id, input.uscc)
        return subject.id, subject.kind
    if input.uscc is None:
        raise InvalidArgumentError("name the enterprise or merchant by uscc", field="uscc")
    repos = info.context.repos
    enterprise = await repos.enterprises.by_uscc(input.uscc)
    if enterprise is not None:
        return enterprise.id, SubjectKind.ENTERPRISE
    merchant = await repos.merchants.by_uscc(input.uscc)
    if merchant is not None:
        return merchant.id, SubjectKind.MERCHANT
    raise NotFoundError("no enterprise or merchant with this code", field="uscc")


async def sign_approval_commitment(
    info: Info,
    input: Annotated[SignApprovalCommitmentInput, strawberry.argument(description="The signing.")],
) -> SignApprovalCommitmentPayload:
    """Sign the commitment and decide the fast track."""
    context = info.context
    principal = caller(info)
    if principal.partner_type is not PartnerType.CITIZEN_APP and input.resident_id is not None:
        message = "a person signs in the citizen app, not at a department's window"
        return SIGN.fail(message, "FORBIDDEN", "residentId")

    async def perform() -> SignApprovalCommitmentPayload:
        subject_id, kind = await _signer(info, input)
        signed = await services.sign_commitment(
            context.repos,
            partner_id=principal.partner_id,
            matter_code=input.matter_code,
            subject_id=subject_id,
            kind=kind,
            idempotency_key=input.idempotency_key,
            now=context.now,
        )
        commitment = cast(ApprovalCommitmentType, signed.commitment)
        return SignApprovalCommitmentPayload(
            commitment=commitment, replayed=signed.replayed, errors=[]
        )

    return await SIGN.run(info, perform)


async def record_approval_commitment_outcome(
    info: Info,
    input: Annotated[
        RecordApprovalCommitmentOutcomeInput, strawberry.argument(description="The outcome.")
    ],
) -> RecordApprovalCommitmentOutcomePayload:
    """Record the outcome as a linked credit record."""
    context = info.context
    if input.kept and input.severity is not None:
        return OUTCOME.refuse(InvalidArgumentError("a kept commitment has no severity"), "severity")
    if not input.kept and input.severity is None:
        error = InvalidArgumentError("a broken commitment needs a severity")
        return OUTCOME.refuse(error, "severity")
    severity = None if input.kept else Severity(input.severity)

    async def perform() -> RecordApprovalCommitmentOutcomePayload:
        verified = await services.record_outcome(
            context.repos,
            partner_id=caller(info).partner_id,
            reference=input.reference,
            department_code=input.department.strip(),
            severity=severity,
            summary=input.summary,
            idempotency_key=input.idempotency_key,
            now=context.now,
        )
        commitment = cast(ApprovalCommitmentType, verified.commitment)
        return RecordApprovalCommitmentOutcomePayload(
            commitment=commitment, replayed=verified.replayed, errors=[]
        )

    return await OUTCOME.run(info, perform)
