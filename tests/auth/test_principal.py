"""The middleware puts a Principal (or None) on the request's state."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from api.auth.principal import Principal
from api.auth.scopes import PartnerType, Scope
from api.auth.wiring import PartnerAccess
from api.crypto import Keys
from api.settings import Settings
from tests.auth.forgery import claims_of
from tests.auth.helpers import bearer, create_partner_client, get_token


async def whoami(request: Request) -> JSONResponse:
    """Echo the principal the middleware left on the request."""
    principal: Principal | None = request.state.principal
    if principal is None:
        return JSONResponse(None)
    assert isinstance(principal, Principal)
    return JSONResponse(
        {
            "partner_id": principal.partner_id,
            "partner_type": principal.partner_type,
            "client_id": principal.client_id,
            "scopes": sorted(principal.scopes),
            "token_id": principal.token_id,
            "expires_at": principal.expires_at.isoformat(),
            "types": [
                type(principal.partner_type).__name__,
                type(next(iter(principal.scopes))).__name__,
            ],
        }
    )


@pytest.fixture
async def echo(
    settings: Settings, sessions: async_sessionmaker[AsyncSession], keys: Keys
) -> AsyncIterator[httpx.AsyncClient]:
    """An app with the OAuth routes and one protected route that echoes the principal."""
    access = PartnerAccess(settings, sessions, keys)
    app = Starlette(
        routes=[
            *access.routes(),
            Route("/whoami", whoami, middleware=[access.bearer_middleware()]),
        ]
    )
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        yield client


async def test_principal_from_the_token(echo: httpx.AsyncClient, session: AsyncSession) -> None:
    client_id, secret = await create_partner_client(
        session, PartnerType.VILLAGE_COMMITTEE, [Scope.HOUSEHOLD_READ, Scope.CREDIT_RECORD_WRITE]
    )
    token = await get_token(echo, client_id, secret)
    response = await echo.get("/whoami", headers=bearer(token))
    assert response.status_code == 200, response.text
    claims = claims_of(token)
    assert response.json() == {
        "partner_id": claims["partner_id"],
        "partner_type": "village_committee",
        "client_id": client_id,
        "scopes": ["credit_record:write", "household:read"],
        "token_id": claims["jti"],
        "expires_at": datetime.fromtimestamp(claims["exp"], UTC).isoformat(),
        "types": ["PartnerType", "Scope"],
    }


async def test_anonymous_principal_is_none(echo: httpx.AsyncClient) -> None:
    response = await echo.get("/whoami")
    assert response.status_code == 200
    assert response.json() is None


def test_principal_is_frozen() -> None:
    principal = Principal(
        partner_id=1,
        partner_type=PartnerType.BANK,
        client_id="cp_x",
        scopes=frozenset({Scope.ENTERPRISE_READ}),
        token_id="t",
        expires_at=datetime.now(UTC),
    )
    assert principal.has_scope(Scope.ENTERPRISE_READ)
    assert not principal.has_scope(Scope.PARTNER_MANAGE)
    with pytest.raises(AttributeError):
        principal.partner_id = 2  # type: ignore[misc]  # assigning to a frozen field on purpose
