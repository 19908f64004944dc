"""Observations recorded once per key owner and idempotency key (merchant indicators, industry).

Both tables are append-only, unique on ``(key_scope, idempotency_key)``, and carry the same
bookkeeping columns (``recorded_by``, ``recorded_at``, ``fingerprint``); this module writes
and reads that shape once for either.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from decimal import Decimal
from typing import Any, Generic, TypeVar

from sqlalchemy import ColumnElement, Table, select

from api.db.repositories.gate import SessionGate

ObservationT = TypeVar("ObservationT")

#: ``of`` reads this many subjects per statement (bind parameters stay few).
PAGE = 500


def key_scope(recorded_by: int | None) -> str:
    """Whose idempotency keys: a partner's, or the platform's (command line, seed)."""
    return "platform" if recorded_by is None else f"partner:{recorded_by}"


def plain_value(value: Any) -> Decimal:
    """A stored value as written: ``2`` not ``2.0``, ``92.5`` as is."""
    found = Decimal(value)
    return found.quantize(Decimal(1)) if found == found.to_integral_value() else found


class KeyedObservations(Generic[ObservationT]):
    """One observation table: insert once per key, find by key, read per subject."""

    def __init__(
        self,
        db: SessionGate,
        table: Table,
        columns: Sequence[ColumnElement[Any]],
        subject: ColumnElement[int],
        read: Callable[[Any], ObservationT],
    ) -> None:
        self._db = db
        self._table = table
        self._columns = tuple(columns)
        self._subject = subject
        self._read = read

    async def insert(
        self,
        values: dict[str, Any],
        *,
        recorded_by: int | None,
        idempotency_key: str,
        fingerprint: str,
        now: datetime,
    ) -> ObservationT | None:
        """Record an observation; None when the key's owner already used the key."""
        row = await self._db.first(
            self._db.insert(self._table)
            .values(
                **values,
                recorded_by=recorded_by,
                recorded_at=now,
                key_scope=key_scope(recorded_by),
                idempotency_key=idempotency_key,
                fingerprint=fingerprint,
            )
            .on_conflict_do_nothing(index_elements=["key_scope", "idempotency_key"])
            .returning(*self._columns)
        )
        return self._read(row) if row else None

    async def by_key(
        self, recorded_by: int | None, idempotency_key: str
    ) -> tuple[ObservationT, str] | None:
        """The observation a key recorded, with its fingerprint."""
        c = self._table.c
        row = await self._db.first(
            select(*self._columns, c.fingerprint).where(
                c.key_scope == key_scope(recorded_by), c.idempotency_key == idempotency_key
            )
        )
        return (self._read(row), str(row[-1])) if row else None

    async def of(self, subject_ids: list[int]) -> dict[int, list[ObservationT]]:
        """Every observation of these subjects, by subject, oldest first."""
        found: dict[int, list[ObservationT]] = {}
        for start in range(0, len(subject_ids), PAGE):
            page = subject_ids[start : start + PAGE]
            rows = await self._db.all(
                select(*self._columns, self._subject)
                .where(self._subject.in_(page))
                .order_by(self._table.c.id)
            )
            for row in rows:
                found.setdefault(int(row[-1]), []).append(self._read(row))
        return found
