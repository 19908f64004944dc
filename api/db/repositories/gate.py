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


class SessionGate:
    """Serialises statements on one session; repositories share one gate per session."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session
        self._lock = asyncio.Lock()

    async def execute(self, statement: Executable, params: Any = None) -> Result[Any]:
        """Run one statement once the previous one has finished."""
        async with self._lock:
            return await self.session.execute(statement, params)

    async def all(self, statement: Executable) -> list[Any]:
        """All rows of a statement (rows index like tuples)."""
        return list(await self.execute(statement))

    async def first(self, statement: Executable) -> Any:
        """The first row of a statement, or None."""
        return (await self.execute(statement)).first()
