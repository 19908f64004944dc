"""Village writes under concurrency, on a committed database: two committee members recording
at once never lose an entry, a rule's yearly cap holds under a race, and an entry is corrected
once however many corrections race."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime

import pytest

from api.auth.partners import create_partner
from api.auth.scopes import PartnerType
from api.crypto import Keys
from api.db.engine import create_engine, session_factory
from api.db.uow import UnitOfWork
from api.domain.clock import city_today
from api.domain.errors import DomainError
from api.domain.village import services
from api.domain.village.model import EntryDraft, EntryKind, RecordedEntry
from tests.factories import Factory

pytestmark = pytest.mark.parametrize("scratch_url", ["sqlite", "postgresql"], indirect=True)

NOW = datetime.now(UTC)
TODAY = city_today(NOW)


async def _prepare(url: str, keys: Keys) -> tuple[int, int]:
    """A committee running 余村 (rules: GY-01 +5 capped 20 a year, ZJ-01 +1 uncapped) and one
    household; returns (committee partner id, household id)."""
    engine = create_engine(url)
    try:
        async with session_factory(engine)() as session:
            factory = Factory(session, keys)
            issued = await create_partner(
                session, partner_type=PartnerType.VILLAGE_COMMITTEE, name="余村村委会"
            )
            await factory.village(
                "余村",
                committee_partner_id=issued.partner_id,
                rules=(("GY-01", 5, 20), ("ZJ-01", 1, None)),
            )
            household_id, _ = await factory.household("余村", "001")
            await session.commit()
            return issued.partner_id, household_id
    finally:
        await engine.dispose()


async def _record(url: str, partner_id: int, household_id: int, rule: str) -> RecordedEntry | str:
    """Record one entry in a transaction of its own; the refusal's code if refused."""
    engine = create_engine(url)
    try:
        async with UnitOfWork(session_factory(engine)) as uow:
            try:
                recorded = await services.record_entry(
                    uow.repos.village,
                    services.Actor(partner_id, committee=True),
                    EntryDraft(household_id, rule, EntryKind.POINTS, TODAY, "", None, "委员"),
                    idempotency_key=str(uuid.uuid4()),
                    now=NOW,
                )
            except DomainError as error:
                return error.code.value
            await uow.commit()
            return recorded
    finally:
        await engine.dispose()


async def _correct(url: str, partner_id: int, entry_id: int) -> RecordedEntry | str:
    engine = create_engine(url)
    try:
        async with UnitOfWork(session_factory(engine)) as uow:
            try:
                recorded = await services.correct_entry(
                    uow.repos.village,
                    services.Actor(partner_id, committee=True),
                    entry_id,
                    reason="记错了",
                    recorded_by="委员",
                    idempotency_key=str(uuid.uuid4()),
                    now=NOW,
                )
            except DomainError as error:
                return error.code.value
            await uow.commit()
            return recorded
    finally:
        await engine.dispose()


async def _points(url: str, household_id: int) -> int:
    engine = create_engine(url)
    try:
        async with UnitOfWork(session_factory(engine)) as uow:
            found = await uow.repos.village.file(household_id, TODAY.year, today=TODAY)
            assert found is not None
            return found.code.points
    finally:
        await engine.dispose()


async def test_members_recording_at_once_lose_no_entry(scratch_url: str, keys: Keys) -> None:
    partner_id, household_id = await _prepare(scratch_url, keys)
    outcomes = await asyncio.gather(
        *(_record(scratch_url, partner_id, household_id, "ZJ-01") for _ in range(6))
    )
    assert all(isinstance(o, RecordedEntry) for o in outcomes), outcomes
    assert len({o.entry.id for o in outcomes if isinstance(o, RecordedEntry)}) == 6
    assert await _points(scratch_url, household_id) == 6


async def test_the_yearly_cap_holds_under_a_race(scratch_url: str, keys: Keys) -> None:
    partner_id, household_id = await _prepare(scratch_url, keys)
    outcomes = await asyncio.gather(
        *(_record(scratch_url, partner_id, household_id, "GY-01") for _ in range(7))
    )
    stored = [o for o in outcomes if isinstance(o, RecordedEntry)]
    assert sorted(o.entry.points for o in stored) == [5, 5, 5, 5]
    assert sorted(o for o in outcomes if isinstance(o, str)) == ["RULE_CAP_REACHED"] * 3
    assert await _points(scratch_url, household_id) == 20


async def test_an_entry_is_corrected_once_under_a_race(scratch_url: str, keys: Keys) -> None:
    partner_id, household_id = await _prepare(scratch_url, keys)
    first = await _record(scratch_url, partner_id, household_id, "GY-01")
    assert isinstance(first, RecordedEntry)
    outcomes = await asyncio.gather(
        *(_correct(scratch_url, partner_id, first.entry.id) for _ in range(4))
    )
    assert sum(isinstance(o, RecordedEntry) for o in outcomes) == 1
    assert sorted(o for o in outcomes if isinstance(o, str)) == ["ALREADY_CORRECTED"] * 3
    assert await _points(scratch_url, household_id) == 0
