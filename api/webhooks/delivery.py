"""Deliver the webhook outbox: claim due events, POST them signed, record the outcome.

At least once: an event is written in the transaction that caused it; a round claims due rows
(``FOR UPDATE SKIP LOCKED`` on PostgreSQL, so concurrent workers never share one) by moving
their next attempt a lease ahead and commits, then POSTs with no transaction open, then marks
each delivered (2xx) or schedules its retry with exponential backoff and jitter. A process that
stops after the claim leaves the rows to be retried when the lease ends; one that stops after
the POST but before marking it delivered sends it again: receivers de-duplicate by event id.

Before each POST the URL's host is resolved again (DNS can change after registration): when
any address is not public (loopback only under ``allow_loopback_http``) nothing is sent and
the attempt fails like any other, with the reason in ``last_error``; otherwise the connection
goes to the address just checked (``_pinned``), not to a second resolution. Redirects are never
followed, whatever the client was built with: a 3xx to an internal address would bypass the
check, so it counts as a failed attempt.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import httpx
from joserfc.jwk import ECKey
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from api.auth.signing_keys import key_window, open_private_key
from api.db.engine import session_factory
from api.db.repositories.partners import SigningKeyRepository
from api.db.tables import table_of
from api.db.tables.banking import WebhookDeliveryRow, WebhookEndpointRow
from api.domain.banking.ports import HostResolver
from api.domain.banking.webhooks import checked_destination, literal_address, retry_delay
from api.observability.metrics import count_webhook_delivery
from api.webhooks.resolve import resolve_host
from api.webhooks.settings import WebhookSettings, get_webhook_settings
from api.webhooks.signing import (
    EVENT_ID_HEADER,
    SIGNATURE_HEADER,
    TIMESTAMP_HEADER,
    sign_body,
)

logger = logging.getLogger("api.webhooks")

DELIVERIES = table_of(WebhookDeliveryRow)
ENDPOINTS = table_of(WebhookEndpointRow)
W = DELIVERIES.c
U = ENDPOINTS.c
MAX_ERROR = 500


@dataclass(slots=True)
class DeliveryReport:
    """What one round did."""

    claimed: int = 0
    delivered: int = 0
    failed: int = 0
    seconds: float = 0.0
    errors: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class _Claimed:
    id: int
    event_id: str
    body: str
    attempts: int
    url: str | None


def _jitter() -> float:
    return secrets.randbelow(1_000_000) / 1_000_000


def _sessions(
    engine_or_sessions: AsyncEngine | async_sessionmaker[AsyncSession],
) -> async_sessionmaker[AsyncSession]:
    if isinstance(engine_or_sessions, AsyncEngine):
        return session_factory(engine_or_sessions)
    return engine_or_sessions


async def _claim(
    session: AsyncSession, *, now: datetime, limit: int, lease: timedelta
) -> list[_Claimed]:
    due = (
        select(W.id, W.event_id, W.body, W.attempts, W.bank_id)
        .where(W.delivered_at.is_(None), W.next_attempt_at <= now)
        .order_by(W.next_attempt_at, W.id)
        .limit(limit)
    )
    if session.get_bind().dialect.name == "postgresql":
        due = due.with_for_update(skip_locked=True, of=DELIVERIES)
    rows = list(await session.execute(due))
    if not rows:
        return []
    await session.execute(
        update(DELIVERIES).where(W.id.in_([r[0] for r in rows])).values(next_attempt_at=now + lease)
    )
    banks = {r[4] for r in rows}
    found = await session.execute(select(U.bank_id, U.url).where(U.bank_id.in_(banks)))
    urls = {row[0]: row[1] for row in found}
    return [_Claimed(r[0], r[1], r[2], r[3], urls.get(r[4])) for r in rows]


async def _signing_key(session: AsyncSession, cipher_key: bytes, now: datetime) -> ECKey | None:
    window = key_window(await SigningKeyRepository(session).all(), now, timedelta(0))
    return open_private_key(cipher_key, window.signing) if window.signing else None


@dataclass(frozen=True, slots=True)
class _Destination:
    """Where one POST goes: the address checked, and how the URL names it."""

    url: httpx.URL
    #: The checked address the connection is made to (the URL's host when it is a literal).
    address: str


async def _destination(
    url: str, resolve: HostResolver, *, seconds: float, allow_loopback: bool
) -> _Destination | str:
    """The URL's host resolved afresh and checked, or why it may not be POSTed to now."""
    try:
        parsed = httpx.URL(url)  # the host httpx would connect to, as httpx parses it
    except httpx.InvalidURL as error:
        return f"the webhook URL is not valid: {error}"
    host = parsed.host
    try:
        addresses, refusal = await asyncio.wait_for(
            checked_destination(host, resolve, allow_loopback=allow_loopback), timeout=seconds
        )
    except TimeoutError:
        return f"resolving {host} timed out"
    if refusal is not None:
        return f"not sent: {refusal}"
    return _Destination(parsed, addresses[0])


def _pinned(destination: _Destination) -> tuple[httpx.URL, dict[str, str], dict[str, str]]:
    """The request to the checked address itself: (URL, extra headers, extensions).

    httpx would resolve a hostname again when it connects, and the answer could have changed
    since the check (DNS rebinding). So the connection goes to the checked address, with the
    original ``Host`` header and, for https, the original name as TLS server name (SNI): the
    certificate is verified against that name as it would be without pinning.
    """
    url = destination.url
    if literal_address(url.host) is not None:
        return url, {}, {}
    headers = {"host": url.netloc.decode("ascii")}
    extensions = {"sni_hostname": url.host} if url.scheme == "https" else {}
    return url.copy_with(host=destination.address), headers, extensions


async def _post(
    client: httpx.AsyncClient,
    item: _Claimed,
    key: ECKey | None,
    config: WebhookSettings,
    resolve: HostResolver,
) -> str | None:
    """POST one event and count the attempt's outcome; None when the receiver answered 2xx."""
    outcome, problem = await _attempt(client, item, key, config, resolve)
    count_webhook_delivery(outcome)
    return problem


async def _attempt(
    client: httpx.AsyncClient,
    item: _Claimed,
    key: ECKey | None,
    config: WebhookSettings,
    resolve: HostResolver,
) -> tuple[str, str | None]:
    """POST one event to a public destination: (outcome for the metric, problem or None)."""
    if item.url is None:
        return "not_configured", "no webhook URL is registered"
    if key is None:
        return "not_configured", "no platform signing key is active"
    seconds = config.timeout_seconds
    destination = await _destination(
        item.url, resolve, seconds=seconds, allow_loopback=config.allow_loopback_http
    )
    if isinstance(destination, str):
        return "refused_destination", destination
    target, pinning, extensions = _pinned(destination)
    body = item.body.encode()
    stamp = int(time.time())
    headers = {
        "content-type": "application/json",
        SIGNATURE_HEADER: sign_body(body, key, event_id=item.event_id, timestamp=stamp),
        EVENT_ID_HEADER: item.event_id,
        TIMESTAMP_HEADER: str(stamp),
        "user-agent": "credit-platform-webhooks/1",
        **pinning,
    }
    try:
        # Never follow a redirect: its target was not checked (it could be internal).
        response = await client.post(
            target,
            content=body,
            headers=headers,
            timeout=seconds,
            follow_redirects=False,
            extensions=extensions,
        )
    except httpx.HTTPError as error:
        return "transport_error", f"{type(error).__name__}: {error}"[:MAX_ERROR]
    if 200 <= response.status_code < 300:
        return "delivered", None
    if response.is_redirect:
        return (
            "http_error",
            f"HTTP {response.status_code}: redirects are not followed; register the final URL",
        )
    return "http_error", f"HTTP {response.status_code}"


async def deliver_due_webhooks(
    engine_or_sessions: AsyncEngine | async_sessionmaker[AsyncSession],
    *,
    now: datetime,
    client: httpx.AsyncClient,
    cipher_key: bytes,
    settings: WebhookSettings | None = None,
    jitter: Callable[[], float] = _jitter,
    resolve: HostResolver = resolve_host,
) -> DeliveryReport:
    """One round: claim the due events, POST each signed, mark delivered or schedule a retry."""
    started = time.perf_counter()
    config = settings or get_webhook_settings()
    sessions = _sessions(engine_or_sessions)
    report = DeliveryReport()
    async with sessions() as session:
        claimed = await _claim(
            session,
            now=now,
            limit=config.batch_size,
            lease=timedelta(seconds=config.lease_seconds),
        )
        key = await _signing_key(session, cipher_key, now) if claimed else None
        await session.commit()
    report.claimed = len(claimed)
    if not claimed:
        report.seconds = time.perf_counter() - started
        return report
    outcomes = await asyncio.gather(
        *(_post(client, item, key, config, resolve) for item in claimed)
    )
    async with sessions() as session:
        for item, problem in zip(claimed, outcomes, strict=True):
            attempts = item.attempts + 1
            if problem is None:
                values: dict[str, object] = {
                    "delivered_at": now,
                    "attempts": attempts,
                    "last_error": None,
                }
                report.delivered += 1
            else:
                values = {
                    "attempts": attempts,
                    "next_attempt_at": now + retry_delay(attempts, jitter()),
                    "last_error": problem[:MAX_ERROR],
                }
                report.failed += 1
                report.errors.append(f"{item.event_id}: {problem}")
                logger.warning(
                    "webhook delivery failed",
                    extra={"event_id": item.event_id, "attempts": attempts, "error": problem},
                )
            await session.execute(update(DELIVERIES).where(W.id == item.id).values(**values))
        await session.commit()
    report.seconds = time.perf_counter() - started
    return report
