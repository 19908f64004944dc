"""The one way a mutation runs a use case (Saleor's ``BaseMutation`` is the model).

A mutation resolver turns its arguments into a domain call and hands it to its
``BaseMutation``, which runs it in the request's unit of work: committed once when it succeeds,
rolled back on any failure, and every ``DomainError`` mapped to the mutation's payload errors.
No resolver commits, rolls back or catches ``DomainError`` itself.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

from api.domain.errors import DomainError
from api.graphql.context import Info
from api.graphql.errors_payload import UserError, errors_of

PayloadT = TypeVar("PayloadT")
ErrorT = TypeVar("ErrorT")

#: Where an error points when it names no input field itself: one field, or a rule by error.
FieldRule = str | None | Callable[[DomainError], str | None]


@dataclass(frozen=True, slots=True)
class BaseMutation(Generic[PayloadT, ErrorT]):
    """How one mutation (or family of same-shaped mutations) reports a refusal.

    ``refused`` builds the payload of a refusal from its errors; ``describe`` maps a domain
    error to them; ``keep_on_refusal`` commits a refusal's writes instead of rolling them back,
    for use cases whose audit rows (a scanned code, a refused read) must outlive the refusal and
    that undo their own writes at a savepoint before refusing.
    """

    refused: Callable[[list[ErrorT]], PayloadT]
    describe: Callable[[DomainError], list[ErrorT]]
    keep_on_refusal: bool = False

    async def run(self, info: Info, perform: Callable[[], Awaitable[PayloadT]]) -> PayloadT:
        """Run ``perform`` in the request's unit of work; a refusal becomes the payload."""
        try:
            return await info.context.uow.attempt(perform, keep_on_refusal=self.keep_on_refusal)
        except DomainError as error:
            return self.refused(self.describe(error))

    def refuse(self, error: DomainError) -> PayloadT:
        """The payload of a refusal found before any domain call ran (nothing to undo)."""
        return self.refused(self.describe(error))


def user_errors(field: FieldRule = None) -> Callable[[DomainError], list[UserError]]:
    """Map a refusal to ``UserError`` s, pointing at ``field`` unless the error names its own."""

    def describe(error: DomainError) -> list[UserError]:
        fallback = field(error) if callable(field) else field
        return errors_of(error, fallback)

    return describe


def mutation(
    refused: Callable[[list[UserError]], PayloadT],
    *,
    field: FieldRule = None,
    keep_on_refusal: bool = False,
) -> BaseMutation[PayloadT, UserError]:
    """A ``BaseMutation`` whose payload carries ``UserError`` s."""
    return BaseMutation(refused, user_errors(field), keep_on_refusal)
