"""Alembic environment: runs on the connection ``api.db.migrate`` hands over."""

from __future__ import annotations

from alembic import context
from sqlalchemy.engine import Connection

from api.db.tables import metadata

config = context.config


def run_on(connection: Connection) -> None:
    """Run the migrations on an open synchronous connection."""
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        transaction_per_migration=False,
    )
    with context.begin_transaction():
        context.run_migrations()


connection = config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations through `credit-platform migrate` (api.db.migrate)")
run_on(connection)
