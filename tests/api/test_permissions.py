"""Declared permissions as partners meet them: 401 without a token, FORBIDDEN with the scopes."""

from __future__ import annotations

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from api.auth.scopes import PartnerType, Scope
from tests.auth.helpers import create_partner_client, get_token
from tests.factories import Factory

PROFILE = """
query($u: UnifiedSocialCreditCode!) {
  enterprise(uscc: $u) { name taxRatings { grade } greenProfile { esgScore }
    creditRecords { nodes { summary } } }
}
"""


async def _token(client: httpx.AsyncClient, session: AsyncSession, *scopes: Scope) -> str:
    client_id, secret = await create_partner_client(session, PartnerType.REGULATOR, scopes)
    return await get_token(client, client_id, secret)


async def _post(
    client: httpx.AsyncClient, query: str, variables: dict[str, str], token: str | None
) -> httpx.Response:
    request = client.build_request(
        "POST", "/graphql", json={"query": query, "variables": variables}
    )
    if token is None:
        del request.headers["authorization"]
    else:
        request.headers["authorization"] = f"Bearer {token}"
    return await client.send(request)


async def test_anonymous_call_of_a_protected_field_is_401(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    _, uscc = await factory.enterprise()
    response = await _post(client, PROFILE, {"u": uscc}, None)
    assert response.status_code == 401
    assert response.headers["www-authenticate"].startswith("Bearer")
    assert response.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    assert "data" not in response.json()  # a 401 carries no data (GraphQL over HTTP)


async def test_anonymous_introspection_needs_a_token(client: httpx.AsyncClient) -> None:
    """Outside the demo, introspection is 401 like a protected field (test_strangers.py)."""
    response = await _post(client, "{ __schema { queryType { name } } }", {}, None)
    assert response.status_code == 401
    assert response.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


async def test_missing_scope_is_forbidden_with_the_scopes_named(
    client: httpx.AsyncClient, session: AsyncSession, factory: Factory
) -> None:
    enterprise_id, uscc = await factory.enterprise()
    await factory.record(enterprise_id)
    token = await _token(client, session, Scope.MERCHANT_READ)
    body = (await _post(client, PROFILE, {"u": uscc}, token)).json()
    assert body["data"] == {"enterprise": None}
    [error] = body["errors"]
    assert error["extensions"] == {"code": "FORBIDDEN", "requiredScopes": ["enterprise:read"]}


async def test_a_forbidden_nested_field_leaves_the_connection_usable(
    client: httpx.AsyncClient, session: AsyncSession, factory: Factory
) -> None:
    """GraphQL cancels sibling loaders when a field fails; the next request must still work."""
    enterprise_id, uscc = await factory.enterprise()
    await factory.record(enterprise_id)
    token = await _token(client, session, Scope.ENTERPRISE_READ)
    for _ in range(3):
        body = (await _post(client, PROFILE, {"u": uscc}, token)).json()
        assert [e["extensions"]["code"] for e in body["errors"]] == ["FORBIDDEN"]
        assert body["errors"][0]["extensions"]["requiredScopes"] == ["credit_record:read"]
    allowed = (
        await _post(
            client,
            "query($u: UnifiedSocialCreditCode!) { enterprise(uscc: $u) { name } }",
            {"u": uscc},
            token,
        )
    ).json()
    assert allowed["data"]["enterprise"]["name"]


async def test_node_applies_the_scope_of_the_objects_type(
    client: httpx.AsyncClient, session: AsyncSession, factory: Factory
) -> None:
    _, uscc = await factory.enterprise()
    lookup = (
        await _post(
            client,
            "query($u: UnifiedSocialCreditCode!) { enterprise(uscc: $u) { id } }",
            {"u": uscc},
            client.headers["authorization"].removeprefix("Bearer "),
        )
    ).json()
    global_id = lookup["data"]["enterprise"]["id"]
    token = await _token(client, session, Scope.MERCHANT_READ)
    body = (
        await _post(client, "query($id: ID!) { node(id: $id) { id } }", {"id": global_id}, token)
    ).json()
    assert body["errors"][0]["extensions"] == {
        "code": "FORBIDDEN",
        "requiredScopes": ["enterprise:read"],
    }
