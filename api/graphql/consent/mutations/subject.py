"""The subject a consent mutation names, and the refusals naming it may give."""

from __future__ import annotations

from api.domain.consent.model import SubjectRef
from api.domain.errors import DomainError, ErrorCode, InvalidArgumentError, NotFoundError
from api.graphql.context import Info
from api.graphql.signed_in import signed_in_subject

#: Naming the subject: a person's resident ID is parsed, and the subject looked up.
SUBJECT_CODES = (ErrorCode.INVALID_ARGUMENT, ErrorCode.INVALID_IDENTIFIER, ErrorCode.NOT_FOUND)


async def named_subject(
    info: Info, resident_id: str | None, uscc: str | None
) -> tuple[SubjectRef | None, tuple[DomainError, str | None] | None]:
    """The subject a call names, or the refusal (and the field it points at) saying why not."""
    try:
        return await signed_in_subject(info, resident_id, uscc), None
    except InvalidArgumentError as error:
        return None, (error, None)
    except NotFoundError as error:
        return None, (error, "residentId" if resident_id is not None else "uscc")
