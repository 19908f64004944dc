"""``create_demo_clients``: one working client per partner type, re-runnable."""

from __future__ import annotations

import httpx
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from api.auth.partners import create_demo_clients
from api.auth.scopes import SCOPES_BY_TYPE, PartnerType
from tests.auth.forgery import claims_of
from tests.auth.helpers import get_token


async def test_one_client_per_type_whose_credentials_work(
    client: httpx.AsyncClient, sessions: async_sessionmaker[AsyncSession]
) -> None:
    issued = await create_demo_clients(sessions)
    assert [credentials.partner_type for credentials in issued] == list(PartnerType)
    for credentials in issued:
        assert credentials.scopes == SCOPES_BY_TYPE[credentials.partner_type]
        assert credentials.client_secret not in repr(credentials)
        token = await get_token(client, credentials.client_id, credentials.client_secret)
        assert claims_of(token)["partner_type"] == credentials.partner_type.value
        assert set(credentials.as_json()) == {"partner_id", "client_id", "client_secret", "scopes"}


async def test_running_it_again_reissues_secrets_for_the_same_clients(
    client: httpx.AsyncClient, sessions: async_sessionmaker[AsyncSession]
) -> None:
    first = await create_demo_clients(sessions)
    second = await create_demo_clients(sessions)
    assert [c.client_id for c in first] == [c.client_id for c in second]
    bank_before, bank_after = first[0], second[0]
    assert bank_before.client_secret != bank_after.client_secret
    refused = await client.post(
        "/oauth/token",
        data={"grant_type": "client_credentials"},
        auth=(bank_before.client_id, bank_before.client_secret),
    )
    assert refused.status_code == 401
    await get_token(client, bank_after.client_id, bank_after.client_secret)
