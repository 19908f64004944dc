"""Partners' usage counted in the worker and added to ``partner_usage`` every few seconds.

Nothing is written on a request's path: the request adds to an in-process tally
(``api.domain.usage.tally``); ``run`` flushes it every ``CREDIT_USAGE_FLUSH_SECONDS`` (5 by
default) in one transaction of upserts, ``requests = requests + n``, one row per partner and
day, in a fixed order. Several workers (or servers) flushing at once add up, never overwrite,
and never deadlock each other. A flush that fails puts its counts back for the next one; the
app's shutdown flushes what is left. What a crash loses: the counts of the worker that died
since its last flush (at most the flush interval's worth), and only counts, never a quota
decision, which is taken in the limiter's store.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from api.db.uow import UnitOfWork
from api.domain.clock import city_today
from api.domain.usage.model import UsageCounts
from api.domain.usage.tally import UsageTally

logger = logging.getLogger("api.usage")


class UsageRecorder:
    """The worker's tally of usage and its flushes to the database."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions
        self._tally = UsageTally()
        self._lock = asyncio.Lock()

    def record(self, partner_id: int, counts: UsageCounts, now: datetime) -> None:
        """Count a request of a partner on the city's day of ``now`` (no I/O)."""
        self._tally.add(partner_id, city_today(now), counts)

    @property
    def pending(self) -> int:
        """How many (partner, day) counts wait for the next flush."""
        return len(self._tally)

    async def flush(self) -> int:
        """Add what was counted since the last flush to the database; how many rows it touched."""
        async with self._lock:
            drained = self._tally.drain()
            if not drained:
                return 0
            try:
                async with UnitOfWork(self._sessions) as uow:
                    await uow.repos.usage.add(drained)
                    await uow.commit()
            except IntegrityError:
                # Only a partner deleted since its requests breaks the foreign key: its
                # counts cannot be kept, and retrying them would block everyone else's.
                logger.exception("usage of a deleted partner dropped", extra={"rows": len(drained)})
                return 0
            except BaseException:
                self._tally.restore(drained)
                raise
            return len(drained)

    async def run(self, interval: float) -> None:
        """Flush every ``interval`` seconds until cancelled (failures logged, counts kept)."""
        while True:
            await asyncio.sleep(interval)
            try:
                await self.flush()
            except Exception:
                logger.exception("usage flush failed; the counts wait for the next one")
