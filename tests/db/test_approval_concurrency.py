"""信易批 under concurrency, on a committed database: one fast track per subject and matter
however many signings race, one commitment per idempotency key, and one outcome (one credit
record) however many verifications race."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from api.auth.partners import create_partner
from api.auth.scopes import PartnerType
from api.crypto import Keys
from api.db.engine import create_engine, session_factory
from api.db.repositories import Repositories
from api.db.tables import metadata
from api.db.uow import UnitOfWork
from api.domain.approvals import services
from api.domain.credit.model import EvaluationCause
from api.domain.credit.services import reevaluate
from api.domain.errors import DomainError
from api.domain.records.model import RecordCategory, Severity
from api.domain.subjects.model import SubjectKind
from api.seeding.approval_matters import ensure_approval_matters
from tests.factories import Factory

pytestmark = pytest.mark.parametrize("scratch_url", ["sqlite", "postgresql"], indirect=True)

NOW = datetime.now(UTC)
MATTER = "SJ-XK-001"
COMMITMENTS = metadata.tables["approval_commitments"]
RECORDS = metadata.tables["credit_records"]


async def _prepare(url: str, keys: Keys) -> tuple[int, int]:
    """The catalogue, a regulator, and an evaluated enterprise in good standing."""
    engine = create_engine(url)
    try:
        async with session_factory(engine)() as session:
            factory = Factory(session, keys)
            await ensure_approval_matters(await session.connection())
            await factory.department("market_supervision")
            issued = await create_partner(
                session, partner_type=PartnerType.REGULATOR, name="湖州市市场监督管理局"
            )
            enterprise_id, _ = await factory.enterprise()
            await factory.record(enterprise_id, category=RecordCategory.HONOUR)
            await reevaluate(
                Repositories(session), enterprise_id, now=NOW, cause=EvaluationCause.SEED
            )
            await session.commit()
            return issued.partner_id, enterprise_id
    finally:
        await engine.dispose()


async def _sign(url: str, partner_id: int, subject_id: int, key: str) -> str:
    """Sign in a transaction of its own: the reference (``replay:`` if replayed) or the code."""
    engine = create_engine(url)
    try:
        async with UnitOfWork(session_factory(engine)) as uow:
            try:
                signed = await services.sign_commitment(
                    uow.repos,
                    partner_id=partner_id,
                    matter_code=MATTER,
                    subject_id=subject_id,
                    kind=SubjectKind.ENTERPRISE,
                    idempotency_key=key,
                    now=NOW,
                )
            except DomainError as error:
                return error.code.value
            await uow.commit()
            prefix = "replay:" if signed.replayed else ""
            return prefix + signed.commitment.reference
    finally:
        await engine.dispose()


async def _verify(url: str, partner_id: int, reference: str) -> str:
    """Record a broken outcome in a transaction of its own: the status, or the code."""
    engine = create_engine(url)
    try:
        async with UnitOfWork(session_factory(engine)) as uow:
            try:
                verified = await services.record_outcome(
                    uow.repos,
                    partner_id=partner_id,
                    reference=reference,
                    department_code="market_supervision",
                    severity=Severity.GENERAL,
                    summary="核查不符",
                    idempotency_key=str(uuid.uuid4()),
                    now=NOW,
                )
            except DomainError as error:
                return error.code.value
            await uow.commit()
            return verified.commitment.status.value
    finally:
        await engine.dispose()


async def _count(url: str, table: str, subject_id: int) -> int:
    engine = create_engine(url)
    try:
        async with engine.connect() as connection:
            target = metadata.tables[table]
            result = await connection.execute(
                select(func.count()).where(target.c.subject_id == subject_id)
            )
            return int(result.scalar_one())
    finally:
        await engine.dispose()


async def test_one_fast_track_however_many_signings_race(scratch_url: str, keys: Keys) -> None:
    partner_id, enterprise_id = await _prepare(scratch_url, keys)
    outcomes = await asyncio.gather(
        *(_sign(scratch_url, partner_id, enterprise_id, str(uuid.uuid4())) for _ in range(5))
    )
    granted = [o for o in outcomes if o.startswith("XYP-")]
    assert len(granted) == 1, outcomes
    assert sorted(o for o in outcomes if not o.startswith("XYP-")) == ["COMMITMENT_PENDING"] * 4
    assert await _count(scratch_url, "approval_commitments", enterprise_id) == 1


async def test_one_commitment_per_key_under_a_race(scratch_url: str, keys: Keys) -> None:
    partner_id, enterprise_id = await _prepare(scratch_url, keys)
    key = str(uuid.uuid4())
    outcomes = await asyncio.gather(
        *(_sign(scratch_url, partner_id, enterprise_id, key) for _ in range(4))
    )
    references = {o.removeprefix("replay:") for o in outcomes}
    assert len(references) == 1, outcomes
    assert sum(not o.startswith("replay:") for o in outcomes) == 1, outcomes
    assert await _count(scratch_url, "approval_commitments", enterprise_id) == 1


async def test_an_outcome_is_recorded_once_under_a_race(scratch_url: str, keys: Keys) -> None:
    partner_id, enterprise_id = await _prepare(scratch_url, keys)
    reference = await _sign(scratch_url, partner_id, enterprise_id, str(uuid.uuid4()))
    assert reference.startswith("XYP-")
    records_before = await _count(scratch_url, "credit_records", enterprise_id)
    outcomes = await asyncio.gather(
        *(_verify(scratch_url, partner_id, reference) for _ in range(4))
    )
    assert sorted(outcomes) == ["COMMITMENT_NOT_PENDING"] * 3 + ["broken"], outcomes
    assert await _count(scratch_url, "credit_records", enterprise_id) == records_before + 1
