"""The first request end to end through the ASGI app."""

from __future__ import annotations

import httpx

from tests.factories import Factory

QUERY = """
query One($u: UnifiedSocialCreditCode!) {
  enterprise(uscc: $u) { id name district taxGrade creditRecords(first: 5) {
    nodes { category summary department { name } } pageInfo { hasNextPage endCursor } } }
}
"""


async def test_enterprise_lookup(client: httpx.AsyncClient, factory: Factory) -> None:
    enterprise_id, uscc = await factory.enterprise()
    for _ in range(7):
        await factory.record(enterprise_id)
    await factory.session.commit()
    response = await client.post("/graphql", json={"query": QUERY, "variables": {"u": uscc}})
    assert response.status_code == 200, response.text
    body = response.json()
    assert "errors" not in body, body
    enterprise = body["data"]["enterprise"]
    assert enterprise["district"] == "WUXING"
    assert len(enterprise["creditRecords"]["nodes"]) == 5
    assert enterprise["creditRecords"]["pageInfo"]["hasNextPage"] is True
