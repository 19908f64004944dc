"""GraphQL tests call as the city's credit office unless they say otherwise."""

from __future__ import annotations

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from api.auth.scopes import PartnerType
from tests.auth.helpers import create_partner_client, get_token


@pytest.fixture
async def client(client: httpx.AsyncClient, session: AsyncSession) -> httpx.AsyncClient:
    """The suite's client, carrying a credit-office token (every read scope)."""
    client_id, secret = await create_partner_client(session, PartnerType.CREDIT_OFFICE)
    client.headers["authorization"] = f"Bearer {await get_token(client, client_id, secret)}"
    return client
