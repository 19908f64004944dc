"""Which exceptions are passing database faults (``api.db.faults``), and how they are shaped."""

from __future__ import annotations

import sqlite3

import asyncpg
import pytest
from graphql import GraphQLError
from sqlalchemy import exc as sa_exc

from api.db.faults import is_retryable
from api.domain.consent.errors import AuditWriteError
from api.domain.errors import NotFoundError
from api.graphql.errors import shape_error
from api.observability.metrics import graphql_outcome, outcome_for_status


def wrapped(error: BaseException, *, invalidated: bool = False) -> sa_exc.DBAPIError:
    """``error`` as SQLAlchemy wraps a driver's error."""
    wrapper = sa_exc.DBAPIError.instance(
        "SELECT 1", None, error, Exception, connection_invalidated=invalidated
    )
    assert isinstance(wrapper, sa_exc.DBAPIError)
    return wrapper


def raised_from(outer: BaseException, cause: BaseException) -> BaseException:
    """``outer`` raised ``from cause``."""
    try:
        raise outer from cause
    except BaseException as error:
        return error


RETRYABLE = {
    "asyncpg connection lost": asyncpg.exceptions.ConnectionDoesNotExistError(
        "connection was closed in the middle of operation"
    ),
    "terminated by an administrator": asyncpg.exceptions.AdminShutdownError(
        "terminating connection due to administrator command"
    ),
    "server starting": asyncpg.exceptions.CannotConnectNowError("the database system is starting"),
    "too many connections": asyncpg.exceptions.TooManyConnectionsError("too many clients"),
    "asyncpg interface, closed": asyncpg.exceptions.InterfaceError("connection is closed"),
    "invalidated by SQLAlchemy": wrapped(ValueError("gone"), invalidated=True),
    "terminating connection, wrapped": sa_exc.OperationalError(
        "SELECT 1", None, Exception("FATAL: terminating connection due to administrator command")
    ),
    "pool timeout": sa_exc.TimeoutError("QueuePool limit of size 3 overflow 0 reached"),
    "sqlite locked": sa_exc.OperationalError(
        "INSERT", None, sqlite3.OperationalError("database is locked")
    ),
    "pending rollback after invalidation": sa_exc.PendingRollbackError(
        "Can't reconnect until invalid transaction is rolled back."
    ),
    "refused": ConnectionRefusedError(111, "Connection refused"),
    "audit write on a lost connection": raised_from(
        AuditWriteError("the access could not be audited"),
        asyncpg.exceptions.ConnectionDoesNotExistError("closed"),
    ),
}
NOT_RETRYABLE = {
    "none": None,
    "a bug": ValueError("bad"),
    "a refusal": NotFoundError("no such thing"),
    "a constraint": sa_exc.IntegrityError("INSERT", None, Exception("duplicate key")),
    "sqlite schema": sa_exc.OperationalError(
        "SELECT", None, sqlite3.OperationalError("no such table: x")
    ),
    "asyncpg misuse": asyncpg.exceptions.InterfaceError("another operation is in progress"),
    "a failing statement, connection kept": wrapped(ValueError("syntax")),
    "unrelated pending rollback": sa_exc.PendingRollbackError(
        "This Session's transaction has been rolled back due to a previous exception"
    ),
    "audit write that failed for another reason": raised_from(
        AuditWriteError("the access could not be audited"), ValueError("bad")
    ),
}


@pytest.mark.parametrize("error", RETRYABLE.values(), ids=RETRYABLE.keys())
def test_lost_connections_full_pools_and_locked_files_are_retryable(
    error: BaseException,
) -> None:
    assert is_retryable(error)
    assert is_retryable(raised_from(RuntimeError("outer"), error))


@pytest.mark.parametrize("error", NOT_RETRYABLE.values(), ids=NOT_RETRYABLE.keys())
def test_bugs_and_refusals_are_not(error: BaseException | None) -> None:
    assert not is_retryable(error)


def test_a_cycle_of_causes_ends() -> None:
    first, second = ValueError("a"), ValueError("b")
    first.__context__, second.__context__ = second, first
    assert not is_retryable(first)


def test_a_resolver_meeting_a_lost_connection_gets_service_unavailable() -> None:
    cause = RETRYABLE["audit write on a lost connection"]
    shaped = shape_error(GraphQLError("boom", path=["x"], original_error=cause), "rid-1")
    assert shaped.extensions == {
        "code": "SERVICE_UNAVAILABLE",
        "requestId": "rid-1",
        "retryAfterSeconds": 1,
    }
    assert "boom" not in shaped.message
    assert "idempotency key" in shaped.message
    bug = shape_error(GraphQLError("boom", path=["x"], original_error=ValueError()), "rid-2")
    assert bug.extensions == {"code": "INTERNAL_SERVER_ERROR", "requestId": "rid-2"}


def test_metrics_count_it_as_unavailable() -> None:
    assert graphql_outcome(["SERVICE_UNAVAILABLE"]) == "unavailable"
    assert graphql_outcome(["SERVICE_UNAVAILABLE", "INTERNAL_SERVER_ERROR"]) == "internal"
    assert outcome_for_status(503) == "unavailable"
    assert outcome_for_status(500) == "internal"
