"""Failed client authentications, limited per client id and per source address.

Every failed client authentication at the token, introspection and revocation endpoints is
recorded in two moving windows (the ``limits`` library): one keyed by the client id the
request named, one by the address it came from. Once either window holds its maximum of
failures, the next request for that client id or from that address is refused with 429
before its secret is checked, so guessing stops even when the next guess would be right.

A success resets neither window: resetting the client's would give an attacker a fresh
allowance every time the real partner takes a token, and failures age out of the window by
themselves. An address's window is never reset, whatever succeeds from it.

Checking the window and then recording a failure are two steps, so many guesses sent at once
could all pass the check before any is recorded. Each request therefore also holds a place
in a pending counter while its secret is checked: a request is admitted only while the
failures in the window plus the requests being checked stay within the maximum.

The counters live in memory (one process) or in Redis (every worker shares them) when a
Redis URL is given.
"""

from __future__ import annotations

import hashlib
import math
import time
from dataclasses import dataclass

from limits import RateLimitItemPerSecond
from limits.aio.storage import MovingWindowSupport, Storage
from limits.aio.strategies import MovingWindowRateLimiter
from limits.storage import storage_from_string

#: Seconds a pending place outlives its request if the process dies before releasing it.
PENDING_SECONDS = 60
#: The Redis key prefix when none is configured.
DEFAULT_KEY_PREFIX = "credit:oauth-auth-failures"


@dataclass(frozen=True, slots=True)
class FailureLimits:
    """How many failed client authentications a client id and an address may have per window."""

    per_client: int
    per_address: int
    window_seconds: int


@dataclass(frozen=True, slots=True)
class Admitted:
    """A request let through to its secret check; holds its pending places until settled."""

    keys: tuple[tuple[str, str], ...]


@dataclass(frozen=True, slots=True)
class Throttled:
    """A request refused unchecked: too many recent failures for its client id or address."""

    retry_after: int


def _storage_url(redis_url: str | None) -> str:
    """The async ``limits`` storage URL for ``redis_url``, else in memory."""
    if not redis_url:
        return "async+memory://"
    if not redis_url.startswith(("redis://", "rediss://", "redis+unix://")):
        raise ValueError("REDIS_URL must be a redis://, rediss:// or redis+unix:// URL")
    return "async+" + redis_url


def limits_storage(redis_url: str | None, key_prefix: str) -> Storage:
    """An async ``limits`` storage: in memory, or in the Redis at ``redis_url`` under a prefix."""
    url = _storage_url(redis_url)
    options: dict[str, str | bool] = {"wrap_exceptions": True}
    if redis_url:
        options |= {"implementation": "redispy", "key_prefix": key_prefix}
    storage = storage_from_string(url, **options)
    if not isinstance(storage, Storage):
        raise TypeError(f"{url.split(':', 1)[0]} is not an async storage")
    return storage


def _digest(value: str) -> str:
    """A fixed-length key part for an identifier the caller chose (any length, any bytes)."""
    return hashlib.sha256(value.encode()).hexdigest()[:32]


class ClientAuthThrottle:
    """The two failure windows and the pending counters, in one ``limits`` storage."""

    def __init__(self, storage: Storage, limits: FailureLimits) -> None:
        if not isinstance(storage, MovingWindowSupport):
            raise TypeError("the throttle needs a storage with moving windows")
        self._storage = storage
        self._limiter = MovingWindowRateLimiter(storage)
        self._items = {
            "client": RateLimitItemPerSecond(limits.per_client, limits.window_seconds),
            "address": RateLimitItemPerSecond(limits.per_address, limits.window_seconds),
        }

    @classmethod
    def connect(
        cls, limits: FailureLimits, redis_url: str | None, key_prefix: str = DEFAULT_KEY_PREFIX
    ) -> ClientAuthThrottle:
        """The throttle in memory, or in the Redis at ``redis_url`` under ``key_prefix``."""
        return cls(limits_storage(redis_url, key_prefix), limits)

    def _keys(self, client_id: str | None, address: str | None) -> tuple[tuple[str, str], ...]:
        keys = []
        if client_id:
            keys.append(("client", _digest(client_id)))
        if address:
            keys.append(("address", _digest(address)))
        return tuple(keys)

    @staticmethod
    def _pending(kind: str, key: str) -> str:
        return f"oauth-pending/{kind}/{key}"

    async def admit(self, client_id: str | None, address: str | None) -> Admitted | Throttled:
        """Hold a place for the request, or say how long to wait (limits.errors.StorageError)."""
        keys = self._keys(client_id, address)
        held: list[tuple[str, str]] = []
        refusal: Throttled | None = None
        for kind, key in keys:
            item = self._items[kind]
            pending = await self._storage.incr(self._pending(kind, key), PENDING_SECONDS)
            held.append((kind, key))
            stats = await self._limiter.get_window_stats(item, kind, key)
            failures = item.amount - stats.remaining
            if failures + pending > item.amount:
                # Full of failures: wait until the oldest ages out. Else, full of checks
                # under way: one of them is settled within a second.
                wait = stats.reset_time - time.time() if failures >= item.amount else 1.0
                refusal = Throttled(max(refusal.retry_after if refusal else 1, math.ceil(wait)))
        if refusal is not None:
            await self._release(held)
            return refusal
        return Admitted(tuple(held))

    async def failed(self, admitted: Admitted) -> None:
        """The request's client authentication failed: count it, then release its places."""
        try:
            for kind, key in admitted.keys:
                await self._limiter.hit(self._items[kind], kind, key)
        finally:
            await self._release(admitted.keys)

    async def settled(self, admitted: Admitted) -> None:
        """The request did not fail client authentication: release its places only."""
        await self._release(admitted.keys)

    async def _release(self, keys: tuple[tuple[str, str], ...] | list[tuple[str, str]]) -> None:
        for kind, key in keys:
            await self._storage.incr(self._pending(kind, key), PENDING_SECONDS, amount=-1)
