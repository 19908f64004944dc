"""GET /metrics: the Prometheus text exposition, for loopback or for a bearer secret.

With no ``CREDIT_METRICS_TOKEN`` only a client on a loopback address is answered (anyone
else gets 403); with one, every client must send ``Authorization: Bearer <token>``
(compared in constant time), or gets 401.
"""

from __future__ import annotations

import asyncio
import hmac
import ipaddress
import logging
from collections.abc import Awaitable, Callable

from sqlalchemy.ext.asyncio import AsyncEngine
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response

from api.observability.metrics import CONTENT_TYPE_LATEST, ScrapeTimeCollector, render

logger = logging.getLogger("api.observability")

#: How long a scrape waits for the outbox count before answering without it.
OUTBOX_TIMEOUT_SECONDS = 2.0


def is_loopback(host: str | None) -> bool:
    """Whether ``host`` (the client's address) is a loopback address (127.0.0.0/8, ::1)."""
    if not host:
        return False
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return address.is_loopback


class MetricsEndpoint:
    """Renders the metrics for an authorised scraper."""

    def __init__(
        self,
        engine: AsyncEngine,
        *,
        token: str | None,
        outbox_depth: Callable[[], Awaitable[int]],
    ) -> None:
        self._engine = engine
        self._token = token.encode() if token else None
        self._outbox_depth = outbox_depth

    def _refusal(self, request: Request) -> Response | None:
        if self._token is None:
            if is_loopback(request.client.host if request.client else None):
                return None
            return PlainTextResponse(
                "metrics are served to loopback only unless CREDIT_METRICS_TOKEN is set\n", 403
            )
        scheme, _, presented = request.headers.get("authorization", "").partition(" ")
        if scheme.lower() == "bearer" and hmac.compare_digest(
            presented.strip().encode(), self._token
        ):
            return None
        return PlainTextResponse(
            "a bearer token is required\n",
            401,
            headers={"WWW-Authenticate": 'Bearer realm="metrics"'},
        )

    async def handle(self, request: Request) -> Response:
        """GET /metrics."""
        refusal = self._refusal(request)
        if refusal is not None:
            return refusal
        depth: int | None
        try:
            depth = await asyncio.wait_for(self._outbox_depth(), OUTBOX_TIMEOUT_SECONDS)
        except Exception as error:
            logger.warning(
                "webhook outbox depth not read for /metrics",
                extra={"error": type(error).__name__},
            )
            depth = None
        body = render(ScrapeTimeCollector(self._engine, depth))
        return Response(body, media_type=CONTENT_TYPE_LATEST)
