"""``credit-platform evaluate``: a full run scores like ``services.reevaluate``, skips the
unchanged, and one subject can be evaluated alone; on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select, text, update
from sqlalchemy.ext.asyncio import AsyncSession
from typer.testing import CliRunner

from api.cli import app
from api.db.repositories import Repositories
from api.db.tables import metadata
from api.domain.credit.model import EvaluationCause
from api.domain.credit.services import reevaluate
from tests.db.credit_batch_helpers import seed_demo, with_session

runner = CliRunner()
RECORDS = metadata.tables["credit_records"]
SUBJECTS = metadata.tables["subjects"]
EVALUATIONS = metadata.tables["evaluations"]
SCORES = metadata.tables["subject_scores"]


def invoke(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, (result.output, result.exception)
    return result.stdout


async def _repair_some(session: AsyncSession) -> set[int]:
    """Mark a few active negative records repaired behind the engine's back."""
    rows = (
        await session.execute(
            select(RECORDS.c.id, RECORDS.c.subject_id)
            .where(
                RECORDS.c.status == "active",
                RECORDS.c.category.in_(["penalty", "enforcement", "dishonesty_list"]),
            )
            .order_by(RECORDS.c.id)
            .limit(15)
        )
    ).all()
    await session.execute(
        update(RECORDS).where(RECORDS.c.id.in_([r[0] for r in rows])).values(status="repaired")
    )
    await session.commit()
    return {r[1] for r in rows}


async def _compare_with_reevaluate(session: AsyncSession) -> int:
    """Every subject's current evaluation equals what ``reevaluate`` gives now (rolled back)."""
    repos = Repositories(session)
    ids = [r[0] for r in await session.execute(select(SUBJECTS.c.id).order_by(SUBJECTS.c.id))]
    current = await repos.evaluations.current(ids)
    now = datetime.now(UTC)
    for subject_id in ids:
        fresh = await reevaluate(repos, subject_id, now=now, cause=EvaluationCause.FULL_RUN)
        stored = current[subject_id].evaluation
        assert stored == fresh.evaluation, subject_id
    await session.rollback()
    return len(ids)


async def _counts(session: AsyncSession) -> tuple[int, int, int]:
    history = (await session.execute(select(func.count()).select_from(EVALUATIONS))).scalar_one()
    full = (
        await session.execute(
            select(func.count()).select_from(EVALUATIONS).where(EVALUATIONS.c.cause == "full_run")
        )
    ).scalar_one()
    scores = (await session.execute(select(func.count()).select_from(SCORES))).scalar_one()
    return int(history), int(full), int(scores)


async def _stale_matching(session: AsyncSession) -> int:
    """Enterprises whose matching row is missing or carries another score than their current."""
    row = (
        await session.execute(
            text(
                "SELECT count(*) FROM enterprises e "
                "JOIN subject_scores s ON s.subject_id = e.subject_id "
                "LEFT JOIN match_facts m ON m.enterprise_id = e.subject_id "
                "WHERE m.enterprise_id IS NULL OR m.credit_score IS NULL "
                "OR m.credit_score <> s.score"
            )
        )
    ).scalar_one()
    return int(row)


def test_full_run_scores_like_reevaluate_and_skips_the_unchanged(cli_env: str) -> None:
    seed_demo(cli_env)
    subjects, _, scores = with_session(cli_env, _counts)
    out = invoke("evaluate", "--all")
    # Seeded today with the same rules: nothing changed.
    assert f"evaluated {subjects:,} subjects" in out
    assert f"0 written, {subjects:,} unchanged" in out
    changed = with_session(cli_env, _repair_some)
    assert changed
    assert "matching index rebuilt" not in out  # nothing was written
    out = invoke("evaluate", "--all", "--range-size", "97")
    written = int(out.split(": ")[1].split(" written")[0].replace(",", ""))
    assert 1 <= written <= len(changed)
    # Bulk evaluation bypasses the per-subject hook, so the run rebuilds the matching index.
    assert "matching index rebuilt" in out
    assert with_session(cli_env, _stale_matching) == 0
    history, full, scores_after = with_session(cli_env, _counts)
    assert (history, full, scores_after) == (subjects + written, written, scores)
    assert with_session(cli_env, _compare_with_reevaluate) == subjects
    out = invoke("evaluate", "--all", "--rewrite")
    assert f"{subjects:,} written, 0 unchanged" in out
    assert with_session(cli_env, _counts)[1] == written + subjects
    assert with_session(cli_env, _compare_with_reevaluate) == subjects


def test_one_subject_and_errors(cli_env: str) -> None:
    seed_demo(cli_env)
    out = invoke("evaluate", "--subject", "1")
    assert out.startswith("subject 1: score ")
    assert "rule set 2026.1" in out
    assert with_session(cli_env, _counts)[1] == 1
    assert runner.invoke(app, ["evaluate"]).exit_code == 2
    assert runner.invoke(app, ["evaluate", "--all", "--subject", "1"]).exit_code == 2
    missing = runner.invoke(app, ["evaluate", "--all", "--rule-set", "1999.9"])
    assert missing.exit_code == 1
    assert "no rule set '1999.9'" in missing.output
    assert runner.invoke(app, ["evaluate", "--subject", "999999"]).exit_code == 1


@pytest.mark.parametrize("scratch_url", ["postgresql"], indirect=True)
def test_core_path_on_postgresql_matches(cli_env: str) -> None:
    """The executemany writer (SQLite's) also works on PostgreSQL, in this process."""
    from tests.db.credit_batch_helpers import evaluate_all_in_process

    seed_demo(cli_env, scale=0.1)
    with_session(cli_env, _repair_some)
    assert evaluate_all_in_process(cli_env) >= 1
    assert with_session(cli_env, _compare_with_reevaluate) > 0
