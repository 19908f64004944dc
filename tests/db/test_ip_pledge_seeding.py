"""The seeded IP pledges: Wuxing firms, the report's value per firm, valid numbers, about a
week to a loan; and the figures the credit office reads come out of them."""

from __future__ import annotations

import random
from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.db.repositories.gate import SessionGate
from api.db.repositories.ippledge import PledgeRepository
from api.db.tables import metadata
from api.domain.ippledge.model import IpKind
from api.domain.ippledge.rules import normalise_registration
from api.seeding import SeedProfile, seed
from api.seeding.ip_pledges import CITY_FIRMS, CITY_VALUE, DEMO_FIRMS, pledge_sizes
from tests.db.test_seeding import KEYS, TODAY, EngineFactory, engines  # noqa: F401 - the fixture


def test_the_city_sizes_add_up_to_the_report_s_value() -> None:
    sizes = pledge_sizes(CITY_FIRMS, random.Random(3))
    assert len(sizes) == CITY_FIRMS
    assert sum(sizes) == CITY_VALUE
    assert all(size > 0 for size in sizes)


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
async def test_the_demo_carries_ip_pledges(
    engines: EngineFactory,  # noqa: F811 - the fixture imported above
    backend: str,
) -> None:
    engine = await engines(backend)
    report = await seed(engine, SeedProfile.DEMO, seed=1, keys=KEYS, today=TODAY)
    assert report.counts["ip_pledges"] == DEMO_FIRMS
    async with AsyncSession(engine) as session:
        store = PledgeRepository(SessionGate(session))
        figures = await store.statistics(TODAY - timedelta(days=366), TODAY)
        assert figures.enterprises == figures.pledges == DEMO_FIRMS
        assert figures.valuation_total == (CITY_VALUE * DEMO_FIRMS / CITY_FIRMS).quantize(
            Decimal("10000")
        )
        assert figures.mean_days_to_loan is not None
        assert Decimal(5) <= figures.mean_days_to_loan <= Decimal(9)
        assert figures.loan_total < figures.valuation_total
        partners = metadata.tables["partners"]
        banks = (
            await session.execute(select(partners.c.id).where(partners.c.type == "bank"))
        ).scalars()
        seen = [pledge for bank in banks for pledge in await store.bank_pledges(bank, 100)]
    assert len(seen) == DEMO_FIRMS
    assert len({p.bank_id for p in seen}) >= 2
    assert all(p.enterprise_uscc[2:4] == "33" for p in seen)
    for pledge in seen:
        assert normalise_registration(pledge.kind, pledge.registration_number) == (
            pledge.registration_number
        )
        assert pledge.applied_on <= pledge.pledge_registered_on <= pledge.loaned_on <= TODAY
    assert {p.kind for p in seen} == {IpKind.PATENT, IpKind.TRADEMARK}


async def test_the_city_copy_path_carries_ip_pledges(
    engines: EngineFactory,  # noqa: F811 - the fixture imported above
) -> None:
    from api.seeding import run_seed

    engine = await engines("postgresql")
    report = await run_seed(
        engine, SeedProfile.CITY, seed=2, keys=KEYS, today=TODAY, scale=0.001, workers=0
    )
    # A thousandth of the city has fewer Wuxing firms than the report's 95: all of them pledge.
    assert 0 < report.counts["ip_pledges"] <= CITY_FIRMS
