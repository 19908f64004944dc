"""Every incentive operator under real concurrency: a once-only benefit is granted once.

Each redemption runs in its own transaction on its own connection, all at once, by two
operators of different types for the same person. On PostgreSQL the primary key of the
once-only use decides; on SQLite writers take turns; the outcome must be the same.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Awaitable
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from api.auth.scopes import PartnerType
from api.crypto import KeyedAccessCrypto, Keys
from api.db.engine import create_engine, session_factory
from api.db.repositories import Repositories
from api.db.tables import metadata
from api.db.uow import UnitOfWork
from api.domain.consent.model import Accessor, Purpose
from api.domain.credit.codes import IntegrityColour
from api.domain.incentives import services
from api.domain.scenarios.errors import ScenarioError
from api.domain.scenarios.model import GrantOutcome
from tests.factories import Factory, partner_accessor
from tests.scenario_support import code_for, person_of_colour, seed_catalogue

pytestmark = pytest.mark.parametrize("scratch_url", ["sqlite", "postgresql"], indirect=True)


@dataclass
class World:
    """An engine on the scratch database, two operators of different types, a person's code."""

    engine: AsyncEngine
    crypto: KeyedAccessCrypto
    district: Accessor
    office: Accessor
    person_id: int
    code: str


@pytest.fixture
async def world(scratch_url: str, keys: Keys) -> Any:
    engine = create_engine(scratch_url, pool_size=12, max_overflow=4)
    async with session_factory(engine)() as session:
        factory = Factory(session, keys)
        await seed_catalogue(session)
        district = await partner_accessor(session, PartnerType.COMMERCE_DISTRICT)
        office = await partner_accessor(session, PartnerType.CREDIT_OFFICE)
        person_id, _ = await person_of_colour(factory, IntegrityColour.GREEN)
        code = await code_for(factory, person_id, Purpose.INCENTIVE_ELIGIBILITY)
        await session.commit()
    yield World(engine, KeyedAccessCrypto(keys), district, office, person_id, code)
    await engine.dispose()


async def _redeem(
    world: World, accessor: Accessor, scenario: str, order: str, key: str
) -> GrantOutcome | str:
    """One redemption in its own transaction: the outcome or the refusal's first code."""
    async with UnitOfWork(session_factory(world.engine)) as uow:
        repos: Repositories = uow.repos
        try:
            outcome = await services.redeem_incentive(
                repos,
                world.crypto,
                accessor=accessor,
                scenario_code=scenario,
                code=world.code,
                order_reference=order,
                order_amount=Decimal("100.00"),
                idempotency_key=key,
                request_id="race",
                now=datetime.now(UTC),
            )
        except ScenarioError as error:
            await uow.commit()  # the scan's audit row
            return str(getattr(error, "reasons", (error.refusal.value,))[0])
        await uow.commit()
        return outcome


async def _count(world: World, table: str) -> int:
    rows = metadata.tables[table]
    async with world.engine.connect() as connection:
        return int(await connection.scalar(select(func.count()).select_from(rows)) or 0)


async def test_a_once_only_benefit_is_granted_once_by_racing_operators(world: World) -> None:
    attempts: list[Awaitable[GrantOutcome | str]] = [
        _redeem(
            world,
            world.district if n % 2 else world.office,
            "library-deposit-waiver",
            f"LIB-{n}",
            str(uuid.uuid4()),
        )
        for n in range(8)
    ]
    outcomes = await asyncio.gather(*attempts)
    granted = [o for o in outcomes if isinstance(o, GrantOutcome)]
    refused = [o for o in outcomes if isinstance(o, str)]
    assert len(granted) == 1, outcomes
    assert refused == ["ONCE_ONLY_USED"] * 7
    assert await _count(world, "benefit_grants") == 1
    assert await _count(world, "incentive_once_uses") == 1


async def test_one_key_sent_at_once_grants_one_benefit(world: World) -> None:
    key = str(uuid.uuid4())
    outcomes = await asyncio.gather(
        *(_redeem(world, world.district, "restaurant-discount", "MEAL-RACE", key) for _ in range(6))
    )
    grants = [o for o in outcomes if isinstance(o, GrantOutcome)]
    assert {g.grant.id for g in grants} == {grants[0].grant.id}, outcomes
    assert [g.replayed for g in grants].count(False) == 1
    assert all(o == "CONFLICT" for o in outcomes if isinstance(o, str)), outcomes
    assert await _count(world, "benefit_grants") == 1
