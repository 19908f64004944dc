"""Which database failures are passing faults: a lost connection, a full pool, a locked file.

A request that meets one was not wrong and did nothing half-way (its transaction rolled back
with the connection); it is answered ``SERVICE_UNAVAILABLE`` (HTTP 503 with ``Retry-After``)
so the partner retries, a write with the same idempotency key. Anything else stays an
internal error. The pool recovers by itself: SQLAlchemy invalidates a connection that failed
this way (and, on a disconnect, every connection older than it), and ``api/db/engine.py``
replaces a pooled connection the server closed while idle before a request gets it.
"""

from __future__ import annotations

import sqlite3

import asyncpg
from sqlalchemy import exc as sa_exc

#: Seconds a partner is told to wait (``Retry-After``) before retrying after a passing fault.
RETRY_AFTER_SECONDS = 1

#: The exit status of a command stopped by a passing fault: run it again (sysexits' TEMPFAIL).
TEMPORARY_FAILURE = 75

#: asyncpg errors that mean the server ended or refused the connection (SQLSTATE classes 08,
#: 53300 too many connections, 57P01-57P03 the server shutting down or starting up).
_ASYNCPG_LOST: tuple[type[BaseException], ...] = (
    asyncpg.exceptions.PostgresConnectionError,
    asyncpg.exceptions.AdminShutdownError,
    asyncpg.exceptions.CrashShutdownError,
    asyncpg.exceptions.CannotConnectNowError,
    asyncpg.exceptions.TooManyConnectionsError,
)

#: Words of a driver's message that mean the connection is gone or the file stayed locked.
_LOST_WORDS = (
    "terminating connection",
    "connection is closed",
    "connection was closed",
    "server closed the connection",
    "database is locked",
)


def _one_is_retryable(error: BaseException) -> bool:
    """Whether ``error`` itself (not its causes) is a passing fault."""
    if isinstance(error, _ASYNCPG_LOST):
        return True
    if isinstance(error, sa_exc.DBAPIError) and error.connection_invalidated:
        return True
    if isinstance(error, sa_exc.TimeoutError):
        # QueuePool's "limit reached, connection timed out": every connection was busy.
        return True
    if isinstance(error, sa_exc.PendingRollbackError):
        return "invalid transaction" in str(error)
    if isinstance(
        error,
        asyncpg.exceptions.InterfaceError
        | sa_exc.OperationalError
        | sa_exc.InterfaceError
        | sqlite3.OperationalError,
    ):
        message = str(error).lower()
        return any(words in message for words in _LOST_WORDS)
    return isinstance(error, ConnectionError)


def _causes(error: BaseException) -> list[BaseException]:
    """``error`` and what it was raised from or while (``orig``, ``original_error`` too)."""
    found: list[BaseException] = []
    pending: list[BaseException] = [error]
    while pending and len(found) < 32:
        current = pending.pop()
        if any(current is seen for seen in found):
            continue
        found.append(current)
        for attribute in ("orig", "original_error", "__cause__", "__context__"):
            cause = getattr(current, attribute, None)
            if isinstance(cause, BaseException):
                pending.append(cause)
    return found


def is_retryable(error: BaseException | None) -> bool:
    """Whether ``error``, or anything it was raised from, is a passing database fault.

    True for a lost PostgreSQL connection (asyncpg's connection errors and "terminating
    connection", SQLAlchemy's ``DBAPIError`` with ``connection_invalidated``), a pool with
    no connection free in time, and SQLite's "database is locked" after the busy timeout.
    """
    if error is None:
        return False
    return any(_one_is_retryable(cause) for cause in _causes(error))
