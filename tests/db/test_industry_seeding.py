"""The demo city carries industry subjects and observations: Deqing's wharves, Anji's
live-streaming rooms (its green rooms grade A) and catering shops, every grade appearing, and
a regulator's plan for the next quarter visits the worst most often."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from api.db.engine import session_factory
from api.db.repositories import Repositories
from api.db.tables import metadata
from api.domain.industry import rules, services
from api.domain.industry.model import Industry, IndustryGrade
from api.domain.industry.schemes import BY_INDUSTRY
from api.seeding import SeedReport
from api.seeding.industry import CITY_COUNTS, DEMO_COUNTS, GREEN_ROOMS, counts_for, subject_name
from tests.db.test_seeding import TODAY, demo

__all__ = ["demo"]

OBSERVATIONS = metadata.tables["industry_observations"]


def test_the_city_profile_holds_the_report_s_figures() -> None:
    assert counts_for("city", 1.0) == {
        Industry.GREEN_WHARF: 78,
        Industry.LIVE_STREAMING: 385,
        Industry.CATERING: 1_550,
    }
    assert counts_for("city", 0.01) == {
        Industry.GREEN_WHARF: 3,
        Industry.LIVE_STREAMING: 4,
        Industry.CATERING: 16,
    }
    assert CITY_COUNTS[Industry.GREEN_WHARF] == 78
    assert subject_name(Industry.GREEN_WHARF, 0)[0] == "德清县洛舍镇东衡1号码头"
    assert subject_name(Industry.LIVE_STREAMING, 5)[0] == "安吉县溪龙乡白茶直播间006"


async def test_every_industry_is_seeded_and_every_grade_appears(
    demo: tuple[AsyncEngine, SeedReport],
) -> None:
    engine, report = demo
    assert report.counts["industry_subjects"] == sum(DEMO_COUNTS.values())
    async with engine.connect() as connection:
        stored = await connection.scalar(select(func.count()).select_from(OBSERVATIONS))
    assert stored == report.counts["industry_observations"]
    async with session_factory(engine)() as session:
        store = Repositories(session).industry
        grades: set[IndustryGrade | None] = set()
        for industry in Industry:
            subjects = await store.subjects_of(industry)
            assert len(subjects) == DEMO_COUNTS[industry]
            found = await store.observations_of([s.id for s in subjects])
            scheme = BY_INDUSTRY[industry]
            evaluated = {s.code: rules.evaluate(scheme, found[s.id], TODAY) for s in subjects}
            grades |= {e.grade for e in evaluated.values()}
            if industry is Industry.LIVE_STREAMING:
                green = [evaluated[f"AJ-LIVE-{n:04d}"].grade for n in range(1, GREEN_ROOMS + 1)]
                assert green == [IndustryGrade.A] * GREEN_ROOMS
        assert set(IndustryGrade) <= grades
        plan = await services.inspection_plan(
            store,
            Industry.CATERING,
            start=TODAY,
            end=TODAY + timedelta(days=89),
            today=TODAY,
        )
    assert len(plan.subjects) == DEMO_COUNTS[Industry.CATERING]
    first = plan.subjects[0]
    assert first.evaluation.grade is IndustryGrade.D
    assert len(first.visits) == 3
