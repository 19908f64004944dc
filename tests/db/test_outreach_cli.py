"""``credit-platform outreach stats``: the figures after the jobs wrote a case's notices and
the office worked them, on a real database through the command line."""

from __future__ import annotations

import json

from sqlalchemy.ext.asyncio import AsyncSession
from typer.testing import CliRunner

from api.cli import app
from api.domain.credit.repair import RepairState
from tests.api.outreach_support import TODAY, repair_case
from tests.db.credit_batch_helpers import KEYS, with_session
from tests.factories import Factory

runner = CliRunner()


async def _cases(session: AsyncSession) -> None:
    factory = Factory(session, KEYS)
    enterprise_id, _ = await factory.enterprise(tax_grade=None)
    person_id, _ = await factory.person()
    await repair_case(factory, enterprise_id, state=RepairState.REPAIRED, follow_up_due_on=TODAY)
    await repair_case(factory, person_id, state=RepairState.AWAITING)
    await session.commit()


def test_outreach_stats_prints_the_figures(cli_env: str) -> None:
    with_session(cli_env, _cases)
    result = runner.invoke(app, ["outreach", "stats"])
    assert result.exit_code == 0, (result.output, result.exception)
    assert json.loads(result.stdout) == {
        "notices": 2,
        "reminders": 1,
        "follow_ups": 1,
        "acknowledged": 0,
        "awaiting_office": 2,
        "repairs": 1,
        "follow_ups_kept": 0,
        "follow_ups_relapsed": 0,
        "follow_ups_unreachable": 0,
    }
