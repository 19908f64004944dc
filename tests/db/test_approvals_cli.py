"""``credit-platform approvals ...`` on a scratch database of each backend."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime

from typer.testing import CliRunner

from api.auth.partners import create_partner
from api.auth.scopes import PartnerType
from api.cli import app
from api.crypto import Keys
from api.db.engine import create_engine, session_factory
from api.db.repositories import Repositories
from api.domain.approvals import services
from api.domain.credit.model import EvaluationCause
from api.domain.credit.services import reevaluate
from api.domain.records.model import RecordCategory
from api.domain.subjects.model import SubjectKind
from api.seeding.approval_matters import APPROVAL_MATTERS, ensure_approval_matters
from tests.conftest import TEST_MASTER_KEY
from tests.factories import Factory

runner = CliRunner()
KEYS = Keys.from_master(bytes.fromhex(TEST_MASTER_KEY))


def _setup(url: str) -> str:
    """The catalogue and one fast-tracked commitment of an enterprise; its reference."""

    async def run() -> str:
        engine = create_engine(url)
        now = datetime.now(UTC)
        try:
            async with session_factory(engine)() as session:
                factory = Factory(session, KEYS)
                await ensure_approval_matters(await session.connection())
                window = await create_partner(
                    session, partner_type=PartnerType.REGULATOR, name="市场监管窗口"
                )
                enterprise_id, _ = await factory.enterprise()
                await factory.record(enterprise_id, category=RecordCategory.HONOUR)
                repos = Repositories(session)
                await reevaluate(repos, enterprise_id, now=now, cause=EvaluationCause.SEED)
                signed = await services.sign_commitment(
                    repos,
                    partner_id=window.partner_id,
                    matter_code="SJ-XK-001",
                    subject_id=enterprise_id,
                    kind=SubjectKind.ENTERPRISE,
                    idempotency_key=str(uuid.uuid4()),
                    now=now,
                )
                await session.commit()
                return signed.commitment.reference
        finally:
            await engine.dispose()

    return asyncio.run(run())


def test_matters_due_and_statistics(cli_env: str) -> None:
    reference = _setup(cli_env)
    listed = runner.invoke(app, ["approvals", "matters", "--department", "transport"])
    assert listed.exit_code == 0, listed.output
    assert listed.stdout.splitlines() == [
        "JT-XK-001\ttransport\t20/1\t道路普通货物运输经营许可",
        "JT-XK-002\ttransport\t10/1\t出租汽车驾驶员从业资格注册",
    ]
    every = runner.invoke(app, ["approvals", "matters"])
    assert len(every.stdout.splitlines()) == len(APPROVAL_MATTERS)
    due = runner.invoke(app, ["approvals", "due", "--department", "market_supervision"])
    assert due.exit_code == 0, due.output
    assert [line.split("\t")[:3] for line in due.stdout.splitlines()] == [
        [reference, "SJ-XK-001", "enterprise"]
    ]
    bad = runner.invoke(app, ["approvals", "due", "--department", "x", "--within-days", "999"])
    assert bad.exit_code == 1
    figures = runner.invoke(app, ["approvals", "statistics"])
    assert figures.exit_code == 0, figures.output
    lines = figures.stdout.splitlines()
    assert "market_supervision\t3\t1\t1\t0\t1\t0\t0" in lines
    assert lines[-1] == f"(city)\t{len(APPROVAL_MATTERS)}\t1\t1\t0\t1\t0\t0"
