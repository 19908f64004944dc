"""The unit of work: one session, one transaction, and the only place that commits.

The CLI, the batch jobs and every GraphQL request use it. A GraphQL request's context carries
one; a mutation runs its domain call through ``attempt`` (commit once on success, roll back on
any failure) and the endpoint ``finish`` es the request (a query's audit rows committed before
any data is served).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from types import TracebackType
from typing import Self, TypeVar

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from api.db.repositories import Repositories
from api.domain.errors import DomainError

T = TypeVar("T")


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
        """Commit everything done through this unit of work so far.

        On an autocommit session with nothing pending every statement is committed already:
        nothing is sent (the repositories write with Core statements, never the ORM's flush).
        """
        if self.autocommitted():
            return
        await self.session.commit()

    async def rollback(self) -> None:
        """Throw away everything not yet committed."""
        await self.session.rollback()

    def autocommitted(self) -> bool:
        """Whether everything the session did is already committed (a query's autocommit session).

        In autocommit every statement is committed as it runs; with no ORM object pending,
        ``commit()`` would send nothing and only walk SQLAlchemy's transaction layers.
        """
        session = self.session
        if session.new or session.dirty or session.deleted:
            return False
        bind = session.bind
        if not isinstance(bind, AsyncEngine):
            return False
        return bool(bind.get_execution_options().get("isolation_level") == "AUTOCOMMIT")

    async def attempt(
        self, work: Callable[[], Awaitable[T]], *, keep_on_refusal: bool = False
    ) -> T:
        """Run one use case: commit once when it succeeds, roll back when anything fails.

        A refusal (``DomainError``) is re-raised after the rollback, for the caller to report.
        With ``keep_on_refusal`` a refusal commits instead: for use cases whose audit rows must
        outlive a refusal and that undo their own writes at a savepoint before refusing.
        """
        try:
            result = await work()
        except DomainError:
            if keep_on_refusal:
                await self.commit()
            else:
                await self.rollback()
            raise
        except BaseException:
            await self.rollback()
            raise
        await self.commit()
        return result
