"""Intake under concurrency, on a committed database: one record per key, no lost evaluation."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime, timedelta

import pytest

from api.auth.partners import create_partner
from api.auth.scopes import PartnerType
from api.crypto import Keys
from api.db.engine import create_engine, session_factory
from api.db.uow import UnitOfWork
from api.domain.credit import services
from api.domain.credit.errors import ConflictError
from api.domain.credit.model import IntakeOutcome, RecordIntake
from api.domain.records.model import RecordCategory, Severity
from api.domain.subjects.model import SubjectKind
from tests.factories import Factory

pytestmark = pytest.mark.parametrize("scratch_url", ["sqlite", "postgresql"], indirect=True)

NOW = datetime.now(UTC)


async def _prepare(url: str, keys: Keys) -> tuple[int, int]:
    engine = create_engine(url)
    try:
        async with session_factory(engine)() as session:
            factory = Factory(session, keys)
            await factory.department("market")
            subject_id, _ = await factory.enterprise(tax_grade=None)
            issued = await create_partner(
                session, partner_type=PartnerType.REGULATOR, name="Market regulator"
            )
            await session.commit()
            return subject_id, issued.partner_id
    finally:
        await engine.dispose()


def _intake(subject_id: int, summary: str) -> RecordIntake:
    return RecordIntake(
        subject_id=subject_id,
        subject_kind=SubjectKind.ENTERPRISE,
        department_code="market",
        category=RecordCategory.PENALTY,
        severity=Severity.GENERAL,
        occurred_at=NOW - timedelta(days=1),
        publicity_until=None,
        summary=summary,
    )


async def _record(
    url: str, subject_id: int, partner_id: int, key: str, summary: str
) -> IntakeOutcome | None:
    engine = create_engine(url)
    try:
        async with UnitOfWork(session_factory(engine)) as uow:
            try:
                outcome = await services.record_fact(
                    uow.repos,
                    _intake(subject_id, summary),
                    partner_id=partner_id,
                    idempotency_key=key,
                    now=NOW,
                )
            except ConflictError:
                return None
            await uow.commit()
            return outcome
    finally:
        await engine.dispose()


async def test_concurrent_retries_create_one_record(scratch_url: str, keys: Keys) -> None:
    subject_id, partner_id = await _prepare(scratch_url, keys)
    key = str(uuid.uuid4())
    outcomes = await asyncio.gather(
        *(_record(scratch_url, subject_id, partner_id, key, "same fact") for _ in range(6))
    )
    done = [o for o in outcomes if o is not None]
    assert done, "at least the first request completes"
    assert len({o.record.id for o in done}) == 1
    assert sum(not o.replayed for o in done) == 1
    # A conflicting retry (first still running) is safe to repeat: it now replays.
    again = await _record(scratch_url, subject_id, partner_id, key, "same fact")
    assert again is not None
    assert again.replayed
    assert again.record.id == done[0].record.id
    assert again.evaluation is not None
    assert again.evaluation.evaluation.score == 620


async def test_concurrent_facts_about_one_subject_all_count(scratch_url: str, keys: Keys) -> None:
    subject_id, partner_id = await _prepare(scratch_url, keys)
    outcomes = await asyncio.gather(
        *(
            _record(scratch_url, subject_id, partner_id, str(uuid.uuid4()), f"fact {n}")
            for n in range(4)
        )
    )
    assert all(o is not None and not o.replayed for o in outcomes)
    latest = await _record(scratch_url, subject_id, partner_id, str(uuid.uuid4()), "fact 5")
    assert latest is not None
    assert latest.evaluation is not None
    # Five fresh general penalties: 700 - 5 x 80, whatever order the transactions ran in.
    assert latest.evaluation.evaluation.score == 300
