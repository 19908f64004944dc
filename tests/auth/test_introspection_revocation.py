"""POST /oauth/introspect (RFC 7662) and POST /oauth/revoke (RFC 7009)."""

from __future__ import annotations

from datetime import UTC, datetime

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from api.auth.scopes import PartnerType
from api.crypto import Keys
from tests.auth.forgery import claims_of, header_of, sign, signing_key
from tests.auth.helpers import create_partner_client, get_token


async def introspect(
    client: httpx.AsyncClient, credentials: tuple[str, str], token: str
) -> httpx.Response:
    """Introspect ``token`` as the client with ``credentials``."""
    return await client.post("/oauth/introspect", data={"token": token}, auth=credentials)


async def test_own_token_is_active_with_its_claims(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    credentials = await create_partner_client(session, PartnerType.MOBILITY_OPERATOR)
    token = await get_token(client, *credentials, scope="coupon:write person:read")
    response = await introspect(client, credentials, token)
    assert response.status_code == 200, response.text
    assert response.headers["cache-control"] == "no-store"
    body = response.json()
    claims = claims_of(token)
    assert body == {
        "active": True,
        "token_type": "Bearer",
        "scope": "coupon:write person:read",
        "client_id": credentials[0],
        "sub": credentials[0],
        "aud": claims["aud"],
        "iss": claims["iss"],
        "jti": claims["jti"],
        "iat": claims["iat"],
        "exp": claims["exp"],
        "partner_id": claims["partner_id"],
        "partner_type": "mobility_operator",
    }


async def test_post_authentication_works_too(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    client_id, secret = await create_partner_client(session, PartnerType.BANK)
    token = await get_token(client, client_id, secret)
    response = await client.post(
        "/oauth/introspect",
        data={"token": token, "client_id": client_id, "client_secret": secret},
    )
    assert response.json()["active"] is True


async def test_another_clients_token_is_inactive(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    mine = await create_partner_client(session, PartnerType.BANK)
    theirs = await create_partner_client(session, PartnerType.BANK)
    their_token = await get_token(client, *theirs)
    response = await introspect(client, mine, their_token)
    assert response.status_code == 200
    assert response.json() == {"active": False}


async def test_revoked_token_is_inactive(client: httpx.AsyncClient, session: AsyncSession) -> None:
    credentials = await create_partner_client(session, PartnerType.BANK)
    token = await get_token(client, *credentials)
    revoked = await client.post("/oauth/revoke", data={"token": token}, auth=credentials)
    assert revoked.status_code == 200, revoked.text
    assert revoked.headers["cache-control"] == "no-store"
    assert (await introspect(client, credentials, token)).json() == {"active": False}


async def test_garbage_and_expired_tokens_are_inactive(
    client: httpx.AsyncClient, session: AsyncSession, keys: Keys
) -> None:
    credentials = await create_partner_client(session, PartnerType.BANK)
    token = await get_token(client, *credentials)
    now = int(datetime.now(UTC).timestamp())
    expired = sign(
        await signing_key(session, keys),
        header_of(token),
        {**claims_of(token), "iat": now - 2000, "exp": now - 1000},
    )
    for candidate in ("garbage", token[:-4], expired):
        assert (await introspect(client, credentials, candidate)).json() == {"active": False}


async def test_introspection_needs_client_authentication(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    credentials = await create_partner_client(session, PartnerType.BANK)
    token = await get_token(client, *credentials)
    anonymous = await client.post("/oauth/introspect", data={"token": token})
    assert anonymous.status_code == 401
    assert anonymous.json()["error"] == "invalid_client"
    wrong = await introspect(client, (credentials[0], "wrong"), token)
    assert wrong.status_code == 401
    missing = await client.post("/oauth/introspect", data={}, auth=credentials)
    assert missing.status_code == 400
    assert missing.json()["error"] == "invalid_request"


async def test_revoking_is_idempotent_and_accepts_unknown_tokens(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    credentials = await create_partner_client(session, PartnerType.BANK)
    token = await get_token(client, *credentials)
    for candidate in (token, token, "not-a-token"):
        response = await client.post("/oauth/revoke", data={"token": candidate}, auth=credentials)
        assert response.status_code == 200, response.text


async def test_a_client_cannot_revoke_another_clients_token(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    mine = await create_partner_client(session, PartnerType.BANK)
    theirs = await create_partner_client(session, PartnerType.BANK)
    their_token = await get_token(client, *theirs)
    response = await client.post("/oauth/revoke", data={"token": their_token}, auth=mine)
    assert response.status_code == 400
    assert response.json()["error"] == "invalid_grant"
    assert (await introspect(client, theirs, their_token)).json()["active"] is True


async def test_revocation_needs_client_authentication(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    credentials = await create_partner_client(session, PartnerType.BANK)
    token = await get_token(client, *credentials)
    response = await client.post("/oauth/revoke", data={"token": token})
    assert response.status_code == 401
    assert (await introspect(client, credentials, token)).json()["active"] is True
