"""Declared permissions: every protected field names the scopes it needs, once, on the field.

A field declares ``**requires(Scope.X, description="...")``: the permission runs before the
resolver, the SDL shows ``@requiresScopes``, and the description says it for GraphiQL. No
resolver checks scopes by hand. Anonymous callers get ``UNAUTHENTICATED`` (HTTP 401), callers
without the scope ``FORBIDDEN`` with ``requiredScopes``, and no data from that field.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import strawberry
from graphql import GraphQLError
from strawberry.extensions import FieldExtension
from strawberry.permission import BasePermission, PermissionExtension
from strawberry.schema_directive import Location

from api.auth.principal import Principal
from api.auth.scopes import Scope
from api.graphql.context import Info


@strawberry.schema_directive(
    locations=[Location.FIELD_DEFINITION],
    name="requiresScopes",
    description="The access-token scopes a caller needs to read or call this field.",
)
class RequiresScopes:
    """Printed in the SDL on every protected field."""

    scopes: list[str] = strawberry.field(description="Every one of these scopes is needed.")


class UnauthenticatedError(GraphQLError):
    """No (valid) access token: the HTTP layer answers 401."""

    def __init__(self) -> None:
        super().__init__(
            "an access token is required: send `Authorization: Bearer <token>`",
            extensions={"code": "UNAUTHENTICATED"},
        )


class ForbiddenError(GraphQLError):
    """The token lacks a scope the field declares."""

    def __init__(self, required: frozenset[Scope]) -> None:
        names = sorted(scope.value for scope in required)
        super().__init__(
            f"this field needs the scope(s) {', '.join(names)}",
            extensions={"code": "FORBIDDEN", "requiredScopes": names},
        )


def caller(info: Info) -> Principal:
    """The partner client behind the request; UnauthenticatedError without a valid token."""
    principal = info.context.principal
    if principal is None:
        raise UnauthenticatedError
    return principal


def check_scopes(principal: Principal | None, required: frozenset[Scope]) -> None:
    """Raise UnauthenticatedError or ForbiddenError unless the principal holds every scope."""
    if principal is None:
        raise UnauthenticatedError
    if not required <= principal.scopes:
        raise ForbiddenError(required)


class HasScope(BasePermission):
    """Allows the field only to tokens carrying every one of ``scopes``."""

    def __init__(self, *scopes: Scope) -> None:
        self.scopes = frozenset(scopes)
        # Strawberry reads the directive per instance; each field names its own scopes.
        self._schema_directive = RequiresScopes(  # type: ignore[misc]  # strawberry declares it per class; we set it per field
            scopes=sorted(s.value for s in self.scopes)
        )

    def has_permission(self, source: Any, info: Info, **kwargs: Any) -> bool:
        """Check the request's principal; raise the precise error instead of returning False."""
        check_scopes(info.context.principal, self.scopes)
        return True


class IsAuthenticated(BasePermission):
    """Allows the field to any valid token (for fields whose access depends on the object)."""

    _schema_directive = RequiresScopes(scopes=[])

    def has_permission(self, source: Any, info: Info, **kwargs: Any) -> bool:
        """Any valid token."""
        if info.context.principal is None:
            raise UnauthenticatedError
        return True


def requires(
    *scopes: Scope, description: str, extra: Sequence[FieldExtension] = ()
) -> dict[str, Any]:
    """Keyword arguments for ``strawberry.field``: the permission and the described scopes.

    ``extra`` extensions run inside the permission (a row rule, say).
    """
    names = ", ".join(f"`{s.value}`" for s in sorted(scopes))
    permission: BasePermission = HasScope(*scopes) if scopes else IsAuthenticated()
    suffix = f" Requires scope {names}." if scopes else " Requires an access token."
    return {
        "description": description + suffix,
        "extensions": [PermissionExtension(permissions=[permission]), *extra],
    }


def query_field(
    *scopes: Scope,
    description: str,
    extra: Sequence[FieldExtension] = (),
    graphql_type: Any = None,
) -> Callable[[Callable[..., Any]], Any]:
    """Declare a protected query field on its resolver: ``@query_field(Scope.X, description=)``.

    The field is the resolver with the permission and the described scopes of ``requires``.
    """

    def declare(resolver: Callable[..., Any]) -> Any:
        return strawberry.field(
            resolver=resolver,
            graphql_type=graphql_type,
            **requires(*scopes, description=description, extra=extra),
        )

    return declare


def mutation_field(
    *scopes: Scope,
    description: str,
    extra: Sequence[FieldExtension] = (),
    graphql_type: Any = None,
) -> Callable[[Callable[..., Any]], Any]:
    """Declare a protected mutation on its resolver: ``@mutation_field(Scope.X, description=)``.

    ``graphql_type`` names the mutation's own payload when the resolver returns a shared one.
    """

    def declare(resolver: Callable[..., Any]) -> Any:
        return strawberry.mutation(
            resolver=resolver,
            graphql_type=graphql_type,
            **requires(*scopes, description=description, extra=extra),
        )

    return declare
