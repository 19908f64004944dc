"""A tiny GraphQL-over-HTTP helper for tests."""

from __future__ import annotations

from typing import Any

import httpx


async def gql(
    client: httpx.AsyncClient,
    query: str,
    variables: dict[str, Any] | None = None,
    *,
    token: str | None = None,
    status: int = 200,
) -> dict[str, Any]:
    """POST an operation, check the HTTP status, return the JSON body."""
    headers = {"authorization": f"Bearer {token}"} if token else {}
    response = await client.post(
        "/graphql", json={"query": query, "variables": variables or {}}, headers=headers
    )
    assert response.status_code == status, response.text
    body: dict[str, Any] = response.json()
    return body


def error_codes(body: dict[str, Any]) -> list[str]:
    """The ``extensions.code`` of every top-level error."""
    return [e.get("extensions", {}).get("code", "") for e in body.get("errors", [])]
