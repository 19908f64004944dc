"""When to try a request again, and how long to wait first."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime


@dataclass(frozen=True)
class RetryPolicy:
    """Bounded retries with exponential backoff; ``RetryPolicy(attempts=1)`` never retries.

    The client retries an answer of 429 Too Many Requests (sent before anything runs, so a
    mutation is retried too) and of 503 Service Unavailable for a query or a mutation whose
    variables carry an ``idempotencyKey`` (a 503 may follow a commit whose answer was lost;
    the platform replays the first answer to the same key). It waits
    what ``Retry-After`` asks (seconds or an HTTP date); without one, ``backoff`` seconds,
    doubling each time up to ``max_backoff`` (with jitter unless ``jitter=False``). When the
    platform asks for a wait longer than ``max_retry_after``, the client does not wait but
    raises at once (``ThrottledError`` / ``ServiceUnavailableError`` with ``retry_after``).

    A request that failed on the network before it was sent (connection refused, connect
    timeout) is retried the same way. One that may have reached the platform (read timeout,
    dropped connection) is retried only for a query, or a mutation whose variables carry an
    ``idempotencyKey`` (the platform replays the first answer). Nothing else is retried:
    GraphQL errors, 4xx and other 5xx answers are raised at once.
    """

    attempts: int = 4
    backoff: float = 0.5
    max_backoff: float = 8.0
    max_retry_after: float = 60.0
    jitter: bool = True

    def __post_init__(self) -> None:
        """Refuse a policy that could not work."""
        if self.attempts < 1:
            raise ValueError("attempts counts the first try: at least 1")
        if min(self.backoff, self.max_backoff, self.max_retry_after) < 0:
            raise ValueError("waits cannot be negative")

    def delay(self, attempt: int, retry_after: float | None) -> float | None:
        """Seconds to wait after failed try number ``attempt`` (from 1); None: do not retry."""
        if attempt >= self.attempts:
            return None
        if retry_after is not None:
            return retry_after if retry_after <= self.max_retry_after else None
        wait: float = min(self.max_backoff, self.backoff * 2 ** (attempt - 1))
        if self.jitter:
            wait *= random.uniform(0.5, 1.0)  # noqa: S311 (spreads retries; not a secret)
        return wait


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds a ``Retry-After`` header asks for (delta-seconds or HTTP date); None if absent."""
    if value is None or not value.strip():
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())
