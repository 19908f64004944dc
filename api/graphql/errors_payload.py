"""The typed refusal every mutation payload carries (``errors``), shared by all mutations."""

from __future__ import annotations

import strawberry

from api.domain.errors import DomainError


@strawberry.type(description="Why a mutation did not do what was asked.")
class UserError:
    """A refusal the caller can act on."""

    field: str | None = strawberry.field(description="The input field at fault, if one is.")
    message: str = strawberry.field(description="What is wrong, for people.")
    code: str = strawberry.field(description="Stable machine-readable code.")


def user_error(error: DomainError, field: str | None = None) -> UserError:
    """The payload error for a domain refusal."""
    return UserError(field=field, message=error.message, code=error.code.value)
