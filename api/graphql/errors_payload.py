"""Refusals as payload errors: ``refusals_of`` for every mutation's own error type, and
``QueryError`` for the query payloads that report why there is no answer.

``UserError`` is, in GraphQL, the interface (``field``, ``message``, ``code``) every payload
error implements: each ``<Mutation>Error`` and ``QueryError``. A partner's document that asks
``errors { field message code }`` or ``... on UserError { code }`` of any payload keeps working.
"""

from __future__ import annotations

import strawberry

from api.domain.banking.errors import BankingError
from api.domain.errors import DomainError
from api.domain.industry.errors import IndustryError
from api.domain.merchants.errors import IndicatorError
from api.domain.scenarios.errors import NotEligibleError, ScenarioError


@strawberry.interface(
    name="UserError",
    description="Why something was refused: every payload's error type implements it.",
)
class UserErrorInterface:
    """What every payload error carries, whatever refused."""

    field: str | None = strawberry.field(description="The input field at fault, if one is.")
    message: str = strawberry.field(description="What is wrong, for people.")
    code: str = strawberry.field(
        description="Stable machine-readable code, as text.",
        deprecation_reason="Use errorCode on a mutation's own error type (QueryError keeps code).",
    )


@strawberry.type(
    name="QueryError",
    description="Why a query has no answer (mutations have their own error types).",
)
class QueryError(UserErrorInterface):
    """A query's refusal the caller can act on (its ``code`` is not deprecated)."""

    code: str = strawberry.field(description="Stable machine-readable code.")


def code_of(error: DomainError) -> str:
    """The most precise stable code of a refusal (a banking, scenario, indicator or industry
    code)."""
    if isinstance(error, BankingError):
        return error.bank_code.value
    if isinstance(error, ScenarioError | IndicatorError | IndustryError):
        return error.refusal.value
    return error.code.value


def refusals_of(error: DomainError, field: str | None = None) -> list[tuple[str | None, str, str]]:
    """A refusal as ``(field, message, code)`` s: the field the error names, else ``field``.

    A person not admitted to a scenario gives one error per reason, coded by the reason.
    """
    if isinstance(error, NotEligibleError):
        return [(None, f"not admitted: {reason}", reason) for reason in error.reasons]
    at = error.field if error.field is not None else field
    return [(at, error.message, code_of(error))]


def errors_of(error: DomainError, field: str | None = None) -> list[QueryError]:
    """The payload errors of a refusal: the field the error names, else ``field``."""
    return [
        QueryError(field=at, message=message, code=code)
        for at, message, code in refusals_of(error, field)
    ]
