"""Workers flushing usage at the same moment add up: no count is lost, none is doubled.

Real commits on a migrated scratch database of each backend: two recorders (two workers) with
their own engines flush the same partners' days concurrently, round after round.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from typing import Any, cast

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.auth.partners import create_partner
from api.auth.scopes import PartnerType
from api.db.engine import create_engine, session_factory
from api.db.repositories.usage import USAGE
from api.db.usage_recorder import UsageRecorder
from api.domain.clock import city_today
from api.domain.usage.model import UsageCounts

ROUNDS = 8


async def test_concurrent_flushes_from_two_workers_add_up(scratch_url: str) -> None:
    """Each round both workers count for both partners, then flush at once; the sums are exact."""
    engines = [create_engine(scratch_url, pool_size=2, max_overflow=0) for _ in range(2)]
    try:
        sessions = [session_factory(engine) for engine in engines]
        async with sessions[0]() as session:
            ids = []
            for name in ("Flush Bank A", "Flush Bank B"):
                issued = await create_partner(session, partner_type=PartnerType.BANK, name=name)
                ids.append(issued.partner_id)
            await session.commit()
        workers = [UsageRecorder(s) for s in sessions]
        now = datetime.now(UTC)
        for _ in range(ROUNDS):
            for n, worker in enumerate(workers, start=1):
                for partner_id in ids:
                    worker.record(
                        partner_id, UsageCounts(requests=n, cost=10 * n, throttled=1), now
                    )
            touched = await asyncio.gather(*(worker.flush() for worker in workers))
            assert touched == [2, 2]
        async with sessions[0]() as session:
            rows = (
                await session.execute(
                    select(
                        USAGE.c.partner_id,
                        USAGE.c.day,
                        USAGE.c.requests,
                        USAGE.c.cost,
                        USAGE.c.throttled,
                    ).order_by(USAGE.c.partner_id)
                )
            ).all()
        day = city_today(now)
        assert [tuple(row) for row in rows] == [
            (partner_id, day, ROUNDS * 3, ROUNDS * 30, ROUNDS * 2) for partner_id in ids
        ]
    finally:
        for engine in engines:
            await engine.dispose()


async def test_a_failed_flush_keeps_its_counts_for_the_next(scratch_url: str) -> None:
    """A flush whose database is unreachable puts its counts back; the next writes them once."""
    engine = create_engine(scratch_url)
    try:
        sessions = session_factory(engine)
        async with sessions() as session:
            issued = await create_partner(session, partner_type=PartnerType.BANK, name="Kept")
            await session.commit()
        opened: list[int] = []

        def first_unreachable() -> AsyncSession:
            opened.append(1)
            if len(opened) == 1:
                raise ConnectionRefusedError("the database is unreachable")
            return sessions()

        recorder = UsageRecorder(cast(Any, first_unreachable))
        now = datetime.now(UTC)
        recorder.record(issued.partner_id, UsageCounts(requests=2, cost=7), now)
        with pytest.raises(ConnectionRefusedError):
            await recorder.flush()
        assert recorder.pending == 1
        recorder.record(issued.partner_id, UsageCounts(requests=1, cost=1), now)
        assert await recorder.flush() == 1
        assert await recorder.flush() == 0
        async with sessions() as session:
            row = (
                await session.execute(
                    select(USAGE.c.requests, USAGE.c.cost).where(
                        USAGE.c.partner_id == issued.partner_id
                    )
                )
            ).one()
        assert tuple(row) == (3, 8)
    finally:
        await engine.dispose()
