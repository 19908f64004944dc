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
Redis URL is given. When that Redis does not answer, the throttle keeps working on counters
in the worker's own memory (``StoreGuard`` says when to try Redis again): guessing is still
stopped, each worker counting alone, so a client may fail at most once per worker more
often than the maximum while Redis is down. A token endpoint that refused everyone while
Redis is down would take every partner's access with it once their tokens expire. The
decisions taken without Redis are counted in ``/metrics`` (``credit_rate_limit_fallback``).
"""

from __future__ import annotations

import hashlib
import logging
import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from limits import RateLimitItemPerSecond
from limits.aio.storage import MovingWindowSupport, Storage
from limits.aio.strategies import MovingWindowRateLimiter
from limits.errors import StorageError
from limits.storage import storage_from_string

from api.observability.metrics import (
    count_limiter_fallback,
    set_limiter_store_up,
    show_limiter_policy,
)

logger = logging.getLogger("api.limits")

#: Seconds a pending place outlives its request if the process dies before releasing it.
PENDING_SECONDS = 60
#: The Redis key prefix when none is configured.
DEFAULT_KEY_PREFIX = "credit:oauth-auth-failures"
#: Seconds a Redis command (or connecting) may take before the store counts as down.
DEFAULT_STORE_TIMEOUT = 1.0
#: Seconds after a failure before the store is tried again (in between: the fallback).
DEFAULT_RETRY_SECONDS = 2.0


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
    #: Whether the places are in the worker's own memory (Redis was down), not in Redis.
    local: bool = False


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


def limits_storage(
    redis_url: str | None, key_prefix: str, timeout: float = DEFAULT_STORE_TIMEOUT
) -> Storage:
    """An async ``limits`` storage: in memory, or in the Redis at ``redis_url`` under a prefix.

    A Redis command or connection that takes longer than ``timeout`` seconds fails
    (``limits.errors.StorageError``), so a Redis that hangs costs a request at most that.
    """
    url = _storage_url(redis_url)
    options: dict[str, Any] = {"wrap_exceptions": True}
    if redis_url:
        options |= {
            "implementation": "redispy",
            "key_prefix": key_prefix,
            "socket_timeout": timeout,
            "socket_connect_timeout": timeout,
        }
    storage = storage_from_string(url, **options)
    if not isinstance(storage, Storage):
        raise TypeError(f"{url.split(':', 1)[0]} is not an async storage")
    return storage


class StoreGuard:
    """Whether a limiter's shared store (Redis) is usable; after a failure, when to try again.

    The first failure marks the store down (logged once, the gauge
    ``credit_rate_limit_store_up`` at 0) and the limiter decides without it for
    ``retry_seconds``; the next request after that tries the store again, and its first
    success marks it up again (logged, gauge at 1). No background probe is needed: traffic
    is the probe, and a store that stays down is tried once per ``retry_seconds``.
    """

    def __init__(
        self,
        limiter: str,
        retry_seconds: float = DEFAULT_RETRY_SECONDS,
        *,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.limiter = limiter
        self.retry_seconds = retry_seconds
        self._clock = clock
        self._down_since: float | None = None
        set_limiter_store_up(limiter, up=True)

    @property
    def up(self) -> bool:
        """Whether the store answered last time it was asked."""
        return self._down_since is None

    def usable(self) -> bool:
        """Whether to ask the store now: it is up, or ``retry_seconds`` passed since it failed."""
        return self._down_since is None or self._clock() - self._down_since >= self.retry_seconds

    def failed(self, error: Exception) -> None:
        """The store failed: decide without it until ``retry_seconds`` have passed."""
        if self._down_since is None:
            logger.error(
                "rate limit store unavailable: deciding without it",
                extra={"limiter": self.limiter, "error": type(error).__name__},
            )
            set_limiter_store_up(self.limiter, up=False)
        self._down_since = self._clock()

    def succeeded(self) -> None:
        """The store answered: use it again."""
        if self._down_since is not None:
            logger.warning("rate limit store available again", extra={"limiter": self.limiter})
            set_limiter_store_up(self.limiter, up=True)
        self._down_since = None

    def decided_without_store(self, outcome: str) -> None:
        """Count one decision taken without the store (``local`` or ``refused``)."""
        count_limiter_fallback(self.limiter, outcome)


def _digest(value: str) -> str:
    """A fixed-length key part for an identifier the caller chose (any length, any bytes)."""
    return hashlib.sha256(value.encode()).hexdigest()[:32]


class FailureWindows:
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


class ClientAuthThrottle:
    """The failure windows in the shared store, and in the worker's memory while it is down."""

    def __init__(
        self, storage: Storage, limits: FailureLimits, guard: StoreGuard | None = None
    ) -> None:
        self._shared = FailureWindows(storage, limits)
        self._local = FailureWindows(limits_storage(None, ""), limits) if guard else None
        self._guard = guard

    @classmethod
    def connect(
        cls,
        limits: FailureLimits,
        redis_url: str | None,
        key_prefix: str = DEFAULT_KEY_PREFIX,
        *,
        timeout: float = DEFAULT_STORE_TIMEOUT,
        retry_seconds: float = DEFAULT_RETRY_SECONDS,
    ) -> ClientAuthThrottle:
        """The throttle in memory, or in the Redis at ``redis_url`` under ``key_prefix``."""
        storage = limits_storage(redis_url, key_prefix, timeout)
        guard = StoreGuard("oauth", retry_seconds) if redis_url else None
        if guard is not None:
            show_limiter_policy("oauth", {"client_authentication": "local"})
        return cls(storage, limits, guard)

    async def admit(self, client_id: str | None, address: str | None) -> Admitted | Throttled:
        """Hold a place for the request, or say how long to wait."""
        guard, local = self._guard, self._local
        if guard is None or local is None:
            return await self._shared.admit(client_id, address)
        if guard.usable():
            try:
                admitted = await self._shared.admit(client_id, address)
            except StorageError as error:
                guard.failed(error)
            else:
                guard.succeeded()
                return admitted
        decision = await local.admit(client_id, address)
        guard.decided_without_store("local" if isinstance(decision, Admitted) else "throttled")
        if isinstance(decision, Admitted):
            return Admitted(decision.keys, local=True)
        return decision

    async def failed(self, admitted: Admitted) -> None:
        """The request's client authentication failed: count it, then release its places."""
        await self._windows(admitted).failed(admitted)

    async def settled(self, admitted: Admitted) -> None:
        """The request did not fail client authentication: release its places only."""
        await self._windows(admitted).settled(admitted)

    def _windows(self, admitted: Admitted) -> FailureWindows:
        if admitted.local and self._local is not None:
            return self._local
        return self._shared
