"""IP pledges under concurrency, on a committed database: one key raced by its bank writes one
pledge (the others replay it), and a right raced by several banks is pledged once."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from api.auth.partners import create_partner
from api.auth.scopes import PartnerType
from api.crypto import Keys
from api.db.engine import create_engine, session_factory
from api.db.repositories.ippledge import PLEDGES
from api.db.uow import UnitOfWork
from api.domain.clock import city_today
from api.domain.errors import DomainError
from api.domain.ippledge import services
from api.domain.ippledge.model import IpKind, IpPledge, PledgeDraft
from tests.factories import Factory

pytestmark = pytest.mark.parametrize("scratch_url", ["sqlite", "postgresql"], indirect=True)

NOW = datetime.now(UTC)
LOANED = city_today(NOW) - timedelta(days=1)


async def _prepare(url: str, keys: Keys, banks: int) -> tuple[list[int], str]:
    """Banks and one enterprise; returns (bank partner ids, the enterprise's USCC)."""
    engine = create_engine(url)
    try:
        async with session_factory(engine)() as session:
            factory = Factory(session, keys)
            ids = [
                (
                    await create_partner(session, partner_type=PartnerType.BANK, name=f"银行{n}")
                ).partner_id
                for n in range(banks)
            ]
            _, uscc = await factory.enterprise()
            await session.commit()
            return ids, uscc
    finally:
        await engine.dispose()


def _draft(uscc: str) -> PledgeDraft:
    return PledgeDraft(
        uscc,
        IpKind.PATENT,
        "ZL202010123456.2",
        LOANED - timedelta(days=2),
        Decimal("2000000.00"),
        Decimal("1200000.00"),
        LOANED - timedelta(days=7),
        LOANED,
    )


async def _register(url: str, bank_id: int, uscc: str, key: str) -> tuple[IpPledge, bool] | str:
    """Register in a transaction of its own; the refusal's code if refused."""
    engine = create_engine(url)
    try:
        async with UnitOfWork(session_factory(engine)) as uow:
            try:
                done = await services.register_pledge(
                    uow.repos.ip_pledges, bank_id, _draft(uscc), idempotency_key=key, now=NOW
                )
            except DomainError as error:
                return error.code.value
            await uow.commit()
            return done
    finally:
        await engine.dispose()


async def _count(url: str) -> int:
    engine = create_engine(url)
    try:
        async with engine.connect() as connection:
            return int(
                (await connection.execute(select(func.count()).select_from(PLEDGES))).scalar_one()
            )
    finally:
        await engine.dispose()


async def test_one_key_raced_writes_one_pledge(scratch_url: str, keys: Keys) -> None:
    (bank,), uscc = await _prepare(scratch_url, keys, 1)
    key = str(uuid.uuid4())
    outcomes = await asyncio.gather(*(_register(scratch_url, bank, uscc, key) for _ in range(5)))
    done = [o for o in outcomes if not isinstance(o, str)]
    assert len(done) == 5, outcomes
    assert sorted(replayed for _, replayed in done) == [False, True, True, True, True]
    assert len({pledge.id for pledge, _ in done}) == 1
    assert await _count(scratch_url) == 1


async def test_a_right_raced_by_banks_is_pledged_once(scratch_url: str, keys: Keys) -> None:
    banks, uscc = await _prepare(scratch_url, keys, 4)
    outcomes = await asyncio.gather(
        *(_register(scratch_url, bank, uscc, str(uuid.uuid4())) for bank in banks)
    )
    assert sum(not isinstance(o, str) for o in outcomes) == 1
    assert sorted(o for o in outcomes if isinstance(o, str)) == ["CONFLICT"] * 3
    assert await _count(scratch_url) == 1
