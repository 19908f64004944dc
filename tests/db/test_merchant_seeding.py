"""The demo city's merchants carry indicator observations: every colour appears, and
Dongcheng Times' complaints fell as the report says (down 56% give or take the draw)."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from api.db.engine import session_factory
from api.db.repositories import Repositories
from api.db.tables import metadata
from api.domain.credit.codes import MerchantColour
from api.domain.merchants import rules, services
from api.domain.merchants.services import Recorder
from api.seeding import SeedReport
from api.seeding.merchant_indicators import MONTHS
from tests.db.test_seeding import TODAY, demo

__all__ = ["demo"]

OBSERVATIONS = metadata.tables["merchant_indicator_observations"]
MERCHANTS = metadata.tables["merchants"]
OFFICE = Recorder(None, district_operator=False)


async def test_every_merchant_is_observed_and_every_colour_appears(
    demo: tuple[AsyncEngine, SeedReport],
) -> None:
    engine, report = demo
    merchants = report.counts["merchants"]
    assert report.counts["merchant_indicator_observations"] == merchants * (10 + MONTHS)
    async with engine.connect() as connection:
        stored = await connection.scalar(select(func.count()).select_from(OBSERVATIONS))
        places: dict[str, int] = dict(
            (
                await connection.execute(
                    select(MERCHANTS.c.commerce_district, func.count()).group_by(
                        MERCHANTS.c.commerce_district
                    )
                )
            ).all()
        )
    assert stored == report.counts["merchant_indicator_observations"]
    assert places["东城时代"] >= 3
    async with session_factory(engine)() as session:
        store = Repositories(session).merchant_indicators
        ids = [m.id for name in places for m in await store.district_merchants(name)]
        found = await store.observations_of(ids)
        colours = {rules.assess(found[i], TODAY).colour for i in ids}
        assert colours == set(MerchantColour)
        since = rules.months_back(TODAY.replace(day=1), 11)
        dongcheng = await services.district_statistics(
            store, OFFICE, "东城时代", since=since, today=TODAY
        )
    assert dongcheng.merchants == places["东城时代"]
    assert len(dongcheng.complaints_by_month) == MONTHS
    assert dongcheng.complaints_before > dongcheng.complaints_after
    assert sum(c.merchants for c in dongcheng.by_colour) == dongcheng.merchants
