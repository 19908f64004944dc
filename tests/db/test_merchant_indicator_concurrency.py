"""Two operators or departments recording at once never lose an observation, and one key sent
twice at once records once, on a committed database (each request its own transaction)."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import func, select

from api.auth.partners import create_partner
from api.auth.scopes import PartnerType
from api.crypto import Keys
from api.db.engine import create_engine, session_factory
from api.db.repositories import Repositories
from api.db.tables import metadata
from api.db.uow import UnitOfWork
from api.domain.clock import city_today
from api.domain.merchants import services
from api.domain.merchants.model import ObservationDraft, RecordOutcome
from api.domain.merchants.services import Recorder
from tests.factories import Factory

pytestmark = pytest.mark.parametrize("scratch_url", ["sqlite", "postgresql"], indirect=True)

TODAY = city_today(datetime.now(UTC))


def _draft(uscc: str, key: str, value: str = "1", day: date | None = None) -> ObservationDraft:
    return ObservationDraft(
        uscc=uscc,
        category="complaints",
        department="market_supervision",
        value=Decimal(value),
        observed_on=day or TODAY - timedelta(days=1),
        note=None,
        idempotency_key=key,
    )


async def test_concurrent_writers_never_lose_an_observation_nor_record_one_twice(
    scratch_url: str, keys: Keys
) -> None:
    engine = create_engine(scratch_url, pool_size=12, max_overflow=4)
    sessions = session_factory(engine)
    try:
        async with sessions() as session:
            _, uscc = await Factory(session, keys).merchant("东城时代")
            operators = []
            for n in range(2):
                issued = await create_partner(
                    session, partner_type=PartnerType.COMMERCE_DISTRICT, name=f"东城时代运营方{n}"
                )
                operators.append(Recorder(issued.partner_id, district_operator=True))
            regulator = await create_partner(
                session, partner_type=PartnerType.REGULATOR, name="市场监管"
            )
            repos = Repositories(session)
            for operator in operators:
                assert operator.partner_id is not None
                await repos.merchant_indicators.bind_operator(operator.partner_id, "东城时代")
            await session.commit()
        recorders = [*operators, Recorder(regulator.partner_id, district_operator=False)]

        async def record(recorder: Recorder, draft: ObservationDraft) -> RecordOutcome:
            async with UnitOfWork(sessions) as uow:
                outcome = await services.record_observation(
                    uow.repos.merchant_indicators,
                    recorder,
                    draft,
                    today=TODAY,
                    now=datetime.now(UTC),
                )
                await uow.commit()
                return outcome

        distinct = [
            record(recorders[n % 3], _draft(uscc, str(uuid.uuid4()), str(n))) for n in range(24)
        ]
        shared = _draft(uscc, "same-key-for-both")
        twice = [record(operators[0], shared) for _ in range(6)]
        outcomes: list[Any] = await asyncio.gather(*distinct, *twice)
        assert all(isinstance(o, RecordOutcome) for o in outcomes)
        replays = [o.replayed for o in outcomes[24:]]
        assert sorted(replays) == [False, *[True] * 5]
        assert len({o.observation.id for o in outcomes[24:]}) == 1
        rows = metadata.tables["merchant_indicator_observations"]
        async with engine.connect() as connection:
            count = await connection.scalar(select(func.count()).select_from(rows))
            values = sorted(int(v) for v in (await connection.scalars(select(rows.c.value))).all())
        assert count == 25
        assert values == sorted([*range(24), 1])
    finally:
        await engine.dispose()
