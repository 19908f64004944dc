"""Value-level masking, declared once per field: ``extensions=[Masked(POLICY)]``.

The resolver loads the true value; the policy decides, from the caller's scopes and the
access's purpose, what the caller sees. Resolvers never mask by hand. Exact scores will turn
into bands the same way: one more policy.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from strawberry.extensions import FieldExtension

from api.auth.scopes import Scope
from api.domain.consent.disclosure import mask_name, purpose_needs_name
from api.domain.consent.model import Purpose
from api.domain.identifiers import mask_resident_id
from api.graphql.context import Info

#: A policy: (true value, the field's parent, info) -> what the caller may see.
MaskPolicy = Callable[[Any, Any, Info], Any]


class Masked(FieldExtension):
    """Applies a masking policy to a field's resolved value."""

    def __init__(self, policy: MaskPolicy) -> None:
        self.policy = policy

    def resolve(self, next_: Callable[..., Any], source: Any, info: Info, **kwargs: Any) -> Any:
        """Mask a synchronously resolved value."""
        return self.policy(next_(source, info, **kwargs), source, info)

    async def resolve_async(
        self, next_: Callable[..., Awaitable[Any]], source: Any, info: Info, **kwargs: Any
    ) -> Any:
        """Mask an asynchronously resolved value."""
        return self.policy(await next_(source, info, **kwargs), source, info)


@dataclass(frozen=True, slots=True)
class PurposeBound:
    """A parent object read for a purpose (what name masking looks at)."""

    purpose: Purpose


def resident_id_policy(value: Any, _source: Any, info: Info) -> Any:
    """Full resident ID only for callers holding ``person:read_identifier``."""
    principal = info.context.principal
    if value is None or (
        principal is not None and Scope.PERSON_READ_IDENTIFIER in principal.scopes
    ):
        return value
    return mask_resident_id(value)


def name_policy(value: Any, source: Any, _info: Info) -> Any:
    """Full name only where the purpose of the access needs it."""
    if value is None or (isinstance(source, PurposeBound) and purpose_needs_name(source.purpose)):
        return value
    return mask_name(value)
