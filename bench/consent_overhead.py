"""What consent checking and audit cost: the audited person lookup against the same lookup
without them, in one run, in one process.

Both variants run the same operation through the real app (bearer middleware, JWT, GraphQL,
the person lookup by blind index, masking) on an ASGI transport. The audited variant goes
through the consent gate and commits one audit row per request; the baseline replaces the
gate with "allowed, nothing written". Blocks of the two alternate so drift hits both alike.
It needs a scratch database it may write to (demo data is seeded there): a SQLite file by
default, or a PostgreSQL server given with --admin-url (a database is created and dropped).

    .venv/bin/python bench/consent_overhead.py --admin-url postgresql+asyncpg://postgres@127.0.0.1:5432/postgres
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import text

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as a script: the project's own packages (and tests/)
    sys.path.insert(0, str(ROOT))

QUERY = (
    "query($rid: ResidentId!) { person(purpose: CREDIT_SUPERVISION, residentId: $rid) "
    "{ person { residentId name district } denial { reason } } }"
)
MASTER_KEY = "c0" * 32


async def _allowed_without_audit(info: Any, **kwargs: Any) -> Any:
    """The baseline's gate: find the person, allow, write nothing (same shape as the real one)."""
    from api.domain.consent.model import AccessDecision, AccessOutcome, SubjectRef
    from api.domain.consent.persons import find_person

    person = await find_person(info.context.repos, info.context.crypto, kwargs["resident_id"])
    assert person is not None
    return AccessDecision(AccessOutcome.ALLOWED, subject=SubjectRef.person(person.id)), person


async def _timed(send: Callable[[], Awaitable[httpx.Response]], count: int) -> list[float]:
    samples = []
    for _ in range(count):
        started = time.perf_counter()
        response = await send()
        samples.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.text
        assert '"denial":null' in response.text.replace(" ", ""), response.text
    return samples


async def run(admin_url: str | None, requests: int, rounds: int) -> None:
    """Seed a scratch database, then time both variants in alternating blocks."""
    import api.graphql.consent.queries as query_module
    from api.auth.partners import create_partner
    from api.auth.scopes import PartnerType
    from api.crypto import Keys
    from api.db import migrate
    from api.db.engine import create_engine, session_factory
    from api.http.app import create_app
    from api.seeding import SeedProfile, seed
    from api.settings import Settings
    from tests.conftest import create_scratch_database, drop_scratch_database

    scratch = Path(tempfile.mkdtemp(prefix="consent-bench-"))
    url = (
        await create_scratch_database(admin_url)
        if admin_url
        else f"sqlite+aiosqlite:///{scratch / 'bench.db'}"
    )
    engine = create_engine(url)
    try:
        await migrate.upgrade(engine)
        keys = Keys.from_master(bytes.fromhex(MASTER_KEY))
        report = await seed(engine, SeedProfile.DEMO, keys=keys, today=datetime.now(UTC).date())
        resident_id = report.samples["resident_id"]
        sessions = session_factory(engine)
        async with sessions() as session:
            issued = await create_partner(
                session, partner_type=PartnerType.CREDIT_OFFICE, name="Bench office"
            )
            await session.commit()
        settings = Settings(
            DATABASE_URL=url, data_dir=scratch, secret_key=MASTER_KEY, log_level="WARNING"
        )
        app = create_app(settings, engine=engine)
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:
            token = (
                await client.post(
                    "/oauth/token",
                    data={"grant_type": "client_credentials"},
                    auth=(issued.client_id, issued.client_secret),
                )
            ).json()["access_token"]
            headers = {"authorization": f"Bearer {token}"}
            body = {"query": QUERY, "variables": {"rid": resident_id}}

            def send() -> Awaitable[httpx.Response]:
                return client.post("/graphql", json=body, headers=headers)

            audited_gate = getattr(query_module, "gate_person_read")  # noqa: B009
            await _timed(send, 50)  # warm-up: caches, connections
            samples: dict[str, list[float]] = {"audited": [], "baseline": []}
            for _ in range(rounds):
                for variant in ("baseline", "audited"):
                    gate = audited_gate if variant == "audited" else _allowed_without_audit
                    setattr(query_module, "gate_person_read", gate)  # noqa: B010
                    samples[variant] += await _timed(send, requests)
            setattr(query_module, "gate_person_read", audited_gate)  # noqa: B010
        async with engine.connect() as connection:
            rows = (await connection.execute(text("SELECT count(*) FROM audit_log"))).scalar_one()
    finally:
        await engine.dispose()
        if admin_url:
            await drop_scratch_database(admin_url, url)
    backend = "PostgreSQL" if admin_url else "SQLite"
    print(f"person lookup, {backend}, {rounds} x {requests} requests per variant, in process")
    print(f"{'variant':<10} {'mean ms':>8} {'p50 ms':>8} {'p99 ms':>8}")
    for variant, values in samples.items():
        ordered = sorted(values)
        p99 = ordered[int(len(ordered) * 0.99) - 1]
        print(
            f"{variant:<10} {statistics.fmean(values):8.2f} "
            f"{statistics.median(values):8.2f} {p99:8.2f}"
        )
    ratio = statistics.fmean(samples["audited"]) / statistics.fmean(samples["baseline"])
    print(f"audited / baseline mean time: {ratio:.2f}  (audit rows written: {rows})")


def main() -> None:
    """Parse the options and run."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--admin-url", help="a postgresql+asyncpg URL to make a scratch DB from")
    parser.add_argument("--requests", type=int, default=300, help="requests per block")
    parser.add_argument("--rounds", type=int, default=3, help="alternating blocks per variant")
    options = parser.parse_args()
    asyncio.run(run(options.admin_url, options.requests, options.rounds))


if __name__ == "__main__":
    main()
