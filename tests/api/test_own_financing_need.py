"""The enterprise's side of its financing need over GraphQL: which banks claimed it, and
withdrawing it (after which no bank can claim it); another enterprise's need is not found."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.auth.scopes import PartnerType
from api.db.tables import metadata
from tests.auth.helpers import create_partner_client, get_token
from tests.factories import Factory
from tests.gql import gql

POST_NEED = """
mutation Post($input: FinancingNeedInput!) {
  postFinancingNeed(input: $input) { need { id } errors { code } }
}
"""
CLAIM = """
mutation Claim($needId: ID!) {
  claimFinancingNeed(needId: $needId) { need { yourPosition } errors { code } }
}
"""
OWN = """
query Own($uscc: UnifiedSocialCreditCode!, $needId: ID!) {
  ownFinancingNeed(uscc: $uscc, needId: $needId) {
    id status claimedBy { bankPartnerId bankName position }
  }
}
"""
WITHDRAW = """
mutation Withdraw($uscc: UnifiedSocialCreditCode!, $needId: ID!) {
  withdrawFinancingNeed(uscc: $uscc, needId: $needId) {
    need { id status claimedBy { bankName position } }
    alreadyWithdrawn
    errors { field code errorCode }
  }
}
"""


async def _token(
    client: httpx.AsyncClient, session: AsyncSession, kind: PartnerType
) -> tuple[str, int, str]:
    client_id, secret = await create_partner_client(session, kind)
    clients = metadata.tables["oauth_clients"]
    partners = metadata.tables["partners"]
    row = (
        await session.execute(
            select(partners.c.id, partners.c.name)
            .join(clients, clients.c.partner_id == partners.c.id)
            .where(clients.c.client_id == client_id)
        )
    ).one()
    return await get_token(client, client_id, secret), int(row[0]), row[1]


async def _posted(client: httpx.AsyncClient, app: str, uscc: str) -> str:
    need = {"uscc": uscc, "amount": "500000", "purpose": "购置光伏设备", "termMonths": 24}
    body = await gql(client, POST_NEED, {"input": need}, token=app)
    need_id: str = body["data"]["postFinancingNeed"]["need"]["id"]
    return need_id


async def test_the_enterprise_sees_who_claimed_and_withdraws(
    client: httpx.AsyncClient, session: AsyncSession, factory: Factory
) -> None:
    app, _, _ = await _token(client, session, PartnerType.CITIZEN_APP)
    banks = [await _token(client, session, PartnerType.BANK) for _ in range(3)]
    _, uscc = await factory.enterprise()
    need_id = await _posted(client, app, uscc)
    fresh = await gql(client, OWN, {"uscc": uscc, "needId": need_id}, token=app)
    assert fresh["data"]["ownFinancingNeed"] == {"id": need_id, "status": "OPEN", "claimedBy": []}
    for token, _, _ in banks[:2]:
        claimed = await gql(client, CLAIM, {"needId": need_id}, token=token)
        assert claimed["data"]["claimFinancingNeed"]["errors"] == []
    seen = await gql(client, OWN, {"uscc": uscc, "needId": need_id}, token=app)
    assert seen["data"]["ownFinancingNeed"]["claimedBy"] == [
        {"bankPartnerId": banks[0][1], "bankName": banks[0][2], "position": 1},
        {"bankPartnerId": banks[1][1], "bankName": banks[1][2], "position": 2},
    ]
    gone = await gql(client, WITHDRAW, {"uscc": uscc, "needId": need_id}, token=app)
    assert gone["data"]["withdrawFinancingNeed"] == {
        "need": {
            "id": need_id,
            "status": "WITHDRAWN",
            "claimedBy": [
                {"bankName": banks[0][2], "position": 1},
                {"bankName": banks[1][2], "position": 2},
            ],
        },
        "alreadyWithdrawn": False,
        "errors": [],
    }
    late = await gql(client, CLAIM, {"needId": need_id}, token=banks[2][0])
    assert late["data"]["claimFinancingNeed"]["errors"] == [{"code": "NEED_NOT_OPEN"}]
    again = await gql(client, WITHDRAW, {"uscc": uscc, "needId": need_id}, token=app)
    assert again["data"]["withdrawFinancingNeed"]["alreadyWithdrawn"] is True
    assert again["data"]["withdrawFinancingNeed"]["need"]["status"] == "WITHDRAWN"


async def test_another_enterprises_need_is_not_found_and_stays_open(
    client: httpx.AsyncClient, session: AsyncSession, factory: Factory
) -> None:
    app, _, _ = await _token(client, session, PartnerType.CITIZEN_APP)
    _, owner = await factory.enterprise()
    _, stranger = await factory.enterprise()
    need_id = await _posted(client, app, owner)
    refused = await gql(client, WITHDRAW, {"uscc": stranger, "needId": need_id}, token=app)
    assert refused["data"]["withdrawFinancingNeed"]["need"] is None
    assert [
        (e["errorCode"], e["field"]) for e in refused["data"]["withdrawFinancingNeed"]["errors"]
    ] == [("NOT_FOUND", "needId")]
    peek = await gql(client, OWN, {"uscc": stranger, "needId": need_id}, token=app)
    assert peek["data"] is None
    assert peek["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    still = await gql(client, OWN, {"uscc": owner, "needId": need_id}, token=app)
    assert still["data"]["ownFinancingNeed"]["status"] == "OPEN"
    for bad in ("not-an-id", "A" * 200, ""):
        body = await gql(client, WITHDRAW, {"uscc": owner, "needId": bad}, token=app)
        payload: dict[str, Any] = body["data"]["withdrawFinancingNeed"]
        assert [e["errorCode"] for e in payload["errors"]] == ["NOT_FOUND"], bad


@pytest.mark.parametrize("kind", [PartnerType.BANK, PartnerType.TAX_BUREAU])
async def test_only_the_enterprises_app_withdraws(
    client: httpx.AsyncClient, session: AsyncSession, factory: Factory, kind: PartnerType
) -> None:
    app, _, _ = await _token(client, session, PartnerType.CITIZEN_APP)
    other, _, _ = await _token(client, session, kind)
    _, uscc = await factory.enterprise()
    need_id = await _posted(client, app, uscc)
    body = await gql(client, WITHDRAW, {"uscc": uscc, "needId": need_id}, token=other)
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    read = await gql(client, OWN, {"uscc": uscc, "needId": need_id}, token=other)
    assert read["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    still = await gql(client, OWN, {"uscc": uscc, "needId": need_id}, token=app)
    assert still["data"]["ownFinancingNeed"]["status"] == "OPEN"
