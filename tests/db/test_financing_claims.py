"""Huzhou's rule under real concurrency: of many banks claiming one need at once, three win."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from api.auth.partners import create_partner
from api.auth.scopes import PartnerType
from api.crypto import Keys
from api.db.engine import create_engine, session_factory
from api.db.repositories import Repositories
from api.db.tables.banking import NeedClaimRow
from api.db.uow import UnitOfWork
from api.domain.banking import services
from api.domain.banking.errors import BankingError
from api.domain.banking.lending import NeedClaim, NeedStatus
from tests.factories import Factory

pytestmark = pytest.mark.parametrize("scratch_url", ["sqlite", "postgresql"], indirect=True)

NOW = datetime.now(UTC)
BANKS = 8


async def _prepare(url: str, keys: Keys) -> tuple[int, list[int]]:
    engine = create_engine(url)
    try:
        async with session_factory(engine)() as session:
            enterprise_id, _ = await Factory(session, keys).enterprise()
            banks = [
                (
                    await create_partner(session, partner_type=PartnerType.BANK, name=f"Bank {n}")
                ).partner_id
                for n in range(BANKS)
            ]
            need = await Repositories(session).financing.add_need(
                enterprise_id, Decimal(500_000), "扩建厂房", 36, NOW
            )
            await session.commit()
            return need.id, banks
    finally:
        await engine.dispose()


async def _claim(url: str, need_id: int, bank_id: int, start: asyncio.Event) -> NeedClaim | str:
    engine = create_engine(url)
    try:
        async with UnitOfWork(session_factory(engine)) as uow:
            await start.wait()
            try:
                claim = await services.claim_need(
                    uow.repos, bank_id=bank_id, need_id=need_id, now=NOW
                )
            except BankingError as error:
                return error.bank_code.value
            await uow.commit()
            return claim
    finally:
        await engine.dispose()


async def test_only_the_first_three_concurrent_claims_win(scratch_url: str, keys: Keys) -> None:
    need_id, banks = await _prepare(scratch_url, keys)
    start = asyncio.Event()
    tasks = [asyncio.ensure_future(_claim(scratch_url, need_id, b, start)) for b in banks]
    await asyncio.sleep(0.2)  # every claimer is connected and waiting
    start.set()
    outcomes = await asyncio.gather(*tasks)
    won = [o for o in outcomes if isinstance(o, NeedClaim)]
    refused = [o for o in outcomes if isinstance(o, str)]
    assert sorted(c.position for c in won) == [1, 2, 3]
    assert refused == ["CLAIMS_FULL"] * (BANKS - 3)

    engine = create_engine(scratch_url)
    try:
        async with session_factory(engine)() as session:
            stored = await session.scalar(select(func.count()).select_from(NeedClaimRow))
            need = await Repositories(session).financing.get_need(need_id)
    finally:
        await engine.dispose()
    assert stored == 3
    assert need is not None
    assert (need.claim_count, need.status) == (3, NeedStatus.FULLY_CLAIMED)
    # A winner claiming again gets its place back; a loser is still refused.
    again = await _claim(scratch_url, need_id, won[0].bank_id, start)
    assert isinstance(again, NeedClaim)
    assert again.position == won[0].position
    loser = next(b for b in banks if b not in {c.bank_id for c in won})
    assert await _claim(scratch_url, need_id, loser, start) == "CLAIMS_FULL"
