"""Bench: ``incentiveStatistics`` through the app against the bare SQL of the same aggregation.

On a city-scale PostgreSQL database seeded with a year of benefit grants (``credit-platform
seed --profile city``), in the same run, for each case:

- ``app``: the platform as a uvicorn process on 127.0.0.1 (``bench.app_server``'s factory:
  the app's own bearer middleware, scope checks and GraphQL), a credit office token with
  ``statistics:read`` signed with the benchmark key, one request at a time over HTTP;
- ``bare``: the very statements the repository sends for that filter (captured from
  ``BenefitRepository.statistics`` with a cursor listener), run back to back on one asyncpg
  connection, rows fetched and discarded.

Cases: every scenario over the year; by district over the last full month; by operator type
over the year; mobility operators by scenario and month; the last 45 days by category (whole
months from the rollup, the days before them from the grants). Each case is measured in
alternating blocks (app, bare, app, bare, ...) after a warm-up; p50 and p99 per case, and the
ratio of the app's p50 to the bare p50. Reads only. Usage::

    DATABASE_URL=postgresql+asyncpg://postgres@127.0.0.1:5432/credit_city3 \\
    CREDIT_SECRET_KEY=... python bench/incentive_statistics.py --requests 20 --rounds 3
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.app_server import BENCH_ENV, BENCH_ISSUER, bench_signing_key, install_bench_trust  # noqa: E402

QUERY = """
query Stats($filter: IncentiveStatisticsFilter) {
  incentiveStatistics(filter: $filter) {
    total { beneficiaries uses totalBenefit }
    groups { keys { dimension value } beneficiaries uses totalBenefit }
  }
}
"""


def cases(today: date) -> list[tuple[str, dict[str, Any]]]:
    """(name, GraphQL filter) of the measured requests."""
    month_end = today.replace(day=1) - timedelta(days=1)
    month_start = month_end.replace(day=1)
    return [
        ("all, by scenario", {"groupBy": ["SCENARIO"]}),
        (
            f"{month_start:%Y-%m}, by district",
            {
                "grantedFrom": month_start.isoformat(),
                "grantedUntil": month_end.isoformat(),
                "groupBy": ["DISTRICT"],
            },
        ),
        ("all, by operator type", {"groupBy": ["OPERATOR_TYPE"]}),
        (
            "mobility, by scenario and month",
            {"operatorTypes": ["MOBILITY_OPERATOR"], "groupBy": ["SCENARIO", "MONTH"]},
        ),
        (
            "last 45 days, by category",
            {"grantedFrom": (today - timedelta(days=45)).isoformat(), "groupBy": ["CATEGORY"]},
        ),
    ]


def _spec(given: dict[str, Any]) -> Any:
    """The domain filter the resolver builds from a GraphQL filter."""
    from api.domain.scenarios.model import StatisticsDimension, StatisticsFilter

    return StatisticsFilter(
        operator_types=tuple(t.lower() for t in given.get("operatorTypes", ())),
        granted_from=date.fromisoformat(given["grantedFrom"]) if "grantedFrom" in given else None,
        granted_until=(
            date.fromisoformat(given["grantedUntil"]) if "grantedUntil" in given else None
        ),
        group_by=tuple(StatisticsDimension(d.lower()) for d in given.get("groupBy", ())),
    )


async def capture(url: str, filters: list[dict[str, Any]]) -> tuple[int, list[list[Any]]]:
    """The credit office's id, and per filter the (SQL, parameters) the repository sends."""
    from sqlalchemy import event, text

    from api.db.engine import create_engine, session_factory
    from api.db.repositories import Repositories
    from api.domain.scenarios import catalogue

    engine = create_engine(url, pool_size=1, max_overflow=0)
    sent: list[tuple[str, Any]] = []

    def listen(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        sent.append((statement, parameters))

    event.listen(engine.sync_engine, "before_cursor_execute", listen)
    captured: list[list[Any]] = []
    try:
        async with session_factory(engine)() as session:
            found = (
                await session.execute(
                    text(
                        "SELECT id FROM partners WHERE type = 'credit_office'"
                        " ORDER BY status = 'active' DESC, id LIMIT 1"
                    )
                )
            ).first()
            office = int(found[0]) if found else 1
            for given in filters:
                sent.clear()
                await catalogue.incentive_statistics(Repositories(session), _spec(given))
                captured.append([(s, tuple(p or ())) for s, p in sent if "benefit_" in s.lower()])
    finally:
        await engine.dispose()
    return office, captured


def bench_token(office_id: int) -> str:
    """A credit office token (statistics:read), signed with the benchmark key."""
    from api.auth.config import AuthConfig
    from api.auth.scopes import PartnerType, Scope
    from api.auth.tokens import TokenIssuer
    from api.settings import Settings

    defaults = Settings()
    config = AuthConfig(
        issuer=BENCH_ISSUER,
        audience=defaults.oauth_audience,
        token_lifetime=timedelta(hours=2),
        secret_overlap=timedelta(seconds=defaults.oauth_secret_overlap_seconds),
        refresh_seconds=defaults.oauth_refresh_seconds,
        leeway=timedelta(seconds=defaults.oauth_clock_leeway_seconds),
    )
    token, _ = TokenIssuer(config).issue(
        bench_signing_key(),
        client_id="bench-statistics",
        partner_id=office_id,
        partner_type=PartnerType.CREDIT_OFFICE,
        scopes=frozenset({Scope.STATISTICS_READ}),
        now=datetime.now(UTC),
    )
    return str(token)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _start(port: int) -> subprocess.Popen[bytes]:
    """uvicorn serving ``bench.app_server``'s factory on ``port``."""
    command = [sys.executable, "-m", "uvicorn", "bench.app_server:create_app_from_env"]
    command += ["--factory", "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"]
    env = {**os.environ, **BENCH_ENV, "CREDIT_LOG_LEVEL": "WARNING"}
    return subprocess.Popen(command, cwd=ROOT, env=env)


@contextlib.asynccontextmanager
async def app_server() -> AsyncIterator[str]:
    """The app under uvicorn (one worker) on a free port; its /graphql URL."""
    import httpx

    port = _free_port()
    process = _start(port)
    try:
        async with httpx.AsyncClient() as client:
            for _ in range(200):
                with contextlib.suppress(httpx.HTTPError):
                    if (await client.get(f"http://127.0.0.1:{port}/healthz")).status_code == 200:
                        break
                await asyncio.sleep(0.1)
            else:
                raise RuntimeError("the app did not start")
        yield f"http://127.0.0.1:{port}/graphql"
    finally:
        process.terminate()
        process.wait(10)


async def _timed(call: Callable[[], Any], count: int) -> list[float]:
    out = []
    for _ in range(count):
        started = time.perf_counter()
        await call()
        out.append((time.perf_counter() - started) * 1000)
    return out


def _p(values: list[float], fraction: float) -> float:
    """A percentile by rank (this module shadows the standard ``statistics`` when run)."""
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, round(fraction * len(ordered)) - 1))]


async def run(url: str, requests: int, rounds: int) -> None:
    """Measure every case, app and bare in alternating blocks; print the table."""
    import asyncpg
    import httpx
    from sqlalchemy.engine import make_url

    from api.domain.clock import city_today

    install_bench_trust()
    today = city_today(datetime.now(UTC))
    measured = cases(today)
    office, statements = await capture(url, [f for _, f in measured])
    token = bench_token(office)
    parsed = make_url(url)
    pg = await asyncpg.connect(
        host=parsed.host, port=parsed.port or 5432, user=parsed.username,
        password=parsed.password, database=parsed.database,
    )  # fmt: skip
    rows: list[tuple[str, float, float, float, float, int]] = []
    try:
        async with app_server() as endpoint, httpx.AsyncClient(timeout=120) as client:
            headers = {"authorization": f"Bearer {token}"}
            for (name, given), sql in zip(measured, statements, strict=True):
                body = {"query": QUERY, "variables": {"filter": given}}

                async def app(body: dict[str, Any] = body) -> None:
                    response = await client.post(endpoint, json=body, headers=headers)
                    data = response.json()
                    if response.status_code != 200 or "errors" in data:
                        raise RuntimeError(json.dumps(data)[:500])

                async def bare(sql: list[Any] = sql) -> None:
                    for statement, parameters in sql:
                        await pg.fetch(statement, *parameters)

                await app()  # warm-up: caches, plans, connections
                await bare()
                samples: dict[str, list[float]] = {"app": [], "bare": []}
                for _ in range(rounds):
                    samples["app"] += await _timed(app, requests)
                    samples["bare"] += await _timed(bare, requests)
                response = await client.post(endpoint, json=body, headers=headers)
                groups = len(response.json()["data"]["incentiveStatistics"]["groups"])
                app_s, bare_s = samples["app"], samples["bare"]
                rows.append(
                    (
                        name,
                        _p(app_s, 0.5),
                        _p(app_s, 0.99),
                        _p(bare_s, 0.5),
                        _p(bare_s, 0.99),
                        groups,
                    )
                )
    finally:
        await pg.close()
    grants = await _grant_count(url)
    print(
        f"incentiveStatistics over {grants:,} grants, {rounds} x {requests} sequential "
        "requests per variant and case (ms)"
    )
    print(
        f"{'case':<34} {'groups':>6} {'app p50':>8} {'app p99':>8} {'bare p50':>9} "
        f"{'bare p99':>9} {'app/bare':>8}"
    )
    for name, a50, a99, b50, b99, groups in rows:
        print(
            f"{name:<34} {groups:>6} {a50:8.1f} {a99:8.1f} {b50:9.1f} {b99:9.1f} {a50 / b50:8.2f}"
        )


async def _grant_count(url: str) -> int:
    from sqlalchemy import text

    from api.db.engine import create_engine

    engine = create_engine(url, pool_size=1, max_overflow=0)
    try:
        async with engine.connect() as connection:
            found = await connection.execute(text("SELECT count(*) FROM benefit_grants"))
            return int(found.scalar_one())
    finally:
        await engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=20, help="requests per block")
    parser.add_argument("--rounds", type=int, default=3, help="alternating blocks per variant")
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgresql"):
        raise SystemExit("set DATABASE_URL to the city-scale PostgreSQL database")
    asyncio.run(run(url, args.requests, args.rounds))


if __name__ == "__main__":
    main()
