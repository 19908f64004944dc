"""Scenario runner: the GraphQL app against bare Starlette + asyncpg, same SQL, same run.

Starts both servers with uvicorn (one worker, uvloop, httptools, no access log) on free
127.0.0.1 ports, checks in-process that both answer the same JSON with the same SQL, then runs
each scenario against both with the same generator (bench/loadgen.py, a separate process),
the same concurrency and duration, alternating which target goes first in each round, and
prints requests per second, p50, p99, errors, CPU per request (server process, and its
PostgreSQL backends), and the ratio app/bare against the issue's floors.

The exit status reports only correctness (a verification mismatch, a server that did not
start, or errors under load); a ratio below its floor is printed as BELOW, never a failure:
wall-clock figures depend on the machine and must not gate CI.

    .venv/bin/python bench/run_core.py \
        --database-url postgresql+asyncpg://postgres@127.0.0.1:5432/credit_city

    .venv/bin/python bench/run_core.py --quick   # a few seconds; DATABASE_URL from the env
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import asyncpg
import orjson

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.app_server import BENCH_ENV, bench_token, has_oauth, install_bench_trust  # noqa: E402
from bench.bare import (  # noqa: E402
    LOOKUP_QUERY,
    PAGE_QUERY,
    BareService,
    Statements,
    asyncpg_dsn,
    create_pool,
)

#: A fixed, benchmark-only master key (IDs and cursors are sealed with keys derived from it).
BENCH_SECRET_KEY = "be" * 32
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
PG_PORT_HEX = f"{5432:04X}"


@dataclass(frozen=True)
class Scenario:
    """One operation with its request bodies and the issue's floor for app/bare req/s."""

    name: str
    floor: float
    description: str
    variables: dict[str, Any] | None = None  # None: lookups cycling through sampled USCCs

    def bodies(self, usccs: list[str]) -> list[bytes]:
        if self.variables is None:
            return [
                orjson.dumps(
                    {"query": LOOKUP_QUERY, "variables": {"u": u}, "operationName": "Lookup"}
                )
                for u in usccs
            ]
        return [
            orjson.dumps(
                {"query": PAGE_QUERY, "variables": self.variables, "operationName": "Page"}
            )
        ]


SCENARIOS: dict[str, Scenario] = {
    s.name: s
    for s in (
        Scenario("lookup", 0.25, "enterprise(uscc:) + 3 records + departments, sampled USCCs"),
        Scenario(
            "page_filtered",
            0.10,
            "enterprises(first: 50, filter: WUXING, SMALL) + 3 records each + departments",
            {"f": {"districts": ["WUXING"], "sizeClasses": ["SMALL"]}},
        ),
        Scenario(
            "page_all",
            0.10,
            "enterprises(first: 50), no filter, + 3 records each + departments",
            {},
        ),
    )
}


# --------------------------------------------------------------------------------------------
# Database helpers (read-only)
# --------------------------------------------------------------------------------------------


def check_local(url: str) -> None:
    host = urlsplit(asyncpg_dsn(url)).hostname
    if host not in ("127.0.0.1", "localhost"):
        raise SystemExit(f"the benchmark runs against a local PostgreSQL only, not {host!r}")


async def _dataset(url: str, sample: int) -> tuple[dict[str, int], list[str]]:
    """Approximate table sizes and a reproducible random sample of enterprise USCCs."""
    conn = await asyncpg.connect(asyncpg_dsn(url))
    try:
        # Estimates: the planner's (reltuples, -1 before the first ANALYZE) or the stats'.
        sizes = {
            row["relname"]: int(row["estimate"])
            for row in await conn.fetch(
                "SELECT c.relname, CASE WHEN c.reltuples >= 0 THEN c.reltuples::bigint "
                "ELSE s.n_live_tup END AS estimate FROM pg_class c "
                "JOIN pg_stat_user_tables s ON s.relid = c.oid "
                "WHERE c.relname = ANY($1::text[])",
                ["enterprises", "credit_records", "persons", "subjects"],
            )
        }
        total = sizes.get("enterprises", -1)
        if total <= 0:
            total = int(await conn.fetchval("SELECT count(*) FROM enterprises"))
            sizes["enterprises"] = total
        percent = min(100.0, 100.0 * sample * 1.5 / max(total, 1))
        # A number we formatted ourselves: TABLESAMPLE takes no bind parameter for it here.
        sql = f"SELECT uscc FROM enterprises TABLESAMPLE BERNOULLI ({percent:.6f}) REPEATABLE (42)"  # noqa: S608
        rows = await conn.fetch(sql)
    finally:
        await conn.close()
    usccs = sorted(row[0] for row in rows)
    random.Random(42).shuffle(usccs)
    return sizes, usccs[:sample]


async def _backend_pids(url: str, client_ports: set[int]) -> list[int]:
    """PIDs of the PostgreSQL backends serving these client ports (one server's pool)."""
    if not client_ports:
        return []
    conn = await asyncpg.connect(asyncpg_dsn(url))
    try:
        rows = await conn.fetch(
            "SELECT pid FROM pg_stat_activity WHERE client_port = ANY($1::int[])",
            sorted(client_ports),
        )
    finally:
        await conn.close()
    return [row[0] for row in rows]


def _pg_client_ports(pid: int) -> set[int]:
    """Local ports of the TCP connections this process holds to port 5432."""
    inodes: set[str] = set()
    with contextlib.suppress(OSError):
        for fd in os.listdir(f"/proc/{pid}/fd"):
            with contextlib.suppress(OSError):
                link = os.readlink(f"/proc/{pid}/fd/{fd}")
                if link.startswith("socket:["):
                    inodes.add(link[8:-1])
    ports: set[int] = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with contextlib.suppress(OSError), open(table) as handle:
            next(handle)
            for line in handle:
                parts = line.split()
                if parts[9] in inodes and parts[2].endswith(":" + PG_PORT_HEX):
                    ports.add(int(parts[1].rsplit(":", 1)[1], 16))
    return ports


def _cpu_seconds(pids: list[int]) -> float:
    total = 0
    for pid in pids:
        with contextlib.suppress(OSError), open(f"/proc/{pid}/stat") as handle:
            fields = handle.read().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
    return total / CLOCK_TICKS


def _machine_busy() -> tuple[float, float]:
    with open("/proc/stat") as handle:
        values = [int(v) for v in handle.readline().split()[1:]]
    idle = values[3] + values[4]
    return float(sum(values) - idle), float(sum(values))


def _background_busy(seconds: float = 2.0) -> float:
    """Share of the machine's CPU busy while the benchmark itself does nothing."""
    busy, total = _machine_busy()
    time.sleep(seconds)
    busy2, total2 = _machine_busy()
    return (busy2 - busy) / max(total2 - total, 1.0)


# --------------------------------------------------------------------------------------------
# In-process verification: same JSON, same SQL
# --------------------------------------------------------------------------------------------


def _strip_opaque(value: Any) -> Any:
    """The payload with IDs and cursors blanked (sealed in the app, plain in bare)."""
    if isinstance(value, dict):
        return {
            k: (
                "<opaque>"
                if k in ("id", "cursor", "endCursor") and v is not None
                else _strip_opaque(v)
            )
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [_strip_opaque(v) for v in value]
    return value


async def _verify(url: str, bodies: list[bytes], headers: dict[str, str]) -> list[str]:
    """Problems found when both targets answer ``bodies`` in-process (empty: all the same)."""
    import httpx
    from sqlalchemy import event

    from api.db.engine import create_engine
    from api.http.app import create_app
    from api.settings import Settings

    problems: list[str] = []
    app_sql: list[str] = []
    engine = create_engine(url, pool_size=1, max_overflow=0)

    def record(_conn: Any, _cursor: Any, statement: str, *_rest: Any) -> None:
        app_sql.append(statement)

    event.listen(engine.sync_engine, "before_cursor_execute", record)
    if has_oauth():
        install_bench_trust()
    values: dict[str, Any] = {"database_url": url, "secret_key": BENCH_SECRET_KEY}
    values |= {"graphiql": False}
    values |= {k.removeprefix("CREDIT_").lower(): v for k, v in BENCH_ENV.items()}
    settings = Settings(**values)
    app = create_app(settings, engine=engine)
    bare_sql: list[str] = []
    pool = await create_pool(url, 1, application_name="bench-verify")
    bare = BareService(pool, Statements(), trace=bare_sql)
    try:
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://bench"
        ) as client:
            for body in bodies:
                request = orjson.loads(body)
                app_sql.clear()
                bare_sql.clear()
                response = await client.post(
                    "/graphql", content=body, headers={"content-type": "application/json"} | headers
                )
                app_payload = response.json()
                # Compared as sent: orjson turns dates and times into ISO strings.
                bare_payload = orjson.loads(orjson.dumps(await bare.handle(request)))
                label = f"{request.get('operationName')} {json.dumps(request.get('variables'))}"
                if response.status_code != 200 or "errors" in app_payload:
                    problems.append(
                        f"{label}: the app answered {response.status_code} {app_payload}"
                    )
                    continue
                if _strip_opaque(app_payload) != _strip_opaque(bare_payload):
                    problems.append(f"{label}: the app and bare answer different JSON")
                if app_sql != bare_sql:
                    problems.append(
                        f"{label}: different SQL\n  app:  {app_sql}\n  bare: {bare_sql}"
                    )
    finally:
        await pool.close()
        await engine.dispose()
    return problems


# --------------------------------------------------------------------------------------------
# Servers
# --------------------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Server:
    """One uvicorn process serving a target."""

    name: str
    factory: str
    env: dict[str, str]
    ready_path: str
    python: str
    log_dir: Path
    port: int = 0
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/graphql"

    @property
    def log_path(self) -> Path:
        return self.log_dir / f"{self.name}.log"

    def start(self) -> None:
        self.port = _free_port()
        argv = [
            self.python, "-m", "uvicorn", "--factory", self.factory,
            "--host", "127.0.0.1", "--port", str(self.port), "--workers", "1",
            "--no-access-log", "--log-level", "warning", "--loop", "uvloop", "--http", "httptools",
        ]  # fmt: skip
        with open(self.log_path, "wb") as log:
            self.process = subprocess.Popen(
                argv, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT
            )

    def wait_ready(self, timeout: float = 60.0) -> None:
        import http.client

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process is None or self.process.poll() is not None:
                raise RuntimeError(f"{self.name} exited at start-up:\n{self.log_tail()}")
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
                conn.request("GET", self.ready_path)
                status = conn.getresponse().status
                conn.close()
                if status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"{self.name} not ready after {timeout:.0f} s:\n{self.log_tail()}")

    def probe(self, path: str) -> tuple[int, str]:
        """Status and body of a GET (the app's /readyz also checks the migrations)."""
        import http.client

        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
        try:
            conn.request("GET", path)
            response = conn.getresponse()
            return response.status, response.read().decode(errors="replace")
        finally:
            conn.close()

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def log_tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"

    def stop(self) -> None:
        process = self.process
        if process is None or process.poll() is not None:
            return
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


# --------------------------------------------------------------------------------------------
# Load runs
# --------------------------------------------------------------------------------------------


@dataclass
class Measurement:
    """One load run of one scenario against one target."""

    scenario: str
    target: str
    round: int
    load: dict[str, Any]
    server_cpu_s: float = 0.0
    pg_cpu_s: float = 0.0
    machine_busy: float = 0.0
    pg_backends: int = 0

    @property
    def requests(self) -> int:
        return int(self.load["requests"])

    def per_request_ms(self, seconds: float) -> float:
        return seconds * 1000 / self.requests if self.requests else 0.0


@dataclass
class Options:
    database_url: str
    duration: float
    warmup: float
    connections: int
    rounds: int
    scenarios: list[str]
    sample: int
    pool_size: int
    timeout: float
    verify: bool
    app_factory: str
    json_out: Path | None
    extra: dict[str, Any] = field(default_factory=dict)


def _load_run(
    options: Options,
    server: Server,
    scenario: str,
    bodies_path: Path,
    round_no: int,
    headers: dict[str, str],
) -> Measurement:
    argv = [
        server.python, str(ROOT / "bench" / "loadgen.py"), "--url", server.url,
        "--bodies", str(bodies_path), "--connections", str(options.connections),
        "--duration", str(options.duration), "--warmup", str(options.warmup),
        "--timeout", str(options.timeout), "--progress",
    ]  # fmt: skip
    for name, value in headers.items():
        argv += ["--header", f"{name}: {value}"]
    assert server.process is not None
    measurement = Measurement(scenario, server.name, round_no, {})
    process = subprocess.Popen(argv, cwd=ROOT, stdout=subprocess.PIPE, text=True)
    # Warm-up may stretch to 60 s for a slow target (see loadgen), then the window, then grace.
    deadline = time.monotonic() + max(options.warmup, 60) + options.duration + options.timeout + 60
    server_pids = [server.process.pid]
    backends: list[int] = []
    start: tuple[float, float, float, float] | None = None
    result: dict[str, Any] | None = None
    try:
        assert process.stdout is not None
        for line in process.stdout:
            line = line.strip()
            if line == "MEASURE_START":
                ports = _pg_client_ports(server.process.pid)
                backends = asyncio.run(_backend_pids(options.database_url, ports))
                busy, total = _machine_busy()
                start = (_cpu_seconds(server_pids), _cpu_seconds(backends), busy, total)
            elif line == "MEASURE_END" and start is not None:
                busy, total = _machine_busy()
                measurement.server_cpu_s = _cpu_seconds(server_pids) - start[0]
                measurement.pg_cpu_s = _cpu_seconds(backends) - start[1]
                measurement.machine_busy = (busy - start[2]) / max(total - start[3], 1.0)
                measurement.pg_backends = len(backends)
            elif line.startswith("{"):
                result = json.loads(line)
            if time.monotonic() > deadline:
                break
        process.wait(timeout=max(1.0, deadline - time.monotonic()))
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    if result is None:
        raise RuntimeError(f"the load generator gave no result against {server.name}")
    measurement.load = result
    return measurement


def _summary(runs: list[Measurement]) -> dict[str, Any]:
    def median(key: str) -> float:
        return float(statistics.median(float(r.load[key]) for r in runs))

    return {
        "rps": median("rps"),
        "p50_ms": median("p50_ms"),
        "p99_ms": median("p99_ms"),
        "errors": sum(int(r.load["errors"]) for r in runs),
        "requests": sum(r.requests for r in runs),
        "server_ms_per_req": statistics.median(r.per_request_ms(r.server_cpu_s) for r in runs),
        "pg_ms_per_req": statistics.median(r.per_request_ms(r.pg_cpu_s) for r in runs),
        "machine_busy": statistics.median(r.machine_busy for r in runs),
        "kb_per_response": median("mean_response_bytes") / 1024,
        "rounds_rps": [float(r.load["rps"]) for r in runs],
    }


def _print_table(options: Options, results: dict[str, dict[str, Any]]) -> None:
    header = (
        f"{'scenario':<14} {'target':<9} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'errors':>6} "
        f"{'srv ms/req':>10} {'pg ms/req':>9} {'busy':>5} {'KB/resp':>7}"
    )
    print()
    print(
        f"{options.connections} connections, {options.warmup:g} s warm-up + "
        f"{options.duration:g} s, {options.rounds} round(s) alternating (figures: median of rounds)"
    )
    print(header)
    print("-" * len(header))
    for name in options.scenarios:
        per_target = results[name]
        for target in ("app", "bare"):
            s = per_target[target]
            print(
                f"{name:<14} {target:<9} {s['rps']:>8.1f} {s['p50_ms']:>8.2f} {s['p99_ms']:>8.2f} "
                f"{s['errors']:>6} {s['server_ms_per_req']:>10.2f} {s['pg_ms_per_req']:>9.2f} "
                f"{s['machine_busy'] * 100:>4.0f}% {s['kb_per_response']:>7.1f}"
            )
        ratio = per_target["ratio"]
        floor = SCENARIOS[name].floor
        verdict = "PASS" if ratio >= floor else "BELOW"
        print(f"{name:<14} {'app/bare':<9} {ratio:>8.3f}   floor {floor:.2f}  {verdict}")
        print()


def run(options: Options) -> int:
    check_local(options.database_url)
    sizes, usccs = asyncio.run(_dataset(options.database_url, options.sample))
    if not usccs:
        print("no enterprises in the database", file=sys.stderr)
        return 2
    print(
        "dataset: "
        + ", ".join(f"{k} ~{v:,}" for k, v in sorted(sizes.items()))
        + f"; {len(usccs)} sampled USCCs",
        flush=True,
    )
    scenarios = [SCENARIOS[name] for name in options.scenarios]
    token = bench_token()
    auth = {"authorization": f"Bearer {token}"} if token else {}
    background = _background_busy()
    print(
        f"background CPU before the run: {background * 100:.0f}% of {os.cpu_count()} cores busy"
        + ("  (other work is running: figures will be noisier)" if background > 0.1 else ""),
        flush=True,
    )

    if options.verify:
        checks = SCENARIOS["lookup"].bodies(usccs[:5]) + [
            s.bodies([])[0] for s in scenarios if s.variables is not None
        ]
        problems = asyncio.run(_verify(options.database_url, checks, auth))
        if problems:
            print("verification FAILED:", *problems, sep="\n  ", file=sys.stderr)
            return 1
        print(
            f"verified: {len(checks)} requests, same JSON (IDs/cursors aside) and same SQL",
            flush=True,
        )

    python = str(ROOT / ".venv" / "bin" / "python")
    if not Path(python).exists():
        python = sys.executable
    base_env = {k: v for k, v in os.environ.items() if not k.startswith(("CREDIT_", "BENCH_"))}
    base_env.pop("DATABASE_URL", None)
    workdir = Path(tempfile.mkdtemp(prefix="bench-core-"))
    app = Server(
        "app",
        options.app_factory,
        base_env
        | {
            "DATABASE_URL": options.database_url,
            "CREDIT_SECRET_KEY": BENCH_SECRET_KEY,
            "CREDIT_LOG_LEVEL": "WARNING",
            "CREDIT_POOL_SIZE": str(options.pool_size),
            "CREDIT_POOL_MAX_OVERFLOW": "0",
            "CREDIT_GRAPHIQL": "false",
        }
        | BENCH_ENV,
        "/healthz",
        python,
        workdir,
    )
    bare = Server(
        "bare",
        "bench.bare:create_app_from_env",
        base_env
        | {"BENCH_DATABASE_URL": options.database_url, "BENCH_POOL_SIZE": str(options.pool_size)},
        "/healthz",
        python,
        workdir,
    )
    servers = {"app": app, "bare": bare}
    bodies_paths: dict[str, Path] = {}
    for scenario in scenarios:
        path = workdir / f"{scenario.name}.jsonl"
        path.write_bytes(b"\n".join(scenario.bodies(usccs)) + b"\n")
        bodies_paths[scenario.name] = path

    runs: list[Measurement] = []
    failed = False
    try:
        for server in servers.values():
            server.start()
        for server in servers.values():
            server.wait_ready()
        readiness = app.probe("/readyz")
        if readiness[0] != 200:
            print(f"note: the app's /readyz says {readiness[0]} {readiness[1]}", flush=True)
        print(
            f"app on :{app.port} ({options.app_factory}), bare on :{bare.port}; logs in {workdir}"
        )
        for round_no in range(options.rounds):
            for scenario in scenarios:
                order = ("app", "bare") if round_no % 2 == 0 else ("bare", "app")
                for target in order:
                    m = _load_run(
                        options,
                        servers[target],
                        scenario.name,
                        bodies_paths[scenario.name],
                        round_no,
                        auth,
                    )
                    runs.append(m)
                    print(
                        f"  round {round_no + 1} {scenario.name:<14} {target:<5} "
                        f"{m.load['rps']:>8.1f} req/s  p50 {m.load['p50_ms']:>7.2f} ms  "
                        f"p99 {m.load['p99_ms']:>7.2f} ms  errors {m.load['errors']}",
                        flush=True,
                    )
                    if not servers[target].alive():
                        raise RuntimeError(f"{target} died:\n{servers[target].log_tail()}")
    except (RuntimeError, KeyboardInterrupt) as error:
        print(f"benchmark aborted: {error}", file=sys.stderr)
        failed = True
    finally:
        for server in servers.values():
            server.stop()
    if failed:
        return 1

    results: dict[str, dict[str, Any]] = {}
    for scenario in scenarios:
        per_target: dict[str, Any] = {
            target: _summary(
                [r for r in runs if r.scenario == scenario.name and r.target == target]
            )
            for target in ("app", "bare")
        }
        bare_rps = per_target["bare"]["rps"]
        per_target["ratio"] = per_target["app"]["rps"] / bare_rps if bare_rps else 0.0
        results[scenario.name] = per_target
    _print_table(options, results)
    errors = sum(results[s.name][t]["errors"] for s in scenarios for t in ("app", "bare"))
    if options.json_out:
        options.json_out.write_text(
            json.dumps(
                {
                    "options": {k: str(v) for k, v in asdict(options).items()},
                    "dataset": sizes,
                    "background_busy": background,
                    "results": results,
                    "runs": [asdict(r) for r in runs],
                },
                indent=2,
            )
        )
    if errors:
        print(f"{errors} errors under load: see the servers' logs in {workdir}", file=sys.stderr)
        return 1
    return 0


def _parse(argv: list[str] | None) -> Options:
    parser = argparse.ArgumentParser(
        description="Benchmark the GraphQL app against bare Starlette + asyncpg (same SQL)."
    )
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument("--duration", type=float, default=10.0, help="measured seconds per run")
    parser.add_argument("--warmup", type=float, default=3.0, help="unmeasured seconds per run")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--rounds", type=int, default=2, help="rounds; the order alternates")
    parser.add_argument(
        "--scenarios", default=",".join(SCENARIOS), help=f"comma-separated: {', '.join(SCENARIOS)}"
    )
    parser.add_argument("--sample", type=int, default=1000, help="USCCs sampled for lookups")
    parser.add_argument("--pool-size", type=int, default=10, help="DB connections, both targets")
    parser.add_argument("--timeout", type=float, default=60.0, help="per request, seconds")
    parser.add_argument("--no-verify", action="store_true", help="skip the same-JSON/SQL check")
    parser.add_argument(
        "--app-factory",
        default="bench.app_server:create_app_from_env",
        help="uvicorn factory of the app (to try a variant; PYTHONPATH is passed through)",
    )
    parser.add_argument("--json-out", type=Path, help="also write all figures as JSON here")
    parser.add_argument(
        "--quick", action="store_true", help="smoke check: 0.5 s + 2 s, 8 connections, 1 round"
    )
    args = parser.parse_args(argv)
    if not args.database_url:
        parser.error("give --database-url or set DATABASE_URL (postgresql+asyncpg://...)")
    names = [n.strip() for n in args.scenarios.split(",") if n.strip()]
    unknown = [n for n in names if n not in SCENARIOS]
    if unknown or not names:
        parser.error(f"unknown scenarios {unknown}; known: {', '.join(SCENARIOS)}")
    if args.quick:
        args.duration, args.warmup, args.connections, args.rounds = 2.0, 0.5, 8, 1
        args.sample = min(args.sample, 200)
    return Options(
        database_url=args.database_url,
        duration=args.duration,
        warmup=args.warmup,
        connections=args.connections,
        rounds=max(1, args.rounds),
        scenarios=names,
        sample=args.sample,
        pool_size=args.pool_size,
        timeout=args.timeout,
        verify=not args.no_verify,
        app_factory=args.app_factory,
        json_out=args.json_out,
    )


def main(argv: list[str] | None = None) -> int:
    options = _parse(argv)
    return run(options)


@contextlib.contextmanager
def _terminate_as_interrupt() -> Iterator[None]:
    """SIGTERM unwinds like Ctrl-C, so the servers started here are stopped."""

    def handler(_signum: int, _frame: Any) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


if __name__ == "__main__":
    with _terminate_as_interrupt():
        sys.exit(main())
