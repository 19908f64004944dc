"""Pure ASGI middleware: request ids and access logs, GraphQL metrics, a cap on request bodies."""

from __future__ import annotations

import logging
import time
import uuid
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.http.logging import request_id_var
from api.observability.metrics import (
    GRAPHQL_OBSERVATION,
    GraphQLObservation,
    observe_graphql,
    outcome_for_status,
)
from api.observability.operations import UNREAD

access_log = logging.getLogger("api.access")


class RequestContextMiddleware:
    """Gives each request an id (``X-Request-Id``), echoes it, and logs one access line."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = uuid.uuid4().hex
        token = request_id_var.set(request_id)
        scope.setdefault("state", {})["request_id"] = request_id
        started = time.perf_counter()
        status = 500

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                headers = list(message.get("headers", []))
                headers.append((b"x-request-id", request_id.encode()))
                message["headers"] = headers
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            access_log.info(
                "request",
                extra={
                    "method": scope["method"],
                    "path": scope["path"],
                    "status": status,
                    "duration_ms": round((time.perf_counter() - started) * 1000, 2),
                },
            )
            request_id_var.reset(token)


class GraphQLMetricsMiddleware:
    """Counts and times every GraphQL request to /graphql, POST or GET (put it outside the
    bearer-token middleware); the GraphiQL page (HTML) is not one.

    The endpoint fills the request's ``GraphQLObservation`` (operation label, outcome); a
    request refused before the endpoint ran (a bad bearer token) is labelled ``unread`` with
    the outcome its status says. The partner type is the validated token's, or ``anonymous``.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in ("POST", "GET", "HEAD"):
            await self.app(scope, receive, send)
            return
        state = scope.setdefault("state", {})
        observation = GraphQLObservation(operation=UNREAD)
        state[GRAPHQL_OBSERVATION] = observation
        started = time.perf_counter()
        status = 500
        page = False

        async def send_noting_status(message: Message) -> None:
            nonlocal status, page
            if message["type"] == "http.response.start":
                status = message["status"]
                page = any(
                    name.lower() == b"content-type" and value.startswith(b"text/html")
                    for name, value in message.get("headers", [])
                )
            await send(message)

        try:
            await self.app(scope, receive, send_noting_status)
        finally:
            principal = state.get("principal")
            if not page:  # GraphiQL's page is no GraphQL request
                observe_graphql(
                    observation.operation,
                    principal.partner_type.value if principal is not None else "anonymous",
                    observation.outcome or outcome_for_status(status),
                    time.perf_counter() - started,
                )


class BodySizeLimitMiddleware:
    """Refuses request bodies over a limit with 413, before any parsing."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers: dict[bytes, bytes] = dict(scope.get("headers", []))
        length = headers.get(b"content-length")
        if length is not None and length.isdigit() and int(length) > self.max_bytes:
            await _too_large(send, self.max_bytes)
            return
        received = 0

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise _BodyTooLargeError
            return message

        try:
            await self.app(scope, limited_receive, send)
        except _BodyTooLargeError:
            await _too_large(send, self.max_bytes)


class _BodyTooLargeError(Exception):
    pass


async def _too_large(send: Send, max_bytes: int) -> None:
    body: Any = (
        b'{"errors":[{"message":"request body over ' + str(max_bytes).encode() + b' bytes",'
        b'"extensions":{"code":"PAYLOAD_TOO_LARGE"}}]}'
    )
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [(b"content-type", b"application/json")],
        }
    )
    await send({"type": "http.response.body", "body": body})
