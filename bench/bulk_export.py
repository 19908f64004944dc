"""Measure a regulator's bulk export of every enterprise with its records, on PostgreSQL.

Creates a scratch database on the server ``--admin-url`` names, migrates it, seeds the city
profile scaled by ``--scale`` through COPY (``scale 1`` is 400,000 enterprises), starts the
trusted export ``EnterprisesForBulkExport`` as a regulator, and runs ``credit-platform worker
--once`` as a child process: the export's wall time, lines and enterprises per second, the
file's size, the progress seen while it ran (objectCount and the worker's RSS sampled every
two seconds) and the worker's peak RSS (``VmHWM`` of its ``/proc`` status). The scratch
database is dropped at the end.

    .venv/bin/python bench/bulk_export.py \\
        --admin-url postgresql+asyncpg://postgres@127.0.0.1:5432/postgres --scale 0.05
"""

from __future__ import annotations

import argparse
import asyncio
import os
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import make_url, select, text

from api.auth.partners import create_partner
from api.auth.scopes import SCOPES_BY_TYPE, PartnerType
from api.crypto import Keys
from api.db import migrate
from api.db.engine import create_engine, session_factory
from api.db.repositories import Repositories
from api.db.tables.base import table_of
from api.db.tables.bulk import BulkOperationRow
from api.domain.bulk import services
from api.domain.bulk.model import BulkRequester
from api.domain.clock import city_today
from api.graphql.trusted import id_of
from api.graphql.trusted_documents import DOCUMENTS
from api.seeding import SeedProfile, run_seed

MASTER = "ab" * 32
BIN = Path(sys.executable).parent


async def _database(admin_url: str, name: str, *, drop: bool) -> None:
    engine = create_engine(admin_url)
    try:
        async with engine.connect() as connection:
            autocommit = await connection.execution_options(isolation_level="AUTOCOMMIT")
            statement = f'DROP DATABASE IF EXISTS "{name}"' if drop else f'CREATE DATABASE "{name}"'
            await autocommit.execute(text(statement))
    finally:
        await engine.dispose()


async def _prepare(url: str, scale: float) -> tuple[str, int, float]:
    """Migrate, seed, start the export: (operation id, enterprises, seed seconds)."""
    engine = create_engine(url)
    keys = Keys.from_master(bytes.fromhex(MASTER))
    try:
        await migrate.upgrade(engine)
        started = time.perf_counter()
        report = await run_seed(
            engine,
            SeedProfile.CITY,
            keys=keys,
            today=city_today(datetime.now(UTC)),
            scale=scale,
        )
        seeded = time.perf_counter() - started
        del report
        async with session_factory(engine)() as session:
            regulator = await create_partner(
                session, partner_type=PartnerType.REGULATOR, name="Bench regulator"
            )
            requester = BulkRequester(
                partner_id=regulator.partner_id,
                partner_type="regulator",
                client_id=regulator.client_id,
                token_id="bench",  # noqa: S106 - a label in the audit, no secret
                scopes=tuple(sorted(s.value for s in SCOPES_BY_TYPE[PartnerType.REGULATOR])),
                request_id="bench",
            )
            document = id_of("EnterprisesForBulkExport")
            operation = await services.start_bulk_operation(
                Repositories(session),
                requester=requester,
                query=DOCUMENTS[document][0],
                root_field="enterprises",
                document_id=document,
                now=datetime.now(UTC),
            )
            await session.commit()
            enterprises = int(
                (await session.execute(text("SELECT count(*) FROM enterprises"))).scalar_one()
            )
        return operation.id, enterprises, seeded
    finally:
        await engine.dispose()


async def _run_seconds(url: str, operation_id: str) -> float:
    """The export's own time: from the worker's claim to the operation's end."""
    engine = create_engine(url, pool_size=1)
    table = table_of(BulkOperationRow)
    try:
        async with engine.connect() as connection:
            row = (
                await connection.execute(
                    select(table.c.started_at, table.c.completed_at).where(
                        table.c.id == operation_id
                    )
                )
            ).one()
            return float((row[1] - row[0]).total_seconds())
    finally:
        await engine.dispose()


def _memory(pid: int) -> tuple[float, float]:
    """The process's resident set now and at its peak (VmRSS, VmHWM), in MB (Linux)."""
    values = {"VmRSS": 0.0, "VmHWM": 0.0}
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            name, _, rest = line.partition(":")
            if name in values:
                values[name] = int(rest.split()[0]) / 1024
    except (FileNotFoundError, ProcessLookupError):
        pass
    return values["VmRSS"], values["VmHWM"]


async def _progress(url: str, operation_id: str) -> tuple[str, int, int]:
    engine = create_engine(url, pool_size=1)
    table = table_of(BulkOperationRow)
    try:
        async with engine.connect() as connection:
            row = (
                await connection.execute(
                    select(table.c.status, table.c.object_count, table.c.file_size).where(
                        table.c.id == operation_id
                    )
                )
            ).one()
            return str(row[0]), int(row[1]), int(row[2])
    finally:
        await engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--admin-url", default=os.environ.get("TEST_DATABASE_URL"))
    parser.add_argument("--scale", type=float, default=0.05, help="Of the city (1 = 400,000).")
    parser.add_argument("--keep", action="store_true", help="Keep the scratch database.")
    args = parser.parse_args()
    if not args.admin_url:
        parser.error("name a PostgreSQL server: --admin-url or TEST_DATABASE_URL")
    name = f"credit_bulk_{uuid.uuid4().hex[:8]}"
    url = make_url(args.admin_url).set(database=name).render_as_string(hide_password=False)
    asyncio.run(_database(args.admin_url, name, drop=False))
    try:
        operation_id, enterprises, seeded = asyncio.run(_prepare(url, args.scale))
        print(
            f"seeded scale {args.scale}: {enterprises:,} enterprises in {seeded:.0f} s", flush=True
        )
        with tempfile.TemporaryDirectory() as data_dir:
            env = {
                **os.environ,
                "DATABASE_URL": url,
                "CREDIT_DATA_DIR": data_dir,
                "CREDIT_SECRET_KEY": MASTER,
            }
            started = time.perf_counter()
            worker = subprocess.Popen([BIN / "credit-platform", "worker", "--once"], env=env)
            peak = 0.0
            while worker.poll() is None:
                time.sleep(2)
                rss, high = _memory(worker.pid)
                peak = max(peak, high)
                status, objects, size = asyncio.run(_progress(url, operation_id))
                print(
                    f"  {time.perf_counter() - started:6.0f} s  {status}  "
                    f"{objects:,} objects  {size / 1e6:.1f} MB written  worker RSS {rss:.0f} MB",
                    flush=True,
                )
            wall = time.perf_counter() - started
            seconds = asyncio.run(_run_seconds(url, operation_id))
            status, objects, size = asyncio.run(_progress(url, operation_id))
        print(f"worker process {wall:.1f} s (start-up included); the export itself, claim to end:")
        print(
            f"{status}: {objects:,} lines ({enterprises:,} enterprises) in {seconds:.1f} s: "
            f"{objects / seconds:,.0f} lines/s, {enterprises / seconds:,.0f} enterprises/s, "
            f"{size / 1e6:.1f} MB, worker peak RSS {peak:.0f} MB (VmHWM, last seen before exit)"
        )
    finally:
        if not args.keep:
            asyncio.run(_database(args.admin_url, name, drop=True))


if __name__ == "__main__":
    main()
