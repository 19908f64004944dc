"""Loading through COPY (PostgreSQL): worker processes generate while this one copies.

All in the caller's transaction: the keys, indexes and foreign keys of the seeded tables are
dropped, every chunk is copied in binary (asyncpg ``copy_records_to_table``), then they are
recreated from their saved definitions, the tables analysed, and the foreign keys recreated
(which validates every one of them).
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import time
from collections import deque
from collections.abc import AsyncIterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import asynccontextmanager
from typing import Any

from sqlalchemy.ext.asyncio import AsyncConnection

from api.domain.subjects.model import SubjectKind
from api.seeding import pg_schema
from api.seeding.batch import COLUMNS, Batch
from api.seeding.generate import Generator, generate_in_worker, init_worker
from api.seeding.grants import expected_grants
from api.seeding.plan import Plan
from api.seeding.progress import Progress, logger
from api.seeding.records import expected_records

SEEDED_TABLES = list(COLUMNS)
#: Tables the seed fills through Core before the COPY (departments, catalogue, operators).
SETUP_TABLES = [
    "departments",
    "exempt_matters",
    "partners",
    "incentive_categories",
    "incentive_scenarios",
    "incentive_colour_values",
    "incentive_scenario_operators",
    "incentive_use_rules",
    "coupon_batches",
]
WIRE_TYPES = ("timestamptz", "date")
#: Session settings for the load: big sorts for the index builds.
SETTINGS = (
    "SET LOCAL maintenance_work_mem = '1GB'",
    "SET LOCAL max_parallel_maintenance_workers = 2",
    "SET LOCAL synchronous_commit = off",
    "SET LOCAL work_mem = '256MB'",
)


def default_workers() -> int:
    """Generator processes: as many as cores, since copying mostly waits on the server."""
    return max(1, os.cpu_count() or 1)


async def driver_connection(connection: AsyncConnection) -> Any:
    """The asyncpg connection under a SQLAlchemy connection, inside its transaction."""
    raw = await connection.get_raw_connection()
    driver = raw.driver_connection
    if driver is None or not driver.is_in_transaction():
        raise RuntimeError("COPY loading needs an asyncpg connection inside a transaction")
    return driver


class _Copier:
    """Copies batches and keeps counts, samples and progress."""

    def __init__(self, pg: Any, progress: Progress) -> None:
        self.pg = pg
        self.progress = progress
        self.counts: dict[str, int] = dict.fromkeys(COLUMNS, 0)
        self.samples: dict[str, str] = {}

    async def copy(self, batch: Batch) -> None:
        """COPY every table of ``batch``, in the order the batch lists them."""
        for table, rows in batch.rows.items():
            if rows:
                await self.pg.copy_records_to_table(table, records=rows, columns=COLUMNS[table])
                self.counts[table] += len(rows)
        for key, value in batch.samples.items():
            self.samples.setdefault(key, value)
        self.progress.advance(batch.kind.value, len(batch.rows.get("subjects", ())))
        self.progress.advance("credit_records", len(batch.rows.get("credit_records", ())))
        self.progress.advance("benefit_grants", len(batch.rows.get("benefit_grants", ())))


async def _pipeline(plan: Plan, copier: _Copier, workers: int) -> None:
    """Generate chunks in worker processes, a few ahead, and copy them in order.

    The workers are spawned: like any ``multiprocessing`` spawn, they import the caller's
    main module, which must therefore not seed at import (``if __name__ == "__main__"``).
    """
    chunks = plan.all_chunks()
    if workers <= 0:
        generator = Generator(plan)
        for chunk in chunks:
            await copier.copy(generator.batch(chunk))
        return
    loop = asyncio.get_running_loop()
    context = multiprocessing.get_context("spawn")
    pool = ProcessPoolExecutor(
        workers, mp_context=context, initializer=init_worker, initargs=(plan,)
    )
    pending: deque[asyncio.Future[Batch]] = deque()
    queue = iter(chunks)
    try:
        for chunk in queue:
            pending.append(loop.run_in_executor(pool, generate_in_worker, chunk))
            if len(pending) >= 2 * workers:
                break
        while pending:
            batch = await pending.popleft()
            next_chunk = next(queue, None)
            if next_chunk is not None:
                pending.append(loop.run_in_executor(pool, generate_in_worker, next_chunk))
            await copier.copy(batch)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
        for future in pending:  # after an error: retrieve what the others ended with
            if future.done() and not future.cancelled():
                future.exception()


def _identity_tuple(value: int) -> tuple[int]:
    return (value,)


def _first(value: tuple[int]) -> int:
    return value[0]


@asynccontextmanager
async def wire_codecs(pg: Any) -> AsyncIterator[None]:
    """Let asyncpg take timestamps and dates as PostgreSQL's binary integers, then undo it.

    Batches carry microseconds and days since 2000-01-01 (see ``batch``): no datetime
    objects to build, pickle between processes and encode.
    """
    for typename in WIRE_TYPES:
        await pg.set_type_codec(
            typename,
            schema="pg_catalog",
            encoder=_identity_tuple,
            decoder=_first,
            format="tuple",
        )
    yield
    # Not reached after an error: the caller then invalidates the connection instead.
    for typename in WIRE_TYPES:
        await pg.reset_type_codec(typename, schema="pg_catalog")


async def _create(pg: Any, statements: tuple[pg_schema.Statement, ...], progress: Progress) -> None:
    for statement in statements:
        started = time.perf_counter()
        await pg.execute(statement.create)
        logger.debug("%.1f s: %s", time.perf_counter() - started, statement.create)
        progress.advance("indexes", 1)


async def load_copy(
    connection: AsyncConnection, plan: Plan, progress: Progress, *, workers: int | None = None
) -> tuple[dict[str, int], dict[str, str]]:
    """Load ``plan`` with COPY in the connection's transaction; return counts and samples."""
    pg = await driver_connection(connection)
    for setting in SETTINGS:
        await pg.execute(setting)
    with progress.phase("drop keys and indexes"):
        saved = await pg_schema.capture(pg, SEEDED_TABLES)
        await pg_schema.drop(pg, saved)
    for kind in SubjectKind:
        progress.start(kind.value, plan.spec.count(kind))
    progress.start("credit_records", expected_records(plan.spec))
    progress.start("benefit_grants", expected_grants(plan))
    copier = _Copier(pg, progress)
    with progress.phase("generate and copy"):
        async with wire_codecs(pg):
            await _pipeline(plan, copier, default_workers() if workers is None else workers)
    progress.start("indexes", len(saved.keys) + len(saved.indexes) + len(saved.foreign_keys))
    with progress.phase("recreate keys and indexes"):
        await _create(pg, saved.keys + saved.indexes, progress)
    with progress.phase("analyze"):
        # Statistics first: validating a foreign key is a join the planner must plan well.
        await pg.execute(f"ANALYZE {', '.join(SEEDED_TABLES + SETUP_TABLES)}")
    with progress.phase("recreate and validate foreign keys"):
        await _create(pg, saved.foreign_keys, progress)
    return copier.counts, copier.samples
