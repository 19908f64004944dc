"""One statement at a time on a request's session.

DataLoaders of the same depth dispatch concurrently; a session (one connection) runs one
statement at a time, so repositories queue their statements here instead of failing.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import Result
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession
from sqlalchemy.sql import Executable

from api.db.hot import HotStatement, Row


def _retrieve(task: asyncio.Future[Any]) -> None:
    """Mark an abandoned statement's outcome as seen (its caller may have been cancelled)."""
    if not task.cancelled():
        task.exception()


class GateClosedError(RuntimeError):
    """A statement arrived after its request had finished."""


class SessionGate:
    """Serialises statements on one session; repositories share one gate per session."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session
        self._lock = asyncio.Lock()
        self._closed = False
        self._known: tuple[Any, AsyncConnection] | None = None

    @property
    def postgresql(self) -> bool:
        """Whether the session runs on PostgreSQL (else SQLite)."""
        return bool(self.session.get_bind().dialect.name == "postgresql")

    def insert(self, table: Any) -> Any:
        """An INSERT of the session's dialect, so it can skip or update on conflict."""
        return pg_insert(table) if self.postgresql else sqlite_insert(table)

    async def execute(self, statement: Executable, params: Any = None) -> Result[Any]:
        """Run one statement once the previous one has finished.

        The statement runs in its own task, shielded: GraphQL cancels sibling resolvers when a
        field fails, and a statement cancelled half-way would invalidate the connection.
        """
        task = asyncio.ensure_future(self._run(statement, params))
        task.add_done_callback(_retrieve)
        return await asyncio.shield(task)

    async def _run(self, statement: Executable, params: Any) -> Result[Any]:
        async with self._lock:
            if self._closed:
                raise GateClosedError("the request that owned this session has finished")
            return await self.session.execute(statement, params)

    async def rows(
        self, hot: HotStatement, params: Mapping[str, Any] | None = None
    ) -> Sequence[Row]:
        """All rows of a hot statement (see ``api.db.hot``), once the previous one has finished.

        On asyncpg the statement goes to the driver connection under the session's connection,
        when that connection is in autocommit or already inside a transaction; otherwise, and
        on SQLite, through the session like any statement. The rows are the same either way.
        """
        task = asyncio.ensure_future(self._run_hot(hot, params or {}))
        task.add_done_callback(_retrieve)
        return await asyncio.shield(task)

    async def row(self, hot: HotStatement, params: Mapping[str, Any] | None = None) -> Row | None:
        """The first row of a hot statement, or None."""
        found = await self.rows(hot, params)
        return found[0] if found else None

    async def _run_hot(self, hot: HotStatement, params: Mapping[str, Any]) -> Sequence[Row]:
        async with self._lock:
            if self._closed:
                raise GateClosedError("the request that owned this session has finished")
            connection = await self._connection()
            sync = connection.sync_connection
            if sync is not None and sync.dialect.driver == "asyncpg":
                driver = sync.connection.driver_connection
                if driver is not None and (
                    sync.get_execution_options().get("isolation_level") == "AUTOCOMMIT"
                    or driver.is_in_transaction()
                ):
                    return await _fetch(connection, driver, hot, params)
            return list(await self.session.execute(hot.statement, dict(params)))

    async def _connection(self) -> AsyncConnection:
        """The session's connection, asked of the session once per session transaction."""
        transaction = self.session.sync_session.get_transaction()
        known = self._known
        if transaction is not None and known is not None and known[0] is transaction:
            sync = known[1].sync_connection
            if sync is not None and not sync.closed and not sync.invalidated:
                return known[1]
        connection = await self.session.connection()
        self._known = (self.session.sync_session.get_transaction(), connection)
        return connection

    async def close(self) -> None:
        """Wait for the running statement, then refuse any later one.

        When a field fails, GraphQL answers without waiting for sibling loaders still
        in flight; closing the gate before the session keeps them off a closed connection.
        """
        async with self._lock:
            self._closed = True

    async def all(self, statement: Executable, params: Any = None) -> list[Any]:
        """All rows of a statement (rows index like tuples)."""
        return list(await self.execute(statement, params))

    async def first(self, statement: Executable, params: Any = None) -> Any:
        """The first row of a statement, or None."""
        return (await self.execute(statement, params)).first()


async def _fetch(
    connection: AsyncConnection, driver: Any, hot: HotStatement, params: Mapping[str, Any]
) -> Sequence[Row]:
    """Run a hot statement on the asyncpg connection; cursor events fire as SQLAlchemy's do."""
    sync = connection.sync_connection
    assert sync is not None
    expanded: Sequence[Any] = params[hot.expanding] if hot.expanding else ()
    plan = hot.plan(sync.dialect, len(expanded))
    args = plan.arguments(params, expanded)
    dispatch = sync.dispatch
    if dispatch.before_cursor_execute:
        dispatch.before_cursor_execute(sync, None, plan.sql, args, None, False)
    try:
        if plan.result_processors is None:
            prepared = await driver.prepare(plan.sql)
            plan.set_result_oids([attribute.type.oid for attribute in prepared.get_attributes()])
        records = await driver.fetch(plan.sql, *args)
    except BaseException:
        if driver.is_closed():
            await connection.invalidate()
        raise
    if dispatch.after_cursor_execute:
        dispatch.after_cursor_execute(sync, None, plan.sql, args, None, False)
    return plan.rows(records)
