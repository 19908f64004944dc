"""The credit office's quota overrides, cached in each worker and re-read every few seconds.

The limiter asks ``current()`` on every request; the table is read again when the copy is
older than ``refresh_seconds`` (5 by default, ``CREDIT_QUOTA_OVERRIDE_REFRESH_SECONDS``), by
the first request to notice, while the others wait for it. An override set by the credit
office therefore reaches every worker within that interval (plus one read). If the read
fails the previous copy is kept, logged, and read again after the same interval: a database
hiccup never makes the limiter fail a request.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Mapping
from types import MappingProxyType

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from api.db.uow import UnitOfWork
from api.domain.usage.model import QuotaOverride

logger = logging.getLogger("api.quotas")


class QuotaOverrideCache:
    """Every partner's override by partner id, at most ``refresh_seconds`` old."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        refresh_seconds: float,
        *,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._sessions = sessions
        self._refresh_seconds = refresh_seconds
        self._clock = clock
        self._lock = asyncio.Lock()
        self._loaded_at: float | None = None
        self._overrides: Mapping[int, QuotaOverride] = MappingProxyType({})

    def _stale(self) -> bool:
        loaded = self._loaded_at
        return loaded is None or self._clock() - loaded >= self._refresh_seconds

    async def current(self) -> Mapping[int, QuotaOverride]:
        """The overrides, re-read first when the copy is older than the refresh interval."""
        if self._stale():
            async with self._lock:
                if self._stale():
                    await self.refresh()
        return self._overrides

    async def refresh(self) -> None:
        """Read the table now (a failure keeps the previous copy until the next interval)."""
        try:
            async with UnitOfWork(self._sessions) as uow:
                found = await uow.repos.usage.overrides()
        except Exception as error:
            logger.error(
                "quota overrides not re-read; keeping the previous copy",
                extra={"error": type(error).__name__},
            )
        else:
            self._overrides = MappingProxyType({o.partner_id: o for o in found})
        self._loaded_at = self._clock()
