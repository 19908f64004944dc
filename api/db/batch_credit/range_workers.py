"""The scoring worker processes of ``evaluate --all`` and the pipeline that feeds them.

Workers are spawned with the rule set; with a PostgreSQL ``dsn`` each opens its own connection
and reads its ranges itself. The pipeline keeps a few ranges ahead and writes in order.
"""

from __future__ import annotations

import asyncio
import json
import multiprocessing
import os
from collections import deque
from concurrent.futures import ProcessPoolExecutor
from datetime import date
from typing import Any

from api.db.batch_credit.range_scoring import RangeJob, RangeResult, score_range
from api.db.batch_credit.range_store import RangeStore, pg_read
from api.db.batch_credit.scoring import Scorer
from api.domain.credit.rules import RuleSet, rule_set_from_json, rule_set_to_json

_worker: Scorer | None = None
_worker_db: tuple[asyncio.AbstractEventLoop, Any] | None = None


def init_worker(rules_json: str, today: date, dsn: str | None = None) -> None:
    """Set up a worker process (a ``ProcessPoolExecutor`` initializer); with a PostgreSQL
    ``dsn`` it also opens its own connection, to read its ranges itself."""
    global _worker, _worker_db
    _worker = Scorer(rule_set_from_json(json.loads(rules_json)), today)
    if dsn is not None:
        import asyncpg

        loop = asyncio.new_event_loop()
        _worker_db = (loop, loop.run_until_complete(asyncpg.connect(dsn)))


def score_in_worker(job: RangeJob) -> RangeResult:
    """``score_range`` in a worker set up by ``init_worker``."""
    if _worker is None:
        raise RuntimeError("init_worker was not called in this process")
    return score_range(_worker, job)


def read_and_score_in_worker(low: int, high: int, current: bool) -> RangeResult:
    """Read a range on the worker's own connection (committed data) and score it there."""
    if _worker is None or _worker_db is None:
        raise RuntimeError("init_worker was not called with a dsn in this process")
    loop, pg = _worker_db

    async def read() -> RangeJob:
        async with pg.transaction(isolation="repeatable_read", readonly=True):
            return await pg_read(pg, low, high, current=current)

    return score_range(_worker, loop.run_until_complete(read()))


def default_workers(postgres: bool) -> int:
    """Scoring processes: one per core on PostgreSQL; none (in this process) on SQLite."""
    return max(1, os.cpu_count() or 1) if postgres else 0


async def score_ranges(
    store: RangeStore,
    ranges: list[int],
    range_size: int,
    rules: RuleSet,
    today: date,
    workers: int,
    rewrite: bool,
    finish: Any,
    dsn: str | None,
) -> None:
    """Score ranges in worker processes, a few ahead, and write the results in order.

    With a ``dsn`` the workers read their ranges themselves (reading and decoding is most
    of the work); without, this process reads and hands them the rows.
    """
    loop = asyncio.get_running_loop()
    pool = ProcessPoolExecutor(
        workers,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=init_worker,
        initargs=(json.dumps(rule_set_to_json(rules)), today, dsn),
    )
    pending: deque[asyncio.Future[RangeResult]] = deque()
    try:
        for start in ranges:
            if dsn is not None:
                pending.append(
                    loop.run_in_executor(
                        pool, read_and_score_in_worker, start, start + range_size, not rewrite
                    )
                )
            else:
                job = await store.read(start, start + range_size, current=not rewrite)
                pending.append(loop.run_in_executor(pool, score_in_worker, job))
            while pending and (len(pending) > 2 * workers or pending[0].done()):
                await finish(await pending.popleft())
        while pending:
            await finish(await pending.popleft())
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
        for future in pending:
            if future.done() and not future.cancelled():
                future.exception()
