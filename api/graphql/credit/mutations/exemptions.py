"""The exempt-from-penalty list: the credit office adds and retires matters."""

from __future__ import annotations

from typing import Annotated, cast

import strawberry

from api.auth.scopes import Scope
from api.domain.errors import ErrorCode, InvalidArgumentError, NotFoundError
from api.graphql.base_mutation import own_payload
from api.graphql.context import Info
from api.graphql.credit.types.rules import (
    AddExemptMatterInput,
    ExemptMatterPayload,
    ExemptMatterType,
)
from api.graphql.permissions import mutation_field

ADD_EXEMPT_MATTER, AddExemptMatterPayload = own_payload(
    "AddExemptMatter",
    (ErrorCode.INVALID_ARGUMENT,),
    ExemptMatterPayload,
    lambda payload, errors: payload(matter=None, errors=errors),
    description="A matter put on the exempt-from-penalty list, or why not.",
)


RETIRE_EXEMPT_MATTER, RetireExemptMatterPayload = own_payload(
    "RetireExemptMatter",
    (ErrorCode.NOT_FOUND,),
    ExemptMatterPayload,
    lambda payload, errors: payload(matter=None, errors=errors),
    description="A matter taken off the exempt-from-penalty list, or why not.",
)


def _text(value: str, name: str, limit: int) -> str:
    text = value.strip()
    if not text or len(text) > limit:
        raise InvalidArgumentError(f"{name} must be 1 to {limit} characters")
    return text


@mutation_field(
    Scope.EXEMPTION_LIST_WRITE,
    description="Put a matter on the exempt-from-penalty list.",
    graphql_type=AddExemptMatterPayload,
)
@ADD_EXEMPT_MATTER.performs
async def add_exempt_matter(
    info: Info,
    input: Annotated[AddExemptMatterInput, strawberry.argument(description="The matter.")],
) -> ExemptMatterPayload:
    """Put a matter on the exempt-from-penalty list."""
    context = info.context

    code = _text(input.code, "code", 32)
    if not 1 <= input.window_months <= 60:
        raise InvalidArgumentError("windowMonths must be 1 to 60")
    matter = await context.repos.exemptions.add_matter(
        code=code,
        description=_text(input.description, "description", 500),
        conditions=_text(input.conditions, "conditions", 1000),
        guidance=_text(input.guidance, "guidance", 1000),
        window_months=input.window_months,
        now=context.now,
    )
    if matter is None:
        raise InvalidArgumentError(f"matter {code!r} is listed already")
    return AddExemptMatterPayload(matter=cast(ExemptMatterType, matter), errors=[])


@mutation_field(
    Scope.EXEMPTION_LIST_WRITE,
    description="Take a matter off the exempt-from-penalty list.",
    graphql_type=RetireExemptMatterPayload,
)
@RETIRE_EXEMPT_MATTER.performs
async def retire_exempt_matter(
    info: Info,
    code: Annotated[str, strawberry.argument(description="The matter's code.")],
) -> ExemptMatterPayload:
    """Take a matter off the list (exemptions granted under it stay)."""
    context = info.context

    matter = await context.repos.exemptions.retire_matter(code, context.now)
    if matter is None:
        raise NotFoundError(f"no matter {code!r}", field="code")
    return RetireExemptMatterPayload(matter=cast(ExemptMatterType, matter), errors=[])
