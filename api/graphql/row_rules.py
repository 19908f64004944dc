"""Row rules: data that belongs to one partner is seen only by that partner.

Declared once per type in ``ROW_OWNERS`` (the attribute naming the owning partner); the
``OwnRowsOnly`` extension applies it to any field returning such objects, so no resolver
filters by hand. Later owned types (a bank's products, a hospital's visits) add one line.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from strawberry.extensions import FieldExtension

from api.auth.principal import Principal
from api.domain.consent.model import Consent
from api.domain.scenarios.model import DeferredAccount
from api.graphql.context import Info

#: Owned types and the attribute that names the owning partner.
ROW_OWNERS: dict[type, str] = {
    Consent: "partner_id",
    DeferredAccount: "partner_id",
}


def visible_to(principal: Principal | None, row: Any) -> bool:
    """Whether ``principal`` may see ``row`` under the row rules (unowned rows: yes)."""
    attribute = ROW_OWNERS.get(type(row))
    if attribute is None:
        return True
    return principal is not None and getattr(row, attribute) == principal.partner_id


def only_own(principal: Principal | None, value: Any) -> Any:
    """A single row or None, or a list with the rows the principal may not see removed."""
    if isinstance(value, list):
        return [row for row in value if visible_to(principal, row)]
    return value if visible_to(principal, value) else None


class OwnRowsOnly(FieldExtension):
    """Hides rows owned by another partner from a field's result."""

    def resolve(self, next_: Callable[..., Any], source: Any, info: Info, **kwargs: Any) -> Any:
        """Filter a synchronously resolved value."""
        return only_own(info.context.principal, next_(source, info, **kwargs))

    async def resolve_async(
        self, next_: Callable[..., Awaitable[Any]], source: Any, info: Info, **kwargs: Any
    ) -> Any:
        """Filter an asynchronously resolved value."""
        return only_own(info.context.principal, await next_(source, info, **kwargs))
