"""Measure ``evaluate --all`` at city scale against the pure scoring of the same subjects.

Baseline: the domain's ``evaluate()`` over a sample of the city's subjects already in memory
(facts read beforehand), in this one process; times the number of scoring processes, it is
the best a full run could do. Measured: the full run itself (read, score in worker
processes, write history and current rows), with unchanged subjects skipped and, with
``--rewrite``, with every evaluation written. The ratio shows what reading and writing cost.

    DATABASE_URL=postgresql+asyncpg://postgres@127.0.0.1:5432/credit_city2 \\
        .venv/bin/python bench/evaluate_all.py --rewrite

Writes evaluations (history rows, cause full_run): run it on a scratch copy of the city.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import time
from datetime import UTC, datetime
from typing import Any

from api.db.batch_credit.evaluate_all import (
    default_workers,
    evaluate_all,
    load_rules,
    pg_read,
)
from api.db.batch_credit.scoring import KINDS, TAX_GRADES, group_facts
from api.db.engine import create_engine
from api.domain.clock import city_today
from api.domain.credit.scoring import SubjectFacts, evaluate


async def baseline(url: str, sample: int) -> tuple[float, int]:
    """Pure ``evaluate()`` subjects per second over ``sample`` subjects spread over the ids."""
    engine = create_engine(url)
    today = city_today(datetime.now(UTC))
    try:
        async with engine.connect() as connection:
            rules = await load_rules(connection, None)
            pg: Any = (await connection.get_raw_connection()).driver_connection
            low, high = await pg.fetchrow("SELECT min(id), max(id) FROM subjects")
            step = max(1, (high - low + 1) // 20)
            width = max(1, sample // 20)
            subjects: list[SubjectFacts] = []
            for start in range(low, high + 1, step):
                job = await pg_read(pg, start, start + width, current=False)
                facts = group_facts(job.facts)
                subjects.extend(
                    SubjectFacts(sid, KINDS[kind], facts.get(sid, ()), TAX_GRADES[g] if g else None)
                    for sid, kind, g in job.subjects
                )
    finally:
        await engine.dispose()
    started = time.perf_counter()
    for subject in subjects:
        evaluate(subject, rules, today)
    return len(subjects) / (time.perf_counter() - started), len(subjects)


async def full_run(url: str, rewrite: bool) -> tuple[float, float, int, int]:
    """(subjects/s, seconds, written, unchanged) of one full run."""
    engine = create_engine(url, pool_size=2)
    now = datetime.now(UTC)
    try:
        report = await evaluate_all(engine, now=now, today=city_today(now), rewrite=rewrite)
    finally:
        await engine.dispose()
    return report.rate, report.seconds, report.written, report.unchanged


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL"))
    parser.add_argument("--sample", type=int, default=200_000, help="Baseline subjects.")
    parser.add_argument(
        "--rewrite", action="store_true", help="Also time a run that writes every evaluation."
    )
    args = parser.parse_args()
    if not args.database_url or not args.database_url.startswith("postgresql"):
        parser.error("give a PostgreSQL --database-url (or DATABASE_URL)")
    workers = default_workers(True)
    pure, sampled = asyncio.run(baseline(args.database_url, args.sample))
    ideal = pure * workers
    print(f"baseline: pure evaluate() {pure:,.0f} subjects/s in one process ({sampled:,} subjects)")
    print(f"          x {workers} processes = {ideal:,.0f} subjects/s (the ceiling)")
    runs = [False, True] if args.rewrite else [False]
    for rewrite in runs:
        rate, seconds, written, unchanged = asyncio.run(full_run(args.database_url, rewrite))
        label = "evaluate --all --rewrite" if rewrite else "evaluate --all"
        print(
            f"{label}: {rate:,.0f} subjects/s, {seconds:.1f} s wall "
            f"({written:,} written, {unchanged:,} unchanged); "
            f"ratio to the ceiling {rate / ideal:.2f}"
        )


if __name__ == "__main__":
    main()
