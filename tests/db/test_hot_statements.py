"""Hot statements (api/db/hot.py) send SQLAlchemy's own SQL and read back the same rows.

On PostgreSQL the gate runs them on the asyncpg connection (inside the test's transaction
here, and in autocommit as the app's queries do); on SQLite through the session. Either way
the SQL text, the arguments' effect and the rows must equal what ``session.execute`` gives.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, date, datetime
from typing import Any

import pytest
from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from api.crypto import Keys
from api.db import migrate
from api.db.engine import create_engine, read_only_engine, session_factory
from api.db.hot import HotStatement
from api.db.repositories import gate as gate_module
from api.db.repositories.gate import SessionGate
from api.db.repositories.records import _PAGES_AFTER, _PAGES_FIRST
from api.db.repositories.subjects import _BY_USCC, EnterpriseRepository
from api.domain.paging import PageRequest
from api.domain.records.model import RecordCategory, Severity
from api.domain.subjects.model import District, SizeClass
from api.domain.subjects.queries import EnterpriseFilter, EnterpriseOrder
from tests.conftest import create_scratch_database, drop_scratch_database, postgres_url
from tests.factories import Factory


async def _seed(factory: Factory) -> tuple[list[int], list[str]]:
    ids, usccs = [], []
    for i in range(4):
        subject_id, uscc = await factory.enterprise(
            district=[District.WUXING, District.ANJI][i % 2], size_class=SizeClass.SMALL
        )
        ids.append(subject_id)
        usccs.append(uscc)
        for j in range(i + 1):
            await factory.record(
                subject_id,
                category=[RecordCategory.HONOUR, RecordCategory.PENALTY][j % 2],
                severity=[None, Severity.SERIOUS][j % 2],
                occurred_at=datetime(2026, 3, 1 + j, 8, 30, tzinfo=UTC),
                publicity_until=[None, date(2031, 5, 6)][j % 2],
            )
    return ids, usccs


def _cases(ids: list[int], usccs: list[str]) -> list[tuple[HotStatement, dict[str, Any]]]:
    today = date(2026, 11, 26)
    spec = EnterpriseFilter(districts=(District.WUXING,), size_classes=(SizeClass.SMALL,))
    page = EnterpriseRepository(None).page_statement  # type: ignore[arg-type]  # builds, never runs
    return [
        (_BY_USCC, {"uscc": usccs[1]}),
        (_BY_USCC, {"uscc": "91350100M000100Y43"}),
        (HotStatement(page(spec, EnterpriseOrder.ID, PageRequest(first=2))), {}),
        (HotStatement(page(EnterpriseFilter(), EnterpriseOrder.NAME, PageRequest(first=3))), {}),
        (_PAGES_FIRST, {"subject_ids": ids[:1], "today": today, "limit": 3}),
        (_PAGES_FIRST, {"subject_ids": ids, "today": today, "limit": 2}),
        (
            _PAGES_AFTER,
            {
                "subject_ids": ids,
                "today": today,
                "limit": 3,
                "at": datetime(2026, 3, 3, 8, 30, tzinfo=UTC),
                "last_id": 10**12,
            },
        ),
    ]


async def _compare(
    session: AsyncSession,
    cases: list[tuple[HotStatement, dict[str, Any]]],
    monkeypatch: pytest.MonkeyPatch,
) -> int:
    """Assert the gate and ``session.execute`` agree; how many statements went to the driver."""
    sent: list[str] = []
    raw: list[str] = []
    fetch = gate_module._fetch

    async def counting(*args: Any) -> Any:
        raw.append("raw")
        return await fetch(*args)

    monkeypatch.setattr(gate_module, "_fetch", counting)

    def record(_conn: Any, _cursor: Any, statement: str, *_rest: Any) -> None:
        sent.append(statement)

    sync_engine = session.get_bind().engine
    event.listen(sync_engine, "before_cursor_execute", record)
    gate = SessionGate(session)
    try:
        for hot, params in cases:
            sent.clear()
            expected = [tuple(row) for row in await session.execute(hot.statement, dict(params))]
            expected_sql = list(sent)
            sent.clear()
            got = [tuple(row) for row in await gate.rows(hot, params)]
            assert got == expected
            assert [type(v) for row in got for v in row] == [
                type(v) for row in expected for v in row
            ]
            assert sent == expected_sql
            first = await gate.row(hot, params)
            assert (tuple(first) if first is not None else None) == (
                expected[0] if expected else None
            )
    finally:
        event.remove(sync_engine, "before_cursor_execute", record)
    return len(raw)


async def test_hot_statements_match_the_session_in_a_transaction(
    session: AsyncSession, factory: Factory, backend: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids, usccs = await _seed(factory)
    raw = await _compare(session, _cases(ids, usccs), monkeypatch)
    if backend == "postgresql":
        assert raw == 14  # every case went to the driver connection (rows, then row)
    else:
        assert raw == 0  # SQLite: through the session


@pytest.fixture
async def pg_engine(keys: Keys) -> AsyncIterator[AsyncEngine]:
    """A migrated scratch PostgreSQL database with committed rows."""
    admin = postgres_url()
    url = await create_scratch_database(admin)
    engine = create_engine(url)
    await migrate.upgrade(engine)
    yield engine
    await engine.dispose()
    await drop_scratch_database(admin, url)


async def test_hot_statements_match_the_session_in_autocommit(
    pg_engine: AsyncEngine, keys: Keys, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with session_factory(pg_engine)() as writer:
        ids, usccs = await _seed(Factory(writer, keys))
        await writer.commit()
    async with session_factory(read_only_engine(pg_engine))() as reader:
        raw = await _compare(reader, _cases(ids, usccs), monkeypatch)
        connection = (await reader.connection()).sync_connection
        assert connection is not None
        driver = connection.connection.driver_connection
        assert driver is not None
        assert not driver.is_in_transaction()
    assert raw == 14
