"""Bulk operations on the request's session (implements ``BulkOperationStore``). Never commits."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select, text, update

from api.db.repositories.gate import SessionGate
from api.db.tables.base import table_of
from api.db.tables.bulk import ACTIVE_SQL, BulkOperationEventRow, BulkOperationRow
from api.domain.bulk.errors import AlreadyRunningError
from api.domain.bulk.model import (
    BulkEvent,
    BulkFailure,
    BulkOperation,
    BulkOperationStatus,
    BulkRequester,
)

OPERATIONS = table_of(BulkOperationRow)
EVENTS = table_of(BulkOperationEventRow)
OP = OPERATIONS.c

#: The columns a ``BulkOperation`` is read from, in ``operation_of`` 's order.
COLUMNS = (
    OP.id,
    OP.partner_id,
    OP.status,
    OP.query,
    OP.root_field,
    OP.created_at,
    OP.object_count,
    OP.file_size,
    OP.error_code,
    OP.completed_at,
    OP.cancel_requested,
)


def operation_of(row: Any) -> BulkOperation:
    """A domain operation from a row of ``COLUMNS``."""
    return BulkOperation(
        id=row[0],
        partner_id=int(row[1]),
        status=BulkOperationStatus(row[2]),
        query=row[3],
        root_field=row[4],
        created_at=row[5],
        object_count=int(row[6]),
        file_size=int(row[7]),
        error_code=BulkFailure(row[8]) if row[8] else None,
        completed_at=row[9],
        cancel_requested=bool(row[10]),
    )


class BulkOperationRepository:
    """The partner's bulk operations and their audit rows."""

    def __init__(self, db: SessionGate) -> None:
        self._db = db

    async def create(
        self, operation: BulkOperation, requester: BulkRequester, document_id: str | None
    ) -> BulkOperation:
        """Insert a CREATED operation; AlreadyRunningError when the partner holds one already.

        The partial unique index decides: of two concurrent starts, one row is inserted and
        the other statement does nothing (PostgreSQL waits for the first to commit).
        """
        inserted = await self._db.execute(
            self._db.insert(OPERATIONS)
            .values(
                id=operation.id,
                partner_id=operation.partner_id,
                partner_type=requester.partner_type,
                client_id=requester.client_id,
                token_id=requester.token_id,
                scopes=" ".join(sorted(requester.scopes)),
                query=operation.query,
                document_id=document_id,
                root_field=operation.root_field,
                status=operation.status.value,
                object_count=0,
                file_size=0,
                cancel_requested=False,
                created_at=operation.created_at,
            )
            .on_conflict_do_nothing(index_elements=["partner_id"], index_where=text(ACTIVE_SQL))
            .returning(OP.id)
        )
        if inserted.first() is None:
            raise AlreadyRunningError(
                "you already have a bulk operation created or running: wait for it to end, "
                "or cancel it"
            )
        return operation

    async def get(self, operation_id: str, partner_id: int) -> BulkOperation | None:
        """The partner's operation by id (None for another partner's or an unknown id)."""
        row = await self._db.first(
            select(*COLUMNS).where(OP.id == operation_id, OP.partner_id == partner_id)
        )
        return operation_of(row) if row else None

    async def current(self, partner_id: int) -> BulkOperation | None:
        """The partner's newest operation."""
        row = await self._db.first(
            select(*COLUMNS)
            .where(OP.partner_id == partner_id)
            .order_by(OP.created_at.desc(), OP.id.desc())
            .limit(1)
        )
        return operation_of(row) if row else None

    async def cancel(self, operation_id: str, now: datetime) -> BulkOperation | None:
        """CREATED → CANCELED at once; RUNNING gets a cancel request; None if it has ended."""
        await self._db.execute(
            update(OPERATIONS)
            .where(OP.id == operation_id, OP.status == BulkOperationStatus.CREATED.value)
            .values(status=BulkOperationStatus.CANCELED.value, completed_at=now)
        )
        await self._db.execute(
            update(OPERATIONS)
            .where(OP.id == operation_id, OP.status == BulkOperationStatus.RUNNING.value)
            .values(cancel_requested=True)
        )
        row = await self._db.first(select(*COLUMNS).where(OP.id == operation_id))
        if row is None:
            return None
        found = operation_of(row)
        if found.status is BulkOperationStatus.CANCELED or found.cancel_requested:
            return found
        return None

    async def record_event(
        self,
        operation_id: str,
        event: BulkEvent,
        requester: BulkRequester | None,
        now: datetime,
        detail: str | None = None,
    ) -> None:
        """Append one audit row of the operation."""
        await self._db.execute(
            EVENTS.insert().values(
                operation_id=operation_id,
                event=event.value,
                occurred_at=now,
                partner_id=requester.partner_id if requester else None,
                client_id=requester.client_id if requester else None,
                token_id=requester.token_id if requester else None,
                request_id=requester.request_id[:64] if requester else None,
                detail=detail[:500] if detail else None,
            )
        )

    async def events(self, operation_id: str) -> list[tuple[str, int | None]]:
        """The operation's audit rows in order: (event, partner id)."""
        rows = await self._db.all(
            select(EVENTS.c.event, EVENTS.c.partner_id)
            .where(EVENTS.c.operation_id == operation_id)
            .order_by(EVENTS.c.id)
        )
        return [(row[0], row[1]) for row in rows]
