"""The bulk import and ``evaluate --all`` run as commands, their connection killed mid-run.

Each command's PostgreSQL backend is terminated while it waits on a subject row the test
holds (as a restart or failover would end it). What it finished stays, what it was doing is
gone whole, and running it again completes the work: every row imported once, every subject
evaluated once into its history.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from api.auth.partners import create_partner
from api.auth.scopes import PartnerType
from api.db.engine import session_factory
from api.db.faults import TEMPORARY_FAILURE
from tests.conftest import TEST_MASTER_KEY
from tests.db.credit_batch_helpers import KEYS
from tests.factories import Factory
from tests.faults.conftest import Knife

BIN = Path(sys.executable).parent
PEOPLE = 9


def command_env(url: str, data_dir: Path) -> dict[str, str]:
    """The environment of a ``credit-platform`` command on ``url``."""
    return {
        **os.environ,
        "DATABASE_URL": url,
        "CREDIT_DATA_DIR": str(data_dir),
        "CREDIT_SECRET_KEY": TEST_MASTER_KEY,
    }


async def run_command(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """Run ``credit-platform args`` to its end, in a thread (the test's loop keeps running)."""
    return await asyncio.to_thread(
        subprocess.run,
        [str(BIN / "credit-platform"), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


async def people(seed_engine: AsyncEngine, *, with_records: bool) -> list[tuple[int, str]]:
    """``PEOPLE`` committed persons (ids ascending) and the department ``bureau``."""
    async with session_factory(seed_engine)() as session:
        factory = Factory(session, KEYS)
        await factory.department("bureau")
        found = [await factory.person() for _ in range(PEOPLE)]
        if with_records:
            for person_id, _ in found:
                await factory.record(person_id)
        await create_partner(session, partner_type=PartnerType.CREDIT_OFFICE, name="Office")
        await session.commit()
    return sorted(found)


async def test_an_import_killed_mid_batch_keeps_whole_batches_and_resumes(
    pg_url: str, seed_engine: AsyncEngine, knife: Knife, tmp_path: Path
) -> None:
    persons = await people(seed_engine, with_records=False)
    day = (datetime.now(UTC) - timedelta(days=3)).isoformat(timespec="seconds")
    lines = ["resident_id,department,category,occurred_at,summary"]
    lines += [f"{rid},bureau,honour,{day},volunteer {n}" for n, (_, rid) in enumerate(persons)]
    file = tmp_path / "records.csv"
    file.write_text("\n".join(lines) + "\n", encoding="utf-8")
    env = command_env(pg_url, tmp_path)
    records = "SELECT count(*) FROM credit_records"
    # Batches of three: the second batch's first person is held, so that batch waits.
    held = persons[3][0]
    first = await knife.kill_while_blocked(
        "SELECT id FROM subjects WHERE id = $1 FOR UPDATE",
        run_command(["records", "import", str(file), "--batch-size", "3"], env),
        (held,),
    )
    assert first.returncode == 1, first.stdout + first.stderr
    assert "batch 2 failed, nothing of it was imported" in first.stdout + first.stderr
    assert "Traceback" not in first.stdout + first.stderr
    imported = {
        row["subject_id"]
        for row in await knife.admin.fetch("SELECT subject_id FROM credit_records")
    }
    batch_two = {p for p, _ in persons[3:6]}
    assert imported == {p for p, _ in persons} - batch_two
    # Evaluated with their batch, once each; the failed batch's people not at all.
    history = await knife.admin.fetch(
        "SELECT subject_id, count(*) AS n FROM evaluations GROUP BY subject_id"
    )
    assert {r["subject_id"]: r["n"] for r in history} == dict.fromkeys(imported, 1)

    again = await run_command(["records", "import", str(file), "--batch-size", "3"], env)
    assert again.returncode == 0, again.stdout + again.stderr
    assert await knife.count(records) == PEOPLE
    assert (
        await knife.count(
            "SELECT count(*) FROM (SELECT subject_id FROM credit_records GROUP BY subject_id"
            " HAVING count(*) = 1) once"
        )
        == PEOPLE
    )
    history = await knife.admin.fetch(
        "SELECT subject_id, count(*) AS n FROM evaluations GROUP BY subject_id"
    )
    assert {r["subject_id"]: r["n"] for r in history} == {p: 1 for p, _ in persons}
    # A third run finds everything imported: nothing twice.
    third = await run_command(["records", "import", str(file), "--batch-size", "3"], env)
    assert third.returncode == 0, third.stdout + third.stderr
    assert await knife.count(records) == PEOPLE
    assert await knife.count("SELECT count(*) FROM evaluations") == PEOPLE


@pytest.mark.parametrize("workers", ["0", "2"], ids=["in-process", "scoring-processes"])
async def test_evaluate_all_killed_mid_run_resumes_without_evaluating_anyone_twice(
    pg_url: str, seed_engine: AsyncEngine, knife: Knife, tmp_path: Path, workers: str
) -> None:
    persons = await people(seed_engine, with_records=True)
    env = command_env(pg_url, tmp_path)
    first_id = persons[0][0]
    # Ranges of three ids: the third range's first subject is held, so its write waits.
    held = first_id + 6
    args = ["evaluate", "--all", "--range-size", "3", "--workers", workers]
    first = await knife.kill_while_blocked(
        "SELECT id FROM subjects WHERE id = $1 FOR UPDATE", run_command(args, env), (held,)
    )
    assert first.returncode == TEMPORARY_FAILURE, first.stdout + first.stderr
    assert "Traceback" not in first.stdout + first.stderr
    assert "run it again" in first.stdout + first.stderr
    done = {r["subject_id"] for r in await knife.admin.fetch("SELECT subject_id FROM evaluations")}
    assert done == {p for p, _ in persons if p < held}
    assert await knife.count("SELECT count(*) FROM evaluations") == len(done)

    again = await run_command(args, env)
    assert again.returncode == 0, again.stdout + again.stderr
    assert f"{PEOPLE - len(done)} written, {len(done)} unchanged" in again.stdout
    history = await knife.admin.fetch(
        "SELECT subject_id, count(*) AS n FROM evaluations GROUP BY subject_id"
    )
    assert {r["subject_id"]: r["n"] for r in history} == {p: 1 for p, _ in persons}
    assert await knife.count("SELECT count(*) FROM subject_scores") == PEOPLE
