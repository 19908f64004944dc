"""The bulk worker on SQLite and PostgreSQL: pages through the real schema into JSON Lines.

Root nodes and their nested connections' nodes (with ``__parentId``) become one line each,
``objectCount`` and ``fileSize`` are exact, a nested connection longer than a page is read to
its end, a cancel stops it before its next page, a disabled partner's fails, and an
operation whose worker died is resumed (or failed when its file is gone) once its lease has
passed.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import orjson
import pytest
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from api.auth.partners import create_partner
from api.auth.scopes import SCOPES_BY_TYPE, PartnerType
from api.bulk.runner import BulkRunner
from api.crypto import Keys
from api.db.bulk_jobs import (
    OPERATIONS,
    PARTNERS,
    Verdict,
    claim_bulk_operation,
    finish_bulk_operation,
    record_progress,
)
from api.db.repositories import Repositories
from api.domain.bulk import services
from api.domain.bulk.model import BulkFailure, BulkOperation, BulkOperationStatus, BulkRequester
from api.graphql.bulk import documents as bulk_documents
from api.graphql.schema import schema
from tests.factories import Factory

EXPORT = (
    "{ enterprises(first: 1) { edges { node { id name "
    "creditRecords(first: 1) { nodes { id summary } } } } } }"
)
LEASE = timedelta(minutes=2)


async def _start(session: AsyncSession, query: str = EXPORT) -> tuple[BulkOperation, int]:
    """A regulator's CREATED operation (the regulator made now)."""
    created = await create_partner(
        session, partner_type=PartnerType.REGULATOR, name="Bulk regulator"
    )
    requester = BulkRequester(
        partner_id=created.partner_id,
        partner_type="regulator",
        client_id=created.client_id,
        token_id="token-1",
        scopes=tuple(sorted(s.value for s in SCOPES_BY_TYPE[PartnerType.REGULATOR])),
        request_id="test",
    )
    operation = await services.start_bulk_operation(
        Repositories(session),
        requester=requester,
        query=query,
        root_field="enterprises",
        document_id=None,
        now=datetime.now(UTC),
    )
    await session.commit()
    return operation, created.partner_id


async def _register(factory: Factory) -> dict[int, list[int]]:
    """Three enterprises with 3, 0 and 2 records: their ids and their records' ids."""
    made: dict[int, list[int]] = {}
    for count in (3, 0, 2):
        enterprise_id, _ = await factory.enterprise()
        made[enterprise_id] = [
            await factory.record(enterprise_id, summary=f"record {n}") for n in range(count)
        ]
    await factory.session.commit()
    return made


def _runner(
    sessions: async_sessionmaker[AsyncSession], keys: Keys, directory: Path, **kwargs: Any
) -> BulkRunner:
    return BulkRunner(sessions, keys, schema, directory, page_size=2, **kwargs)


def _lines(path: Path) -> list[dict[str, Any]]:
    return [orjson.loads(line) for line in path.read_bytes().splitlines()]


async def test_every_enterprise_and_record_is_one_line_with_its_parent(
    sessions: async_sessionmaker[AsyncSession],
    session: AsyncSession,
    factory: Factory,
    keys: Keys,
    tmp_path: Path,
) -> None:
    made = await _register(factory)
    operation, partner_id = await _start(session)
    runner = _runner(sessions, keys, tmp_path)

    outcome = await runner.run_next()

    assert outcome is not None
    assert outcome.status is BulkOperationStatus.COMPLETED
    path = runner.path_of(operation.id)
    lines = _lines(path)
    roots = [line for line in lines if "__parentId" not in line]
    children = [line for line in lines if "__parentId" in line]
    assert len(roots) == 3
    assert len(children) == 5
    assert outcome.object_count == 8
    assert outcome.file_size == path.stat().st_size
    assert all(set(root) == {"id", "name"} for root in roots)
    by_parent: dict[str, list[str]] = {}
    for child in children:
        assert set(child) == {"id", "summary", "__parentId"}
        by_parent.setdefault(child["__parentId"], []).append(child["summary"])
    # Each record line follows its enterprise's line and names it.
    counts = sorted(len(records) for records in made.values() if records)
    assert sorted(len(v) for v in by_parent.values()) == counts
    assert set(by_parent) <= {root["id"] for root in roots}

    found = await Repositories(session).bulk_operations.get(operation.id, partner_id)
    assert found is not None
    assert found.status is BulkOperationStatus.COMPLETED
    assert (found.object_count, found.file_size) == (8, path.stat().st_size)
    events = await Repositories(session).bulk_operations.events(operation.id)
    assert [event for event, _ in events] == ["STARTED", "COMPLETED"]
    assert await runner.run_next() is None


async def test_a_nested_connection_longer_than_a_page_is_read_to_its_end(
    sessions: async_sessionmaker[AsyncSession],
    session: AsyncSession,
    factory: Factory,
    keys: Keys,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(bulk_documents, "NESTED_PAGE", 2)
    enterprise_id, _ = await factory.enterprise()
    records = [await factory.record(enterprise_id, summary=f"r{n}") for n in range(5)]
    await factory.session.commit()
    operation, _ = await _start(
        session, "{ enterprises { nodes { name creditRecords { edges { node { summary } } } } } }"
    )
    runner = _runner(sessions, keys, tmp_path)

    outcome = await runner.run_next()

    assert outcome is not None
    assert outcome.status is BulkOperationStatus.COMPLETED
    lines = _lines(runner.path_of(operation.id))
    [root] = [line for line in lines if "__parentId" not in line]
    assert set(root) == {"id", "name"}  # the id is kept: the children name it
    children = [line for line in lines if "__parentId" in line]
    assert sorted(child["summary"] for child in children) == [f"r{n}" for n in range(5)]
    assert {child["__parentId"] for child in children} == {root["id"]}
    assert outcome.object_count == 1 + len(records)


async def test_a_cancel_stops_the_run_before_its_next_page(
    sessions: async_sessionmaker[AsyncSession],
    session: AsyncSession,
    factory: Factory,
    keys: Keys,
    tmp_path: Path,
) -> None:
    await _register(factory)
    operation, partner_id = await _start(session)
    claimed = await claim_bulk_operation(sessions, now=datetime.now(UTC), lease=LEASE)
    assert claimed is not None
    assert claimed.id == operation.id
    await session.execute(
        update(OPERATIONS).where(OPERATIONS.c.id == operation.id).values(cancel_requested=True)
    )
    await session.commit()

    outcome = await _runner(sessions, keys, tmp_path).run(claimed)

    # Checked before each page (the same check as after each): nothing more is read.
    assert (outcome.status, outcome.object_count) == (BulkOperationStatus.CANCELED, 0)
    found = await Repositories(session).bulk_operations.get(operation.id, partner_id)
    assert found is not None
    assert found.status is BulkOperationStatus.CANCELED


async def test_an_operation_whose_worker_died_is_resumed_after_its_lease(
    sessions: async_sessionmaker[AsyncSession],
    session: AsyncSession,
    factory: Factory,
    keys: Keys,
    tmp_path: Path,
) -> None:
    await _register(factory)
    operation, _ = await _start(session)
    then = datetime.now(UTC) - timedelta(minutes=10)
    dead = await claim_bulk_operation(sessions, now=then, lease=LEASE)
    assert dead is not None
    assert not dead.resumed
    runner = _runner(sessions, keys, tmp_path)
    # Half a line from the dead worker, never counted: a resume cuts it away.
    runner.path_of(operation.id).write_bytes(b'{"id": "half a li')

    outcome = await runner.run_next()

    assert outcome is not None
    assert outcome.status is BulkOperationStatus.COMPLETED
    assert outcome.object_count == 8
    assert len(_lines(runner.path_of(operation.id))) == 8


async def test_a_running_operation_is_not_claimed_while_its_lease_holds(
    sessions: async_sessionmaker[AsyncSession],
    session: AsyncSession,
    keys: Keys,
    tmp_path: Path,
) -> None:
    await _start(session)
    now = datetime.now(UTC)
    assert await claim_bulk_operation(sessions, now=now, lease=LEASE) is not None
    assert await claim_bulk_operation(sessions, now=now + LEASE / 2, lease=LEASE) is None
    again = await claim_bulk_operation(sessions, now=now + LEASE * 2, lease=LEASE)
    assert again is not None
    assert again.resumed


async def test_a_resumed_operation_whose_file_is_gone_fails(
    sessions: async_sessionmaker[AsyncSession],
    session: AsyncSession,
    factory: Factory,
    keys: Keys,
    tmp_path: Path,
) -> None:
    await _register(factory)
    operation, partner_id = await _start(session)
    then = datetime.now(UTC) - timedelta(minutes=10)
    assert await claim_bulk_operation(sessions, now=then, lease=LEASE) is not None
    await session.execute(
        update(OPERATIONS)
        .where(OPERATIONS.c.id == operation.id)
        .values(object_count=4, file_size=300, resume_cursor=None)
    )
    await session.commit()

    outcome = await _runner(sessions, keys, tmp_path).run_next()

    assert outcome is not None
    assert outcome.status is BulkOperationStatus.FAILED
    found = await Repositories(session).bulk_operations.get(operation.id, partner_id)
    assert found is not None
    assert (found.status, found.error_code) == (BulkOperationStatus.FAILED, BulkFailure.WORKER_LOST)


async def test_a_disabled_partners_operation_reads_nothing_and_fails(
    sessions: async_sessionmaker[AsyncSession],
    session: AsyncSession,
    factory: Factory,
    keys: Keys,
    tmp_path: Path,
) -> None:
    await _register(factory)
    operation, partner_id = await _start(session)
    await session.execute(
        update(PARTNERS).where(PARTNERS.c.id == partner_id).values(status="disabled")
    )
    await session.commit()
    runner = _runner(sessions, keys, tmp_path)

    outcome = await runner.run_next()

    assert outcome is not None
    assert (outcome.status, outcome.object_count) == (BulkOperationStatus.FAILED, 0)
    assert runner.path_of(operation.id).read_bytes() == b""
    found = await Repositories(session).bulk_operations.get(operation.id, partner_id)
    assert found is not None
    assert found.error_code is BulkFailure.ACCESS_DENIED


async def test_a_worker_whose_lease_was_taken_over_writes_nothing_more(
    sessions: async_sessionmaker[AsyncSession], session: AsyncSession
) -> None:
    operation, partner_id = await _start(session)
    then = datetime.now(UTC) - timedelta(minutes=10)
    slow = await claim_bulk_operation(sessions, now=then, lease=LEASE)
    assert slow is not None
    now = datetime.now(UTC)
    taken = await claim_bulk_operation(sessions, now=now, lease=LEASE)
    assert taken is not None
    assert taken.resumed

    verdict, _ = await record_progress(
        sessions,
        operation.id,
        object_count=99,
        file_size=999,
        cursor=None,
        now=now,
        lease=LEASE,
        held=slow.lease_until,
    )
    assert verdict is Verdict.LOST
    ended = await finish_bulk_operation(
        sessions,
        operation.id,
        status=BulkOperationStatus.COMPLETED,
        now=now,
        object_count=99,
        file_size=999,
        held=slow.lease_until,
    )
    assert ended is False
    found = await Repositories(session).bulk_operations.get(operation.id, partner_id)
    assert found is not None
    assert (found.status, found.object_count) == (BulkOperationStatus.RUNNING, 0)
    verdict, _ = await record_progress(
        sessions,
        operation.id,
        object_count=1,
        file_size=10,
        cursor=None,
        now=now,
        lease=LEASE,
        held=taken.lease_until,
    )
    assert verdict is Verdict.GO_ON
