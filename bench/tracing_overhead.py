"""What tracing costs: a GraphQL request with tracing off (no provider, nothing installed)
against the same request with tracing on (the SDK, a BatchSpanProcessor and an exporter that
drops every batch), in one run, in one process.

Both variants run the same operation (a page of green enterprises with their records'
loaders, ``GreenEnterprises``) through the real app (bearer middleware, JWT, GraphQL, the
database) on an ASGI transport. Tracing on means what ``OTEL_EXPORTER_OTLP_ENDPOINT`` turns
on: OpenTelemetry's ASGI middleware, a span per GraphQL operation and a span per SQL
statement; only the network export is left out. Each variant has its own engine (the SQL
instrumentation listens on an engine), and blocks of the two alternate so drift hits both
alike. A scratch SQLite file is seeded with demo data, or a PostgreSQL database with
--admin-url (created and dropped).

    .venv/bin/python bench/tracing_overhead.py
    .venv/bin/python bench/tracing_overhead.py --admin-url postgresql+asyncpg://postgres@127.0.0.1:5432/postgres
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path

import httpx
from opentelemetry.sdk.trace import ReadableSpan
from opentelemetry.sdk.trace.export import SpanExporter, SpanExportResult

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as a script: the project's own packages (and tests/)
    sys.path.insert(0, str(ROOT))

QUERY = (
    "query GreenEnterprises($first: Int!) { enterprises(first: $first) "
    "{ edges { cursor node { id uscc name district taxGrade greenClass "
    "creditRecords(first: 2) { nodes { category summary } } } } "
    "pageInfo { hasNextPage endCursor } } }"
)
MASTER_KEY = "c1" * 32
WARM_UP = 200


class DroppingExporter(SpanExporter):
    """Takes every batch and keeps nothing: the SDK's whole cost, without a network."""

    def __init__(self) -> None:
        self.exported = 0

    def export(self, spans: Sequence[ReadableSpan]) -> SpanExportResult:
        """Count the spans and drop them."""
        self.exported += len(spans)
        return SpanExportResult.SUCCESS


async def _timed(send: Callable[[], Awaitable[httpx.Response]], count: int) -> list[float]:
    samples = []
    for _ in range(count):
        started = time.perf_counter()
        response = await send()
        samples.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.text
        assert '"errors"' not in response.text, response.text
    return samples


async def run(admin_url: str | None, requests: int, rounds: int, page: int) -> None:
    """Seed a scratch database, then time both variants in alternating blocks."""
    from api.auth.partners import create_partner
    from api.auth.scopes import PartnerType
    from api.crypto import Keys
    from api.db import migrate
    from api.db.engine import create_engine, session_factory
    from api.http.app import create_app
    from api.observability.tracing import install_tracing
    from api.seeding import SeedProfile, seed
    from api.settings import Settings
    from tests.conftest import create_scratch_database, drop_scratch_database

    scratch = Path(tempfile.mkdtemp(prefix="tracing-bench-"))
    url = (
        await create_scratch_database(admin_url)
        if admin_url
        else f"sqlite+aiosqlite:///{scratch / 'bench.db'}"
    )
    engines = {"off": create_engine(url), "on": create_engine(url)}
    setup = create_engine(url)
    exporter = DroppingExporter()
    tracing = install_tracing(exporter, service_name="tracing-bench")
    try:
        await migrate.upgrade(setup)
        keys = Keys.from_master(bytes.fromhex(MASTER_KEY))
        await seed(setup, SeedProfile.DEMO, keys=keys, today=datetime.now(UTC).date())
        async with session_factory(setup)() as session:
            issued = await create_partner(
                session, partner_type=PartnerType.CREDIT_OFFICE, name="Bench office"
            )
            await session.commit()
        await setup.dispose()
        settings = Settings(
            DATABASE_URL=url, data_dir=scratch, secret_key=MASTER_KEY, log_level="WARNING"
        )
        apps = {
            "off": create_app(settings, engine=engines["off"]),
            "on": create_app(settings, engine=engines["on"], tracing=tracing),
        }
        clients = {
            name: httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://b")
            for name, app in apps.items()
        }
        token = (
            await clients["off"].post(
                "/oauth/token",
                data={"grant_type": "client_credentials"},
                auth=(issued.client_id, issued.client_secret),
            )
        ).json()["access_token"]
        headers = {"authorization": f"Bearer {token}"}
        body = {"query": QUERY, "variables": {"first": page}, "operationName": "GreenEnterprises"}

        def sender(client: httpx.AsyncClient) -> Callable[[], Awaitable[httpx.Response]]:
            return lambda: client.post("/graphql", json=body, headers=headers)

        samples: dict[str, list[float]] = {"off": [], "on": []}
        for name in samples:
            await _timed(sender(clients[name]), WARM_UP)  # caches, connections
        for round_ in range(rounds):
            # Alternate which goes first too: a block can benefit from the one before.
            for name in sorted(samples, reverse=bool(round_ % 2)):
                samples[name] += await _timed(sender(clients[name]), requests)
        for client in clients.values():
            await client.aclose()
        tracing.provider.force_flush()
    finally:
        await setup.dispose()
        tracing.shutdown()
        for engine in engines.values():
            await engine.dispose()
        if admin_url:
            await drop_scratch_database(admin_url, url)
    backend = "PostgreSQL" if admin_url else "SQLite"
    spans = exporter.exported / (rounds * requests + WARM_UP)
    print(
        f"GreenEnterprises (first: {page}), {backend}, {rounds} x {requests} requests "
        f"per variant, in process; tracing on: {spans:.1f} spans per request"
    )
    print(f"{'tracing':<8} {'mean ms':>8} {'p50 ms':>8} {'p99 ms':>8}")
    for name, values in samples.items():
        ordered = sorted(values)
        p99 = ordered[int(len(ordered) * 0.99) - 1]
        print(
            f"{name:<8} {statistics.fmean(values):8.2f} {statistics.median(values):8.2f} {p99:8.2f}"
        )
    ratio = statistics.fmean(samples["on"]) / statistics.fmean(samples["off"])
    print(f"on / off mean time: {ratio:.2f}")


def main() -> None:
    """Parse the options and run."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--admin-url", help="a postgresql+asyncpg URL to make a scratch DB from")
    parser.add_argument("--requests", type=int, default=300, help="requests per block")
    parser.add_argument("--rounds", type=int, default=3, help="alternating blocks per variant")
    parser.add_argument("--page", type=int, default=20, help="enterprises per page")
    options = parser.parse_args()
    asyncio.run(run(options.admin_url, options.requests, options.rounds, options.page))


if __name__ == "__main__":
    main()
