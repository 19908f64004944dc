"""POST /oauth/token: the client credentials grant, its client authentication and its errors."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import httpx
import pytest
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from api.auth.partners import disable_partner, rotate_client_secret
from api.auth.scopes import SCOPES_BY_TYPE, PartnerType, Scope
from api.db.repositories.partners import CLIENTS
from tests.auth.forgery import claims_of, header_of
from tests.auth.helpers import create_partner_client, get_token

GRANT = {"grant_type": "client_credentials"}


def assert_oauth_error(response: httpx.Response, status: int, error: str) -> None:
    """An RFC 6749 5.2 error: status, JSON body with the error code, never cached."""
    assert response.status_code == status, response.text
    assert response.json()["error"] == error
    assert response.headers["cache-control"] == "no-store"
    assert response.headers["content-type"].startswith("application/json")


async def test_basic_authentication_issues_an_rfc9068_token(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    client_id, secret = await create_partner_client(session, PartnerType.BANK)
    response = await client.post("/oauth/token", data=GRANT, auth=(client_id, secret))
    assert response.status_code == 200, response.text
    assert response.headers["cache-control"] == "no-store"
    assert response.headers["pragma"] == "no-cache"
    body = response.json()
    assert body["token_type"] == "Bearer"
    assert body["expires_in"] == 900
    assert "refresh_token" not in body
    assert set(body["scope"].split()) == set(SCOPES_BY_TYPE[PartnerType.BANK])
    header = header_of(body["access_token"])
    assert header["typ"] == "at+jwt"
    assert header["alg"] == "ES256"
    assert header["kid"]
    claims = claims_of(body["access_token"])
    assert claims["iss"] == "http://127.0.0.1:8000"
    assert claims["aud"] == "urn:credit-platform:partner-api" != client_id
    assert claims["sub"] == claims["client_id"] == client_id
    assert claims["partner_type"] == "bank"
    assert isinstance(claims["partner_id"], int)
    assert claims["exp"] - claims["iat"] == 900
    assert claims["jti"]
    assert set(claims["scope"].split()) == set(body["scope"].split())


async def test_post_authentication(client: httpx.AsyncClient, session: AsyncSession) -> None:
    client_id, secret = await create_partner_client(session, PartnerType.HOSPITAL)
    response = await client.post(
        "/oauth/token", data={**GRANT, "client_id": client_id, "client_secret": secret}
    )
    assert response.status_code == 200, response.text
    assert claims_of(response.json()["access_token"])["partner_type"] == "hospital"


async def test_a_subset_of_the_clients_scopes(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    client_id, secret = await create_partner_client(session, PartnerType.BANK)
    token = await get_token(client, client_id, secret, scope="enterprise:read loan_match:read")
    assert claims_of(token)["scope"] == "enterprise:read loan_match:read"


async def test_wrong_secret(client: httpx.AsyncClient, session: AsyncSession) -> None:
    client_id, secret = await create_partner_client(session, PartnerType.BANK)
    response = await client.post("/oauth/token", data=GRANT, auth=(client_id, secret + "x"))
    assert_oauth_error(response, 401, "invalid_client")
    assert response.headers["www-authenticate"].startswith("Basic ")
    response = await client.post(
        "/oauth/token", data={**GRANT, "client_id": client_id, "client_secret": "nope"}
    )
    assert_oauth_error(response, 401, "invalid_client")
    assert "www-authenticate" in response.headers


async def test_unknown_client(client: httpx.AsyncClient) -> None:
    response = await client.post("/oauth/token", data=GRANT, auth=("cp_nobody", "secret"))
    assert_oauth_error(response, 401, "invalid_client")
    assert response.headers["www-authenticate"].startswith("Basic ")


async def test_no_credentials(client: httpx.AsyncClient) -> None:
    response = await client.post("/oauth/token", data=GRANT)
    assert_oauth_error(response, 401, "invalid_client")


async def test_disabled_partner(client: httpx.AsyncClient, session: AsyncSession) -> None:
    client_id, secret = await create_partner_client(session, PartnerType.BANK)
    record = await _client_partner(session, client_id)
    await disable_partner(session, record)
    await session.commit()
    response = await client.post("/oauth/token", data=GRANT, auth=(client_id, secret))
    assert_oauth_error(response, 401, "invalid_client")


async def test_scope_outside_the_partner_type(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    client_id, secret = await create_partner_client(session, PartnerType.HOSPITAL)
    response = await client.post(
        "/oauth/token",
        data={**GRANT, "scope": "person:read tax_rating:write"},
        auth=(client_id, secret),
    )
    assert_oauth_error(response, 400, "invalid_scope")
    assert "tax_rating:write" in response.json()["error_description"]


async def test_scope_outside_the_client(client: httpx.AsyncClient, session: AsyncSession) -> None:
    client_id, secret = await create_partner_client(
        session, PartnerType.BANK, [Scope.ENTERPRISE_READ]
    )
    response = await client.post(
        "/oauth/token", data={**GRANT, "scope": "loan_match:read"}, auth=(client_id, secret)
    )
    assert_oauth_error(response, 400, "invalid_scope")
    assert "client does not hold" in response.json()["error_description"]


@pytest.mark.parametrize("scope", ["no:such", 'evil"scope', "é:read"])
async def test_unknown_scope(client: httpx.AsyncClient, session: AsyncSession, scope: str) -> None:
    client_id, secret = await create_partner_client(session, PartnerType.BANK)
    response = await client.post(
        "/oauth/token", data={**GRANT, "scope": scope}, auth=(client_id, secret)
    )
    assert_oauth_error(response, 400, "invalid_scope")


@pytest.mark.parametrize("grant_type", ["authorization_code", "password", "refresh_token", "x"])
async def test_unsupported_grant(
    client: httpx.AsyncClient, session: AsyncSession, grant_type: str
) -> None:
    client_id, secret = await create_partner_client(session, PartnerType.BANK)
    response = await client.post(
        "/oauth/token", data={"grant_type": grant_type}, auth=(client_id, secret)
    )
    assert_oauth_error(response, 400, "unsupported_grant_type")


async def test_missing_grant_type(client: httpx.AsyncClient, session: AsyncSession) -> None:
    client_id, secret = await create_partner_client(session, PartnerType.BANK)
    response = await client.post("/oauth/token", data={}, auth=(client_id, secret))
    assert_oauth_error(response, 400, "invalid_request")


async def test_secret_in_the_query_string_is_refused(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    client_id, secret = await create_partner_client(session, PartnerType.BANK)
    response = await client.post(
        "/oauth/token",
        params={"client_id": client_id, "client_secret": secret},
        data=GRANT,
    )
    assert_oauth_error(response, 400, "invalid_request")
    assert secret not in response.text


async def test_malformed_requests(client: httpx.AsyncClient, session: AsyncSession) -> None:
    client_id, secret = await create_partner_client(session, PartnerType.BANK)
    as_json = await client.post("/oauth/token", json=GRANT, auth=(client_id, secret))
    assert_oauth_error(as_json, 400, "invalid_request")
    repeated = await client.post(
        "/oauth/token",
        content="grant_type=client_credentials&grant_type=client_credentials",
        headers={"content-type": "application/x-www-form-urlencoded"},
        auth=(client_id, secret),
    )
    assert_oauth_error(repeated, 400, "invalid_request")
    two_methods = await client.post(
        "/oauth/token",
        data={**GRANT, "client_id": client_id, "client_secret": secret},
        auth=(client_id, secret),
    )
    assert_oauth_error(two_methods, 400, "invalid_request")
    broken_basic = await client.post(
        "/oauth/token", data=GRANT, headers={"Authorization": "Basic %%%not-base64"}
    )
    assert_oauth_error(broken_basic, 401, "invalid_client")
    latin = await client.post(
        "/oauth/token",
        content=b"grant_type=client_credentials&scope=\xff",
        headers={"content-type": "application/x-www-form-urlencoded"},
        auth=(client_id, secret),
    )
    assert_oauth_error(latin, 400, "invalid_request")


async def test_get_is_not_allowed(client: httpx.AsyncClient) -> None:
    response = await client.get("/oauth/token")
    assert response.status_code == 405


async def test_old_secret_works_during_the_overlap_only(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    client_id, old_secret = await create_partner_client(session, PartnerType.BANK)
    rotated = await rotate_client_secret(session, client_id, overlap=timedelta(hours=1))
    await session.commit()
    assert rotated.previous_valid_until is not None
    await get_token(client, client_id, old_secret)
    await get_token(client, client_id, rotated.client_secret)

    # The overlap ends (as if an hour went by).
    await session.execute(
        update(CLIENTS)
        .where(CLIENTS.c.client_id == client_id)
        .values(previous_secret_expires_at=datetime.now(UTC) - timedelta(seconds=1))
    )
    await session.commit()
    response = await client.post("/oauth/token", data=GRANT, auth=(client_id, old_secret))
    assert_oauth_error(response, 401, "invalid_client")
    await get_token(client, client_id, rotated.client_secret)


async def test_rotation_without_overlap(client: httpx.AsyncClient, session: AsyncSession) -> None:
    client_id, old_secret = await create_partner_client(session, PartnerType.BANK)
    rotated = await rotate_client_secret(session, client_id, overlap=timedelta(0))
    await session.commit()
    response = await client.post("/oauth/token", data=GRANT, auth=(client_id, old_secret))
    assert_oauth_error(response, 401, "invalid_client")
    await get_token(client, client_id, rotated.client_secret)


async def test_last_use_is_recorded(client: httpx.AsyncClient, session: AsyncSession) -> None:
    from api.db.repositories.partners import PartnerRepository

    client_id, secret = await create_partner_client(session, PartnerType.BANK)
    before = await PartnerRepository(session).client(client_id)
    assert before is not None
    assert before.last_used_at is None
    await get_token(client, client_id, secret)
    session.expire_all()
    after = await PartnerRepository(session).client(client_id)
    assert after is not None
    assert after.last_used_at is not None


async def _client_partner(session: AsyncSession, client_id: str) -> int:
    from api.db.repositories.partners import PartnerRepository

    record = await PartnerRepository(session).client(client_id)
    assert record is not None
    return record.partner_id
