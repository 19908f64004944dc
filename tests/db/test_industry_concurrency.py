"""Industry observations under concurrency, on a committed database: two inspectors recording
at once lose nothing, and a retried key records once."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from api.auth.partners import create_partner
from api.auth.scopes import PartnerType
from api.db.engine import create_engine, session_factory
from api.db.repositories import Repositories
from api.db.uow import UnitOfWork
from api.domain.clock import city_today
from api.domain.industry import services
from api.domain.industry.model import Industry, ObservationDraft, RecordOutcome
from api.domain.subjects.model import District

pytestmark = pytest.mark.parametrize("scratch_url", ["sqlite", "postgresql"], indirect=True)

NOW = datetime.now(UTC)
TODAY = city_today(NOW)


async def _prepare(url: str) -> tuple[str, int, int]:
    engine = create_engine(url)
    try:
        async with session_factory(engine)() as session:
            subject = await Repositories(session).industry.add_subject(
                industry=Industry.GREEN_WHARF,
                code="DQ-WHARF-RACE",
                name="德清县洛舍镇砂石码头",
                district=District.DEQING,
            )
            first = await create_partner(session, partner_type=PartnerType.REGULATOR, name="交通")
            second = await create_partner(
                session, partner_type=PartnerType.REGULATOR, name="生态环境"
            )
            await session.commit()
            return subject.code, first.partner_id, second.partner_id
    finally:
        await engine.dispose()


async def _inspect(
    url: str, partner_id: int, code: str, key: str, findings: int, days_ago: int
) -> RecordOutcome:
    engine = create_engine(url)
    try:
        async with UnitOfWork(session_factory(engine)) as uow:
            draft = ObservationDraft(
                subject_code=code,
                indicator="",
                department="transport" if findings % 2 else "ecology_environment",
                value=Decimal(0),
                observed_on=TODAY - timedelta(days=days_ago),
                note=None,
                idempotency_key=key,
            )
            outcome = await services.record_inspection(
                uow.repos.industry,
                partner_id,
                draft,
                passed=True,
                findings=findings,
                today=TODAY,
                now=NOW,
            )
            await uow.commit()
            return outcome
    finally:
        await engine.dispose()


async def _observations(url: str, code: str) -> list[Decimal]:
    engine = create_engine(url)
    try:
        async with session_factory(engine)() as session:
            repos = Repositories(session)
            subject = await repos.industry.subject_by_code(code)
            assert subject is not None
            found = await repos.industry.observations_of([subject.id])
            return sorted(o.value for o in found.get(subject.id, []))
    finally:
        await engine.dispose()


async def test_two_inspectors_at_once_lose_nothing(scratch_url: str) -> None:
    code, first, second = await _prepare(scratch_url)
    outcomes = await asyncio.gather(
        *(
            _inspect(scratch_url, (first, second)[n % 2], code, str(uuid.uuid4()), n, n)
            for n in range(6)
        )
    )
    assert all(not o.replayed for o in outcomes)
    assert len({o.observation.id for o in outcomes}) == 6
    # Findings 0..5 are worth 100, 85, 70, 55, 40 and 25 points: every one is stored.
    assert await _observations(scratch_url, code) == [Decimal(v) for v in (25, 40, 55, 70, 85, 100)]


async def test_one_key_sent_at_once_records_once(scratch_url: str) -> None:
    code, first, _ = await _prepare(scratch_url)
    key = str(uuid.uuid4())
    outcomes = await asyncio.gather(
        *(_inspect(scratch_url, first, code, key, 1, 1) for _ in range(4))
    )
    assert len({o.observation.id for o in outcomes}) == 1
    assert sum(not o.replayed for o in outcomes) == 1
    assert await _observations(scratch_url, code) == [Decimal(85)]
