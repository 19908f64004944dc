"""``credit-platform jobs run``: each repair notice once, reminders when due, follow-ups after
approval, and records past their publicity expired with their subjects re-evaluated."""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from typer.testing import CliRunner

from api.auth.partners import create_partner
from api.auth.scopes import PartnerType
from api.cli import app
from api.db.repositories import Repositories
from api.db.tables import metadata
from api.domain.credit import services
from api.domain.credit.model import EvaluationCause, RecordIntake
from api.domain.records.model import RecordCategory, RecordStatus, Severity
from api.domain.subjects.model import SubjectKind
from tests.db.credit_batch_helpers import KEYS, today, with_session
from tests.factories import Factory

runner = CliRunner()
OUTBOX = metadata.tables["outbox"]
EVALUATIONS = metadata.tables["evaluations"]


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
