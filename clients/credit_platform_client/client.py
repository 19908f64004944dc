"""The partner's side of the platform: OAuth 2 client credentials, then GraphQL over HTTPS."""

from __future__ import annotations

from types import TracebackType
from typing import Any, Self

import httpx
from authlib.integrations.httpx_client import AsyncOAuth2Client


class CreditPlatformError(Exception):
    """The platform answered a GraphQL operation with errors; ``codes`` lists their codes."""

    def __init__(self, errors: list[dict[str, Any]], data: dict[str, Any] | None) -> None:
        self.errors = errors
        self.data = data
        self.codes = [str(e.get("extensions", {}).get("code", "")) for e in errors]
        super().__init__("; ".join(str(e.get("message", "")) for e in errors))


class CreditPlatformClient:
    """An async client: fetches and renews its access token, runs GraphQL operations.

    >>> async with CreditPlatformClient(url, client_id, secret) as platform:  # doctest: +SKIP
    ...     data = await platform.execute(query, {"uscc": "91350100M000100Y43"})
    """

    def __init__(
        self,
        base_url: str,
        client_id: str,
        client_secret: str,
        *,
        scopes: list[str] | None = None,
        timeout: float = 10.0,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        extra: dict[str, Any] = {"transport": transport} if transport is not None else {}
        self._http = AsyncOAuth2Client(
            client_id=client_id,
            client_secret=client_secret,
            scope=" ".join(scopes) if scopes else None,
            token_endpoint=f"{self.base_url}/oauth/token",
            token_endpoint_auth_method="client_secret_basic",  # noqa: S106 (a method name)
            grant_type="client_credentials",
            timeout=timeout,
            **extra,
        )

    async def __aenter__(self) -> Self:
        await self.authenticate()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def authenticate(self) -> None:
        """Get an access token now (it is renewed by itself when it expires)."""
        await self._http.fetch_token(grant_type="client_credentials")

    @property
    def access_token(self) -> str:
        """The current access token."""
        return str(self._http.token["access_token"])

    async def execute(
        self,
        document: str,
        variables: dict[str, Any] | None = None,
        operation_name: str | None = None,
    ) -> dict[str, Any]:
        """Run one operation; return its data or raise CreditPlatformError."""
        payload: dict[str, Any] = {"query": document, "variables": variables or {}}
        if operation_name:
            payload["operationName"] = operation_name
        response = await self._http.post(f"{self.base_url}/graphql", json=payload)
        body: dict[str, Any] = response.json()
        if body.get("errors"):
            raise CreditPlatformError(body["errors"], body.get("data"))
        response.raise_for_status()
        data: dict[str, Any] = body["data"]
        return data

    async def aclose(self) -> None:
        """Close the HTTP connections."""
        await self._http.aclose()
