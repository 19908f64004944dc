"""The audit sealer: chains appended audit rows off the request path, per day, in id order.

An audited read or mutation appends its row unsealed (one INSERT, chain columns NULL). A
sealer takes the unsealed rows that happened before ``now - horizon`` in order of id, a
batch at a time, and per city day, in one transaction per day: locks the day's head (the
row in ``audit_chain_heads``, FOR UPDATE on PostgreSQL; SQLite's writer lock, taken by the
sessions' BEGIN IMMEDIATE), reads the rows still unsealed, gives each the next place and
its hashes (``api.domain.audit.chain``), sets them (NULL -> value, the one UPDATE the
append-only triggers allow) and moves the head. Only sealers take that lock: appends never
wait for it, and two sealers never chain the same row (the second finds them sealed).

The horizon's assumption: a row is committed within ``horizon`` of its ``occurred_at`` (the
app's clock when the access happened; a transaction that is still open may commit a lower
id later). A row that breaks it, unsealed with a lower id than rows of its day already
sealed, is not skipped: it is chained at the end of its day's chain with its own place,
counted as late, and logged as a warning. ``audit verify`` covers it like any other.
Not a repository: it ends its own transactions (repositories never commit).
"""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import bindparam, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from api.db.repositories.audit import AUDIT, HEADS
from api.domain.audit.chain import CHAINED_COLUMNS, ColumnValue, chain_day, genesis, link

logger = logging.getLogger("api.audit.seal")

#: Unsealed rows a round reads (and seals, day by day) at a time.
SEAL_BATCH = 1000
A = AUDIT.c
H = HEADS.c
_SUBJECT_HASH = CHAINED_COLUMNS.index("subject_hash")


@dataclass(slots=True)
class SealReport:
    """What a sealing round did."""

    sealed: int = 0
    late: int = 0
    days: set[date] = field(default_factory=set)


async def seal_audit_chain(
    sessions: async_sessionmaker[AsyncSession],
    now: datetime,
    horizon: timedelta,
    *,
    batch: int = SEAL_BATCH,
) -> SealReport:
    """Chain every unsealed row that happened before ``now - horizon``; cheap when none is due.

    Safe to run from several processes at once: they queue on each day's head and produce
    one chain. Database errors propagate (a refused seal fails loudly, nothing half-set).
    """
    cutoff = now - horizon
    report = SealReport()
    after = 0
    while True:
        async with sessions() as session:
            due = (
                await session.execute(
                    select(A.id, A.occurred_at)
                    .where(A.row_hash.is_(None), A.occurred_at < cutoff, A.id > after)
                    .order_by(A.id)
                    .limit(batch)
                )
            ).all()
            await session.rollback()
        if not due:
            return report
        by_day: defaultdict[date, list[int]] = defaultdict(list)
        for row_id, occurred_at in due:
            by_day[chain_day(occurred_at)].append(int(row_id))
        for day in sorted(by_day):
            await _seal_day(sessions, day, by_day[day], report)
        if len(due) < batch:
            return report
        after = int(due[-1][0])


async def _seal_day(
    sessions: async_sessionmaker[AsyncSession], day: date, ids: list[int], report: SealReport
) -> None:
    """Seal those of ``ids`` (rows of ``day``) still unsealed, under the day's head lock."""
    async with sessions() as session:
        postgresql = session.get_bind().dialect.name == "postgresql"
        start = genesis(day)
        make = pg_insert if postgresql else sqlite_insert
        await session.execute(
            make(HEADS)
            .values(day=day, last_seq=0, last_hash=start, last_id=0)
            .on_conflict_do_nothing(index_elements=[H.day])
        )
        head_query = select(H.last_seq, H.last_hash, H.last_id).where(H.day == day)
        if postgresql:
            head_query = head_query.with_for_update()
        head = (await session.execute(head_query)).one()
        seq, previous, last_id = int(head[0]), bytes(head[1]), int(head[2])
        # Read after the lock: rows another sealer chained meanwhile are no longer NULL.
        rows = (
            await session.execute(
                select(A.id, *(A[name] for name in CHAINED_COLUMNS))
                .where(A.id.in_(ids), A.row_hash.is_(None))
                .order_by(A.id)
            )
        ).all()
        if not rows:
            await session.rollback()
            return
        sets: list[dict[str, object]] = []
        late: list[int] = []
        for row in rows:
            values = list(row[1:])
            if values[_SUBJECT_HASH] is not None:  # a memoryview on some drivers
                values[_SUBJECT_HASH] = bytes(values[_SUBJECT_HASH])
            columns: dict[str, ColumnValue] = dict(zip(CHAINED_COLUMNS, values, strict=True))
            seq += 1
            digest = link(previous, day, columns)
            row_id = int(row[0])
            if row_id < last_id:
                late.append(row_id)
            sets.append({"row_id": row_id, "d": day, "s": seq, "p": previous, "h": digest})
            previous, last_id = digest, max(last_id, row_id)
        connection = await session.connection()
        await connection.execute(
            update(AUDIT)
            .where(A.id == bindparam("row_id"), A.row_hash.is_(None))
            .values(
                chain_day=bindparam("d"),
                chain_seq=bindparam("s"),
                prev_hash=bindparam("p"),
                row_hash=bindparam("h"),
            ),
            sets,
        )
        await session.execute(
            update(HEADS)
            .where(H.day == day)
            .values(last_seq=seq, last_hash=previous, last_id=last_id)
        )
        await session.commit()
    if late:
        logger.warning(
            "audit seal: %d late row(s) on %s (committed after later rows were sealed; "
            "a transaction open longer than the horizon), chained at the end: ids %s",
            len(late),
            day.isoformat(),
            ", ".join(str(i) for i in late[:20]),
        )
    report.sealed += len(sets)
    report.late += len(late)
    report.days.add(day)
