"""Every command's error paths: one line saying what to do, exit 2, never a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import typer.core
import typer.main

from api.cli import NO_DATABASE_NEEDED, app
from tests.conftest import postgres_url

CLI = str(Path(sys.executable).parent / "credit-platform")


def leaf_commands() -> list[list[str]]:
    """Every command of the CLI that needs a database, as its words (`partners list`, ...)."""

    def walk(command: object, words: list[str]) -> Iterator[list[str]]:
        if isinstance(command, typer.core.TyperGroup):
            for name, child in sorted(command.commands.items()):
                yield from walk(child, [*words, name])
        else:
            yield words

    root = typer.main.get_command(app)
    return [words for words in walk(root, []) if words[0] not in NO_DATABASE_NEEDED]


def run(args: list[str], env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    """The command as a user runs it, in a folder of the test's own."""
    return subprocess.run(
        [CLI, *args], env=env, cwd=cwd, capture_output=True, text=True, timeout=120, check=False
    )


def assert_one_line(result: subprocess.CompletedProcess[str], *needles: str) -> None:
    """Exit 2, one line on standard error containing each needle, no traceback."""
    assert result.returncode == 2, (result.returncode, result.stdout, result.stderr)
    assert "Traceback" not in result.stderr + result.stdout
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    for needle in needles:
        assert needle in lines[0], lines[0]


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    """A user's environment with a data folder of the test's own and no database set."""
    environment = {**os.environ, "CREDIT_DATA_DIR": str(tmp_path / "data"), "COLUMNS": "200"}
    environment.pop("DATABASE_URL", None)
    environment.pop("CREDIT_DATABASE_URL", None)
    return environment


def test_the_cli_has_commands_to_check() -> None:
    """The walk finds the commands (an empty list would make the next test vacuous)."""
    found = {" ".join(words) for words in leaf_commands()}
    assert {"serve", "partners list", "keys rotate", "records import", "jobs run"} <= found


@pytest.mark.parametrize("words", leaf_commands(), ids=" ".join)
def test_every_command_refuses_a_missing_database(
    words: list[str], env: dict[str, str], tmp_path: Path
) -> None:
    """No silent new database anywhere: the command says to migrate and creates nothing."""
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    result = run(words, env, elsewhere)
    assert_one_line(result, "no database at", "credit-platform migrate")
    assert str(tmp_path / "data" / "credit-platform.db") in result.stderr
    assert not (tmp_path / "data" / "credit-platform.db").exists()
    assert list(elsewhere.iterdir()) == [], "the command wrote into the folder it was run from"


def test_the_data_folder_is_absolute_whatever_the_folder(
    env: dict[str, str], tmp_path: Path
) -> None:
    """A relative CREDIT_DATA_DIR is resolved once against where the command starts."""
    env["CREDIT_DATA_DIR"] = "relative-data"
    result = run(["partners", "list"], env, tmp_path)
    assert_one_line(result, str(tmp_path / "relative-data" / "credit-platform.db"))


def test_the_default_data_folder_is_the_users(env: dict[str, str], tmp_path: Path) -> None:
    """Without CREDIT_DATA_DIR the database lives in the user's data folder, not the cwd."""
    env.pop("CREDIT_DATA_DIR")
    env["XDG_DATA_HOME"] = str(tmp_path / "xdg")
    result = run(["jobs", "run"], env, tmp_path)
    assert_one_line(result, str(tmp_path / "xdg" / "credit-platform" / "credit-platform.db"))


def test_an_unreachable_server_is_one_line(env: dict[str, str], tmp_path: Path) -> None:
    """A PostgreSQL that does not answer: where, and why, in one line."""
    env["DATABASE_URL"] = "postgresql+asyncpg://postgres:hunter2@127.0.0.1:9/credit"
    result = run(["partners", "list"], env, tmp_path)
    assert_one_line(result, "cannot reach the database at", "127.0.0.1:9")
    assert "hunter2" not in result.stderr


async def test_an_unmigrated_postgresql_is_one_line(env: dict[str, str], tmp_path: Path) -> None:
    """An empty PostgreSQL database: run migrate."""
    from tests.conftest import create_scratch_database, drop_scratch_database

    admin = postgres_url()
    assert admin is not None
    url = await create_scratch_database(admin)
    try:
        env["DATABASE_URL"] = url
        result = run(["keys", "list"], env, tmp_path)
        assert_one_line(result, "is not migrated", "credit-platform migrate")
    finally:
        await drop_scratch_database(admin, url)


def test_a_database_behind_the_code_is_one_line(env: dict[str, str], tmp_path: Path) -> None:
    """A schema older than the code names both revisions."""
    assert run(["migrate"], env, tmp_path).returncode == 0
    assert run(["migrate", "--down", "--revision", "0008"], env, tmp_path).returncode == 0
    result = run(["partners", "list"], env, tmp_path)
    assert_one_line(result, "is at revision 0008", "credit-platform migrate")
    assert run(["migrate"], env, tmp_path).returncode == 0
    assert run(["partners", "list"], env, tmp_path).returncode == 0


def test_the_city_profile_refuses_sqlite(env: dict[str, str], tmp_path: Path) -> None:
    """The city's size needs PostgreSQL, and the line says how to set it."""
    result = run(["seed", "--profile", "city"], env, tmp_path)
    assert_one_line(result, "needs PostgreSQL", "DATABASE_URL=postgresql+asyncpg://")
    assert not (tmp_path / "data" / "credit-platform.db").exists()


def test_version(env: dict[str, str], tmp_path: Path) -> None:
    """``--version`` names the installed package version, with no database."""
    from importlib.metadata import version

    result = run(["--version"], env, tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"credit-platform {version('credit-platform')}"


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["persons", "access-log", "--resident-id", "123"], "18 characters"),
        (
            ["persons", "issue-code", "--resident-id", "330502199001011234", "--purpose", "x"],
            "",
        ),
        (["records", "import", "missing.csv"], "cannot read missing.csv"),
        (["jobs", "run", "--today", "tomorrow"], "YYYY-MM-DD"),
        (["partners", "rotate-secret", "no-such-client"], "no client"),
        (["partners", "disable", "999999"], "no partner 999999"),
        (["evaluate", "--subject", "999999"], "no subject 999999"),
        (["evaluate"], "--all or --subject"),
    ],
    ids=lambda value: " ".join(value) if isinstance(value, list) else value,
)
def test_bad_input_to_a_migrated_database_is_explained(
    args: list[str], needle: str, env: dict[str, str], tmp_path: Path
) -> None:
    """Bad arguments to a working platform: a message, a non-zero exit, no traceback."""
    assert run(["migrate"], env, tmp_path).returncode == 0
    result = run(args, env, tmp_path)
    assert result.returncode != 0, result.stdout
    assert "Traceback" not in result.stderr + result.stdout
    assert needle in result.stderr + result.stdout
