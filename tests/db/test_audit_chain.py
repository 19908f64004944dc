"""The audit chain: appends are one INSERT; a sealer chains the rows of each day later, in
order of id; tampering is found, and the triggers let only a seal update a row."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, insert, text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, AsyncSession, async_sessionmaker

from api.db import migrate
from api.db.audit_seal import seal_audit_chain
from api.db.engine import create_engine, read_only_engine, session_factory
from api.db.repositories import Repositories
from api.db.repositories.audit import AUDIT, AuditRepository, audit_columns
from api.db.repositories.gate import SessionGate
from api.domain.audit.chain import ChainBreak, ColumnValue, chain_day, genesis, link, verify_day
from api.domain.audit.model import AuditRecord
from api.domain.consent.model import AccessOutcome, ConsentPermission, DenialReason, Purpose
from api.domain.subjects.model import SubjectKind
from tests.conftest import create_scratch_database, drop_scratch_database, postgres_url
from tests.factories import NOW

DAY = chain_day(NOW)
#: Far enough after every test row that all are due, with the default horizon.
LATER = datetime.now(UTC) + timedelta(days=1)
HORIZON = timedelta(seconds=60)


def record(minutes: int = 0, **changes: Any) -> AuditRecord:
    """An audit record ``minutes`` after NOW, with any field changed."""
    values: dict[str, Any] = {
        "occurred_at": NOW + timedelta(minutes=minutes),
        "request_id": f"req-{minutes}",
        "partner_id": 1,
        "partner_type": "regulator",
        "client_id": "cp_x",
        "token_id": None,
        "subject_kind": SubjectKind.PERSON,
        "subject_hash": bytes([minutes % 256]) * 32,
        "fields": ("creditRecords", "name"),
        "purpose": Purpose.CREDIT_SUPERVISION,
        "permission": ConsentPermission.READ_CREDIT_RECORDS,
        "code_id": None,
        "consent_id": None,
        "outcome": AccessOutcome.ALLOWED,
        "reason": None,
    }
    values.update(changes)
    return AuditRecord(**values)


async def check(audit: AuditRepository, day: date) -> ChainBreak | None:
    """Verify one day's chain as the command line does."""
    rows = [row async for row in audit.chained_rows(day)]
    return verify_day(day, rows, await audit.chain_head(day))


async def chain(session: AsyncSession, day: date) -> list[tuple[int, int, bytes, bytes]]:
    """The day's rows as (id, place, previous hash, hash), in chain order."""
    result = await session.execute(
        text(
            "SELECT id, chain_seq, prev_hash, row_hash FROM audit_log WHERE chain_day = :d "
            "ORDER BY chain_seq, id"
        ),
        {"d": day},
    )
    return [(r[0], r[1], bytes(r[2]), bytes(r[3])) for r in result]


async def seal(sessions: async_sessionmaker[AsyncSession], now: datetime = LATER) -> int:
    """One sealing round with the default horizon: how many rows it sealed."""
    return (await seal_audit_chain(sessions, now, HORIZON)).sealed


async def tamper(session: AsyncSession, backend: str, statement: str, row_id: int) -> None:
    """Run ``statement`` past the append-only triggers, as a superuser could."""
    if backend == "postgresql":
        await session.execute(text("SET LOCAL session_replication_role = replica"))
        await session.execute(text(statement), {"id": row_id})
        await session.execute(text("SET LOCAL session_replication_role = origin"))
        return
    triggers = (
        await session.execute(
            text(
                "SELECT name, sql FROM sqlite_master"
                " WHERE type = 'trigger' AND tbl_name = 'audit_log'"
            )
        )
    ).all()
    assert len(triggers) == 2
    for name, _ in triggers:
        await session.execute(text(f"DROP TRIGGER {name}"))
    await session.execute(text(statement), {"id": row_id})
    for _, sql in triggers:
        await session.execute(text(sql))


async def test_an_append_is_one_insert_and_leaves_the_row_unsealed(
    scratch_url: str,
) -> None:
    """The append path runs exactly one statement, an INSERT, in transactions and autocommit."""
    engine = create_engine(scratch_url)
    statements: list[str] = []

    def seen(conn: object, cursor: object, statement: str, *args: object) -> None:
        """Record each statement sent to the database."""
        statements.append(statement)

    try:
        for factory in (session_factory(engine), session_factory(read_only_engine(engine))):
            async with factory() as session:
                await session.execute(text("SELECT 1"))  # any BEGIN happens here, not below
                repos = Repositories(session)
                event.listen(engine.sync_engine, "before_cursor_execute", seen)
                try:
                    await repos.audit.append(record(1))
                finally:
                    event.remove(engine.sync_engine, "before_cursor_execute", seen)
                await session.commit()
                await repos.close()
            assert len(statements) == 1, statements
            assert statements.pop().lstrip().upper().startswith("INSERT INTO AUDIT_LOG")
        async with session_factory(engine)() as session:
            unsealed = await session.scalar(
                text(
                    "SELECT count(*) FROM audit_log WHERE chain_day IS NULL AND chain_seq IS NULL"
                    " AND prev_hash IS NULL AND row_hash IS NULL"
                )
            )
            assert unsealed == 2
            assert await session.scalar(text("SELECT count(*) FROM audit_chain_heads")) == 0
    finally:
        await engine.dispose()


async def test_sealing_chains_each_day_in_order_of_id(
    session: AsyncSession, store: Repositories, sessions: async_sessionmaker[AsyncSession]
) -> None:
    """Places 1, 2, 3 per day; the first chains to the genesis, each next to the one before."""
    next_day = NOW + timedelta(days=1)
    for minutes in (1, 2, 3):
        await store.audit.append(record(minutes))
    await store.audit.append(record(24 * 60))
    denied = record(
        4, outcome=AccessOutcome.DENIED, reason=DenialReason.CODE_INVALID, subject_hash=None,
        subject_kind=None,
    )  # fmt: skip
    await store.audit.append(denied)
    assert await chain(session, DAY) == []
    assert await seal(sessions) == 5
    assert await seal(sessions) == 0

    rows = await chain(session, DAY)
    assert [r[1] for r in rows] == [1, 2, 3, 4]
    assert [r[0] for r in rows] == sorted(r[0] for r in rows)
    previous = genesis(DAY)
    for (_, _, prev_hash, row_hash), stored in zip(
        rows, [record(1), record(2), record(3), denied], strict=True
    ):
        assert prev_hash == previous
        assert row_hash == link(previous, DAY, audit_columns(stored))
        previous = row_hash
    head = await store.audit.chain_head(DAY)
    assert head is not None
    assert (head.last_seq, head.last_hash) == (4, rows[-1][3])
    other = await chain(session, chain_day(next_day))
    assert [(r[1], r[2]) for r in other] == [(1, genesis(chain_day(next_day)))]
    assert await check(store.audit, DAY) is None
    assert await check(store.audit, chain_day(next_day)) is None
    assert await store.audit.chain_days(None, None) == [DAY, chain_day(next_day)]
    assert await store.audit.chain_days(chain_day(next_day), None) == [chain_day(next_day)]


async def test_rows_younger_than_the_horizon_wait(
    session: AsyncSession, store: Repositories, sessions: async_sessionmaker[AsyncSession]
) -> None:
    """Only rows that happened before now minus the horizon are sealed; the rest next time."""
    for minutes in (1, 2, 3):
        await store.audit.append(record(minutes))
    assert await seal(sessions, NOW + timedelta(minutes=3, seconds=30)) == 2
    assert [r[1] for r in await chain(session, DAY)] == [1, 2]
    count, oldest = await store.audit.unsealed_before(LATER, None, None)
    assert count == 1
    assert oldest is not None
    assert await store.audit.unsealed_before(NOW + timedelta(minutes=3), None, None) == (0, None)
    assert await seal(sessions) == 1
    assert [r[1] for r in await chain(session, DAY)] == [1, 2, 3]
    assert await check(store.audit, DAY) is None


async def test_a_late_row_is_chained_at_the_end_with_a_warning(
    session: AsyncSession,
    store: Repositories,
    sessions: async_sessionmaker[AsyncSession],
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A row with a lower id committed after later rows were sealed is covered, not skipped."""
    base = 1_000_000_000
    for offset, minutes in ((1, 1), (3, 3)):
        await session.execute(
            insert(AUDIT).values(id=base + offset, **audit_columns(record(minutes)))
        )
    assert await seal(sessions) == 2
    # A transaction open longer than the horizon commits its row (a lower id) only now.
    await session.execute(insert(AUDIT).values(id=base + 2, **audit_columns(record(2))))
    with caplog.at_level(logging.WARNING, logger="api.audit.seal"):
        report = await seal_audit_chain(sessions, LATER, HORIZON)
    assert (report.sealed, report.late) == (1, 1)
    assert f"ids {base + 2}" in caplog.text
    rows = await chain(session, DAY)
    assert [(r[0], r[1]) for r in rows] == [(base + 1, 1), (base + 3, 2), (base + 2, 3)]
    assert await check(store.audit, DAY) is None
    head = await store.audit.chain_head(DAY)
    assert head is not None
    assert head.last_seq == 3


def test_the_hash_covers_every_column_and_the_day() -> None:
    """Changing any column, the day or the previous hash changes the row's hash."""
    columns: dict[str, ColumnValue] = {
        "occurred_at": NOW, "request_id": "r", "partner_id": 1, "partner_type": "bank",
        "client_id": "c", "token_id": None, "subject_kind": "person",
        "subject_hash": b"\x01" * 32, "fields": "name", "purpose": "credit_loan",
        "permission": "READ_IDENTITY", "code_id": None, "consent_id": None,
        "outcome": "ALLOWED", "reason": None,
    }  # fmt: skip
    base = link(genesis(DAY), DAY, columns)
    assert link(genesis(DAY), DAY, dict(columns)) == base
    assert link(genesis(DAY), DAY + timedelta(days=1), columns) != base
    assert link(b"\x00" * 32, DAY, columns) != base
    changed: dict[str, ColumnValue] = {
        "occurred_at": NOW + timedelta(microseconds=1), "request_id": "s", "partner_id": 2,
        "partner_type": "hospital", "client_id": "d", "token_id": "t",
        "subject_kind": "enterprise", "subject_hash": b"\x02" * 32, "fields": "name x",
        "purpose": "green_loan_matching", "permission": "READ_EVALUATION", "code_id": "k",
        "consent_id": "c", "outcome": "DENIED", "reason": "CODE_INVALID",
    }  # fmt: skip
    for name, value in changed.items():
        assert link(genesis(DAY), DAY, {**columns, name: value}) != base, name
    assert genesis(DAY) != genesis(DAY + timedelta(days=1))


async def test_verify_finds_a_changed_row(
    session: AsyncSession,
    store: Repositories,
    backend: str,
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    """An edited purpose (triggers lifted, as a superuser could) breaks that row's hash."""
    for minutes in (1, 2, 3):
        await store.audit.append(record(minutes))
    await seal(sessions)
    rows = await chain(session, DAY)
    await tamper(
        session, backend, "UPDATE audit_log SET purpose = 'credit_loan' WHERE id = :id", rows[1][0]
    )
    broken = await check(store.audit, DAY)
    assert broken is not None
    assert broken.row_id == rows[1][0]
    assert str(broken) == f"{DAY.isoformat()}: row {rows[1][0]} changed: its hash does not match it"


@pytest.mark.parametrize("which", [0, 1, 2])
async def test_verify_finds_a_deleted_row(
    session: AsyncSession,
    store: Repositories,
    backend: str,
    which: int,
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    """Removing the first, a middle or the last row of a day is found."""
    for minutes in (1, 2, 3):
        await store.audit.append(record(minutes))
    await seal(sessions)
    rows = await chain(session, DAY)
    await tamper(session, backend, "DELETE FROM audit_log WHERE id = :id", rows[which][0])
    broken = await check(store.audit, DAY)
    assert broken is not None
    assert "missing" in broken.reason
    if which < 2:
        assert broken.row_id == rows[which + 1][0]
    else:
        assert broken.reason == f"1 row(s) missing at the end after row {rows[1][0]}"


async def test_verify_finds_an_inserted_row(
    session: AsyncSession, store: Repositories, sessions: async_sessionmaker[AsyncSession]
) -> None:
    """A sealed row written past the sealers' lock (even with a well-made hash) is found."""
    for minutes in (1, 2):
        await store.audit.append(record(minutes))
    await seal(sessions)
    rows = await chain(session, DAY)
    columns = audit_columns(record(3))
    digest = link(rows[-1][3], DAY, columns)
    await session.execute(
        insert(AUDIT).values(
            **columns, chain_day=DAY, chain_seq=3, prev_hash=rows[-1][3], row_hash=digest
        )
    )
    broken = await check(store.audit, DAY)
    assert broken is not None
    assert "inserted" in broken.reason
    assert "past the chain head" in broken.reason
    # The next seal would chain a new row to the head, at the forged row's place: the
    # database refuses it rather than fork the chain, and nothing is half-sealed.
    await store.audit.append(record(4))
    with pytest.raises(Exception, match=r"(?i)unique|duplicate"):
        await seal(sessions)
    head = await store.audit.chain_head(DAY)
    assert head is not None
    assert head.last_seq == 2


async def test_only_a_seal_may_update_a_row(
    session: AsyncSession, store: Repositories, sessions: async_sessionmaker[AsyncSession]
) -> None:
    """Setting NULL chain columns once, nothing else: every other UPDATE and DELETE is refused."""
    await store.audit.append(record(1))
    row_id = await session.scalar(text("SELECT max(id) FROM audit_log"))
    sealing = "UPDATE audit_log SET chain_day = :d, chain_seq = 1, prev_hash = :h, row_hash = :h"
    refused = [
        "UPDATE audit_log SET fields = 'x' WHERE id = :id",
        # A seal that also changes an audited column.
        sealing + ", purpose = 'credit_loan' WHERE id = :id",
        # Half a seal.
        "UPDATE audit_log SET row_hash = :h WHERE id = :id",
        "DELETE FROM audit_log WHERE id = :id",
    ]
    values = {"id": row_id, "d": DAY, "h": b"\xab" * 32}
    for statement in refused:
        with pytest.raises(Exception, match="append-only"):
            async with session.begin_nested():
                await session.execute(text(statement), values)
    assert await seal(sessions) == 1
    refused_after = [
        sealing + " WHERE id = :id",
        "UPDATE audit_log SET row_hash = NULL, prev_hash = NULL, chain_seq = NULL,"
        " chain_day = NULL WHERE id = :id",
        "UPDATE audit_log SET request_id = 'other' WHERE id = :id",
        "DELETE FROM audit_log WHERE id = :id",
    ]
    for statement in refused_after:
        with pytest.raises(Exception, match="append-only"):
            async with session.begin_nested():
                await session.execute(text(statement), values)
    assert await check(store.audit, DAY) is None


@pytest.mark.parametrize("scratch_url", ["sqlite", "postgresql"], indirect=True)
async def test_concurrent_sealers_make_one_chain(scratch_url: str) -> None:
    """Writers appending while four sealers run (no horizon): one chain, every row in it."""
    engine = create_engine(scratch_url, pool_size=12, max_overflow=4)
    writers = session_factory(engine)
    readers = session_factory(read_only_engine(engine))
    sessions = session_factory(engine)
    started = asyncio.Event()
    writing = 24

    async def append(index: int) -> None:
        """One audited request: a read session (autocommit) or a transaction that commits."""
        await started.wait()
        factory = readers if index % 2 else writers
        async with factory() as session:
            repos = Repositories(session)
            try:
                await repos.audit.append(record(index % 50))
                await session.commit()
            finally:
                await repos.close()

    async def sealer() -> int:
        """Seal with no horizon until the writers are done, then once more."""
        await started.wait()
        total = 0
        for _ in range(6):
            total += (await seal_audit_chain(sessions, LATER, timedelta(0), batch=5)).sealed
            await asyncio.sleep(0)
        return total

    try:
        tasks = [asyncio.create_task(append(i)) for i in range(writing)]
        sealers = [asyncio.create_task(sealer()) for _ in range(4)]
        await asyncio.sleep(0.05)
        started.set()
        await asyncio.gather(*tasks)
        sealed = sum(await asyncio.gather(*sealers))
        sealed += await seal(sessions)
        assert sealed == writing
        async with session_factory(engine)() as session:
            audit = AuditRepository(SessionGate(session))
            rows = await chain(session, DAY)
            assert [r[1] for r in rows] == list(range(1, writing + 1))
            assert len({r[2] for r in rows}) == writing
            assert await check(audit, DAY) is None
            assert await audit.unsealed_before(LATER, None, None) == (0, None)
            assert await audit.chain_days(None, None) == [DAY]
    finally:
        await engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
async def old_database(
    request: pytest.FixtureRequest, tmp_path: Path
) -> AsyncIterator[AsyncEngine]:
    """A database at revision 0009 (before the chain) and its URL."""
    if request.param == "sqlite":
        url = f"sqlite+aiosqlite:///{tmp_path / 'old.db'}"
        admin = None
    else:
        admin = postgres_url()
        url = await create_scratch_database(admin)
    engine = create_engine(url)
    await migrate.upgrade(engine, "0009")
    yield engine
    await engine.dispose()
    if admin is not None:
        await drop_scratch_database(admin, url)


async def _insert_old(connection: AsyncConnection, at: datetime, request_id: str) -> None:
    """One audit row as revision 0009 wrote it."""
    sqlite = connection.dialect.name == "sqlite"
    await connection.execute(
        text(
            "INSERT INTO audit_log (occurred_at, request_id, partner_id, partner_type, client_id,"
            " token_id, subject_kind, subject_hash, fields, purpose, permission, code_id,"
            " consent_id, outcome, reason) VALUES (:at, :r, 7, 'bank', 'cp_b', NULL, 'person',"
            " :h, 'name', 'credit_loan', 'READ_IDENTITY', NULL, NULL, 'ALLOWED', NULL)"
        ),
        {"at": at.replace(tzinfo=None) if sqlite else at, "r": request_id, "h": b"\x05" * 32},
    )


async def test_the_first_seal_chains_rows_from_before_the_migration(
    old_database: AsyncEngine,
) -> None:
    """Rows written before the chain stay unsealed, then are chained per city day by id."""
    engine = old_database
    late = datetime(2026, 11, 1, 15, 59, tzinfo=UTC)  # 23:59 in the city
    async with engine.begin() as connection:
        for index, at in enumerate([NOW, late + timedelta(minutes=2), late, NOW]):
            await _insert_old(connection, at, f"old-{index}")
    await migrate.upgrade(engine)
    sessions = session_factory(engine)
    async with sessions() as session:
        audit = AuditRepository(SessionGate(session))
        assert await audit.chain_days(None, None) == []
        assert (await audit.unsealed_before(LATER, None, None))[0] == 4
    assert await seal(sessions) == 4
    async with sessions() as session:
        audit = AuditRepository(SessionGate(session))
        first, second = date(2026, 11, 1), date(2026, 11, 2)
        assert await audit.chain_days(None, None) == [first, second]
        ids = [r[0] for r in await chain(session, first)]
        assert ids == sorted(ids)
        assert [r[1] for r in await chain(session, first)] == [1, 2, 3]
        assert [r[1] for r in await chain(session, second)] == [1]
        assert await check(audit, first) is None
        assert await check(audit, second) is None
        await audit.append(record(5))
        await session.commit()
    assert await seal(sessions) == 1
    async with sessions() as session:
        audit = AuditRepository(SessionGate(session))
        assert await check(audit, first) is None
        assert [r[1] for r in await chain(session, first)] == [1, 2, 3, 4]
        for statement in ("UPDATE audit_log SET fields = 'x'", "DELETE FROM audit_log"):
            with pytest.raises(Exception, match="append-only"):
                async with session.begin_nested():
                    await session.execute(text(statement))
