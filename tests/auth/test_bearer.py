"""The resource side: /graphql validates bearer tokens before any GraphQL work."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from api.auth.key_store import rotate_signing_key
from api.auth.partners import disable_partner, rotate_client_secret
from api.auth.scopes import PartnerType
from api.auth.signing_keys import new_signing_key, open_private_key
from api.crypto import Keys
from api.db.repositories.partners import TokenDenyListRepository
from tests.auth.conftest import REFRESH_SECONDS
from tests.auth.forgery import claims_of, header_of, hmac_signed, sign, signing_key, unsigned
from tests.auth.helpers import bearer, create_partner_client, get_token

QUERY = {"query": "{ __typename }"}


async def graphql(client: httpx.AsyncClient, token: str | None) -> httpx.Response:
    """POST the trivial query with ``token`` (or anonymously)."""
    return await client.post("/graphql", json=QUERY, headers=bearer(token) if token else {})


def assert_refused(response: httpx.Response, error: str = "invalid_token") -> None:
    """401 (400 for a malformed request) with a Bearer challenge and a JSON body."""
    assert response.status_code == (400 if error == "invalid_request" else 401), response.text
    challenge = response.headers["www-authenticate"]
    assert challenge.startswith("Bearer ")
    assert f'error="{error}"' in challenge
    body = response.json()
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    assert "data" not in body


async def wait_for_refresh() -> None:
    """Let the in-memory keys and deny-list go stale, so the next request reloads them."""
    await asyncio.sleep(REFRESH_SECONDS * 1.5)


@pytest.fixture
async def token(client: httpx.AsyncClient, session: AsyncSession) -> str:
    """A valid bank token."""
    client_id, secret = await create_partner_client(session, PartnerType.BANK)
    return await get_token(client, client_id, secret)


async def test_anonymous_request_goes_on(client: httpx.AsyncClient) -> None:
    response = await graphql(client, None)
    assert response.status_code == 200, response.text
    assert response.json()["data"] == {"__typename": "Query"}


async def test_valid_token(client: httpx.AsyncClient, token: str) -> None:
    response = await graphql(client, token)
    assert response.status_code == 200, response.text
    assert response.json()["data"] == {"__typename": "Query"}


async def test_oauth_and_well_known_are_not_behind_the_middleware(
    client: httpx.AsyncClient,
) -> None:
    headers = {"Authorization": "Bearer garbage"}
    assert (await client.get("/.well-known/jwks.json", headers=headers)).status_code == 200
    metadata = await client.get("/.well-known/oauth-authorization-server", headers=headers)
    assert metadata.status_code == 200
    assert (await client.get("/healthz", headers=headers)).status_code == 200


async def _forge(
    session: AsyncSession,
    keys: Keys,
    token: str,
    *,
    claims: dict[str, Any] | None = None,
    header: dict[str, Any] | None = None,
    drop: tuple[str, ...] = (),
) -> str:
    key = await signing_key(session, keys)
    new_header = {**header_of(token), **(header or {})}
    new_claims = {**claims_of(token), **(claims or {})}
    for name in drop:
        new_header.pop(name, None)
        new_claims.pop(name, None)
    return sign(key, new_header, new_claims)


async def test_a_re_signed_copy_is_accepted(
    client: httpx.AsyncClient, session: AsyncSession, keys: Keys, token: str
) -> None:
    """The forging helper itself works: without changes its tokens are accepted."""
    copy = await _forge(session, keys, token)
    assert (await graphql(client, copy)).status_code == 200


async def test_expired(
    client: httpx.AsyncClient, session: AsyncSession, keys: Keys, token: str
) -> None:
    now = int(datetime.now(UTC).timestamp())
    expired = await _forge(session, keys, token, claims={"iat": now - 1000, "exp": now - 1})
    assert_refused(await graphql(client, expired))


@pytest.mark.parametrize("claim", ["iat", "nbf"])
async def test_not_yet_valid(
    client: httpx.AsyncClient, session: AsyncSession, keys: Keys, token: str, claim: str
) -> None:
    later = int(datetime.now(UTC).timestamp()) + 120
    early = await _forge(session, keys, token, claims={claim: later, "exp": later + 900})
    assert_refused(await graphql(client, early))


async def test_small_clock_skew_is_tolerated(
    client: httpx.AsyncClient, session: AsyncSession, keys: Keys, token: str
) -> None:
    soon = int(datetime.now(UTC).timestamp()) + 3
    skewed = await _forge(session, keys, token, claims={"iat": soon, "nbf": soon})
    assert (await graphql(client, skewed)).status_code == 200


async def test_tampered_signature(client: httpx.AsyncClient, token: str) -> None:
    head, payload, signature = token.split(".")
    flipped = ("A" if signature[10] != "A" else "B").join([signature[:10], signature[11:]])
    assert_refused(await graphql(client, f"{head}.{payload}.{flipped}"))


async def test_tampered_claims(client: httpx.AsyncClient, token: str) -> None:
    claims = {**claims_of(token), "scope": "partner:manage", "partner_type": "credit_office"}
    head, _, signature = token.split(".")
    forged = unsigned(header_of(token), claims).split(".")[1]
    assert_refused(await graphql(client, f"{head}.{forged}.{signature}"))


async def test_alg_none(client: httpx.AsyncClient, token: str) -> None:
    header = {**header_of(token), "alg": "none"}
    assert_refused(await graphql(client, unsigned(header, claims_of(token))))


async def test_hmac_with_the_public_key_as_secret(client: httpx.AsyncClient, token: str) -> None:
    jwks = (await client.get("/.well-known/jwks.json")).json()
    public = next(k for k in jwks["keys"] if k["kid"] == header_of(token)["kid"])
    header = {**header_of(token), "alg": "HS256"}
    for secret in (str(public).encode(), public["x"].encode()):
        assert_refused(await graphql(client, hmac_signed(secret, header, claims_of(token))))


async def test_wrong_issuer(
    client: httpx.AsyncClient, session: AsyncSession, keys: Keys, token: str
) -> None:
    forged = await _forge(session, keys, token, claims={"iss": "https://evil.example"})
    assert_refused(await graphql(client, forged))


@pytest.mark.parametrize("audience", ["https://other.example", None])
async def test_wrong_audience(
    client: httpx.AsyncClient, session: AsyncSession, keys: Keys, token: str, audience: str | None
) -> None:
    claims_token = claims_of(token)
    forged = await _forge(
        session, keys, token, claims={"aud": audience or claims_token["client_id"]}
    )
    assert_refused(await graphql(client, forged))


async def test_audience_list_containing_ours(
    client: httpx.AsyncClient, session: AsyncSession, keys: Keys, token: str
) -> None:
    forged = await _forge(
        session, keys, token, claims={"aud": ["https://x.example", claims_of(token)["aud"]]}
    )
    assert (await graphql(client, forged)).status_code == 200


async def test_missing_typ(
    client: httpx.AsyncClient, session: AsyncSession, keys: Keys, token: str
) -> None:
    assert_refused(await graphql(client, await _forge(session, keys, token, drop=("typ",))))


@pytest.mark.parametrize("typ", ["JWT", "jwt", "id_token+jwt", ""])
async def test_wrong_typ(
    client: httpx.AsyncClient, session: AsyncSession, keys: Keys, token: str, typ: str
) -> None:
    forged = await _forge(session, keys, token, header={"typ": typ})
    assert_refused(await graphql(client, forged))


@pytest.mark.parametrize("claim", ["exp", "iat", "jti", "client_id", "partner_id", "partner_type"])
async def test_missing_claim(
    client: httpx.AsyncClient, session: AsyncSession, keys: Keys, token: str, claim: str
) -> None:
    assert_refused(await graphql(client, await _forge(session, keys, token, drop=(claim,))))


async def test_unknown_kid(client: httpx.AsyncClient, keys: Keys, token: str) -> None:
    now = datetime.now(UTC)
    stranger = new_signing_key(keys.signing_key_encryption, now=now, activates_at=now)
    key = open_private_key(keys.signing_key_encryption, stranger)
    forged = sign(key, {**header_of(token), "kid": stranger.kid}, claims_of(token))
    assert_refused(await graphql(client, forged))
    # Our kid, someone else's key: the signature does not verify.
    forged = sign(key, header_of(token), claims_of(token))
    assert_refused(await graphql(client, forged))
    # No kid at all.
    forged = sign(key, {"alg": "ES256", "typ": "at+jwt"}, claims_of(token))
    assert_refused(await graphql(client, forged))


async def test_unexpected_header_members(
    client: httpx.AsyncClient, session: AsyncSession, keys: Keys, token: str
) -> None:
    forged = await _forge(session, keys, token, header={"jku": "https://evil.example/jwks"})
    assert_refused(await graphql(client, forged))


@pytest.mark.parametrize(
    "authorization",
    ["Basic dXNlcjpwYXNz", "Bearer", "Bearer ", "Token abc", "bearer not.a.jwt", "Bearer a.b.c"],
)
async def test_malformed_authorization(client: httpx.AsyncClient, authorization: str) -> None:
    response = await client.post("/graphql", json=QUERY, headers={"Authorization": authorization})
    assert_refused(response)


async def test_token_in_the_query_string_is_refused(client: httpx.AsyncClient, token: str) -> None:
    response = await client.post("/graphql", json=QUERY, params={"access_token": token})
    assert_refused(response, "invalid_request")


async def test_revoked_through_the_endpoint(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    client_id, secret = await create_partner_client(session, PartnerType.HOSPITAL)
    token = await get_token(client, client_id, secret)
    assert (await graphql(client, token)).status_code == 200
    revoked = await client.post("/oauth/revoke", data={"token": token}, auth=(client_id, secret))
    assert revoked.status_code == 200, revoked.text
    assert_refused(await graphql(client, token))
    await wait_for_refresh()
    assert_refused(await graphql(client, token))


async def test_revoked_by_another_process(
    client: httpx.AsyncClient, session: AsyncSession, token: str
) -> None:
    """A revocation this process did not make is honoured after one refresh interval."""
    assert (await graphql(client, token)).status_code == 200
    claims = claims_of(token)
    await TokenDenyListRepository(session).revoke(
        jti=claims["jti"],
        client_id=claims["client_id"],
        expires_at=datetime.fromtimestamp(claims["exp"], UTC),
        now=datetime.now(UTC),
    )
    await session.commit()
    await wait_for_refresh()
    assert_refused(await graphql(client, token))


async def test_disabled_partner(
    client: httpx.AsyncClient, session: AsyncSession, token: str
) -> None:
    assert (await graphql(client, token)).status_code == 200
    await disable_partner(session, claims_of(token)["partner_id"])
    await session.commit()
    await wait_for_refresh()
    assert_refused(await graphql(client, token))


async def test_secret_reset_revokes_earlier_tokens(
    client: httpx.AsyncClient, session: AsyncSession, token: str
) -> None:
    client_id = claims_of(token)["client_id"]
    await rotate_client_secret(session, client_id, overlap=timedelta(0), revoke_tokens=True)
    await session.commit()
    await wait_for_refresh()
    assert_refused(await graphql(client, token))


async def test_previous_key_stays_valid_after_rotation(
    client: httpx.AsyncClient, session: AsyncSession, keys: Keys
) -> None:
    client_id, secret = await create_partner_client(session, PartnerType.REGULATOR)
    old = await get_token(client, client_id, secret)
    await rotate_signing_key(
        session,
        keys.signing_key_encryption,
        now=datetime.now(UTC),
        activation_delay=timedelta(0),
    )
    await session.commit()
    await wait_for_refresh()
    new = await get_token(client, client_id, secret)
    assert header_of(new)["kid"] != header_of(old)["kid"]
    assert (await graphql(client, old)).status_code == 200
    assert (await graphql(client, new)).status_code == 200
    kids = {key["kid"] for key in (await client.get("/.well-known/jwks.json")).json()["keys"]}
    assert {header_of(old)["kid"], header_of(new)["kid"]} <= kids


async def test_pending_key_is_published_before_it_signs(
    client: httpx.AsyncClient, session: AsyncSession, keys: Keys
) -> None:
    client_id, secret = await create_partner_client(session, PartnerType.TAX_BUREAU)
    await get_token(client, client_id, secret)
    pending = await rotate_signing_key(
        session,
        keys.signing_key_encryption,
        now=datetime.now(UTC),
        activation_delay=timedelta(hours=1),
    )
    await session.commit()
    await wait_for_refresh()
    kids = {key["kid"] for key in (await client.get("/.well-known/jwks.json")).json()["keys"]}
    assert pending.kid in kids
    assert header_of(await get_token(client, client_id, secret))["kid"] != pending.kid
