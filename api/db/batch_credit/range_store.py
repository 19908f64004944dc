"""Reading ranges of subjects and writing their evaluations in bulk (``evaluate --all``).

On PostgreSQL ranges are read with asyncpg and written with COPY, then one upsert per range
(``PostgresStore``); elsewhere with SQLAlchemy Core and executemany (``CoreStore``). The current
row is only replaced by an evaluation at least as recent (``evaluated_at``).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any, Protocol

from sqlalchemy import insert, select
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncConnection

from api.db.batch_credit.range_scoring import RangeJob
from api.db.batch_credit.scoring import ScoreRow
from api.db.tables import metadata
from api.domain.credit.model import EvaluationCause

SUBJECTS = metadata.tables["subjects"]
ENTERPRISES = metadata.tables["enterprises"]
RECORDS = metadata.tables["credit_records"]
EVALUATIONS = metadata.tables["evaluations"]
SCORES = metadata.tables["subject_scores"]
S, E, R = SUBJECTS.c, ENTERPRISES.c, RECORDS.c

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


class RangeStore(Protocol):
    """Where a run reads its ranges and writes their evaluations."""

    async def read(self, low: int, high: int, *, current: bool) -> RangeJob:
        """Subjects ``low <= id < high``, their facts and (with ``current``) evaluations."""
        ...

    async def write(self, rows: Sequence[ScoreRow], at: datetime, cause: EvaluationCause) -> None:
        """Write the evaluations of ``rows`` as of ``at`` and make them current."""
        ...


class PostgresStore:
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


class CoreStore:
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
