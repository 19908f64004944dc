"""Bench: ``loanCandidates(first: 50)`` with reasons against the bare SQL of the same filter.

Both targets run as uvicorn processes on 127.0.0.1 in the same run, against the same
PostgreSQL database, loaded by ``bench/loadgen.py`` with the same closed loop:

- ``app``: the platform (``api.http.app``), a bank's token (the benchmark key, as in
  ``bench/app_server.py``), the persisted ``schema/operations/bank/LoanCandidates.graphql``:
  50 ranked candidates, each with its enterprise, criterion checks, score parts and lifts;
- ``bare``: Starlette + asyncpg running the SQL the app's repository builds for the same
  product (same filter, same order, same LIMIT 51), returning the rows as JSON.

Set-up (idempotent, writes only to the benchmark database): a bench bank partner, three
published products (green, tax-credit, credit), and the matching index (``match-index``) when
it is empty. Usage::

    DATABASE_URL=postgresql+asyncpg://postgres@127.0.0.1:5432/credit_bank \\
    CREDIT_SECRET_KEY=... python bench/matching.py --connections 1 4 16 --duration 10
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import subprocess
import sys
import time
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.app_server import BENCH_ENV, BENCH_ISSUER, bench_signing_key, install_bench_trust  # noqa: E402
from bench.loadgen import run as load  # noqa: E402

#: The persisted operation without its payload ``errors`` selection: the load generator counts
#: any body containing ``"errors":`` as failed, and a successful page has ``errors: []``.
OPERATION = "\n".join(
    line
    for line in (ROOT / "schema" / "operations" / "bank" / "LoanCandidates.graphql")
    .read_text()
    .splitlines()
    if not line.strip().startswith("errors {")
)
BANK_NAME = "Bench matching bank"
PRODUCTS: list[tuple[str, str, dict[str, Any]]] = [
    (
        "Bench green loan",
        "green_loan",
        {
            "districts": ["330523", "330521"],
            "green_required": True,
            "worst_carbon_band": "yellow",
            "lowest_credit_grade": "C",
        },
    ),
    (
        "Bench tax-credit loan",
        "tax_credit_loan",
        {
            "lowest_tax_grade": "M",
            "lowest_credit_grade": "B",
            "size_classes": ["micro", "small", "medium"],
        },
    ),
    ("Bench credit loan", "credit_loan", {"industry_prefixes": ["C"], "lowest_credit_grade": "B"}),
]


def _criteria(data: dict[str, Any]) -> Any:
    from api.domain.banking.model import CarbonBand, LoanCriteria
    from api.domain.credit.codes import CreditGrade
    from api.domain.subjects.model import District, SizeClass, TaxGrade

    return LoanCriteria(
        districts=tuple(District(d) for d in data.get("districts", ())),
        industry_prefixes=tuple(data.get("industry_prefixes", ())),
        size_classes=tuple(SizeClass(s) for s in data.get("size_classes", ())),
        lowest_tax_grade=TaxGrade(data["lowest_tax_grade"]) if "lowest_tax_grade" in data else None,
        lowest_credit_grade=CreditGrade(data["lowest_credit_grade"])
        if "lowest_credit_grade" in data
        else None,
        green_required=bool(data.get("green_required")),
        worst_carbon_band=CarbonBand(data["worst_carbon_band"])
        if "worst_carbon_band" in data
        else None,
    )


async def setup(url: str) -> tuple[int, list[tuple[int, str, Any]]]:
    """The bench bank's partner id and its products (id, kind, criteria); creates what lacks."""
    from sqlalchemy import func, select, text

    from api.auth.partners import create_partner
    from api.db.bank_batch import rebuild_matching
    from api.db.engine import create_engine, session_factory
    from api.db.repositories import Repositories
    from api.db.tables.banking import MatchFactsRow
    from api.domain.banking.model import LoanKind, ProductDraft, ProductStatus, ProductTerms

    engine = create_engine(url, pool_size=2, max_overflow=0)
    sessions = session_factory(engine)
    now = datetime.now(UTC)
    try:
        async with sessions() as session:
            facts = await session.scalar(select(func.count()).select_from(MatchFactsRow))
        if not facts:
            print("building the matching index (match-index) ...", file=sys.stderr)
            await rebuild_matching(sessions, now=now)
        async with sessions() as session:
            row = (
                await session.execute(
                    text("SELECT id FROM partners WHERE name = :n"), {"n": BANK_NAME}
                )
            ).first()
            if row is None:
                from api.auth.scopes import PartnerType

                bank_id = (
                    await create_partner(session, partner_type=PartnerType.BANK, name=BANK_NAME)
                ).partner_id
            else:
                bank_id = int(row[0])
            repos = Repositories(session)
            products = []
            for name, kind, data in PRODUCTS:
                found = (
                    await session.execute(
                        text("SELECT id FROM loan_products WHERE bank_id = :b AND name = :n"),
                        {"b": bank_id, "n": name},
                    )
                ).first()
                criteria = _criteria(data)
                if found is None:
                    terms = ProductTerms(
                        Decimal(100_000),
                        Decimal(10_000_000),
                        Decimal("3.1"),
                        Decimal("4.9"),
                        date(2026, 1, 1),
                        tax_multiple=Decimal(5) if kind == "tax_credit_loan" else None,
                    )
                    product = await repos.loan_products.add(
                        bank_id, ProductDraft(name, LoanKind(kind), criteria, terms), now=now
                    )
                    await repos.loan_products.set_status(product, ProductStatus.PUBLISHED, now=now)
                    products.append((product.id, kind, criteria))
                else:
                    products.append((int(found[0]), kind, criteria))
            await session.commit()
            return bank_id, products
    finally:
        await engine.dispose()


def bench_token(bank_id: int) -> str:
    """A token of the bench bank (loan_match:read), signed with the benchmark key."""
    from api.auth.config import AuthConfig
    from api.auth.scopes import PartnerType, Scope
    from api.auth.tokens import TokenIssuer
    from api.settings import Settings

    defaults = Settings()
    config = AuthConfig(
        issuer=BENCH_ISSUER,
        audience=defaults.oauth_audience,
        token_lifetime=timedelta(seconds=int(BENCH_ENV["CREDIT_OAUTH_TOKEN_LIFETIME_SECONDS"])),
        secret_overlap=timedelta(seconds=defaults.oauth_secret_overlap_seconds),
        refresh_seconds=defaults.oauth_refresh_seconds,
        leeway=timedelta(seconds=defaults.oauth_clock_leeway_seconds),
    )
    token, _claims = TokenIssuer(config).issue(
        bench_signing_key(),
        client_id="bench-matching",
        partner_id=bank_id,
        partner_type=PartnerType.BANK,
        scopes=frozenset({Scope.LOAN_MATCH_READ, Scope.ENTERPRISE_READ}),
        now=datetime.now(UTC),
    )
    return str(token)


def bare_sql(kind: str, criteria: Any) -> str:
    """The candidates statement the repository builds, for asyncpg ($1, $2: the after-key)."""
    from sqlalchemy.dialects import postgresql

    from api.db.repositories.banking.candidates import candidates_statement
    from api.domain.banking.model import LoanKind

    first = candidates_statement(LoanKind(kind), criteria, 50, paged=False)
    dialect: Any = postgresql.dialect()  # type: ignore[no-untyped-call]  # unannotated in SQLAlchemy
    return str(first.compile(dialect=dialect, compile_kwargs={"literal_binds": True}))


def create_app_from_env() -> Any:
    """uvicorn factory of the app target (trusting the benchmark key)."""
    from api.http.app import create_app_from_env as create

    install_bench_trust()
    return create()


def create_bare_from_env() -> Any:
    """uvicorn factory of the bare target: the same SQL on asyncpg, rows as JSON."""
    import asyncpg
    import orjson
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import Response
    from starlette.routing import Route

    statements: list[str] = json.loads(os.environ["BENCH_BARE_SQL"])
    dsn = os.environ["DATABASE_URL"].replace("postgresql+asyncpg://", "postgresql://")
    state: dict[str, Any] = {}

    async def startup() -> None:
        state["pool"] = await asyncpg.create_pool(dsn, min_size=4, max_size=10)

    async def graphql(request: Request) -> Response:
        body = orjson.loads(await request.body())
        sql = statements[int(body["product"])]
        async with state["pool"].acquire() as connection:
            rows = await connection.fetch(sql)
        nodes = [
            {k: (str(v) if isinstance(v, Decimal | date) else v) for k, v in r.items()}
            for r in rows[:50]
        ]
        payload = {"data": {"loanCandidates": {"nodes": nodes, "hasNext": len(rows) > 50}}}
        return Response(orjson.dumps(payload), media_type="application/json")

    async def ready(_request: Request) -> Response:
        return Response("ok")

    @contextlib.asynccontextmanager
    async def lifespan(_app: Starlette) -> AsyncIterator[None]:
        await startup()
        yield
        await state["pool"].close()

    return Starlette(
        routes=[Route("/graphql", graphql, methods=["POST"]), Route("/readyz", ready)],
        lifespan=lifespan,
    )


def _app_bodies(products: list[tuple[int, str, Any]]) -> list[bytes]:
    """The app's request bodies: the first page of each product."""
    from api.graphql.banking.types import BankObject, seal_id
    from api.settings import Settings

    keys = Settings().keys()
    return [
        json.dumps(
            {
                "query": OPERATION,
                "variables": {
                    "productId": seal_id(keys.global_id, BankObject.LOAN_PRODUCT, pid),
                    "first": 50,
                },
            }
        ).encode()
        for pid, _, _ in products
    ]


async def _in_process(
    url: str, token: str, bodies: list[bytes], pages: int, concurrency: int, profile: bool
) -> None:
    """The app's own CPU per page: the bodies straight into its ASGI interface, N at a time."""
    import cProfile
    import io
    import pstats

    from api.http.app import create_app
    from api.settings import Settings
    from bench.profile_app import _call, _lifespan

    install_bench_trust()
    values: dict[str, Any] = {"database_url": url, "graphiql": False, "log_level": "WARNING"}
    values |= {k.removeprefix("CREDIT_").lower(): v for k, v in BENCH_ENV.items()}
    app = create_app(Settings(**values))
    headers = [(b"authorization", f"Bearer {token}".encode())]
    async with _lifespan(app):
        for i in range(30):
            status, payload = await _call(app, bodies[i % len(bodies)], headers)
            if status != 200 or b'"errors":[{' in payload:
                raise SystemExit(f"{status} {payload[:500]!r}")
        profiler = cProfile.Profile() if profile else None
        started = time.process_time()
        if profiler:
            profiler.enable()
        for i in range(0, pages, concurrency):
            await asyncio.gather(
                *(_call(app, bodies[(i + j) % len(bodies)], headers) for j in range(concurrency))
            )
        if profiler:
            profiler.disable()
        cpu = time.process_time() - started
    print(
        f"in process: {pages} pages, {concurrency} at a time, "
        f"{cpu * 1000 / pages:.2f} ms CPU per page"
    )
    if profiler:
        if os.environ.get("BENCH_PROFILE_DUMP"):
            profiler.dump_stats(os.environ["BENCH_PROFILE_DUMP"])
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats(
            os.environ.get("BENCH_SORT", "tottime")
        ).print_stats(45)
        print(out.getvalue())


def _start(
    factory: str, env: dict[str, str], log: Path, workers: int
) -> tuple[subprocess.Popen[bytes], int]:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = int(sock.getsockname()[1])
    argv = [
        sys.executable, "-m", "uvicorn", "--factory", factory, "--host", "127.0.0.1",
        "--port", str(port), "--workers", str(workers), "--no-access-log", "--log-level", "warning",
        "--loop", "uvloop", "--http", "httptools",
    ]  # fmt: skip
    process = subprocess.Popen(
        argv, cwd=ROOT, env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT
    )
    import http.client

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/readyz")
            if conn.getresponse().status == 200:
                return process, port
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError(f"{factory} did not start: {log.read_text()[-2000:]}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--connections", type=int, nargs="+", default=[1, 4, 16])
    parser.add_argument("--duration", type=float, default=10.0)
    parser.add_argument("--warmup", type=float, default=3.0)
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument(
        "--workers", type=int, default=1, help="uvicorn worker processes of each target"
    )
    parser.add_argument(
        "--in-process",
        type=int,
        default=0,
        metavar="PAGES",
        help="instead of the load: the app's CPU per page over PAGES pages, in this process",
    )
    parser.add_argument("--profile", action="store_true", help="with --in-process: cProfile")
    parser.add_argument(
        "--concurrency", type=int, default=1, help="with --in-process: pages at a time"
    )
    args = parser.parse_args(argv)
    url = os.environ["DATABASE_URL"]
    if not url.startswith("postgresql+asyncpg://") or "127.0.0.1" not in url:
        parser.error("DATABASE_URL must be a local postgresql+asyncpg:// database")
    bank_id, products = asyncio.run(setup(url))
    token = bench_token(bank_id)
    app_bodies = _app_bodies(products)
    if args.in_process:
        asyncio.run(
            _in_process(url, token, app_bodies, args.in_process, args.concurrency, args.profile)
        )
        return 0
    env = {
        **os.environ,
        **BENCH_ENV,
        "BENCH_BARE_SQL": json.dumps([bare_sql(kind, criteria) for _, kind, criteria in products]),
    }
    log_dir = Path(os.environ.get("BENCH_LOG_DIR", str(ROOT / "var")))
    log_dir.mkdir(parents=True, exist_ok=True)
    app, app_port = _start(
        "bench.matching:create_app_from_env", env, log_dir / "matching-app.log", args.workers
    )
    try:
        bare, bare_port = _start(
            "bench.matching:create_bare_from_env", env, log_dir / "matching-bare.log", args.workers
        )
    except BaseException:
        app.terminate()
        app.wait(timeout=20)
        raise
    try:
        import httpx

        bare_bodies = [json.dumps({"product": n}).encode() for n in range(len(products))]
        sample = httpx.post(
            f"http://127.0.0.1:{app_port}/graphql",
            content=app_bodies[0],
            headers={"authorization": f"Bearer {token}", "content-type": "application/json"},
            timeout=30,
        ).json()
        page = sample["data"]["loanCandidates"]
        assert page["candidates"] is not None, sample
        edges = page["candidates"]["edges"]
        print(
            f"sample: {len(edges)} candidates per page",
            file=sys.stderr,
        )
        results: list[dict[str, Any]] = []
        for connections in args.connections:
            for _ in range(args.rounds):
                for name, port, bodies, headers in (
                    ("app", app_port, app_bodies, [f"Authorization: Bearer {token}"]),
                    ("bare", bare_port, bare_bodies, []),
                ):
                    result = load(
                        f"http://127.0.0.1:{port}/graphql",
                        bodies,
                        headers=headers,
                        connections=connections,
                        duration=args.duration,
                        warmup=args.warmup,
                    )
                    results.append(
                        {
                            "target": name,
                            "connections": connections,
                            "rps": round(result.rps, 1),
                            "p50_ms": round(result.p50_ms, 2),
                            "p99_ms": round(result.p99_ms, 2),
                            "errors": result.errors,
                            "bytes": round(result.mean_response_bytes),
                        }
                    )
                    print(json.dumps(results[-1]), file=sys.stderr)
        print(
            "| connections | target | req/s | p50 ms | p99 ms | errors | bytes "
            "| app/bare req/s | app/bare p99 |"
        )
        print("|---:|---|---:|---:|---:|---:|---:|---:|---:|")
        for index, r in enumerate(results):
            ratios = "| |"
            if r["target"] == "app" and index + 1 < len(results):
                base = results[index + 1]
                ratios = (
                    f"{r['rps'] / base['rps']:.3f} | {r['p99_ms'] / base['p99_ms']:.1f} |"
                    if base["rps"] and base["p99_ms"]
                    else "| |"
                )
            print(
                f"| {r['connections']} | {r['target']} | {r['rps']} | {r['p50_ms']} | "
                f"{r['p99_ms']} | {r['errors']} | {r['bytes']} | {ratios}"
            )
    finally:
        for process in (app, bare):
            process.terminate()
            process.wait(timeout=20)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
