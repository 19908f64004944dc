"""``credit-platform industry``: register a subject and print its inspection plan."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from typer.testing import CliRunner

from api.cli import app
from api.domain.clock import city_today

runner = CliRunner()


def test_add_a_wharf_and_plan_its_visits(cli_env: str) -> None:
    added = runner.invoke(
        app,
        [
            "industry",
            "add-subject",
            "--industry",
            "green_wharf",
            "--code",
            "DQ-WHARF-CLI",
            "--name",
            "德清县新市镇蠡山码头",
            "--district",
            "330521",
        ],
    )
    assert added.exit_code == 0, added.output
    assert added.stdout.strip() == "DQ-WHARF-CLI 德清县新市镇蠡山码头 (green_wharf)"
    today = city_today(datetime.now(UTC))
    end = today + timedelta(days=180)
    planned = runner.invoke(
        app,
        [
            "industry",
            "plan",
            "--industry",
            "green_wharf",
            "--start",
            today.isoformat(),
            "--end",
            end.isoformat(),
        ],
    )
    assert planned.exit_code == 0, planned.output
    code, name, grade, visits, reason = planned.stdout.strip().split("\t")
    assert (code, name, grade) == ("DQ-WHARF-CLI", "德清县新市镇蠡山码头", "-")
    assert visits.split() == [today.isoformat(), (today + timedelta(days=91)).isoformat()]
    assert reason.startswith("not yet evaluated: 4 visit(s) a year")
    backwards = runner.invoke(
        app,
        [
            "industry",
            "plan",
            "--industry",
            "green_wharf",
            "--start",
            end.isoformat(),
            "--end",
            today.isoformat(),
        ],
    )
    assert backwards.exit_code == 1
    assert "at most 366 days" in backwards.output
