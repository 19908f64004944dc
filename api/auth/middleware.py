"""Bearer-token validation in front of ``/graphql``, as pure ASGI middleware.

No Authorization header: the request goes on anonymously (``state["principal"] = None``);
the GraphQL layer decides what an anonymous caller may see. A header that does not carry a
valid access token: 401 with ``WWW-Authenticate: Bearer error="invalid_token"`` and a JSON
body, before any GraphQL work (a malformed request -- a token in the query string, two
Authorization headers -- gets 400 ``invalid_request``, RFC 6750 3.1). A valid token: a
``Principal`` in ``state["principal"]``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime
from urllib.parse import parse_qsl

import orjson
from starlette.types import ASGIApp, Receive, Scope, Send

from api.auth.tokens import InvalidTokenError, TokenValidator
from api.auth.trust import TrustStore, TrustUnavailableError

logger = logging.getLogger("api.auth.bearer")

REALM = "credit-platform"


class BearerTokenMiddleware:
    """Puts the caller's ``Principal`` (or None) on the request, or refuses a bad token."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        trust: TrustStore,
        validator: TokenValidator,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self.app = app
        self._trust = trust
        self._validator = validator
        self._clock = clock

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        state = scope.setdefault("state", {})
        values = [value for name, value in scope.get("headers", []) if name == b"authorization"]
        if _token_in_query(scope):
            await _refuse(send, "invalid_request", "send the access token in the header")
            return
        if not values:
            state["principal"] = None
            await self.app(scope, receive, send)
            return
        if len(values) > 1:
            await _refuse(send, "invalid_request", "one Authorization header, please")
            return
        scheme, _, token = values[0].decode("latin-1").partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            await _refuse(send, "invalid_token", "expected a Bearer access token")
            return
        try:
            snapshot = await self._trust.current()
        except TrustUnavailableError:
            await _unavailable(send)
            return
        try:
            access = self._validator.validate(
                token.strip(), snapshot.verification_keys, snapshot.deny, self._clock()
            )
        except InvalidTokenError as error:
            logger.info("bearer token refused", extra={"reason": str(error)})
            await _refuse(send, "invalid_token", str(error))
            return
        state["principal"] = access.principal()
        await self.app(scope, receive, send)


def _token_in_query(scope: Scope) -> bool:
    query = scope.get("query_string", b"")
    if b"token" not in query:
        return False
    names = {name for name, _ in parse_qsl(query.decode("latin-1"), keep_blank_values=True)}
    return "access_token" in names


async def _refuse(send: Send, error: str, description: str) -> None:
    status = 400 if error == "invalid_request" else 401
    challenge = f'Bearer realm="{REALM}", error="{error}", error_description="{description}"'
    body = {
        "errors": [
            {
                "message": description,
                "extensions": {"code": "UNAUTHENTICATED", "oauth_error": error},
            }
        ]
    }
    await _send_json(send, status, body, [(b"www-authenticate", challenge.encode())])


async def _unavailable(send: Send) -> None:
    body = {
        "errors": [
            {"message": "authentication is unavailable", "extensions": {"code": "UNAVAILABLE"}}
        ]
    }
    await _send_json(send, 503, body, [(b"retry-after", b"5")])


async def _send_json(
    send: Send, status: int, body: object, headers: list[tuple[bytes, bytes]]
) -> None:
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"cache-control", b"no-store"),
                *headers,
            ],
        }
    )
    await send({"type": "http.response.body", "body": orjson.dumps(body)})
