"""``credit-platform partners link-village``: one village, one committee."""

from __future__ import annotations

import asyncio
import json

from sqlalchemy import insert, select
from typer.testing import CliRunner

from api.cli import app
from api.db.engine import create_engine
from api.db.tables import metadata

runner = CliRunner()
VILLAGES = metadata.tables["villages"]


def _run(url: str, statement: object) -> list[tuple[object, ...]]:
    async def go() -> list[tuple[object, ...]]:
        engine = create_engine(url)
        try:
            async with engine.begin() as connection:
                result = await connection.execute(statement)  # type: ignore[call-overload]  # a Core statement
                return [tuple(row) for row in result.all()] if result.returns_rows else []
        finally:
            await engine.dispose()

    return asyncio.run(go())


def test_link_village(cli_env: str) -> None:
    _run(
        cli_env,
        insert(VILLAGES).values(
            name="余村", name_pinyin="Yucun", district="330523", township="天荒坪镇"
        ),
    )
    created = runner.invoke(
        app, ["partners", "create", "--type", "village_committee", "--name", "余村村委会", "--json"]
    )
    committee = json.loads(created.stdout)["partner_id"]
    other = json.loads(
        runner.invoke(app, ["partners", "create", "--type", "bank", "--name", "B", "--json"]).stdout
    )["partner_id"]

    linked = runner.invoke(app, ["partners", "link-village", str(committee), "--village", "余村"])
    assert linked.exit_code == 0, linked.output
    assert _run(cli_env, select(VILLAGES.c.committee_partner_id)) == [(committee,)]
    refused = runner.invoke(app, ["partners", "link-village", str(other), "--village", "余村"])
    assert refused.exit_code == 1
    assert "not a village committee" in refused.output
    unknown = runner.invoke(app, ["partners", "link-village", str(committee), "--village", "无村"])
    assert unknown.exit_code == 1
    assert "no village named" in unknown.output
