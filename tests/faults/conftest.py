"""PostgreSQL fault tests: a committed scratch database, the app on its own pool, and a knife.

These tests need commits to be real (a rolled-back test transaction would hide what a killed
connection left behind), so each gets a fresh scratch database and the app builds its own
engine from the settings, exactly as ``credit-platform serve`` does. The test holds a lock
the request needs from a connection of its own, waits until ``pg_stat_activity`` shows the
app's backend waiting on it, terminates that backend (``pg_terminate_backend``), releases.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Awaitable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import asyncpg
import httpx
import pytest
from pydantic import SecretStr
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine

from api.db import migrate
from api.db.engine import create_engine
from api.http.app import create_app
from api.settings import Settings
from tests.conftest import (
    TEST_MASTER_KEY,
    create_scratch_database,
    drop_scratch_database,
    example_hosts,
    postgres_url,
)

T = TypeVar("T")


async def admin_connect(url: str) -> asyncpg.Connection:
    """A plain asyncpg connection to the database of the SQLAlchemy ``url``."""
    parsed = make_url(url)
    return await asyncpg.connect(
        host=parsed.host,
        port=parsed.port or 5432,
        user=parsed.username,
        password=parsed.password,
        database=parsed.database,
    )


@pytest.fixture
async def pg_url() -> AsyncIterator[str]:
    """A freshly migrated scratch PostgreSQL database that the test may commit to."""
    admin = postgres_url()
    url = await create_scratch_database(admin)
    engine = create_engine(url)
    await migrate.upgrade(engine)
    await engine.dispose()
    yield url
    await drop_scratch_database(admin, url)


@pytest.fixture
async def seed_engine(pg_url: str) -> AsyncIterator[AsyncEngine]:
    """An engine of the test's own, to set the scene and to count what was written."""
    engine = create_engine(pg_url, pool_size=2, max_overflow=0)
    yield engine
    await engine.dispose()


@pytest.fixture
async def app_client(pg_url: str, tmp_path: Path) -> AsyncIterator[httpx.AsyncClient]:
    """The app on its own engine and pool (started with its lifespan), over ASGI."""
    settings = Settings(
        DATABASE_URL=pg_url,
        data_dir=tmp_path,
        secret_key=SecretStr(TEST_MASTER_KEY),
        log_json=True,
        trusted_only_types="",
        quota_bucket="1000000/1",
        quota_buckets_by_type="",
        pool_size=3,
        pool_max_overflow=0,
    )
    app = create_app(settings, resolve_host=example_hosts)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            yield client


@dataclass
class Knife:
    """Holds locks the app's request will wait for, and terminates the waiting backend."""

    url: str
    locker: asyncpg.Connection
    admin: asyncpg.Connection
    terminated: list[int]

    @property
    def database(self) -> str:
        """The scratch database's name."""
        name = make_url(self.url).database
        assert name is not None
        return name

    async def waiting_backend(self, seconds: float = 15) -> int:
        """The pid of the one backend of this database waiting on a lock (polls until one is)."""
        deadline = time.monotonic() + seconds
        while True:
            pids = await self.admin.fetch(
                "SELECT pid FROM pg_stat_activity WHERE datname = $1 AND wait_event_type = 'Lock'"
                " AND pid <> $2 AND pid <> pg_backend_pid()",
                self.database,
                self.locker.get_server_pid(),
            )
            if len(pids) == 1:
                return int(pids[0]["pid"])
            assert len(pids) < 2, f"more than one backend waits: {pids}"
            assert time.monotonic() < deadline, "the request never waited on the lock"
            await asyncio.sleep(0.02)

    async def kill_while_blocked(
        self, lock_sql: str, request: Awaitable[T], params: tuple[object, ...] = ()
    ) -> T:
        """Run ``request`` while ``lock_sql`` is held; kill its backend once it waits; release."""
        transaction = self.locker.transaction()
        await transaction.start()
        try:
            await self.locker.execute(lock_sql, *params)
            task = asyncio.ensure_future(request)
            pid = await self.waiting_backend()
            assert await self.admin.fetchval("SELECT pg_terminate_backend($1)", pid)
            self.terminated.append(pid)
        finally:
            await transaction.rollback()
        return await asyncio.wait_for(task, 30)

    async def kill_idle_app_connections(self) -> int:
        """Terminate every idle connection the app keeps in its pool, and wait until those
        backends are gone (as after a restart); how many there were."""
        pids = [
            int(row["pid"])
            for row in await self.admin.fetch(
                "SELECT pid FROM pg_stat_activity WHERE datname = $1"
                " AND application_name = 'credit-platform' AND state = 'idle'",
                self.database,
            )
        ]
        for pid in pids:
            assert await self.admin.fetchval("SELECT pg_terminate_backend($1, 5000)", pid)
        deadline = time.monotonic() + 10
        while await self.admin.fetchval(
            "SELECT count(*) FROM pg_stat_activity WHERE pid = ANY($1::int[])", pids
        ):
            assert time.monotonic() < deadline, "the terminated backends did not go away"
            await asyncio.sleep(0.02)
        await asyncio.sleep(0.05)  # the clients' event loop reads the servers' goodbye
        return len(pids)

    async def count(self, sql: str, *args: object) -> int:
        """A count from the database, as committed."""
        return int(await self.admin.fetchval(sql, *args))


@pytest.fixture
async def knife(pg_url: str) -> AsyncIterator[Knife]:
    """Two connections of the test's own: one holds locks, one watches and terminates."""
    locker = await admin_connect(pg_url)
    admin = await admin_connect(pg_url)
    try:
        yield Knife(pg_url, locker, admin, [])
    finally:
        await locker.close()
        await admin.close()
