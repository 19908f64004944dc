"""The async engine: a pooled PostgreSQL (asyncpg) or an embedded SQLite file (aiosqlite).

On SQLite one transaction writes at a time, for the whole file, across every process that
opens it (uvicorn workers, the command line, the worker). With the sqlite3 module's deferred
BEGIN a transaction that read first and then writes must turn its read lock into the write
lock; if another transaction holds it, or committed since the read began, SQLite answers
"database is locked" at once, without waiting for the busy timeout (waiting could not help:
the reader's snapshot is stale). So the sessions that write begin with ``BEGIN IMMEDIATE``,
which takes the write lock first and waits for it (up to the busy timeout) before reading
anything; racing writers then queue in SQLite's own lock instead of failing, in this process
and in any other. Queries' sessions emit no BEGIN at all (each statement commits alone, as
PostgreSQL's autocommit queries do), so they never hold the write lock, and in WAL mode they
read while a writer writes; an audit row they insert waits its turn like any write.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from sqlalchemy import event
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.pool import ConnectionPoolEntry, PoolProxiedConnection

#: How long a statement waits for another transaction's lock on the SQLite file.
SQLITE_BUSY_TIMEOUT_SECONDS = 30

#: Our execution option (read by the SQLite begin hook): how a transaction begins there.
#: ``DEFERRED`` (no option: plain connections, the tests' outer transaction) takes the write
#: lock at the first write, ``IMMEDIATE`` (sessions from ``session_factory``) at BEGIN,
#: ``NONE`` (``read_only_engine``) emits no BEGIN: every statement is its own transaction.
SQLITE_BEGIN = "credit_sqlite_begin"
SqliteBegin = Literal["DEFERRED", "IMMEDIATE", "NONE"]


def create_engine(url: str, *, pool_size: int = 10, max_overflow: int = 10) -> AsyncEngine:
    """An async engine for ``url``; SQLite gets real transactions, foreign keys and WAL."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database
        if database and database != ":memory:":
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_async_engine(url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_SECONDS})
        _make_sqlite_transactional(engine)
        return engine
    engine = create_async_engine(
        url,
        pool_size=pool_size,
        max_overflow=max_overflow,
        pool_pre_ping=False,
        connect_args={"server_settings": {"application_name": "credit-platform"}},
    )
    _replace_closed_connections(engine)
    return engine


def _replace_closed_connections(engine: AsyncEngine) -> None:
    """Never hand out a pooled connection the server has closed; the pool opens a new one.

    A connection the server ended while it sat idle in the pool (a restart, a failover,
    ``pg_terminate_backend``) is known to asyncpg as closed as soon as the server's goodbye
    arrives, so checking ``is_closed()`` at checkout costs no round trip, where
    ``pool_pre_ping`` would send BEGIN, a ping and ROLLBACK before every request. Raising
    ``DisconnectionError`` there makes the pool discard it and connect again (SQLAlchemy's
    documented pessimistic disconnect handling). A connection that fails during a request
    is invalidated by SQLAlchemy and the request answered 503 (``api/db/faults.py``).
    """

    @event.listens_for(engine.sync_engine, "checkout")
    def _on_checkout(
        dbapi_connection: Any, _record: ConnectionPoolEntry, _proxy: PoolProxiedConnection
    ) -> None:
        if dbapi_connection.driver_connection.is_closed():
            raise DisconnectionError("the server closed this pooled connection")


def _make_sqlite_transactional(engine: AsyncEngine) -> None:
    """Let SQLAlchemy, not the sqlite3 module, emit BEGIN, so SAVEPOINTs work (SQLAlchemy docs).

    The BEGIN is the one ``SQLITE_BEGIN`` names on the connection (see the module docstring).
    """

    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: ConnectionPoolEntry) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_SECONDS * 1000}")
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(connection: Connection) -> None:
        mode = connection.get_execution_options().get(SQLITE_BEGIN, "DEFERRED")
        if mode == "NONE":
            return
        if mode not in ("DEFERRED", "IMMEDIATE"):
            raise ValueError(f"{SQLITE_BEGIN} must be DEFERRED, IMMEDIATE or NONE, not {mode!r}")
        connection.exec_driver_sql(f"BEGIN {mode}")


def sqlite_begin(engine: AsyncEngine, mode: SqliteBegin) -> AsyncEngine:
    """The same pool, whose transactions begin as ``mode`` says on SQLite (as is elsewhere)."""
    if engine.dialect.name != "sqlite":
        return engine
    return engine.execution_options(**{SQLITE_BEGIN: mode})


def read_only_engine(engine: AsyncEngine) -> AsyncEngine:
    """The same pool without BEGIN/COMMIT: autocommit on PostgreSQL, no BEGIN on SQLite."""
    if engine.dialect.name == "sqlite":
        return sqlite_begin(engine, "NONE")
    return engine.execution_options(isolation_level="AUTOCOMMIT")


def session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    """Sessions that keep loaded values after commit (results outlive the transaction).

    On SQLite their transactions begin IMMEDIATE (unless the engine already says how), so
    writers wait for each other instead of failing "database is locked".
    """
    if SQLITE_BEGIN not in engine.get_execution_options():
        engine = sqlite_begin(engine, "IMMEDIATE")
    return async_sessionmaker(engine, expire_on_commit=False, autoflush=False)
