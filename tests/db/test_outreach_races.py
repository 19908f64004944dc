"""Repair outreach under real concurrency: of many office clerks recording one case's
follow-up at once exactly one result is kept, and a notice acknowledged by many requests at
once is acknowledged once; retries with the same key replay the stored result."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from api.crypto import Keys
from api.db.engine import create_engine, session_factory
from api.db.repositories.outreach import ACKS, FOLLOW_UPS
from api.db.uow import UnitOfWork
from api.domain.credit.repair import RepairState
from api.domain.errors import DomainError
from api.domain.outreach import services
from api.domain.outreach.model import Acknowledgement, FollowUp, FollowUpResult
from tests.api.outreach_support import TODAY, Case, repair_case
from tests.factories import Factory

pytestmark = pytest.mark.parametrize("scratch_url", ["sqlite", "postgresql"], indirect=True)

NOW = datetime.now(UTC)
WRITERS = 6


async def _prepare(url: str, keys: Keys) -> Case:
    engine = create_engine(url)
    try:
        async with session_factory(engine)() as session:
            factory = Factory(session, keys)
            enterprise_id, _ = await factory.enterprise(tax_grade=None)
            case = await repair_case(
                factory, enterprise_id, state=RepairState.REPAIRED, follow_up_due_on=TODAY
            )
            await session.commit()
            return case
    finally:
        await engine.dispose()


async def _record(url: str, repair_id: int, key: str, start: asyncio.Event) -> FollowUp | str:
    engine = create_engine(url)
    try:
        async with UnitOfWork(session_factory(engine)) as uow:
            await start.wait()
            try:
                found = await services.record_follow_up(
                    uow.repos.outreach,
                    repair_id,
                    FollowUpResult.KEPT,
                    "已回访",
                    recorded_by="clerk",
                    idempotency_key=key,
                    now=NOW,
                )
            except DomainError as error:
                return error.code.value
            await uow.commit()
            return found
    finally:
        await engine.dispose()


async def _mark(url: str, notice_id: int, start: asyncio.Event) -> Acknowledgement:
    engine = create_engine(url)
    try:
        async with UnitOfWork(session_factory(engine)) as uow:
            await start.wait()
            done = await services.mark_notice_reached(uow.repos.outreach, notice_id, now=NOW)
            await uow.commit()
            return done
    finally:
        await engine.dispose()


async def _count(url: str, statement: object) -> int:
    engine = create_engine(url)
    try:
        async with session_factory(engine)() as session:
            return int((await session.execute(statement)).scalar_one())  # type: ignore[call-overload]  # a Core select
    finally:
        await engine.dispose()


async def test_one_follow_up_result_is_kept_of_many_at_once(scratch_url: str, keys: Keys) -> None:
    case = await _prepare(scratch_url, keys)
    start = asyncio.Event()
    keys_used = [f"clerk-key-{n:04d}" for n in range(WRITERS)]
    tasks = [
        asyncio.ensure_future(_record(scratch_url, case.repair_id, key, start)) for key in keys_used
    ]
    await asyncio.sleep(0.2)
    start.set()
    outcomes = await asyncio.gather(*tasks)
    kept = [o for o in outcomes if isinstance(o, FollowUp)]
    assert len(kept) == 1
    assert kept[0].replayed is False
    assert sorted(o for o in outcomes if isinstance(o, str)) == ["CONFLICT"] * (WRITERS - 1)
    rows = select(func.count()).select_from(FOLLOW_UPS)
    assert await _count(scratch_url, rows) == 1

    # The same key from many retries at once: all replay the one stored result.
    winner = keys_used[outcomes.index(kept[0])]
    again = asyncio.Event()
    retries = [
        asyncio.ensure_future(_record(scratch_url, case.repair_id, winner, again)) for _ in range(3)
    ]
    await asyncio.sleep(0.2)
    again.set()
    replays = await asyncio.gather(*retries)
    assert all(isinstance(r, FollowUp) and r.replayed for r in replays), replays
    assert await _count(scratch_url, rows) == 1


async def test_a_notice_is_acknowledged_once_of_many_at_once(scratch_url: str, keys: Keys) -> None:
    case = await _prepare(scratch_url, keys)
    notice_id = case.notice_ids[0]
    start = asyncio.Event()
    tasks = [asyncio.ensure_future(_mark(scratch_url, notice_id, start)) for _ in range(WRITERS)]
    await asyncio.sleep(0.2)
    start.set()
    outcomes = await asyncio.gather(*tasks)
    assert sorted(o.replayed for o in outcomes) == [False] + [True] * (WRITERS - 1)
    assert len({o.notice.acknowledged_at for o in outcomes}) == 1
    assert len({o.notice.event_id for o in outcomes}) == 1
    acks = select(func.count()).select_from(ACKS).where(ACKS.c.notice_id == notice_id)
    assert await _count(scratch_url, acks) == 1
