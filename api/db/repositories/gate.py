"""One statement at a time on a request's session.

DataLoaders of the same depth dispatch concurrently; a session (one connection) runs one
statement at a time, so repositories queue their statements here instead of failing.
"""

from __future__ import annotations

import asyncio
from typing import Any

from sqlalchemy import Result
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql import Executable


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
