"""``credit-platform audit seal`` and ``verify``: exit 0 on an intact, sealed log; 1 and one
line per broken day, and one for rows left unsealed past the horizon."""

from __future__ import annotations

import asyncio
from datetime import date, timedelta

import pytest
from sqlalchemy import text
from typer.testing import CliRunner

from api.cli import audit as audit_cli
from api.cli.guard import UserError
from api.db.engine import create_engine, session_factory
from api.db.repositories import Repositories
from api.domain.audit.chain import chain_day
from tests.db.test_audit_chain import record
from tests.factories import NOW

FIRST = chain_day(NOW)
SECOND = chain_day(NOW + timedelta(days=1))


async def seed(url: str) -> None:
    """Three rows on the first day, two on the second, committed."""
    engine = create_engine(url)
    try:
        async with session_factory(engine)() as session:
            repos = Repositories(session)
            for minutes in (1, 2, 3, 24 * 60 + 1, 24 * 60 + 2):
                await repos.audit.append(record(minutes))
            await session.commit()
            await repos.close()
    finally:
        await engine.dispose()


async def tamper(url: str, statement: str, day: date, seq: int) -> None:
    """Commit ``statement`` on the row at ``seq`` of ``day``, past the append-only triggers."""
    engine = create_engine(url)
    try:
        async with engine.begin() as connection:
            if connection.dialect.name == "postgresql":
                # SET LOCAL ends with the transaction.
                await connection.execute(text("SET LOCAL session_replication_role = replica"))
                await connection.execute(text(statement), {"d": day, "s": seq})
                return
            triggers = (
                await connection.execute(
                    text(
                        "SELECT name, sql FROM sqlite_master"
                        " WHERE type = 'trigger' AND tbl_name = 'audit_log'"
                    )
                )
            ).all()
            assert len(triggers) == 2
            for name, _ in triggers:
                await connection.execute(text(f"DROP TRIGGER {name}"))
            await connection.execute(text(statement), {"d": day, "s": seq})
            for _, sql in triggers:
                await connection.execute(text(sql))
    finally:
        await engine.dispose()


def run(*args: str) -> tuple[int, list[str]]:
    """Run ``audit`` with ``args``: its exit code and its lines of output."""
    result = CliRunner().invoke(audit_cli.app, list(args))
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, [line for line in result.output.splitlines() if line.strip()]


def verify(*args: str) -> tuple[int, list[str]]:
    """Run ``audit verify`` with ``args``: its exit code and its lines of output."""
    return run("verify", *args)


def test_verify_exits_0_on_an_intact_log_and_1_per_broken_day(cli_env: str) -> None:
    """Unsealed old rows: 1; sealed and intact: 0 and a summary; a changed row and a deleted
    row: 1, one line per broken day."""
    asyncio.run(seed(cli_env))
    code, lines = verify()
    assert code == 1
    assert len(lines) == 1
    assert lines[0].startswith("unsealed: 5 row(s) older than 60 s, the oldest id ")
    assert verify("--from", (SECOND + timedelta(days=1)).isoformat())[0] == 0
    assert verify("--day", SECOND.isoformat())[1][0].startswith("unsealed: 2 row(s)")
    assert run("seal") == (0, ["sealed 5 audit row(s) on 2 day(s)"])
    assert run("seal") == (0, ["sealed 0 audit row(s) on 0 day(s)"])
    assert verify() == (0, ["audit chain intact: 2 day(s), 5 row(s)"])
    assert verify("--day", FIRST.isoformat()) == (0, ["audit chain intact: 1 day(s), 3 row(s)"])

    asyncio.run(
        tamper(
            cli_env,
            "UPDATE audit_log SET partner_id = 99 WHERE chain_day = :d AND chain_seq = :s",
            FIRST,
            2,
        )
    )
    code, lines = verify()
    assert code == 1
    assert len(lines) == 1
    assert lines[0].startswith(f"{FIRST.isoformat()}: row ")
    assert lines[0].endswith("changed: its hash does not match it")
    assert verify("--day", SECOND.isoformat())[0] == 0

    asyncio.run(
        tamper(cli_env, "DELETE FROM audit_log WHERE chain_day = :d AND chain_seq = :s", SECOND, 1)
    )
    code, lines = verify("--from", FIRST.isoformat(), "--until", SECOND.isoformat())
    assert code == 1
    assert [line.split(":")[0] for line in lines] == [FIRST.isoformat(), SECOND.isoformat()]
    assert "1 row(s) missing before row" in lines[1]
    assert verify("--from", SECOND.isoformat())[0] == 1
    assert verify("--until", FIRST.isoformat())[0] == 1
    later = (SECOND + timedelta(days=1)).isoformat()
    assert verify("--from", later) == (0, ["audit chain intact: 0 day(s), 0 row(s)"])


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--day", "2026-11-01", "--from", "2026-11-01"], "not both"),
        (["--day", "yesterday"], "YYYY-MM-DD"),
        (["--from", "2026-11-02", "--until", "2026-11-01"], "after --until"),
    ],
)
def test_verify_refuses_a_wrong_range(args: list[str], message: str) -> None:
    """A malformed or contradictory range is the user's mistake (one line, exit 2 via main)."""
    with pytest.raises(UserError, match=message):
        verify(*args)


def test_verify_finds_an_inserted_row(cli_env: str) -> None:
    """A sealed-looking row added past a day's head is reported as inserted."""
    asyncio.run(seed(cli_env))
    assert run("seal")[0] == 0
    asyncio.run(
        tamper(
            cli_env,
            "INSERT INTO audit_log (occurred_at, request_id, partner_id, partner_type, client_id,"
            " token_id, subject_kind, subject_hash, fields, purpose, permission, code_id,"
            " consent_id, outcome, reason, chain_day, chain_seq, prev_hash, row_hash)"
            " SELECT occurred_at, 'forged', partner_id, partner_type, client_id, token_id,"
            " subject_kind, subject_hash, fields, purpose, permission, code_id, consent_id,"
            " outcome, reason, chain_day, chain_seq + 1, row_hash, row_hash FROM audit_log"
            " WHERE chain_day = :d AND chain_seq = :s",
            FIRST,
            3,
        )
    )
    code, lines = verify()
    assert code == 1
    assert len(lines) == 1
    assert lines[0].startswith(f"{FIRST.isoformat()}: row ")
    assert "inserted" in lines[0] or "changed" in lines[0]
