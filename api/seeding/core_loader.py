"""Loading through SQLAlchemy Core (executemany with insertmanyvalues): SQLite and PostgreSQL.

Meant for small profiles: everything is generated in this process, then inserted table by
table, parents first, in the caller's transaction.
"""

from __future__ import annotations

from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncConnection

from api.db.tables import metadata
from api.seeding.batch import COLUMNS, Batch, Row, to_python
from api.seeding.generate import Generator
from api.seeding.plan import Plan
from api.seeding.progress import Progress

PAGE = 5_000


async def load_core(
    connection: AsyncConnection, plan: Plan, progress: Progress
) -> tuple[dict[str, int], dict[str, str]]:
    """Generate every chunk of ``plan`` and insert it; return rows per table and samples."""
    generator = Generator(plan)
    chunks = plan.all_chunks()
    progress.start("generate", len(chunks))
    batches: list[Batch] = []
    for chunk in chunks:
        batches.append(generator.batch(chunk))
        progress.advance("generate", 1)
    counts: dict[str, int] = {}
    samples: dict[str, str] = {}
    for batch in batches:
        for key, value in batch.samples.items():
            samples.setdefault(key, value)
    for table in COLUMNS:
        rows: list[Row] = [row for batch in batches for row in batch.rows.get(table, ())]
        counts[table] = len(rows)
        progress.start(table, len(rows))
        statement = insert(metadata.tables[table])
        for offset in range(0, len(rows), PAGE):
            page = rows[offset : offset + PAGE]
            await connection.execute(statement, to_python(table, page))
            progress.advance(table, len(page))
    return counts, samples
