"""Helpers of the bulk credit tests: a seeded scratch database, committed sessions."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import UTC, date, datetime
from typing import TypeVar

from sqlalchemy.ext.asyncio import AsyncSession

from api.crypto import Keys
from api.db.engine import create_engine, session_factory
from api.domain.clock import city_today
from api.seeding import SeedProfile, run_seed
from tests.conftest import TEST_MASTER_KEY

T = TypeVar("T")
KEYS = Keys.from_master(bytes.fromhex(TEST_MASTER_KEY))


def today() -> date:
    """The city's day now."""
    return city_today(datetime.now(UTC))


def seed_demo(url: str, *, scale: float = 0.3) -> dict[str, str]:
    """Seed a small demo city dated today; its sample identifiers."""

    async def run() -> dict[str, str]:
        engine = create_engine(url)
        try:
            report = await run_seed(
                engine, SeedProfile.DEMO, seed=2, keys=KEYS, today=today(), scale=scale
            )
            return report.samples
        finally:
            await engine.dispose()

    return asyncio.run(run())


def with_session(url: str, work: Callable[[AsyncSession], Awaitable[T]]) -> T:
    """Run ``work`` in a session on ``url`` (it commits if it wants to)."""

    async def run() -> T:
        engine = create_engine(url)
        try:
            async with session_factory(engine)() as session:
                return await work(session)
        finally:
            await engine.dispose()

    return asyncio.run(run())


def evaluate_all_in_process(url: str) -> int:
    """``evaluate --all``'s evaluations in this process (no workers, no COPY), committed, and
    nothing after them (no index rebuild, no catch-up); how many were written."""
    from api.db.batch_credit.evaluate_all import evaluate_all

    async def run() -> int:
        engine = create_engine(url)
        try:
            report = await evaluate_all(
                engine, now=datetime.now(UTC), today=today(), workers=0, use_copy=False
            )
            return report.written
        finally:
            await engine.dispose()

    return asyncio.run(run())
