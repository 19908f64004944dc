"""Dropping the keys, indexes and foreign keys of tables before a bulk COPY, and putting
them back exactly as they were (PostgreSQL).

The definitions are read from the catalog (``pg_get_constraintdef``, ``pg_get_indexdef``)
just before they are dropped, so whatever the migrations made is what comes back: same
names, same columns, same options. CHECK and NOT NULL constraints stay: they cost little.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

_FOREIGN_KEYS = """
SELECT format('ALTER TABLE %s DROP CONSTRAINT %I', c.conrelid::regclass, c.conname),
       format('ALTER TABLE %s ADD CONSTRAINT %I %s', c.conrelid::regclass, c.conname,
              pg_get_constraintdef(c.oid))
FROM pg_constraint c
WHERE c.contype = 'f'
  AND (c.conrelid = ANY($1::regclass[]) OR c.confrelid = ANY($1::regclass[]))
ORDER BY c.conrelid::regclass::text, c.conname
"""

_KEYS = """
SELECT format('ALTER TABLE %s DROP CONSTRAINT %I', c.conrelid::regclass, c.conname),
       format('ALTER TABLE %s ADD CONSTRAINT %I %s', c.conrelid::regclass, c.conname,
              pg_get_constraintdef(c.oid))
FROM pg_constraint c
WHERE c.contype IN ('p', 'u', 'x') AND c.conrelid = ANY($1::regclass[])
ORDER BY c.conrelid::regclass::text, c.contype, c.conname
"""

_INDEXES = """
SELECT format('DROP INDEX %s', i.indexrelid::regclass), pg_get_indexdef(i.indexrelid)
FROM pg_index i
WHERE i.indrelid = ANY($1::regclass[])
  AND NOT EXISTS (
      SELECT 1 FROM pg_constraint c
      WHERE c.conindid = i.indexrelid AND c.contype IN ('p', 'u', 'x')
  )
ORDER BY i.indrelid::regclass::text, i.indexrelid::regclass::text
"""


@dataclass(frozen=True, slots=True)
class Statement:
    """How to drop one object and how to create it again."""

    drop: str
    create: str


@dataclass(frozen=True, slots=True)
class SavedSchema:
    """The keys, indexes and foreign keys taken off some tables."""

    foreign_keys: tuple[Statement, ...]
    keys: tuple[Statement, ...]
    indexes: tuple[Statement, ...]

    def restore_order(self) -> tuple[Statement, ...]:
        """Keys first (foreign keys need them), then indexes, then foreign keys."""
        return self.keys + self.indexes + self.foreign_keys


async def _statements(connection: Any, query: str, tables: list[str]) -> tuple[Statement, ...]:
    rows = await connection.fetch(query, tables)
    return tuple(Statement(drop, create) for drop, create in rows)


async def capture(connection: Any, tables: list[str]) -> SavedSchema:
    """Read the definitions of the keys, indexes and foreign keys of ``tables``.

    Foreign keys of other tables that point into ``tables`` are included, since a primary
    key cannot be dropped while one depends on it. ``connection`` is an asyncpg connection.
    """
    return SavedSchema(
        foreign_keys=await _statements(connection, _FOREIGN_KEYS, tables),
        keys=await _statements(connection, _KEYS, tables),
        indexes=await _statements(connection, _INDEXES, tables),
    )


async def drop(connection: Any, saved: SavedSchema) -> None:
    """Drop foreign keys, then keys, then plain indexes."""
    for statement in saved.foreign_keys + saved.keys + saved.indexes:
        await connection.execute(statement.drop)


async def schema_snapshot(connection: Any, tables: list[str]) -> list[str]:
    """Every key, index and foreign key definition of ``tables`` (to compare before/after)."""
    saved = await capture(connection, tables)
    return sorted(s.create for s in saved.restore_order())
