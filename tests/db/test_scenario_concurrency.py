"""Money and benefits under real concurrency, on a committed database: never twice, never over.

Each request runs in its own transaction on its own connection, all at once. On PostgreSQL the
row locks and conditional statements decide; on SQLite writers take turns (each use case takes
the write lock first), and the outcomes must be exactly the same.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any, TypeVar

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
from api.domain.scenarios import mobility, pay_after_treatment
from api.domain.scenarios.errors import ScenarioError
from tests.factories import Factory, partner_accessor
from tests.scenario_support import code_for, person_of_colour, seed_catalogue

pytestmark = pytest.mark.parametrize("scratch_url", ["sqlite", "postgresql"], indirect=True)

T = TypeVar("T")


@dataclass
class World:
    """What the tests share: an engine on the scratch database, partners, a person, codes."""

    engine: AsyncEngine
    crypto: KeyedAccessCrypto
    hospital: Accessor
    operator: Accessor
    person_id: int
    hospital_code: str
    mobility_code: str
    postgres: bool


@pytest.fixture
async def world(scratch_url: str, keys: Keys) -> Any:
    engine = create_engine(scratch_url, pool_size=12, max_overflow=4)
    async with session_factory(engine)() as session:
        factory = Factory(session, keys)
        await seed_catalogue(session)
        hospital = await partner_accessor(session, PartnerType.HOSPITAL)
        operator = await partner_accessor(session, PartnerType.MOBILITY_OPERATOR)
        person_id, _ = await person_of_colour(factory, IntegrityColour.GREEN)
        hospital_code = await code_for(factory, person_id, Purpose.PAY_AFTER_TREATMENT)
        mobility_code = await code_for(factory, person_id, Purpose.MOBILITY_DISCOUNT)
        await session.commit()
    yield World(
        engine=engine,
        crypto=KeyedAccessCrypto(keys),
        hospital=hospital,
        operator=operator,
        person_id=person_id,
        hospital_code=hospital_code,
        mobility_code=mobility_code,
        postgres=engine.dialect.name == "postgresql",
    )
    await engine.dispose()


async def _attempt(world: World, work: Callable[[Repositories], Awaitable[T]]) -> T | str:
    """One request in its own transaction: the outcome, the refusal code, or ``DB_REFUSED``."""
    async with UnitOfWork(session_factory(world.engine)) as uow:
        try:
            outcome = await work(uow.repos)
        except ScenarioError as error:
            await uow.commit()  # the scan's audit row
            return getattr(error, "reasons", (error.refusal.value,))[0]
        await uow.commit()
        return outcome


async def _count(world: World, table: str, **where: Any) -> int:
    rows = metadata.tables[table]
    async with world.engine.connect() as connection:
        found = await connection.scalar(
            select(func.count())
            .select_from(rows)
            .where(*(rows.c[k] == v for k, v in where.items()))
        )
    return int(found or 0)


async def _open(world: World, visit: str) -> None:
    opened = await _attempt(
        world,
        lambda repos: pay_after_treatment.open_deferred_account(
            repos,
            world.crypto,
            accessor=world.hospital,
            code=world.hospital_code,
            visit_number=visit,
            request_id="test",
            now=datetime.now(UTC),
        ),
    )
    assert not isinstance(opened, str), opened


async def test_concurrent_charges_never_pass_the_limit(world: World) -> None:
    await _open(world, "V-RACE")

    def charge(repos: Repositories) -> Awaitable[Any]:
        return pay_after_treatment.record_charge(
            repos,
            partner_id=world.hospital.partner_id,
            visit_number="V-RACE",
            amount=Decimal("400.00"),
            item="手术",
            department="外科",
            idempotency_key=str(uuid.uuid4()),
            now=datetime.now(UTC),
        )

    outcomes = await asyncio.gather(*(_attempt(world, charge) for _ in range(8)))
    done = [o for o in outcomes if not isinstance(o, str)]
    refused = [o for o in outcomes if isinstance(o, str)]
    async with world.engine.connect() as connection:
        accounts = metadata.tables["deferred_accounts"]
        total = await connection.scalar(
            select(accounts.c.total).where(accounts.c.visit_number == "V-RACE")
        )
    assert Decimal(str(total)) == Decimal("400.00") * len(done)  # the total adds up
    assert Decimal(str(total)) <= Decimal("1500.00")  # GREEN's limit
    assert await _count(world, "deferred_charges") == len(done)
    assert len(done) == 3  # 3 x 400 fits in 1500, a 4th does not
    assert refused == ["LIMIT_EXCEEDED"] * 5


async def test_a_visit_is_settled_exactly_once(world: World) -> None:
    await _open(world, "V-SETTLE")
    key = str(uuid.uuid4())

    def settle(same_key: bool) -> Callable[[Repositories], Awaitable[Any]]:
        return lambda repos: pay_after_treatment.settle_deferred_account(
            repos,
            partner_id=world.hospital.partner_id,
            operator_type="hospital",
            visit_number="V-SETTLE",
            idempotency_key=key if same_key else str(uuid.uuid4()),
            now=datetime.now(UTC),
        )

    outcomes = await asyncio.gather(
        *(_attempt(world, settle(same_key=n % 2 == 0)) for n in range(8))
    )
    done = [o for o in outcomes if not isinstance(o, str)]
    assert sum(not o.replayed for o in done) == 1
    assert await _count(world, "benefit_grants", source="deferred_payment") == 1
    winner = next(o for o in done if not o.replayed)
    replays = [o for o in done if o.replayed]
    refused = [o for o in outcomes if isinstance(o, str)]
    assert refused == ["ALREADY_SETTLED"] * len(refused)
    if winner.account.settlement_key == key:  # the other same-key calls replay it
        assert len(replays) == 3
        assert len(refused) == 4
    else:  # every same-key call was refused: the visit was settled under another key
        assert replays == []
        assert len(refused) == 7


async def _redeem(world: World, order: str) -> Callable[[Repositories], Awaitable[Any]]:
    return lambda repos: mobility.redeem_discount(
        repos,
        world.crypto,
        accessor=world.operator,
        scenario_code="parking-discount",
        code=world.mobility_code,
        order_reference=order,
        order_amount=Decimal("20.00"),
        idempotency_key=str(uuid.uuid4()),
        request_id="test",
        now=datetime.now(UTC),
    )


async def test_concurrent_redemptions_of_one_order_grant_one_benefit(world: World) -> None:
    work = await _redeem(world, "ORDER-ONE")
    outcomes = await asyncio.gather(*(_attempt(world, work) for _ in range(6)))
    done = [o for o in outcomes if not isinstance(o, str)]
    assert len(done) == 1
    assert await _count(world, "benefit_grants", order_reference="ORDER-ONE") == 1
    assert sorted(o for o in outcomes if isinstance(o, str)) == ["ORDER_ALREADY_REDEEMED"] * 5


async def test_the_daily_limit_holds_under_concurrency(world: World) -> None:
    works = [await _redeem(world, f"ORDER-{n}") for n in range(6)]
    outcomes = await asyncio.gather(*(_attempt(world, work) for work in works))
    done = [o for o in outcomes if not isinstance(o, str)]
    grants = await _count(world, "benefit_grants", person_id=world.person_id)
    assert grants == len(done) == 2  # parking-discount: 2 uses per person per day
    assert sorted(o for o in outcomes if isinstance(o, str)) == ["DAILY_LIMIT_REACHED"] * 4


async def test_a_coupon_is_redeemed_at_most_once(world: World, keys: Keys) -> None:
    async with UnitOfWork(session_factory(world.engine)) as uow:
        scenario = await uow.repos.incentives.scenario("bike-sharing-free-ride")
        assert scenario is not None
        now = datetime.now(UTC)
        batch = await uow.repos.coupons.claim_batch(
            partner_id=world.operator.partner_id,
            scenario_id=scenario.id,
            idempotency_key="batch-key-1",
            fingerprint="-",
            expires_at=now.replace(year=now.year + 1),
            now=now,
        )
        assert batch is not None
        [coupon] = await uow.repos.coupons.add_coupons(
            batch, [(world.person_id, IntegrityColour.GREEN, Decimal("1.50"), "CPTESTCOUPON1")]
        )
        await uow.commit()

    def redeem(n: int) -> Callable[[Repositories], Awaitable[Any]]:
        return lambda repos: mobility.redeem_coupon(
            repos,
            partner_id=world.operator.partner_id,
            operator_type="mobility_operator",
            coupon_code=coupon.code,
            order_reference=f"RIDE-{n}",
            order_amount=Decimal("3.00"),
            idempotency_key=str(uuid.uuid4()),
            now=datetime.now(UTC),
        )

    outcomes = await asyncio.gather(*(_attempt(world, redeem(n)) for n in range(6)))
    done = [o for o in outcomes if not isinstance(o, str)]
    assert len(done) == 1
    assert await _count(world, "benefit_grants", source="coupon") == 1
    assert sorted(o for o in outcomes if isinstance(o, str)) == ["COUPON_ALREADY_REDEEMED"] * 5
