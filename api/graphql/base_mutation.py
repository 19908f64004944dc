"""The one way a mutation runs a use case (Saleor's ``BaseMutation`` is the model).

A mutation resolver turns its arguments into a domain call and hands it to its runner, which
runs it in the request's unit of work: committed once when it succeeds, rolled back on any
failure, and every ``DomainError`` mapped to the mutation's payload errors. No resolver
commits, rolls back or catches ``DomainError`` itself.

Each mutation declares its runner once, next to it, with the codes it can refuse with
(``typed_mutation`` or, for a payload shape several mutations share, ``own_payload``): that
gives it its own ``<Mutation>ErrorCode`` enum and ``<Mutation>Error`` type (``field``,
``message``, ``errorCode``, and the text ``code`` kept, deprecated), so the SDL tells a
partner every outcome. Every ``<Mutation>Error`` implements the ``UserError`` interface, and
a payload shape several mutations share, once one type, is kept as an interface under its old
name (``BenefitGrantPayload``) that each mutation's own payload implements: partners'
documents with ``... on BenefitGrantPayload`` keep validating. Mapping a refusal to a code
the enum does not list raises ``UnlistedErrorCodeError``; tests/api/test_error_codes.py
proves each list complete.
"""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Generic, ParamSpec, Protocol, TypeVar, cast

import strawberry

from api.domain.errors import DomainError
from api.graphql.context import Info
from api.graphql.errors_payload import UserErrorInterface, refusals_of

PayloadT = TypeVar("PayloadT")
P = ParamSpec("P")
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


class MutationError(Protocol):
    """What every mutation's own error type (``<Mutation>Error``) carries, seen from Python."""

    field: str | None
    message: str
    code: str


class UnlistedErrorCodeError(RuntimeError):
    """A mutation mapped a refusal to a code its ``<Mutation>ErrorCode`` does not list (a bug)."""


def _error_code_enum(name: str, codes: Iterable[str]) -> type[StrEnum]:
    """The ``<name>ErrorCode`` GraphQL enum listing ``codes``."""
    members = sorted({str(code) for code in codes})
    enum_class: type[StrEnum] = StrEnum(f"{name}ErrorCode", {m: m for m in members})  # type: ignore[misc]  # functional API: members known at runtime
    enum_class.__doc__ = f"Every code {name} can refuse with."
    described = strawberry.enum(
        enum_class,
        name=f"{name}ErrorCode",
        description=f"Every reason {name[0].lower()}{name[1:]} can refuse: {', '.join(members)}.",
    )
    return cast(type[StrEnum], described)


def _error_type(name: str, enum_class: type[StrEnum]) -> type[Any]:
    """The ``<name>Error`` GraphQL type: field, message, deprecated ``code``, ``errorCode``.

    It implements the ``UserError`` interface, so ``... on UserError`` selects it.
    """
    mutation_name = f"{name[0].lower()}{name[1:]}"
    namespace: dict[str, Any] = {
        "__module__": __name__,
        "__doc__": f"Why {mutation_name} refused.",
        "__annotations__": {
            "field": str | None,
            "message": str,
            "code": str,
            "error_code": enum_class,
        },
        "field": strawberry.field(description="The input field at fault, if one is."),
        "message": strawberry.field(description="What is wrong, for people."),
        "code": strawberry.field(
            description="Stable machine-readable code, as text (the same as errorCode).",
            deprecation_reason="Use errorCode.",
        ),
        "error_code": strawberry.field(
            description=f"Stable machine-readable code, one of {name}ErrorCode."
        ),
    }
    return strawberry.type(
        type(f"{name}Error", (UserErrorInterface,), namespace),
        name=f"{name}Error",
        description=f"Why {mutation_name} did not do what was asked.",
    )


#: Every mutation's refusal vocabulary by its type-name prefix (``RedeemCoupon``), for tests.
REFUSALS: dict[str, Refusals] = {}


class Refusals:
    """One mutation's refusal vocabulary: its ``<Name>ErrorCode`` enum and ``<Name>Error`` type.

    Mapping a refusal to a code the enum does not list raises ``UnlistedErrorCodeError``:
    the SDL promised partners every outcome, so an unlisted one is a bug, never papered over.
    """

    def __init__(self, name: str, codes: Iterable[str]) -> None:
        if name in REFUSALS:
            msg = f"{name} declares its error codes twice"
            raise ValueError(msg)
        self.name = name
        self.codes = _error_code_enum(name, codes)
        self.error_type = _error_type(name, self.codes)
        REFUSALS[name] = self

    def error(self, message: str, code: str, field: str | None = None) -> MutationError:
        """One payload error; ``code`` must be one this mutation lists."""
        code = str(code)
        if code not in self.codes.__members__:
            msg = f"{self.name} refused with {code!r}, which {self.name}ErrorCode does not list"
            raise UnlistedErrorCodeError(msg)
        error: MutationError = self.error_type(
            field=field, message=message, code=code, error_code=self.codes(code)
        )
        return error

    def describe(self, error: DomainError, field: str | None = None) -> list[MutationError]:
        """The payload errors of a domain refusal (its own field first, else ``field``)."""
        return [self.error(message, code, at) for at, message, code in refusals_of(error, field)]


@dataclass(frozen=True, slots=True)
class TypedMutation(Generic[PayloadT]):
    """A mutation's runner that reports refusals in its own typed errors (``refusals``)."""

    refusals: Refusals
    refused: Callable[[list[MutationError]], PayloadT]
    field: FieldRule = None
    keep_on_refusal: bool = False

    @property
    def error_type(self) -> Any:
        """The GraphQL type of this mutation's payload errors (for ``graphql_type``)."""
        return self.refusals.error_type

    def describe(self, error: DomainError, field: str | None = None) -> list[MutationError]:
        """Map a refusal to payload errors, pointing at ``field`` or the runner's field rule."""
        if field is None:
            field = self.field(error) if callable(self.field) else self.field
        return self.refusals.describe(error, field)

    async def run(self, info: Info, perform: Callable[[], Awaitable[PayloadT]]) -> PayloadT:
        """Run ``perform`` in the request's unit of work; a refusal becomes the payload."""
        try:
            return await info.context.uow.attempt(perform, keep_on_refusal=self.keep_on_refusal)
        except DomainError as error:
            return self.refused(self.describe(error))

    def refuse(self, error: DomainError, field: str | None = None) -> PayloadT:
        """The payload of a refusal found before any domain call ran (nothing to undo)."""
        return self.refused(self.describe(error, field))

    def performs(
        self, resolver: Callable[P, Awaitable[PayloadT]]
    ) -> Callable[P, Awaitable[PayloadT]]:
        """``resolver`` run whole by ``run``: ``@RUNNER.performs`` on a mutation's resolver.

        For a resolver whose every step belongs to the use case (it reads nothing it could
        refuse before the domain call): the same as wrapping its body in a ``perform`` closure
        handed to ``run``. Strawberry sees the resolver's own signature.
        """

        @functools.wraps(resolver)
        async def run_whole(*args: P.args, **kwargs: P.kwargs) -> PayloadT:
            info = cast(Info, kwargs["info"] if "info" in kwargs else args[0])
            return await self.run(info, lambda: resolver(*args, **kwargs))

        return run_whole

    def fail(self, message: str, code: str, field: str | None = None) -> PayloadT:
        """The payload of a refusal the resolver itself words (``code`` must be listed)."""
        return self.refused([self.refusals.error(message, code, field)])


def typed_mutation(
    name: str,
    codes: Iterable[str],
    refused: Callable[[list[MutationError]], PayloadT],
    *,
    field: FieldRule = None,
    keep_on_refusal: bool = False,
) -> TypedMutation[PayloadT]:
    """Declare a mutation's runner with its error codes (``<name>ErrorCode``, ``<name>Error``)."""
    return TypedMutation(Refusals(name, codes), refused, field, keep_on_refusal)


def errors_field(runner: TypedMutation[Any], description: str) -> Any:
    """A payload's ``errors`` field, typed in GraphQL as ``[<Mutation>Error!]!``."""
    element = runner.error_type
    return strawberry.field(graphql_type=list[element], description=description)  # type: ignore[valid-type]  # a type built at runtime


SharedT = TypeVar("SharedT")


def own_payload(
    name: str,
    codes: Iterable[str],
    shared: type[SharedT],
    refused: Callable[[type[SharedT], list[MutationError]], SharedT],
    *,
    description: str,
    errors: str = "Why nothing changed.",
    field: FieldRule = None,
    keep_on_refusal: bool = False,
    payload_name: str | None = None,
) -> tuple[TypedMutation[SharedT], type[SharedT]]:
    """A runner and its own ``<name>Payload``: ``shared`` 's fields with ``<name>Error`` s.

    For a payload shape several mutations share: each gets its own payload type so that its
    ``errors`` list only its own codes. When ``shared`` is a GraphQL interface (a payload type
    partners already name in fragments), the new payload implements it. ``refused`` builds
    the refusal from the payload class.
    A payload that belongs to one mutation keeps its name (``payload_name``), declared where
    the payload's other types live while the codes are declared next to the mutation.
    """
    made: list[type[SharedT]] = []
    runner = typed_mutation(
        name,
        codes,
        lambda found: refused(made[0], found),
        field=field,
        keep_on_refusal=keep_on_refusal,
    )
    namespace: dict[str, Any] = {
        "__module__": shared.__module__,
        "__doc__": shared.__doc__,
        "__annotations__": {"errors": list[MutationError]},
        "errors": errors_field(runner, errors),
    }
    type_name = payload_name or f"{name}Payload"
    payload = strawberry.type(
        type(type_name, (shared,), namespace), name=type_name, description=description
    )
    made.append(payload)
    return runner, payload
