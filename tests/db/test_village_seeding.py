"""The seeded village data: real villages with pinyin and townships, 97% of households with a
file, entries within every rule's cap, model households within each village's quota, and a
city at a thousandth through COPY. Read back through the repository the API uses."""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from api.db.repositories.gate import SessionGate
from api.db.repositories.village import VillageRepository
from api.db.tables import metadata
from api.domain.paging import PageRequest
from api.domain.village.model import NominationStatus
from api.domain.village.rules import model_quota
from api.seeding import SeedProfile, seed
from api.seeding.plan import _SPECS as SPECS
from api.seeding.village_names import pinyin
from api.seeding.vocabulary import NAMED_VILLAGES, PLACE_HEADS, PLACE_TAILS
from tests.db.test_seeding import KEYS, TODAY, EngineFactory, engines  # noqa: F401 - the fixture

VILLAGES = metadata.tables["villages"]
FILES = metadata.tables["household_files"]
ENTRIES = metadata.tables["civility_entries"]
RULES = metadata.tables["village_rules"]
NOMINATIONS = metadata.tables["model_household_nominations"]
HOUSEHOLDS = metadata.tables["households"]


def test_every_village_name_has_pinyin() -> None:
    assert pinyin("余村") == "Yucun"
    assert pinyin("荻港村") == "Digangcun"
    for name, _ in NAMED_VILLAGES:
        assert pinyin(name)
    for head in PLACE_HEADS:
        for tail in PLACE_TAILS:
            assert pinyin(head + tail).isascii()


def test_the_city_is_sized_by_the_report() -> None:
    city = SPECS[SeedProfile.CITY]
    assert (city.households, city.villages) == (230_000, 272)


async def _all(engine: AsyncEngine, statement: Any) -> list[Any]:
    async with engine.connect() as connection:
        return list((await connection.execute(statement)).all())


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
async def test_the_demo_carries_villages_points_and_model_households(
    engines: EngineFactory,  # noqa: F811 - the fixture imported above
    backend: str,
) -> None:
    engine = await engines(backend)
    report = await seed(engine, SeedProfile.DEMO, seed=1, keys=KEYS, today=TODAY)
    households = report.counts["households"]
    assert report.counts["villages"] == 12
    assert 0.95 * households <= report.counts["household_files"] <= households
    assert report.counts["civility_entries"] > households
    assert report.counts["model_household_nominations"] >= 6
    villages = await _all(
        engine, select(VILLAGES.c.name, VILLAGES.c.name_pinyin, VILLAGES.c.township)
    )
    assert ("余村", "Yucun", "天荒坪镇") in villages
    # No entry is dated after today or before this year; no rule passes its yearly cap.
    days = await _all(
        engine, select(func.min(ENTRIES.c.occurred_on), func.max(ENTRIES.c.occurred_on))
    )
    first, last = days[0]
    assert date(TODAY.year, 1, 1) <= _day(first) <= _day(last) <= TODAY
    used = await _all(
        engine,
        select(ENTRIES.c.household_id, RULES.c.code, func.sum(ENTRIES.c.points), RULES.c.yearly_cap)
        .join(RULES, RULES.c.id == ENTRIES.c.rule_id)
        .group_by(ENTRIES.c.household_id, RULES.c.code, RULES.c.yearly_cap),
    )
    assert all(abs(points) <= cap for _, _, points, cap in used)
    # Model households: within each village's quota, approved ones on the public list.
    nominated = await _all(
        engine, select(NOMINATIONS.c.village_id, NOMINATIONS.c.status, NOMINATIONS.c.points)
    )
    files = dict(
        await _all(engine, select(FILES.c.village_id, func.count()).group_by(FILES.c.village_id))
    )
    per_village = Counter(v for v, _, _ in nominated)
    assert all(n <= model_quota(files[v]) for v, n in per_village.items())
    assert all(points >= 10 for _, _, points in nominated)
    approved = sum(s == NominationStatus.APPROVED.value for _, s, _ in nominated)
    async with AsyncSession(engine) as session:
        store = VillageRepository(SessionGate(session))
        public = await store.public_model_households(TODAY.year, None)
        assert len(public) == approved >= 6
        assert all(len(p.masked_head_name) >= 2 and "*" in p.masked_head_name for p in public)
        colours: Counter[str] = Counter()
        for village_id in files:
            village = await store.village_by_id(village_id)
            assert village is not None
            page = await store.files(village, TODAY.year, PageRequest(first=100), today=TODAY)
            colours.update(f.code.colour.value for f, _ in page.items)
        assert colours["green"] > colours["yellow"] > 0
        assert colours["blue"] > 0


def _day(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


async def test_the_city_copy_path_carries_villages(
    engines: EngineFactory,  # noqa: F811 - the fixture imported above
) -> None:
    from api.seeding import run_seed

    engine = await engines("postgresql")
    report = await run_seed(
        engine, SeedProfile.CITY, seed=2, keys=KEYS, today=TODAY, scale=0.001, workers=0
    )
    assert report.counts["villages"] == 3
    assert report.counts["household_files"] >= 0.95 * report.counts["households"]
    assert report.counts["model_household_nominations"] >= 1
