"""The unit of work: one session, one transaction, and the only place that commits."""

from __future__ import annotations

from types import TracebackType
from typing import Self

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from api.db.repositories import Repositories


class UnitOfWork:
    """Opens a session on enter, commits only when told, rolls back whatever was not committed."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions
        self._session: AsyncSession | None = None
        self._repositories: Repositories | None = None

    @property
    def session(self) -> AsyncSession:
        """The open session; repositories share it."""
        if self._session is None:
            raise RuntimeError("the unit of work is not open")
        return self._session

    @property
    def repos(self) -> Repositories:
        """The repositories bound to this unit of work's session."""
        if self._repositories is None:
            self._repositories = Repositories(self.session)
        return self._repositories

    async def __aenter__(self) -> Self:
        self._session = self._sessions()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        session = self.session
        try:
            await session.rollback()
        finally:
            await session.close()
            self._session = None
            self._repositories = None

    async def commit(self) -> None:
        """Commit everything done through this unit of work so far."""
        await self.session.commit()

    async def rollback(self) -> None:
        """Throw away everything not yet committed."""
        await self.session.rollback()
