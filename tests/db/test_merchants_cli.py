"""``credit-platform merchants ...`` on a scratch database of each backend."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from pathlib import Path

from typer.testing import CliRunner

from api.auth.partners import create_partner
from api.auth.scopes import PartnerType
from api.cli import app
from api.crypto import Keys
from api.db.engine import create_engine, session_factory
from api.db.repositories import Repositories
from api.domain.clock import city_today
from tests.conftest import TEST_MASTER_KEY
from tests.factories import Factory

runner = CliRunner()
KEYS = Keys.from_master(bytes.fromhex(TEST_MASTER_KEY))
YESTERDAY = city_today(datetime.now(UTC)) - timedelta(days=1)


def _setup(url: str) -> tuple[str, str, int, int]:
    """Two merchants (东城时代, 衣裳街), a district partner and a bank; committed."""

    async def run() -> tuple[str, str, int, int]:
        engine = create_engine(url)
        try:
            async with session_factory(engine)() as session:
                factory = Factory(session, KEYS)
                _, ours = await factory.merchant("东城时代")
                _, theirs = await factory.merchant("衣裳街")
                district = await create_partner(
                    session, partner_type=PartnerType.COMMERCE_DISTRICT, name="东城时代管委会"
                )
                bank = await create_partner(session, partner_type=PartnerType.BANK, name="某银行")
                await session.commit()
                return ours, theirs, district.partner_id, bank.partner_id
        finally:
            await engine.dispose()

    return asyncio.run(run())


def _operated(url: str, partner_id: int) -> frozenset[str]:
    async def run() -> frozenset[str]:
        engine = create_engine(url)
        try:
            async with session_factory(engine)() as session:
                return await Repositories(session).merchant_indicators.operated_districts(
                    partner_id
                )
        finally:
            await engine.dispose()

    return asyncio.run(run())


def test_bind_an_operator_and_import_a_file_with_bad_lines(cli_env: str, tmp_path: Path) -> None:
    ours, theirs, district, bank = _setup(cli_env)
    assert "东城时代\t330521" in runner.invoke(app, ["merchants", "districts"]).stdout
    bound = runner.invoke(
        app, ["merchants", "bind-operator", "--partner-id", str(district), "--district", "东城时代"]
    )
    assert bound.exit_code == 0, bound.output
    assert _operated(cli_env, district) == {"东城时代"}
    wrong = runner.invoke(
        app, ["merchants", "bind-operator", "--partner-id", str(bank), "--district", "东城时代"]
    )
    assert wrong.exit_code == 1
    assert "not a commerce_district partner" in wrong.output
    unknown = runner.invoke(
        app, ["merchants", "bind-operator", "--partner-id", str(district), "--district", "无此街"]
    )
    assert unknown.exit_code == 1
    assert "no commerce district named '无此街'" in unknown.output
    day = YESTERDAY.isoformat()
    file = tmp_path / "indicators.csv"
    file.write_text(
        "uscc,category,department,value,observed_on,note\n"
        f"{ours},complaints,market_supervision,2,{day},两次投诉\n"
        f"{ours},fire_safety,emergency_management,1,{day},\n"
        f"{theirs},complaints,market_supervision,1,{day},\n"
        f"{ours},food_safety,health,101,{day},\n",
        encoding="utf-8",
    )
    first = runner.invoke(app, ["merchants", "import", str(file), "--operator", str(district)])
    assert first.exit_code == 1
    assert first.stdout.splitlines() == [
        "line 4: MERCHANT_NOT_IN_YOUR_DISTRICT: uscc: the merchant trades in 衣裳街, "
        "not in a district you operate",
        "line 5: VALUE_OUT_OF_RANGE: value: food_safety takes a score from 0 to 100 with at "
        "most one decimal, not 101",
        "read 4 lines: 2 recorded, 0 already recorded, 2 refused",
    ]
    again = runner.invoke(app, ["merchants", "import", str(file)])
    assert again.stdout.splitlines()[-1] == (
        "read 4 lines: 3 recorded, 0 already recorded, 1 refused"
    )  # the platform's own keys: the line of 衣裳街 is allowed without an operator
    third = runner.invoke(app, ["merchants", "import", str(file)])
    assert third.stdout.splitlines()[-1] == (
        "read 4 lines: 0 recorded, 3 already recorded, 1 refused"
    )
