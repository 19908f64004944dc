"""Migrations build exactly the schema the models declare, and go down and up again."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine

from api.db import migrate
from api.db.engine import create_engine
from api.db.tables import metadata
from tests.conftest import create_scratch_database, drop_scratch_database, postgres_url


@pytest.fixture(params=["sqlite", "postgresql"])
async def fresh_engine(
    request: pytest.FixtureRequest, tmp_path: Path
) -> AsyncIterator[AsyncEngine]:
    """An engine on a brand-new, empty database."""
    if request.param == "sqlite":
        engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'fresh.db'}")
        yield engine
        await engine.dispose()
        return
    admin = postgres_url()
    url = await create_scratch_database(admin)
    engine = create_engine(url)
    yield engine
    await engine.dispose()
    await drop_scratch_database(admin, url)


def _differences(connection: Connection) -> list[Any]:
    context = MigrationContext.configure(connection, opts={"compare_type": True})
    return list(compare_metadata(context, metadata))


def _tables(connection: Connection) -> set[str]:
    return set(inspect(connection).get_table_names()) - {"alembic_version"}


async def test_models_and_migrations_agree(fresh_engine: AsyncEngine) -> None:
    await migrate.upgrade(fresh_engine)
    async with fresh_engine.connect() as connection:
        differences = await connection.run_sync(_differences)
    assert differences == []
    assert await migrate.current_revisions(fresh_engine) == migrate.head_revisions()


async def test_every_migration_downgrades_and_upgrades_again(fresh_engine: AsyncEngine) -> None:
    await migrate.upgrade(fresh_engine)
    async with fresh_engine.connect() as connection:
        tables_at_head = await connection.run_sync(_tables)
    assert tables_at_head == set(metadata.tables)
    await migrate.downgrade(fresh_engine, "base")
    async with fresh_engine.connect() as connection:
        assert await connection.run_sync(_tables) == set()
    await migrate.upgrade(fresh_engine)
    async with fresh_engine.connect() as connection:
        assert await connection.run_sync(_tables) == tables_at_head
        assert await connection.run_sync(_differences) == []
