"""Evaluating every subject (``credit-platform evaluate --all``) fast, on PostgreSQL and SQLite.

The subjects are read range by range of ids (their records through the subject index), scored
in worker processes with the domain's ``evaluate`` (``api.db.batch_credit.scoring``), and
written in bulk: history rows in ``evaluations`` and the current row in ``subject_scores``
(COPY, then one upsert per range on PostgreSQL; executemany on SQLite). Each range commits on
its own, so a run stopped halfway leaves whole ranges evaluated and can simply be run again.

A subject whose new evaluation equals its current one (same rule set version, score, grade,
colour, red flag and factors) is skipped unless ``rewrite`` is asked for: nothing changed,
and the history keeps one row per change.

Concurrency: the current row is only replaced by an evaluation at least as recent
(``evaluated_at``), so a subject re-evaluated by an intake during the run keeps the intake's
evaluation. An intake that started before its range was read and commits after it can still
be overwritten by the run's slightly older view (the window is one intake transaction); its
history row stays, and the next run or intake for that subject puts it right.
"""

from __future__ import annotations

import asyncio
import json
import multiprocessing
import os
import time
from collections import deque
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Protocol

from sqlalchemy import func, insert, select
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from api.db.batch_credit.scoring import KINDS, TAX_GRADES, Scorer, ScoreRow, group_facts
from api.db.tables import metadata
from api.domain.credit.model import EvaluationCause
from api.domain.credit.rules import RuleSet, rule_set_from_json, rule_set_to_json

SUBJECTS = metadata.tables["subjects"]
ENTERPRISES = metadata.tables["enterprises"]
RECORDS = metadata.tables["credit_records"]
EVALUATIONS = metadata.tables["evaluations"]
SCORES = metadata.tables["subject_scores"]
RULES = metadata.tables["rule_sets"]
S, E, R = SUBJECTS.c, ENTERPRISES.c, RECORDS.c
DEFAULT_RANGE = 20_000

#: subject_id, kind, tax_grade
SubjectRowT = tuple[int, str, str | None]
#: subject_id, record id, category, severity, occurred (day or instant), until, status
FactRowT = tuple[int, int, str, str | None, Any, date | None, str]
#: subject_id -> rule_set_version, score, grade, colour, red_flag, base_score, factors
Current = dict[int, tuple[Any, ...]]


class RunProgress(Protocol):
    """Receives progress: how many subjects there are, then how many were done."""

    def start(self, total: int) -> None:
        """The run begins with ``total`` subjects."""

    def advance(self, amount: int) -> None:
        """``amount`` more subjects were evaluated (written or skipped)."""


@dataclass(frozen=True, slots=True)
class FullRunReport:
    """What a full run did."""

    rule_set_version: str
    subjects: int
    written: int
    unchanged: int
    seconds: float

    @property
    def rate(self) -> float:
        """Subjects per second, over the whole run."""
        return self.subjects / self.seconds if self.seconds > 0 else 0.0


@dataclass(frozen=True, slots=True)
class RangeJob:
    """One range of subjects, as read: what a worker needs to score it."""

    subjects: list[SubjectRowT]
    facts: list[FactRowT]
    current: Current | None


@dataclass(frozen=True, slots=True)
class RangeResult:
    """What scoring a range gave: the rows to write and how many were unchanged."""

    rows: list[ScoreRow]
    subjects: int
    unchanged: int


def score_range(scorer: Scorer, job: RangeJob) -> RangeResult:
    """Score every subject of a range; leave out those whose evaluation did not change."""
    facts = group_facts(job.facts)
    rows: list[ScoreRow] = []
    unchanged = 0
    current = job.current
    for subject_id, kind, tax_grade in job.subjects:
        row = scorer.row(
            subject_id,
            KINDS[kind],
            TAX_GRADES[tax_grade] if tax_grade else None,
            facts.get(subject_id, ()),
        )
        if current is not None and current.get(subject_id) == row[1:]:
            unchanged += 1
        else:
            rows.append(row)
    return RangeResult(rows, len(job.subjects), unchanged)


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


# -- reading and writing ------------------------------------------------------------------

_PG_SUBJECTS = """
SELECT s.id, s.kind, e.tax_grade FROM subjects s LEFT JOIN enterprises e ON e.subject_id = s.id
WHERE s.id >= $1 AND s.id < $2 ORDER BY s.id
"""
_PG_FACTS = """
SELECT subject_id, id, category, severity, (occurred_at AT TIME ZONE INTERVAL '+08:00')::date,
       publicity_until, status
FROM credit_records WHERE subject_id >= $1 AND subject_id < $2
"""
_PG_CURRENT = """
SELECT sc.subject_id, v.rule_set_version, v.score, v.grade, v.colour, v.red_flag, v.base_score,
       v.factors
FROM subject_scores sc JOIN evaluations v ON v.id = sc.evaluation_id
WHERE sc.subject_id >= $1 AND sc.subject_id < $2
"""
_PG_STAGE = """
CREATE TEMP TABLE IF NOT EXISTS evaluate_all_scores (
    subject_id bigint, evaluation_id bigint, score integer, grade varchar(1),
    colour varchar(8), evaluated_at timestamptz
) ON COMMIT DELETE ROWS
"""
_PG_UPSERT = """
INSERT INTO subject_scores (subject_id, evaluation_id, score, grade, colour, evaluated_at)
SELECT subject_id, evaluation_id, score, grade, colour, evaluated_at FROM evaluate_all_scores
ON CONFLICT (subject_id) DO UPDATE SET
    evaluation_id = EXCLUDED.evaluation_id, score = EXCLUDED.score, grade = EXCLUDED.grade,
    colour = EXCLUDED.colour, evaluated_at = EXCLUDED.evaluated_at
WHERE subject_scores.evaluated_at <= EXCLUDED.evaluated_at
"""
_EVALUATION_COLUMNS = (
    "id",
    "subject_id",
    "rule_set_version",
    "score",
    "grade",
    "colour",
    "red_flag",
    "base_score",
    "factors",
    "evaluated_at",
    "cause",
)
_STAGE_COLUMNS = ("subject_id", "evaluation_id", "score", "grade", "colour", "evaluated_at")


async def pg_read(pg: Any, low: int, high: int, *, current: bool) -> RangeJob:
    """Subjects ``low <= id < high``, their facts and current evaluations (asyncpg)."""
    subjects = [tuple(r) for r in await pg.fetch(_PG_SUBJECTS, low, high)]
    facts = [tuple(r) for r in await pg.fetch(_PG_FACTS, low, high)]
    now = None
    if current:
        now = {r[0]: tuple(r[1:]) for r in await pg.fetch(_PG_CURRENT, low, high)}
    return RangeJob(subjects, facts, now)


class _Store(Protocol):
    async def read(self, low: int, high: int, *, current: bool) -> RangeJob: ...

    async def write(
        self, rows: Sequence[ScoreRow], at: datetime, cause: EvaluationCause
    ) -> None: ...


class _PostgresStore:
    """Reads with asyncpg, writes with COPY; inside the SQLAlchemy connection's transaction."""

    def __init__(self, connection: AsyncConnection) -> None:
        self.connection = connection
        self.sequence: str | None = None

    async def _pg(self) -> Any:
        if not self.connection.in_transaction():
            await self.connection.begin()
        raw = await self.connection.get_raw_connection()
        pg = raw.driver_connection
        if not pg.is_in_transaction():  # type: ignore[union-attr]  # driver_connection is Optional in the stubs; set once connected
            await self.connection.exec_driver_sql("SELECT 1")
        return pg

    async def read(self, low: int, high: int, *, current: bool) -> RangeJob:
        return await pg_read(await self._pg(), low, high, current=current)

    async def write(self, rows: Sequence[ScoreRow], at: datetime, cause: EvaluationCause) -> None:
        if not rows:
            return
        pg = await self._pg()
        if self.sequence is None:
            self.sequence = await pg.fetchval("SELECT pg_get_serial_sequence('evaluations', 'id')")
            await pg.execute(_PG_STAGE)
        ids = [
            r[0]
            for r in await pg.fetch(
                "SELECT nextval($1::regclass) FROM generate_series(1, $2)", self.sequence, len(rows)
            )
        ]
        value = cause.value
        await pg.copy_records_to_table(
            "evaluations",
            records=[(i, *row, at, value) for i, row in zip(ids, rows, strict=True)],
            columns=_EVALUATION_COLUMNS,
        )
        await pg.copy_records_to_table(
            "evaluate_all_scores",
            records=[(r[0], i, r[2], r[3], r[4], at) for i, r in zip(ids, rows, strict=True)],
            columns=_STAGE_COLUMNS,
        )
        await pg.execute(_PG_UPSERT)


class _CoreStore:
    """SQLAlchemy Core reads and executemany writes (SQLite, or PostgreSQL in tests)."""

    def __init__(self, connection: AsyncConnection) -> None:
        self.connection = connection

    async def read(self, low: int, high: int, *, current: bool) -> RangeJob:
        c = self.connection
        subjects = await c.execute(
            select(S.id, S.kind, E.tax_grade)
            .select_from(SUBJECTS.outerjoin(ENTERPRISES, E.subject_id == S.id))
            .where(S.id >= low, S.id < high)
            .order_by(S.id)
        )
        facts = await c.execute(
            select(
                R.subject_id, R.id, R.category, R.severity, R.occurred_at, R.publicity_until,
                R.status,
            ).where(R.subject_id >= low, R.subject_id < high)
        )  # fmt: skip
        now = None
        if current:
            v, sc = EVALUATIONS.c, SCORES.c
            rows = await c.execute(
                select(
                    sc.subject_id, v.rule_set_version, v.score, v.grade, v.colour, v.red_flag,
                    v.base_score, v.factors,
                )
                .select_from(SCORES.join(EVALUATIONS, v.id == sc.evaluation_id))
                .where(sc.subject_id >= low, sc.subject_id < high)
            )  # fmt: skip
            now = {r[0]: (r[1], r[2], r[3], r[4], bool(r[5]), r[6], r[7]) for r in rows}
        return RangeJob(
            [tuple(r) for r in subjects],
            [tuple(r) for r in facts],
            now,
        )

    async def write(self, rows: Sequence[ScoreRow], at: datetime, cause: EvaluationCause) -> None:
        if not rows:
            return
        names = _EVALUATION_COLUMNS[1:]
        result = await self.connection.execute(
            insert(EVALUATIONS).returning(EVALUATIONS.c.id, sort_by_parameter_order=True),
            [dict(zip(names, (*row, at, cause.value), strict=True)) for row in rows],
        )
        ids = [r[0] for r in result]
        statement = sqlite_insert(SCORES) if self._sqlite else _pg_insert(SCORES)
        excluded = statement.excluded
        statement = statement.on_conflict_do_update(
            index_elements=["subject_id"],
            set_={name: excluded[name] for name in _STAGE_COLUMNS[1:]},
            where=SCORES.c.evaluated_at <= excluded.evaluated_at,
        )
        await self.connection.execute(
            statement,
            [
                dict(zip(_STAGE_COLUMNS, (r[0], i, r[2], r[3], r[4], at), strict=True))
                for i, r in zip(ids, rows, strict=True)
            ],
        )

    @property
    def _sqlite(self) -> bool:
        return self.connection.dialect.name == "sqlite"


def _pg_insert(table: Any) -> Any:
    from sqlalchemy.dialects.postgresql import insert as pg_insert

    return pg_insert(table)


# -- the run --------------------------------------------------------------------------------


async def load_rules(connection: AsyncConnection, version: str | None) -> RuleSet:
    """The active rule set, or the one published as ``version``."""
    statement = select(RULES.c.parameters)
    statement = (
        statement.where(RULES.c.active.is_(True))
        if version is None
        else statement.where(RULES.c.version == version)
    )
    row = (await connection.execute(statement)).first()
    if row is None:
        raise LookupError(
            "no rule set is active" if version is None else f"no rule set {version!r}"
        )
    return rule_set_from_json(json.loads(row[0]))


async def evaluate_all(
    engine: AsyncEngine,
    *,
    now: datetime,
    today: date,
    version: str | None = None,
    cause: EvaluationCause = EvaluationCause.FULL_RUN,
    rewrite: bool = False,
    workers: int | None = None,
    range_size: int = DEFAULT_RANGE,
    progress: RunProgress | None = None,
    use_copy: bool | None = None,
) -> FullRunReport:
    """Evaluate every subject under the active (or named) rule set; see the module docstring."""
    started = time.perf_counter()
    postgres = engine.dialect.name == "postgresql"
    copy = postgres if use_copy is None else use_copy
    workers = default_workers(postgres) if workers is None else workers
    async with engine.connect() as connection:
        rules = await load_rules(connection, version)
        low, high, total = (
            await connection.execute(select(func.min(S.id), func.max(S.id), func.count(S.id)))
        ).one()
        if postgres:  # an evaluation lost in a crash is recomputed by the next run
            await connection.exec_driver_sql("SET synchronous_commit = off")
        await connection.commit()
        if progress is not None:
            progress.start(total)
        store: _Store = _PostgresStore(connection) if copy else _CoreStore(connection)
        ranges = [] if low is None else list(range(low, high + 1, range_size))
        scorer = Scorer(rules, today)
        written = unchanged = 0

        async def finish(result: RangeResult) -> None:
            nonlocal written, unchanged
            await store.write(result.rows, now, cause)
            await connection.commit()
            written += len(result.rows)
            unchanged += result.unchanged
            if progress is not None:
                progress.advance(result.subjects)

        if workers <= 0:
            for start in ranges:
                job = await store.read(start, start + range_size, current=not rewrite)
                await finish(score_range(scorer, job))
        else:
            dsn = None
            if copy:  # workers read committed data on their own connections
                dsn = engine.url.set(drivername="postgresql").render_as_string(hide_password=False)
            await _pipeline(store, ranges, range_size, rules, today, workers, rewrite, finish, dsn)
        if postgres:
            await connection.exec_driver_sql("RESET synchronous_commit")
            await connection.commit()
    return FullRunReport(rules.version, total, written, unchanged, time.perf_counter() - started)


async def _pipeline(
    store: _Store,
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
