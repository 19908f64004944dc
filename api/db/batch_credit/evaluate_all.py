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

The parts live beside this module: a range and its scoring (``range_scoring``), reading and
writing ranges (``range_store``), the worker processes and their pipeline (``range_workers``);
their public names are importable from here as well.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from api.db.batch_credit.range_scoring import (
    Current,
    FactRowT,
    RangeJob,
    RangeResult,
    SubjectRowT,
    score_range,
)
from api.db.batch_credit.range_store import (
    ENTERPRISES,
    EVALUATIONS,
    RECORDS,
    SCORES,
    SUBJECTS,
    CoreStore,
    E,
    PostgresStore,
    R,
    RangeStore,
    S,
    pg_read,
)
from api.db.batch_credit.range_workers import (
    default_workers,
    init_worker,
    read_and_score_in_worker,
    score_in_worker,
    score_ranges,
)
from api.db.batch_credit.scoring import Scorer
from api.db.tables import metadata
from api.domain.credit.model import EvaluationCause
from api.domain.credit.rules import RuleSet, rule_set_from_json

__all__ = [
    "DEFAULT_RANGE",
    "ENTERPRISES",
    "EVALUATIONS",
    "RECORDS",
    "RULES",
    "SCORES",
    "SUBJECTS",
    "CoreStore",
    "Current",
    "E",
    "FactRowT",
    "FullRunReport",
    "PostgresStore",
    "R",
    "RangeJob",
    "RangeResult",
    "RangeStore",
    "RunProgress",
    "S",
    "SubjectRowT",
    "default_workers",
    "evaluate_all",
    "init_worker",
    "load_rules",
    "pg_read",
    "read_and_score_in_worker",
    "score_in_worker",
    "score_range",
]

RULES = metadata.tables["rule_sets"]
DEFAULT_RANGE = 20_000


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
        store: RangeStore = PostgresStore(connection) if copy else CoreStore(connection)
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
            await score_ranges(
                store, ranges, range_size, rules, today, workers, rewrite, finish, dsn
            )
        if postgres:
            await connection.exec_driver_sql("RESET synchronous_commit")
            await connection.commit()
    return FullRunReport(rules.version, total, written, unchanged, time.perf_counter() - started)
