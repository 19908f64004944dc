"""Savepoints and the write lock on the unit of work's session, for the scenario services."""

from __future__ import annotations

from contextlib import AbstractAsyncContextManager

from sqlalchemy import false, update

from api.db.repositories.gate import SessionGate
from api.db.repositories.scenarios.tables import CATEGORIES, K


class SavepointRepository:
    """Savepoints on the unit of work's session (implements ``Savepoints``)."""

    def __init__(self, db: SessionGate) -> None:
        self._db = db

    def savepoint(self) -> AbstractAsyncContextManager[object]:
        """A savepoint, released on success and rolled back when the block raises."""
        return self._db.session.begin_nested()

    async def begin_writing(self) -> None:
        """Take the write lock first where the database serialises writers (SQLite).

        SQLite lets one transaction write at a time; one that read first and then waits for
        the lock finds its snapshot stale and fails ("database is locked"). A write that
        changes nothing, as the transaction's first statement, makes it wait for its turn
        instead. PostgreSQL locks rows, so nothing is done there.
        """
        if not self._db.postgresql:
            await self._db.execute(update(CATEGORIES).where(false()).values(code=K.code))
