"""``credit-platform persons ...`` on a scratch database of each backend."""

from __future__ import annotations

import asyncio
import json
from datetime import datetime, timedelta

import pytest
from typer.testing import CliRunner

from api.cli import app
from api.crypto import KeyedAccessCrypto, Keys
from api.db.engine import create_engine, session_factory
from api.db.repositories import Repositories
from api.domain.consent.model import IntegrityCode, Purpose
from tests.conftest import (
    TEST_MASTER_KEY,
)
from tests.factories import Factory

runner = CliRunner()
KEYS = Keys.from_master(bytes.fromhex(TEST_MASTER_KEY))


def make_person(url: str) -> str:
    """A committed person; returns the resident ID."""

    async def run() -> str:
        engine = create_engine(url)
        try:
            async with session_factory(engine)() as session:
                _, resident_id = await Factory(session, KEYS).person()
                await session.commit()
                return resident_id
        finally:
            await engine.dispose()

    return asyncio.run(run())


def stored_code(url: str, code_id: str) -> IntegrityCode | None:
    """An integrity code as stored."""

    async def run() -> IntegrityCode | None:
        engine = create_engine(url)
        try:
            async with session_factory(engine)() as session:
                return await Repositories(session).integrity_codes.get(code_id)
        finally:
            await engine.dispose()

    return asyncio.run(run())


def invoke(*args: str) -> str:
    """Run the command line; its standard output."""
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, (result.output, result.exception)
    return result.stdout


def test_issue_code_prints_a_sealed_code_valid_five_minutes(cli_env: str) -> None:
    resident_id = make_person(cli_env)
    before = datetime.now().astimezone()
    out = json.loads(
        invoke(
            "persons", "issue-code", "--resident-id", resident_id,
            "--purpose", "pay_after_treatment", "--json",
        )
    )  # fmt: skip
    assert KeyedAccessCrypto(KEYS).open_code(out["code"]) == out["code_id"]
    assert resident_id not in json.dumps(out)
    assert out["person"] == resident_id[:6] + "********" + resident_id[14:]
    stored = stored_code(cli_env, out["code_id"])
    assert stored is not None
    assert stored.purpose is Purpose.PAY_AFTER_TREATMENT
    assert stored.expires_at - stored.issued_at == timedelta(minutes=5)
    assert stored.issued_at >= before - timedelta(seconds=1)
    assert datetime.fromisoformat(out["expires_at"]) == stored.expires_at

    longer = json.loads(
        invoke(
            "persons", "issue-code", "--resident-id", resident_id,
            "--purpose", "mobility_discount", "--minutes", "30", "--json",
        )
    )  # fmt: skip
    stored = stored_code(cli_env, longer["code_id"])
    assert stored is not None
    assert stored.expires_at - stored.issued_at == timedelta(minutes=30)
    assert "code:" in invoke(
        "persons", "issue-code", "--resident-id", resident_id, "--purpose", "credit_loan"
    )


def test_revoke_code_and_access_log(cli_env: str) -> None:
    resident_id = make_person(cli_env)
    out = json.loads(
        invoke(
            "persons", "issue-code", "--resident-id", resident_id,
            "--purpose", "pay_after_treatment", "--json",
        )
    )  # fmt: skip
    invoke("persons", "revoke-code", "--code", out["code"])
    stored = stored_code(cli_env, out["code_id"])
    assert stored is not None
    assert stored.revoked_at is not None
    assert json.loads(invoke("persons", "access-log", "--resident-id", resident_id, "--json")) == []


@pytest.mark.parametrize(
    "args",
    [
        ["--purpose", "credit_supervision"],
        ["--purpose", "no_such_purpose"],
        ["--purpose", "pay_after_treatment", "--minutes", "0"],
        ["--purpose", "pay_after_treatment", "--minutes", "61"],
    ],
)
def test_issue_code_refuses(cli_env: str, args: list[str]) -> None:
    resident_id = make_person(cli_env)
    result = runner.invoke(app, ["persons", "issue-code", "--resident-id", resident_id, *args])
    assert result.exit_code != 0


def test_issue_code_for_unknown_or_malformed_resident_ids(cli_env: str) -> None:
    for resident_id in ("110101199001010015", "110101199001010016", "123"):
        result = runner.invoke(
            app,
            ["persons", "issue-code", "--resident-id", resident_id, "--purpose", "credit_loan"],
        )
        assert result.exit_code == 1
    assert runner.invoke(app, ["persons", "revoke-code", "--code", "NOPE"]).exit_code == 1
