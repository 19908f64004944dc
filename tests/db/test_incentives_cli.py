"""``credit-platform incentives ...`` on a scratch database of each backend."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

from typer.testing import CliRunner

from api.cli import app
from api.db.engine import create_engine, session_factory
from api.seeding.incentives import seed_incentive_catalogue

runner = CliRunner()


def _seed(url: str) -> None:
    async def run() -> None:
        engine = create_engine(url)
        try:
            async with session_factory(engine)() as session:
                await seed_incentive_catalogue(await session.connection(), datetime.now(UTC))
                await session.commit()
        finally:
            await engine.dispose()

    asyncio.run(run())


def test_show_and_set_the_operators_of_a_scenario(cli_env: str) -> None:
    _seed(cli_env)
    shown = runner.invoke(app, ["incentives", "show", "pharmacy-discount"])
    assert shown.exit_code == 0, shown.output
    assert shown.stdout == "pharmacy-discount\tcommerce_district,hospital\trepeatable\n"
    changed = runner.invoke(
        app,
        [
            "incentives",
            "set",
            "museum-guide-free",
            "--operator",
            "village_committee",
            "--once-only",
        ],
    )
    assert changed.exit_code == 0, changed.output
    assert changed.stdout == "museum-guide-free\tcredit_office,village_committee\tonce-only\n"
    again = runner.invoke(app, ["incentives", "show", "museum-guide-free"])
    assert again.stdout == changed.stdout
    refused = runner.invoke(
        app, ["incentives", "set", "museum-guide-free", "--operator", "citizen_app"]
    )
    assert refused.exit_code == 1
    assert "citizen_app" in refused.output
    unknown = runner.invoke(app, ["incentives", "show", "no-such-scenario"])
    assert unknown.exit_code == 1
