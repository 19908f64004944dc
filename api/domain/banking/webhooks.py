"""Webhook delivery rules: the event body, the retry schedule, which URLs may be called.

Delivery is at least once: an event is written to the outbox in the transaction that caused
it and retried with exponential backoff until the receiver answers 2xx; receivers
de-duplicate by the event id.
"""

from __future__ import annotations

import json
import uuid
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from api.domain.banking.model import EventType
from api.domain.errors import InvalidArgumentError

#: First retry after 30 s, doubling per attempt, never more than an hour apart.
BACKOFF_BASE = timedelta(seconds=30)
BACKOFF_CAP = timedelta(hours=1)
#: Each delay is spread by up to this share either way, so retries do not arrive in step.
JITTER_SHARE = 0.2
MAX_URL_LENGTH = 2000
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})


def retry_delay(attempts: int, jitter: float) -> timedelta:
    """Delay before the next try after ``attempts`` failures; ``jitter`` is uniform in [0, 1)."""
    if attempts < 1:
        raise ValueError("attempts counts failures, from 1")
    base: timedelta = min(BACKOFF_BASE * (2 ** min(attempts - 1, 20)), BACKOFF_CAP)
    spread: timedelta = base * (1 - JITTER_SHARE + 2 * JITTER_SHARE * min(max(jitter, 0.0), 1.0))
    return spread


def check_webhook_url(url: str, *, allow_loopback_http: bool) -> str:
    """An https URL (http only on a loopback host, when allowed), without credentials."""
    text = url.strip()
    if not text or len(text) > MAX_URL_LENGTH:
        raise InvalidArgumentError(f"the URL must be 1 to {MAX_URL_LENGTH} characters")
    parts = urlsplit(text)
    host = (parts.hostname or "").lower()
    if not host or parts.username or parts.password or parts.fragment:
        raise InvalidArgumentError("the URL needs a host and no credentials or fragment")
    if parts.scheme == "https":
        return text
    if parts.scheme == "http" and allow_loopback_http and host in LOOPBACK_HOSTS:
        return text
    raise InvalidArgumentError("webhook URLs must use https (http only on 127.0.0.1/localhost)")


def new_event_id() -> str:
    """A fresh event id (receivers de-duplicate on it)."""
    return str(uuid.uuid4())


def event_body(
    event_id: str, event_type: EventType, *, occurred_at: datetime, data: dict[str, Any]
) -> str:
    """The JSON body POSTed for an event (stored as is; the signature covers these bytes)."""
    return json.dumps(
        {
            "id": event_id,
            "type": event_type.value,
            "occurredAt": occurred_at.isoformat(),
            "data": data,
        },
        ensure_ascii=False,
        sort_keys=True,
        separators=(",", ":"),
    )
