"""GET /.well-known/jwks.json and /.well-known/oauth-authorization-server."""

from __future__ import annotations

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from api.auth.scopes import PartnerType, Scope
from tests.auth.forgery import header_of
from tests.auth.helpers import create_partner_client, get_token


async def test_jwks_has_public_keys_only(client: httpx.AsyncClient, session: AsyncSession) -> None:
    token = await get_token(client, *await create_partner_client(session, PartnerType.BANK))
    response = await client.get("/.well-known/jwks.json")
    assert response.status_code == 200
    keys = response.json()["keys"]
    assert header_of(token)["kid"] in {key["kid"] for key in keys}
    for key in keys:
        assert set(key) == {"kty", "crv", "x", "y", "kid", "alg", "use"}
        assert key["kty"] == "EC"
        assert key["alg"] == "ES256"
        assert key["use"] == "sig"
        assert "d" not in key


async def test_a_key_exists_before_any_token(client: httpx.AsyncClient) -> None:
    response = await client.get("/.well-known/jwks.json")
    assert len(response.json()["keys"]) >= 1


async def test_authorization_server_metadata(client: httpx.AsyncClient) -> None:
    response = await client.get("/.well-known/oauth-authorization-server")
    assert response.status_code == 200
    metadata = response.json()
    issuer = "http://127.0.0.1:8000"
    assert metadata["issuer"] == issuer
    assert metadata["token_endpoint"] == f"{issuer}/oauth/token"
    assert metadata["jwks_uri"] == f"{issuer}/.well-known/jwks.json"
    assert metadata["introspection_endpoint"] == f"{issuer}/oauth/introspect"
    assert metadata["revocation_endpoint"] == f"{issuer}/oauth/revoke"
    assert metadata["grant_types_supported"] == ["client_credentials"]
    methods = ["client_secret_basic", "client_secret_post"]
    assert metadata["token_endpoint_auth_methods_supported"] == methods
    assert metadata["introspection_endpoint_auth_methods_supported"] == methods
    assert metadata["revocation_endpoint_auth_methods_supported"] == methods
    assert set(metadata["scopes_supported"]) == {scope.value for scope in Scope}
