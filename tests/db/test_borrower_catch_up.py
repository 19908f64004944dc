"""Post-loan tracking after bulk re-evaluation: banks are told once, even if the run stops.

A stricter rule set activated and applied with ``evaluate --all`` worsens grades without the
per-subject hook; the banks following those borrowers are caught up afterwards (by the same
command, or by ``jobs run`` when the command stopped before), exactly once, and only for
changes after they started following. On SQLite and PostgreSQL, committed.
"""

from __future__ import annotations

import asyncio
import dataclasses
import json
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncSession
from typer.testing import CliRunner

from api.auth.partners import create_partner
from api.auth.scopes import PartnerType
from api.cli import app
from api.db.bank_batch import catch_up_borrowers
from api.db.batch_credit.evaluate_all import evaluate_all
from api.db.batch_credit.jobs import run_jobs
from api.db.engine import create_engine, session_factory
from api.db.repositories import Repositories
from api.db.tables import metadata
from api.domain.banking.lending import BorrowerEvent, EventType
from api.domain.credit.codes import CreditGrade
from api.domain.credit.rules import DEFAULT_RULE_SET
from tests.db.credit_batch_helpers import (
    evaluate_all_in_process,
    seed_demo,
    today,
    with_session,
)

runner = CliRunner()
SCORES = metadata.tables["subject_scores"]
ENTERPRISES = metadata.tables["enterprises"]
#: Every grade floor 150 points higher: B-graded enterprises above 650 but below 800 become C.
STRICT = dataclasses.replace(
    DEFAULT_RULE_SET,
    version="2026.9",
    grade_floors=(
        (CreditGrade.A, 950),
        (CreditGrade.B, 800),
        (CreditGrade.C, 650),
        (CreditGrade.D, 0),
    ),
)


def invoke(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, (result.output, result.exception)
    return result.stdout


async def _follow(session: AsyncSession, count: int, name: str = "Catch-up bank") -> list[int]:
    """A bank following ``count`` B-graded enterprises that the strict rules make C."""
    rows = await session.execute(
        select(SCORES.c.subject_id)
        .join(ENTERPRISES, ENTERPRISES.c.subject_id == SCORES.c.subject_id)
        .where(SCORES.c.grade == "B", SCORES.c.score < 800)
        .order_by(SCORES.c.subject_id)
        .limit(count)
    )
    followed = [int(r[0]) for r in rows]
    assert len(followed) == count
    bank = await create_partner(session, partner_type=PartnerType.BANK, name=name)
    repos = Repositories(session)
    for enterprise_id in followed:
        await repos.webhooks.subscribe(bank.partner_id, enterprise_id, datetime.now(UTC))
    await session.commit()
    return [bank.partner_id, *followed]


async def _activate_strict(session: AsyncSession) -> None:
    repos = Repositories(session)
    assert await repos.evaluations.publish(STRICT, now=datetime.now(UTC), client_id=None)
    assert await repos.evaluations.activate(STRICT.version) is not None
    await session.commit()


def _events(url: str, bank_id: int) -> list[dict[str, Any]]:
    async def read(session: AsyncSession) -> list[dict[str, Any]]:
        rows = await session.execute(
            text("SELECT body FROM webhook_deliveries WHERE bank_id = :b ORDER BY id"),
            {"b": bank_id},
        )
        return [json.loads(r[0]) for r in rows]

    return with_session(url, read)


def _grade_events(events: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    found = {e["data"]["uscc"]: e["data"] for e in events if e["type"] == "borrower.grade_worsened"}
    assert len(found) == len([e for e in events if e["type"] == "borrower.grade_worsened"]), "twice"
    return found


def test_evaluate_all_tells_following_banks_once(cli_env: str) -> None:
    seed_demo(cli_env)
    bank_id, *_followed = with_session(cli_env, lambda s: _follow(s, 3))
    with_session(cli_env, _activate_strict)
    out = invoke("evaluate", "--all")
    assert "post-loan tracking: 3 followed borrowers changed, 3 events" in out
    events = _grade_events(_events(cli_env, bank_id))
    assert len(events) == 3
    assert {(e["previousGrade"], e["grade"]) for e in events.values()} == {("B", "C")}
    # Nothing more on a second catch-up, nor from the daily jobs.
    out = invoke("jobs", "run")
    assert "post-loan: 0 events for 0 followed borrowers" in out
    assert len(_events(cli_env, bank_id)) == 3


def test_a_run_stopped_before_the_catch_up_is_caught_up_by_the_jobs(cli_env: str) -> None:
    seed_demo(cli_env)
    bank_id, *_followed = with_session(cli_env, lambda s: _follow(s, 2))
    with_session(cli_env, _activate_strict)

    # evaluate --all's evaluations, committed; the process "stops" before its catch-up.
    assert evaluate_all_in_process(cli_env) >= 2
    assert _events(cli_env, bank_id) == []

    async def jobs() -> tuple[int, int]:
        engine = create_engine(cli_env)
        try:
            report = await run_jobs(session_factory(engine), today=today(), now=datetime.now(UTC))
            return report.followed_borrowers, report.borrower_events
        finally:
            await engine.dispose()

    assert asyncio.run(jobs()) == (2, 2)
    assert len(_grade_events(_events(cli_env, bank_id))) == 2
    assert asyncio.run(jobs()) == (0, 0)
    assert len(_events(cli_env, bank_id)) == 2


def test_a_bank_is_told_only_what_changed_after_it_followed(cli_env: str) -> None:
    seed_demo(cli_env)
    early, *followed = with_session(cli_env, lambda s: _follow(s, 1, "Early bank"))
    with_session(cli_env, _activate_strict)
    invoke("evaluate", "--all")

    async def late_follower(session: AsyncSession) -> int:
        bank = await create_partner(session, partner_type=PartnerType.BANK, name="Late bank")
        await Repositories(session).webhooks.subscribe(
            bank.partner_id, followed[0], datetime.now(UTC)
        )
        await session.commit()
        return bank.partner_id

    late = with_session(cli_env, late_follower)
    invoke("evaluate", "--all", "--rewrite")  # new evaluations, same grades
    invoke("jobs", "run")
    assert len(_events(cli_env, early)) == 1
    assert _events(cli_env, late) == []


@pytest.mark.parametrize("scratch_url", ["postgresql"], indirect=True)
def test_concurrent_catch_ups_tell_each_bank_once(cli_env: str) -> None:
    """Two catch-ups at once (two workers' jobs) share the subscriptions, never double them."""
    seed_demo(cli_env)
    bank_id, *_followed = with_session(cli_env, lambda s: _follow(s, 40))
    with_session(cli_env, _activate_strict)

    async def race() -> list[tuple[int, int]]:
        engine = create_engine(cli_env)
        try:
            await evaluate_all(engine, now=datetime.now(UTC), today=today(), workers=0)
            sessions = session_factory(engine)
            now = datetime.now(UTC)
            return list(
                await asyncio.gather(*(catch_up_borrowers(sessions, now=now) for _ in range(4)))
            )
        finally:
            await engine.dispose()

    results = asyncio.run(race())
    assert sum(moved for moved, _ in results) == 40
    assert sum(events for _, events in results) == 40
    assert len(_grade_events(_events(cli_env, bank_id))) == 40


@pytest.mark.parametrize("scratch_url", ["postgresql"], indirect=True)
def test_a_catch_up_in_progress_does_not_block_other_events_of_its_subscriptions(
    cli_env: str,
) -> None:
    """The lock is FOR NO KEY UPDATE: another transaction may still write an outbox row that
    references a subscription being caught up (its foreign key takes a key-share lock), as the
    green-status path does; FOR UPDATE would make it wait."""
    seed_demo(cli_env)
    bank_id, enterprise_id = with_session(cli_env, lambda s: _follow(s, 1))
    with_session(cli_env, _activate_strict)

    async def run() -> None:
        engine = create_engine(cli_env)
        try:
            await evaluate_all(engine, now=datetime.now(UTC), today=today(), workers=0)
            sessions = session_factory(engine)
            async with sessions() as holding, sessions() as other:
                moved, _events = await Repositories(holding).borrower_watch.catch_up(
                    now=datetime.now(UTC)
                )
                assert moved == 1  # its subscription is locked until `holding` ends
                subscription = (
                    await other.execute(
                        text("SELECT id FROM borrower_subscriptions WHERE enterprise_id = :e"),
                        {"e": enterprise_id},
                    )
                ).scalar_one()
                await other.execute(text("SET LOCAL lock_timeout = '2s'"))
                await Repositories(other).webhooks.enqueue(
                    bank_id,
                    BorrowerEvent(EventType.GREEN_STATUS_WORSENED, {"tier": "not_green"}),
                    subscription_id=subscription,
                    subject={"uscc": "x"},
                    now=datetime.now(UTC),
                )
                await other.commit()
                await holding.commit()
        finally:
            await engine.dispose()

    asyncio.run(run())
    assert len(_events(cli_env, bank_id)) == 2
