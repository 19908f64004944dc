"""Reports of one bank's month sent at once leave one row holding one of the reports whole."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from decimal import Decimal

import pytest
from sqlalchemy import select

from api.auth.partners import create_partner
from api.auth.scopes import PartnerType
from api.db.engine import create_engine, session_factory
from api.db.tables import metadata
from api.db.uow import UnitOfWork
from api.domain.clock import city_today
from api.domain.taxcredit import lending

pytestmark = pytest.mark.parametrize("scratch_url", ["sqlite", "postgresql"], indirect=True)

PERIOD = f"{city_today(datetime.now(UTC)).year - 1}-06"


async def test_racing_reports_of_a_month_leave_one_whole_row(scratch_url: str) -> None:
    engine = create_engine(scratch_url, pool_size=12, max_overflow=4)
    sessions = session_factory(engine)
    try:
        async with sessions() as session:
            bank = await create_partner(session, partner_type=PartnerType.BANK, name="湖州银行")
            await session.commit()

        async def report(n: int) -> lending.ReportedVolume:
            async with UnitOfWork(sessions) as uow:
                reported = await lending.report_lending_volume(
                    uow.repos.lending_volumes,
                    bank_id=bank.partner_id,
                    period=PERIOD,
                    total=Decimal(1000 * n),
                    green=Decimal(100 * n),
                    now=datetime.now(UTC),
                )
                await uow.commit()
                return reported

        await asyncio.gather(*(report(n) for n in range(1, 9)))
        same = await asyncio.gather(*(report(3) for _ in range(4)))
        table = metadata.tables["bank_lending_volumes"]
        async with engine.connect() as connection:
            rows = (
                await connection.execute(select(table.c.total_amount, table.c.green_amount))
            ).all()
        assert [(Decimal(r[0]), Decimal(r[1])) for r in rows] == [(Decimal(3000), Decimal(300))]
        assert sum(r.changed for r in same) <= 1  # one write at most; the rest are no-ops
    finally:
        await engine.dispose()
