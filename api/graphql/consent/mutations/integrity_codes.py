"""Integrity codes: the city app issues and revokes a person's code."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Annotated

import strawberry

from api.auth.scopes import Scope
from api.domain.consent import codes
from api.domain.consent.model import Purpose
from api.domain.consent.persons import find_person
from api.domain.errors import DomainError, ErrorCode
from api.graphql.base_mutation import MutationError, errors_field, typed_mutation
from api.graphql.consent.mutations.subject import SUBJECT_CODES
from api.graphql.consent.types import PurposeEnum
from api.graphql.context import Info
from api.graphql.permissions import caller, mutation_field
from api.graphql.scalars import ResidentId

ISSUE_CODE = typed_mutation(
    "IssueIntegrityCode",
    (*SUBJECT_CODES, ErrorCode.PURPOSE_NOT_ALLOWED),
    lambda errors: IssueIntegrityCodePayload(code=None, expires_at=None, errors=errors),
)


REVOKE_CODE = typed_mutation(
    "RevokeIntegrityCode",
    SUBJECT_CODES,
    lambda errors: RevokeIntegrityCodePayload(revoked=False, errors=errors),
    field="code",
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


@mutation_field(
    Scope.INTEGRITY_CODE_ISSUE,
    description="The city app issues a short-lived integrity code for the signed-in "
    "person and one scenario.",
)
async def issue_integrity_code(
    info: Info,
    resident_id: Annotated[ResidentId, strawberry.argument(description="The signed-in person.")],
    purpose: Annotated[PurposeEnum, strawberry.argument(description="The scenario.")],  # type: ignore[valid-type]  # strawberry enum used as a type
    minutes: Annotated[int, strawberry.argument(description="Validity, 1 to 60.")] = 5,
) -> IssueIntegrityCodePayload:
    """Issue a code for the signed-in person and one purpose."""
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


@mutation_field(
    Scope.INTEGRITY_CODE_ISSUE,
    description="The signed-in person revokes one of their integrity codes at once.",
)
async def revoke_integrity_code(
    info: Info,
    resident_id: Annotated[ResidentId, strawberry.argument(description="The signed-in person.")],
    code: Annotated[str, strawberry.argument(description="The code text.")],
) -> RevokeIntegrityCodePayload:
    """Revoke one of the signed-in person's codes."""
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
