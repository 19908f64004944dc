"""``credit-platform ip-pledges statistics`` on a scratch database of each backend."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from typer.testing import CliRunner

from api.auth.partners import create_partner
from api.auth.scopes import PartnerType
from api.cli import app
from api.crypto import Keys
from api.db.engine import create_engine, session_factory
from api.db.repositories import Repositories
from api.domain.clock import city_today
from api.domain.ippledge import services
from api.domain.ippledge.model import IpKind, PledgeDraft
from tests.conftest import TEST_MASTER_KEY
from tests.factories import Factory

runner = CliRunner()
KEYS = Keys.from_master(bytes.fromhex(TEST_MASTER_KEY))
NOW = datetime.now(UTC)
LOANED = city_today(NOW) - timedelta(days=3)


def _setup(url: str) -> None:
    """One bank's patent pledge, loaned eight days after the application; committed."""

    async def run() -> None:
        engine = create_engine(url)
        try:
            async with session_factory(engine)() as session:
                factory = Factory(session, KEYS)
                _, uscc = await factory.enterprise()
                bank = await create_partner(session, partner_type=PartnerType.BANK, name="湖州银行")
                draft = PledgeDraft(
                    uscc,
                    IpKind.PATENT,
                    "ZL202010123456.2",
                    LOANED - timedelta(days=2),
                    Decimal("900000"),
                    Decimal("450000"),
                    LOANED - timedelta(days=8),
                    LOANED,
                )
                await services.register_pledge(
                    Repositories(session).ip_pledges,
                    bank.partner_id,
                    draft,
                    idempotency_key="cli-test-pledge",
                    now=NOW,
                )
                await session.commit()
        finally:
            await engine.dispose()

    asyncio.run(run())


def test_statistics_print_the_period_s_figures(cli_env: str) -> None:
    _setup(cli_env)
    done = runner.invoke(app, ["ip-pledges", "statistics"])
    assert done.exit_code == 0, done.output
    lines = done.stdout.splitlines()
    assert lines[1:] == [
        "enterprises\t1",
        "pledges\t1",
        "valuation_total\t900000.00",
        "loan_total\t450000.00",
        "mean_days_to_loan\t8.0",
    ]
    future = (city_today(NOW) + timedelta(days=1)).isoformat()
    refused = runner.invoke(app, ["ip-pledges", "statistics", "--until", future])
    assert refused.exit_code == 1
    bad = runner.invoke(app, ["ip-pledges", "statistics", "--since", "yesterday"])
    assert bad.exit_code == 2
