"""When the limiters ask their store again after a failure (``StoreGuard``), on a fake clock."""

from __future__ import annotations

from limits.errors import StorageError

from api.auth.throttle import StoreGuard


def test_after_a_failure_the_store_is_skipped_until_the_retry_interval() -> None:
    """Up; failed: skipped for 2 s; tried again at 2 s; a success makes it up again."""
    now = [10.0]
    guard = StoreGuard("query_cost", 2.0, clock=lambda: now[0])
    assert guard.up
    assert guard.usable()
    guard.failed(StorageError(ConnectionError("refused")))
    assert not guard.up
    assert not guard.usable()
    now[0] += 1.99
    assert not guard.usable()
    now[0] += 0.01
    assert guard.usable()
    guard.failed(StorageError(ConnectionError("still refused")))  # the retry failed: wait again
    assert not guard.usable()
    now[0] += 2.0
    guard.succeeded()
    assert guard.up
    assert guard.usable()
