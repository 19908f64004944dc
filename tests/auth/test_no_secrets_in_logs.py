"""No client secret, access token or private key appears in any log line."""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from api.auth.key_store import rotate_signing_key
from api.auth.partners import rotate_client_secret
from api.auth.scopes import PartnerType
from api.auth.signing_keys import open_private_key
from api.crypto import Keys
from api.http.logging import JsonFormatter
from tests.auth.conftest import REFRESH_SECONDS
from tests.auth.forgery import signing_key
from tests.auth.helpers import bearer, create_partner_client, get_token

#: The test's own HTTP client logs the URLs it requests (a secret in a query string too).
_CLIENT_SIDE = ("httpx", "httpcore")


def _lines(caplog: pytest.LogCaptureFixture) -> list[str]:
    """Every server-side record, formatted as the JSON log line (extras included)."""
    formatter = JsonFormatter()
    return [
        formatter.format(record)
        for record in caplog.records
        if not record.name.startswith(_CLIENT_SIDE)
    ]


async def test_no_secret_token_or_private_key_is_logged(
    client: httpx.AsyncClient,
    session: AsyncSession,
    keys: Keys,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    client_id, secret = await create_partner_client(session, PartnerType.BANK)
    token = await get_token(client, client_id, secret)
    await client.post(
        "/oauth/token", data={"grant_type": "client_credentials"}, auth=(client_id, secret[:-1])
    )
    await client.post(
        "/oauth/token",
        data={"grant_type": "client_credentials", "client_id": client_id, "client_secret": secret},
    )
    await client.post(
        "/oauth/token", params={"client_secret": secret}, data={"grant_type": "client_credentials"}
    )
    await client.post("/graphql", json={"query": "{ __typename }"}, headers=bearer(token))
    await client.post("/graphql", json={"query": "{ __typename }"}, headers=bearer(token + "x"))
    await client.post("/oauth/introspect", data={"token": token}, auth=(client_id, secret))
    rotated = await rotate_client_secret(session, client_id, overlap=timedelta(minutes=5))
    await session.commit()
    old_key = await signing_key(session, keys)
    record = await rotate_signing_key(
        session, keys.signing_key_encryption, now=datetime.now(UTC), activation_delay=timedelta(0)
    )
    await session.commit()
    await asyncio.sleep(REFRESH_SECONDS * 1.5)
    new_token = await get_token(client, client_id, rotated.client_secret)
    await client.post(
        "/oauth/revoke", data={"token": new_token}, auth=(client_id, rotated.client_secret)
    )
    new_key = open_private_key(keys.signing_key_encryption, record)

    lines = _lines(caplog)
    assert any("access token issued" in line for line in lines)
    assert any("signing key rotated" in line for line in lines)
    assert any("bearer token refused" in line for line in lines)
    forbidden = {
        "client secret": secret,
        "rotated secret": rotated.client_secret,
        "access token": token,
        "token signature": token.rsplit(".", 1)[1],
        "new access token": new_token,
    }
    for name, private in (("old key", old_key), ("new key", new_key)):
        d = private.as_dict(private=True)["d"]
        assert isinstance(d, str)
        forbidden[f"{name} d"] = d
        pem = private.as_pem(private=True).decode()
        forbidden[f"{name} pem"] = pem.splitlines()[1]
        forbidden[f"{name} der"] = private.as_der(private=True).hex()
    for line in lines:
        for name, value in forbidden.items():
            assert value not in line, f"{name} logged: {line[:200]}"
