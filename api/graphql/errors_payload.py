"""The typed refusal every mutation payload carries (``errors``), shared by all mutations."""

from __future__ import annotations

import strawberry

from api.domain.banking.errors import BankingError
from api.domain.errors import DomainError
from api.domain.scenarios.errors import NotEligibleError, ScenarioError


@strawberry.type(description="Why a mutation did not do what was asked.")
class UserError:
    """A refusal the caller can act on."""

    field: str | None = strawberry.field(description="The input field at fault, if one is.")
    message: str = strawberry.field(description="What is wrong, for people.")
    code: str = strawberry.field(description="Stable machine-readable code.")


def code_of(error: DomainError) -> str:
    """The most precise stable code of a refusal (a banking or scenario code when it has one)."""
    if isinstance(error, BankingError):
        return error.bank_code.value
    if isinstance(error, ScenarioError):
        return error.refusal.value
    return error.code.value


def errors_of(error: DomainError, field: str | None = None) -> list[UserError]:
    """The payload errors of a refusal: the field the error names, else ``field``.

    A person not admitted to a scenario gives one error per reason, coded by the reason.
    """
    if isinstance(error, NotEligibleError):
        return [
            UserError(field=None, message=f"not admitted: {reason}", code=reason)
            for reason in error.reasons
        ]
    at = error.field if error.field is not None else field
    return [UserError(field=at, message=error.message, code=code_of(error))]


def user_error(error: DomainError, field: str | None = None) -> UserError:
    """The payload error for a domain refusal."""
    return UserError(field=field, message=error.message, code=error.code.value)
