"""Reusable helpers for tests that need partner credentials and access tokens."""

from __future__ import annotations

import itertools
from collections.abc import Iterable

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from api.auth.partners import create_partner
from api.auth.scopes import PartnerType, Scope, parse_scopes

_names = itertools.count(1)


async def create_partner_client(
    session: AsyncSession,
    partner_type: PartnerType,
    scopes: Iterable[Scope | str] | None = None,
) -> tuple[str, str]:
    """A new partner of ``partner_type`` with one client; commits (a savepoint in tests).

    ``scopes`` defaults to every scope the type may hold. Returns (client_id, client_secret).
    """
    issued = await create_partner(
        session,
        partner_type=partner_type,
        name=f"Test {partner_type.value} {next(_names)}",
        scopes=parse_scopes(scopes) if scopes is not None else None,
    )
    await session.commit()
    return issued.client_id, issued.client_secret


async def get_token(
    client: httpx.AsyncClient,
    client_id: str,
    secret: str,
    scope: str | Iterable[Scope | str] | None = None,
) -> str:
    """An access token from POST /oauth/token (client_secret_basic); fails the test otherwise."""
    data = {"grant_type": "client_credentials"}
    if scope is not None:
        data["scope"] = scope if isinstance(scope, str) else " ".join(str(s) for s in scope)
    response = await client.post("/oauth/token", data=data, auth=(client_id, secret))
    assert response.status_code == 200, response.text
    token = response.json()["access_token"]
    assert isinstance(token, str)
    return token


def bearer(token: str) -> dict[str, str]:
    """The Authorization header carrying ``token``."""
    return {"Authorization": f"Bearer {token}"}
