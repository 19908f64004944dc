"""``credit-platform jobs run``: each repair notice once, reminders when due, follow-ups after
approval, records past their publicity expired with their subjects re-evaluated, and unsettled
pay-after-treatment visits marked overdue once."""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from typer.testing import CliRunner

from api.auth.partners import create_partner
from api.auth.scopes import PartnerType
from api.cli import app
from api.db.repositories import Repositories
from api.db.tables import metadata
from api.domain.credit import services
from api.domain.credit.codes import IntegrityColour
from api.domain.credit.model import EvaluationCause, RecordIntake
from api.domain.records.model import RecordCategory, RecordStatus, Severity
from api.domain.scenarios.rules import PAY_AFTER_TREATMENT_SCENARIO
from api.domain.subjects.model import SubjectKind
from tests.db.credit_batch_helpers import KEYS, today, with_session
from tests.factories import Factory
from tests.scenario_support import seed_catalogue

runner = CliRunner()
OUTBOX = metadata.tables["outbox"]
EVALUATIONS = metadata.tables["evaluations"]
ACCOUNTS = metadata.tables["deferred_accounts"]
RECORDS = metadata.tables["credit_records"]
REPAIRS = metadata.tables["repair_cases"]


def jobs(day: date) -> tuple[int, int, int, int]:
    """Run the jobs as on ``day``; (expired, notices, reminders, follow-ups)."""
    result = runner.invoke(app, ["jobs", "run", "--today", day.isoformat()])
    assert result.exit_code == 0, (result.output, result.exception)
    found = re.search(
        r"expired (\d+) records.*?(\d+) notices, (\d+) reminders, (\d+) follow-ups",
        result.stdout,
    )
    assert found is not None, result.stdout
    expired, notices, reminders, follow_ups = (int(g) for g in found.groups())
    return expired, notices, reminders, follow_ups


def overdue_jobs(day: date) -> tuple[int, int]:
    """Run the jobs as on ``day``; (visits marked overdue, repair notices written)."""
    result = runner.invoke(app, ["jobs", "run", "--today", day.isoformat()])
    assert result.exit_code == 0, (result.output, result.exception)
    found = re.search(
        r"(\d+) notices.*?(\d+) pay-after-treatment visits marked overdue", result.stdout
    )
    assert found is not None, result.stdout
    return int(found.group(2)), int(found.group(1))


async def _penalty(session: AsyncSession) -> tuple[int, int]:
    """An enterprise with a general penalty of yesterday; (subject id, repair case id)."""
    factory = Factory(session, KEYS)
    await factory.department("market")
    subject_id, _ = await factory.enterprise(tax_grade=None)
    partner = await create_partner(session, partner_type=PartnerType.REGULATOR, name="Regulator")
    outcome = await services.record_fact(
        Repositories(session),
        RecordIntake(
            subject_id=subject_id,
            subject_kind=SubjectKind.ENTERPRISE,
            department_code="market",
            category=RecordCategory.PENALTY,
            severity=Severity.GENERAL,
            occurred_at=datetime.now(UTC) - timedelta(days=1),
            publicity_until=None,
            summary="未按规定公示年度报告",
        ),
        partner_id=partner.partner_id,
        idempotency_key="jobs-test-0001",
        now=datetime.now(UTC),
    )
    await session.commit()
    assert outcome.repair is not None
    return subject_id, outcome.repair.id


async def _approve(session: AsyncSession, repair_id: int, subject_id: int, at: datetime) -> date:
    repos = Repositories(session)
    await services.apply_for_repair(
        repos, repair_id=repair_id, subject_id=subject_id, commitment="我承诺守法经营",
        applied_by="test", now=at,
    )  # fmt: skip
    case, _ = await services.decide_repair(
        repos, repair_id=repair_id, approve=True, reason="已整改", decided_by="test", now=at
    )
    await session.commit()
    assert case.follow_up_due_on is not None
    return case.follow_up_due_on


async def _outbox(session: AsyncSession) -> list[tuple[str, str]]:
    rows = await session.execute(select(OUTBOX.c.kind, OUTBOX.c.payload).order_by(OUTBOX.c.id))
    return [(r[0], r[1]) for r in rows]


def test_notices_reminders_and_follow_ups_are_written_once(cli_env: str) -> None:
    subject_id, repair_id = with_session(cli_env, _penalty)
    day = today()
    assert jobs(day) == (0, 1, 0, 0)
    assert jobs(day) == (0, 0, 0, 0)
    eligible = day - timedelta(days=1)
    eligible = date(eligible.year + (eligible.month + 2) // 12, (eligible.month + 2) % 12 + 1, 1)
    assert jobs(eligible - timedelta(days=40)) == (0, 0, 0, 0)  # not yet eligible
    later = day + timedelta(days=120)  # past the 3-month minimum of a general penalty
    assert jobs(later) == (0, 0, 1, 0)
    assert jobs(later) == (0, 0, 0, 0)
    decided = datetime.combine(later, datetime.min.time(), tzinfo=UTC) + timedelta(hours=3)
    follow_up = with_session(cli_env, lambda s: _approve(s, repair_id, subject_id, decided))
    assert jobs(follow_up - timedelta(days=1)) == (0, 0, 0, 0)
    assert jobs(follow_up) == (0, 0, 0, 1)
    assert jobs(follow_up + timedelta(days=5)) == (0, 0, 0, 0)
    outbox = with_session(cli_env, _outbox)
    assert [kind for kind, _ in outbox] == ["repair_notice", "repair_reminder", "repair_follow_up"]
    notice = json.loads(outbox[0][1])
    assert notice["kind"] == "repair_notice"
    assert notice["repair_id"] == repair_id
    assert notice["record_id"] > 0
    assert date.fromisoformat(notice["eligible_on"]) > day
    assert "信用修复" in notice["message_zh"]
    assert "repaired" in notice["message_en"]


async def _stale(session: AsyncSession) -> tuple[int, int]:
    """A person with an active record whose publicity ended last week, and a fresh one."""
    factory = Factory(session, KEYS)
    subject_id, _ = await factory.person()
    now = datetime.now(UTC)
    stale = await factory.record(
        subject_id, category=RecordCategory.PENALTY, severity=Severity.GENERAL,
        occurred_at=now - timedelta(days=200), publicity_until=today() - timedelta(days=7),
    )  # fmt: skip
    await factory.record(subject_id, category=RecordCategory.HONOUR, occurred_at=now)
    await services.reevaluate(
        Repositories(session), subject_id, now=now, cause=EvaluationCause.SEED
    )
    await session.commit()
    return subject_id, stale


async def _status_and_history(
    session: AsyncSession, record_id: int, subject_id: int
) -> tuple[str, int]:
    status = (
        await session.execute(
            select(metadata.tables["credit_records"].c.status).where(
                metadata.tables["credit_records"].c.id == record_id
            )
        )
    ).scalar_one()
    history = (
        await session.execute(
            select(func.count())
            .select_from(EVALUATIONS)
            .where(EVALUATIONS.c.subject_id == subject_id)
        )
    ).scalar_one()
    return str(status), int(history)


def test_records_past_publicity_expire_and_their_subjects_are_evaluated(cli_env: str) -> None:
    subject_id, record_id = with_session(cli_env, _stale)
    assert jobs(today()) == (1, 0, 0, 0)
    status, history = with_session(cli_env, lambda s: _status_and_history(s, record_id, subject_id))
    assert status == RecordStatus.EXPIRED.value
    assert history == 2
    assert jobs(today()) == (0, 0, 0, 0)
    assert with_session(cli_env, lambda s: _status_and_history(s, record_id, subject_id))[1] == 2
    bad = runner.invoke(app, ["jobs", "run", "--today", "26/11/2026"])
    assert bad.exit_code == 2


async def _unsettled_visit(session: AsyncSession) -> tuple[int, int, date]:
    """A green patient's visit with one charge, due yesterday and never settled; (person,
    account, due day)."""
    await seed_catalogue(session)
    factory = Factory(session, KEYS)
    await factory.department("health")
    person_id, _ = await factory.person()
    await services.reevaluate(
        Repositories(session), person_id, now=datetime.now(UTC), cause=EvaluationCause.SEED
    )
    hospital = await create_partner(session, partner_type=PartnerType.HOSPITAL, name="Hospital")
    repos = Repositories(session)
    scenario = await repos.incentives.scenario(PAY_AFTER_TREATMENT_SCENARIO)
    assert scenario is not None
    due_on = today() - timedelta(days=1)
    account = await repos.deferred_accounts.open(
        scenario_id=scenario.id,
        partner_id=hospital.partner_id,
        person_id=person_id,
        visit_number="V-JOBS-1",
        colour=IntegrityColour.GREEN,
        credit_limit=Decimal("1500.00"),
        due_on=due_on,
        now=datetime.now(UTC) - timedelta(days=16),
    )
    assert account is not None
    assert await repos.deferred_accounts.add_to_total(account.id, Decimal("88.80")) is not None
    await session.commit()
    return person_id, account.id, due_on


async def _overdue_state(
    session: AsyncSession, person_id: int, account_id: int
) -> tuple[str, date | None, int | None, list[tuple[int, str, str | None, str]], list[int]]:
    account = (
        await session.execute(
            select(ACCOUNTS.c.status, ACCOUNTS.c.overdue_on, ACCOUNTS.c.overdue_record_id).where(
                ACCOUNTS.c.id == account_id
            )
        )
    ).one()
    records = [
        (int(r[0]), str(r[1]), r[2], str(r[3]))
        for r in await session.execute(
            select(RECORDS.c.id, RECORDS.c.category, RECORDS.c.severity, RECORDS.c.status)
            .where(RECORDS.c.subject_id == person_id)
            .order_by(RECORDS.c.id)
        )
    ]
    repairs = [
        int(r[0])
        for r in await session.execute(
            select(REPAIRS.c.record_id).where(REPAIRS.c.subject_id == person_id)
        )
    ]
    return str(account[0]), account[1], account[2], records, repairs


def test_an_unsettled_visit_is_marked_overdue_once_with_a_record_and_a_repair_case(
    cli_env: str,
) -> None:
    person_id, account_id, due_on = with_session(cli_env, _unsettled_visit)
    assert overdue_jobs(due_on) == (0, 0)  # its last day: not overdue yet
    day = today()
    assert overdue_jobs(day) == (1, 1)  # marked, and the repair case's notice written
    status, overdue_on, record_id, records, repairs = with_session(
        cli_env, lambda s: _overdue_state(s, person_id, account_id)
    )
    assert (status, overdue_on) == ("overdue", day)
    assert records == [(record_id, "commitment_broken", "minor", "active")]
    assert repairs == [record_id]
    assert overdue_jobs(day) == (0, 0)  # a second run does nothing more
    assert overdue_jobs(day + timedelta(days=1)) == (0, 0)
    again = with_session(cli_env, lambda s: _overdue_state(s, person_id, account_id))
    assert again == (status, overdue_on, record_id, records, repairs)
