"""The worker's side of bulk operations: claim one, record progress under a lease, end it.

A claim takes the oldest CREATED operation, or a RUNNING one whose lease has passed (its
worker died): ``FOR UPDATE SKIP LOCKED`` on PostgreSQL, so two workers never take the same;
on SQLite the claiming UPDATE is conditional on the state read, so of two claims one wins.
Each page written renews the lease with the counts and the root cursor in one statement.
Every function commits its own short transaction (this is the worker's unit of work).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from sqlalchemy import and_, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from api.db.tables.auth import PartnerRow, PartnerStatus
from api.db.tables.base import table_of
from api.db.tables.bulk import BulkOperationEventRow, BulkOperationRow
from api.domain.bulk.model import BulkEvent, BulkFailure, BulkOperationStatus

OPERATIONS = table_of(BulkOperationRow)
EVENTS = table_of(BulkOperationEventRow)
OP = OPERATIONS.c
PARTNERS = table_of(PartnerRow)
_RUNNING = BulkOperationStatus.RUNNING.value


class Verdict(StrEnum):
    """What the worker does after saving a page: go on, stop (cancelled), or fail (denied)."""

    GO_ON = "GO_ON"
    STOP = "STOP"
    DENIED = "DENIED"
    #: Another worker holds the operation now (this one's lease ran out): leave it alone.
    LOST = "LOST"


@dataclass(frozen=True, slots=True)
class ClaimedOperation:
    """An operation a worker now runs, with where a resume starts."""

    id: str
    partner_id: int
    partner_type: str
    client_id: str
    token_id: str
    scopes: str
    query: str
    object_count: int
    file_size: int
    resume_cursor: str | None
    resumed: bool
    #: The lease this worker holds: every later write is conditional on it being unchanged.
    lease_until: datetime


async def claim_bulk_operation(
    sessions: async_sessionmaker[AsyncSession], *, now: datetime, lease: timedelta
) -> ClaimedOperation | None:
    """Take the next operation to run (CREATED, or RUNNING with its lease passed), or None."""
    async with sessions() as session, session.begin():
        due = (
            select(
                OP.id,
                OP.partner_id,
                OP.partner_type,
                OP.client_id,
                OP.token_id,
                OP.scopes,
                OP.query,
                OP.object_count,
                OP.file_size,
                OP.resume_cursor,
                OP.status,
                OP.lease_until,
            )
            .where(
                or_(
                    OP.status == BulkOperationStatus.CREATED.value,
                    and_(OP.status == _RUNNING, OP.lease_until < now),
                )
            )
            .order_by(OP.created_at, OP.id)
            .limit(1)
        )
        if session.get_bind().dialect.name == "postgresql":
            due = due.with_for_update(skip_locked=True, of=OPERATIONS)
        row = (await session.execute(due)).first()
        if row is None:
            return None
        claimed = await session.execute(
            update(OPERATIONS)
            .where(OP.id == row[0], OP.status == row[10], OP.lease_until.is_(row[11]))
            .values(status=_RUNNING, started_at=now, lease_until=now + lease)
            if row[11] is None
            else update(OPERATIONS)
            .where(OP.id == row[0], OP.status == row[10], OP.lease_until == row[11])
            .values(status=_RUNNING, lease_until=now + lease)
        )
        if claimed.rowcount != 1:  # type: ignore[attr-defined]  # a CursorResult of an UPDATE
            return None
        return ClaimedOperation(
            id=row[0],
            partner_id=int(row[1]),
            partner_type=row[2],
            client_id=row[3],
            token_id=row[4],
            scopes=row[5],
            query=row[6],
            object_count=int(row[7]),
            file_size=int(row[8]),
            resume_cursor=row[9],
            resumed=row[10] == _RUNNING,
            lease_until=now + lease,
        )


async def record_progress(
    sessions: async_sessionmaker[AsyncSession],
    operation_id: str,
    *,
    object_count: int,
    file_size: int,
    cursor: str | None,
    now: datetime,
    lease: timedelta,
    held: datetime,
) -> tuple[Verdict, datetime]:
    """Save a page's progress and renew the lease ``held``; what to do, and the new lease.

    LOST when the lease is no longer this worker's (another resumed the operation), STOP when
    the operation was cancelled, DENIED when its partner has been disabled since it started.
    """
    renewed = now + lease
    async with sessions() as session, session.begin():
        saved = await session.execute(
            update(OPERATIONS)
            .where(OP.id == operation_id, OP.status == _RUNNING, OP.lease_until == held)
            .values(
                object_count=object_count,
                file_size=file_size,
                resume_cursor=cursor,
                lease_until=renewed,
            )
        )
        if saved.rowcount != 1:  # type: ignore[attr-defined]  # a CursorResult of an UPDATE
            return Verdict.LOST, held
        found = (
            await session.execute(
                select(OP.status, OP.cancel_requested, PARTNERS.c.status)
                .join(PARTNERS, PARTNERS.c.id == OP.partner_id)
                .where(OP.id == operation_id)
            )
        ).first()
        if found is None or found[0] != _RUNNING or bool(found[1]):
            return Verdict.STOP, renewed
        if found[2] != PartnerStatus.ACTIVE.value:
            return Verdict.DENIED, renewed
        return Verdict.GO_ON, renewed


async def finish_bulk_operation(
    sessions: async_sessionmaker[AsyncSession],
    operation_id: str,
    *,
    status: BulkOperationStatus,
    now: datetime,
    object_count: int,
    file_size: int,
    held: datetime,
    failure: BulkFailure | None = None,
    detail: str | None = None,
) -> bool:
    """End a running operation whose lease is ``held`` and audit it; False if lost meanwhile."""
    event = {
        BulkOperationStatus.COMPLETED: BulkEvent.COMPLETED,
        BulkOperationStatus.FAILED: BulkEvent.FAILED,
    }.get(status, BulkEvent.CANCELED)
    async with sessions() as session, session.begin():
        ended = await session.execute(
            update(OPERATIONS)
            .where(OP.id == operation_id, OP.status == _RUNNING, OP.lease_until == held)
            .values(
                status=status.value,
                error_code=failure.value if failure else None,
                object_count=object_count,
                file_size=file_size,
                completed_at=now,
                lease_until=None,
            )
        )
        if ended.rowcount != 1:  # type: ignore[attr-defined]  # a CursorResult of an UPDATE
            return False
        await session.execute(
            EVENTS.insert().values(
                operation_id=operation_id,
                event=event.value,
                occurred_at=now,
                detail=detail[:500] if detail else None,
            )
        )
        return True


async def completed_operation(
    sessions: async_sessionmaker[AsyncSession], operation_id: str
) -> int | None:
    """The partner id of a COMPLETED operation, or None (unknown, or not completed)."""
    async with sessions() as session:
        found = (
            await session.execute(
                select(OP.partner_id).where(
                    OP.id == operation_id, OP.status == BulkOperationStatus.COMPLETED.value
                )
            )
        ).first()
        return int(found[0]) if found else None


async def record_download(
    sessions: async_sessionmaker[AsyncSession],
    operation_id: str,
    *,
    partner_id: int,
    now: datetime,
    request_id: str,
    detail: str,
) -> None:
    """Audit one download of an operation's file."""
    async with sessions() as session, session.begin():
        await session.execute(
            EVENTS.insert().values(
                operation_id=operation_id,
                event=BulkEvent.DOWNLOADED.value,
                occurred_at=now,
                partner_id=partner_id,
                request_id=request_id[:64],
                detail=detail[:500],
            )
        )
