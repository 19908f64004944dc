"""Who is calling: what a validated access token says, as the GraphQL layer sees it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from api.auth.scopes import PartnerType, Scope


@dataclass(frozen=True, slots=True)
class Principal:
    """The partner client behind a request, from a valid access token (no database read)."""

    partner_id: int
    partner_type: PartnerType
    client_id: str
    scopes: frozenset[Scope]
    token_id: str
    expires_at: datetime

    def has_scope(self, scope: Scope) -> bool:
        """Whether the token carries ``scope``."""
        return scope in self.scopes
