"""``credit-platform partners ...`` and ``keys ...`` on a scratch database of each backend."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import pytest
from typer.testing import CliRunner

from api.auth.client_secrets import verify_secret
from api.cli import app
from api.db.engine import create_engine, session_factory
from api.db.repositories.partners import ClientRecord, PartnerRepository

runner = CliRunner()


def invoke(*args: str) -> str:
    """Run the command line; its standard output."""
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, (result.output, result.exception)
    return result.stdout


def client_record(url: str, client_id: str) -> ClientRecord:
    """A client as stored."""

    async def load() -> ClientRecord | None:
        engine = create_engine(url)
        try:
            async with session_factory(engine)() as session:
                return await PartnerRepository(session).client(client_id)
        finally:
            await engine.dispose()

    record = asyncio.run(load())
    assert record is not None
    return record


def test_partners_create_prints_credentials_once(cli_env: str) -> None:
    out = json.loads(
        invoke(
            "partners", "create", "--type", "bank", "--name", "Bank of Huzhou",
            "--scope", "enterprise:read", "--scope", "loan_match:read", "--json",
        )
    )  # fmt: skip
    assert set(out) == {"partner_id", "client_id", "client_secret", "scopes"}
    assert out["scopes"] == ["enterprise:read", "loan_match:read"]
    record = client_record(cli_env, out["client_id"])
    assert record.partner_type == "bank"
    assert out["client_secret"] not in record.secret_hash
    assert verify_secret(out["client_secret"], record.secret_hash)


def test_partners_create_defaults_to_all_the_types_scopes(cli_env: str) -> None:
    out = json.loads(invoke("partners", "create", "--type", "hospital", "--name", "H", "--json"))
    assert out["scopes"] == [
        "consent:write",
        "deferred_payment:write",
        "incentive:read",
        "incentive:redeem",
        "person:read",
    ]


@pytest.mark.parametrize(
    "args",
    [
        ["--type", "hospital", "--name", "H", "--scope", "tax_rating:write"],
        ["--type", "hospital", "--name", "H", "--scope", "no:such"],
        ["--type", "spaceport", "--name", "H"],
        ["--type", "bank", "--name", "  "],
    ],
)
def test_partners_create_refuses(cli_env: str, args: list[str]) -> None:
    result = runner.invoke(app, ["partners", "create", *args])
    assert result.exit_code != 0


def test_list_rotate_and_disable(cli_env: str) -> None:
    created = json.loads(
        invoke("partners", "create", "--type", "regulator", "--name", "R", "--json")
    )
    listed: list[dict[str, Any]] = json.loads(invoke("partners", "list", "--json"))
    assert [row["client_ids"] for row in listed] == [[created["client_id"]]]
    assert listed[0]["status"] == "active"
    assert "R" in invoke("partners", "list")

    rotated = json.loads(
        invoke(
            "partners", "rotate-secret", created["client_id"], "--overlap-seconds", "60", "--json"
        )
    )
    assert rotated["client_secret"] != created["client_secret"]
    assert rotated["previous_secret_valid_until"] is not None
    record = client_record(cli_env, created["client_id"])
    assert verify_secret(rotated["client_secret"], record.secret_hash)
    assert record.previous_secret_hash is not None
    assert verify_secret(created["client_secret"], record.previous_secret_hash)

    invoke("partners", "disable", str(created["partner_id"]))
    listed = json.loads(invoke("partners", "list", "--json"))
    assert listed[0]["status"] == "disabled"
    assert runner.invoke(app, ["partners", "disable", "999999"]).exit_code != 0
    assert runner.invoke(app, ["partners", "rotate-secret", "cp_nobody"]).exit_code != 0


def test_scope_table(cli_env: str) -> None:
    out = invoke("partners", "scopes")
    assert out.startswith("| Scope | Meaning |")


def test_keys_rotate_and_list(cli_env: str) -> None:
    first = json.loads(invoke("keys", "rotate", "--json"))
    second = json.loads(invoke("keys", "rotate", "--activate-in", "0", "--json"))
    assert first["kid"] != second["kid"]
    rows = json.loads(invoke("keys", "list", "--json"))
    states = {row["kid"]: row["state"] for row in rows}
    assert states == {first["kid"]: "verifying", second["kid"]: "signing"}
    assert "d" not in invoke("keys", "list").split()
