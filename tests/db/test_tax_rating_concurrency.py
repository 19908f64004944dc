"""One key sent several times at once stores one rating; reports of one enterprise and year
under different keys at once leave one rating, on a committed database."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from api.auth.partners import create_partner
from api.auth.scopes import PartnerType
from api.crypto import Keys
from api.db.engine import create_engine, session_factory
from api.db.tables import metadata
from api.db.uow import UnitOfWork
from api.domain.clock import city_today
from api.domain.subjects.model import TaxGrade
from api.domain.taxcredit import services
from api.domain.taxcredit.model import RatingReport, ReportedRating
from tests.factories import Factory

pytestmark = pytest.mark.parametrize("scratch_url", ["sqlite", "postgresql"], indirect=True)

YEAR = city_today(datetime.now(UTC)).year - 1


async def test_racing_reports_store_one_rating(scratch_url: str, keys: Keys) -> None:
    engine = create_engine(scratch_url, pool_size=12, max_overflow=4)
    sessions = session_factory(engine)
    try:
        async with sessions() as session:
            enterprise_id, uscc = await Factory(session, keys).enterprise(tax_grade=None)
            bureau = await create_partner(
                session, partner_type=PartnerType.TAX_BUREAU, name="湖州市税务局"
            )
            await session.commit()

        async def report(score: str, key: str) -> ReportedRating:
            async with UnitOfWork(sessions) as uow:
                reported = await services.report_tax_rating(
                    uow.repos.tax_credit,
                    partner_id=bureau.partner_id,
                    report=RatingReport(uscc, YEAR, Decimal(score)),
                    idempotency_key=key,
                    now=datetime.now(UTC),
                )
                await uow.commit()
                return reported

        same = await asyncio.gather(*(report("92", "same-key-for-all") for _ in range(6)))
        assert sorted(r.replayed for r in same) == [False, *[True] * 5]
        assert {(r.rating.grade, r.rating.score) for r in same} == {(TaxGrade.A, Decimal("92"))}
        different = await asyncio.gather(
            *(report(str(50 + n), str(uuid.uuid4())) for n in range(8))
        )
        assert not any(r.replayed for r in different)
        ratings = metadata.tables["tax_credit_ratings"]
        writes = metadata.tables["tax_rating_writes"]
        enterprises = metadata.tables["enterprises"]
        async with engine.connect() as connection:
            rows = (
                await connection.execute(
                    select(ratings.c.grade, ratings.c.score).where(
                        ratings.c.enterprise_id == enterprise_id
                    )
                )
            ).all()
            key_count = await connection.scalar(select(func.count()).select_from(writes))
            mirrored = await connection.scalar(
                select(enterprises.c.tax_grade).where(enterprises.c.subject_id == enterprise_id)
            )
        assert len(rows) == 1  # one rating per enterprise and year, whoever wrote last
        assert rows[0][0] == "C"
        assert Decimal(rows[0][1]) in {Decimal(50 + n) for n in range(8)}
        assert mirrored == "C"
        assert key_count == 9
    finally:
        await engine.dispose()
