"""Rebuild the bank scenarios' derived data in bulk: green classifications, the matching index,
and the post-loan events of borrowers evaluated in bulk.

The platform keeps all three current in the transactions that change their inputs (a green
profile report, a re-evaluation). Data loaded in bulk (the seed, ``evaluate --all``) bypasses
those paths, so these run afterwards (``credit-platform match-index``; ``evaluate --all`` and
``jobs run`` catch the banks up). Each page commits.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any

from sqlalchemy import Row, Select, select, text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from api.db.repositories import Repositories
from api.db.repositories.banking.green import PROFILE_COLUMNS, figures_from_row
from api.db.repositories.banking.matching import live_facts_from_row, live_facts_statement
from api.db.repositories.banking.tables import ENTERPRISES, PROFILES
from api.db.repositories.borrower_watch import CATCH_UP_PAGE
from api.domain.banking.green import classify_green

#: Rows per statement: 16 columns x 2,000 rows stays under asyncpg's 32,767 parameters.
PAGE = 2000


async def _in_pages(
    sessions: async_sessionmaker[AsyncSession],
    page: Callable[[int], Select[Any]],
    write: Callable[[Repositories, list[Row[Any]]], Awaitable[None]],
) -> int:
    """Read ``page(after)`` (keyset on the first column) and write each page, committing each;
    how many rows were written."""
    after, done = -1, 0
    while True:
        async with sessions() as session:
            rows = list(await session.execute(page(after)))
            if not rows:
                return done
            await write(Repositories(session), rows)
            await session.commit()
            after, done = rows[-1][0], done + len(rows)


async def classify_all(sessions: async_sessionmaker[AsyncSession], *, now: datetime) -> int:
    """Classify every enterprise's current green profile; how many were classified."""
    g = PROFILES.c

    def page(after: int) -> Select[Any]:
        """Green profiles after an enterprise id."""
        return (
            select(g.enterprise_id, *PROFILE_COLUMNS)
            .where(g.enterprise_id > after)
            .order_by(g.enterprise_id)
            .limit(PAGE)
        )

    async def write(repos: Repositories, rows: list[Row[Any]]) -> None:
        """Classify a page of profiles."""
        await repos.green.save_classifications(
            [classify_green(row[0], figures_from_row(row[1:]), now=now) for row in rows]
        )

    return await _in_pages(sessions, page, write)


async def index_all(sessions: async_sessionmaker[AsyncSession], *, now: datetime) -> int:
    """Recompute every enterprise's match facts; how many rows were written."""
    e = ENTERPRISES.c

    def page(after: int) -> Select[Any]:
        """Live facts of enterprises after an id."""
        statement: Select[Any] = live_facts_statement()
        return statement.where(e.subject_id > after).order_by(e.subject_id).limit(PAGE)

    async def write(repos: Repositories, rows: list[Row[Any]]) -> None:
        """Index a page of facts."""
        await repos.matching.upsert([live_facts_from_row(row) for row in rows], now=now)

    return await _in_pages(sessions, page, write)


async def rebuild_matching(
    sessions: async_sessionmaker[AsyncSession], *, now: datetime
) -> tuple[int, int]:
    """Classify every green profile, then index every enterprise: (classified, indexed)."""
    classified = await classify_all(sessions, now=now)
    indexed = await index_all(sessions, now=now)
    async with sessions() as session:
        if session.get_bind().dialect.name == "postgresql":
            # Fresh statistics, or the planner does not see that the strength index serves.
            await session.execute(text("ANALYZE match_facts"))
            await session.execute(text("ANALYZE green_classifications"))
            await session.commit()
    return classified, indexed


async def catch_up_borrowers(
    sessions: async_sessionmaker[AsyncSession], *, now: datetime
) -> tuple[int, int]:
    """Tell every following bank what worsened since it last saw: (subscriptions, events)."""
    moved = written = 0
    while True:
        async with sessions() as session:
            repos = Repositories(session)
            count, events = await repos.borrower_watch.catch_up(now=now, limit=CATCH_UP_PAGE)
            await session.commit()
        moved, written = moved + count, written + events
        if count < CATCH_UP_PAGE:
            return moved, written
