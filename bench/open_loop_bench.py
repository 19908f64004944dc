"""Open-loop load of the partner mix against ``credit-platform serve``: a rate ladder, a soak.

For each worker count (``--workers 1 2``) it starts ``credit-platform serve --workers N`` on
a free 127.0.0.1 port against ``--database-url`` (PostgreSQL), sets up the partners and their
real tokens (bench/open_loop_mix.py), then climbs the rate ladder: at each offered rate, a
warm-up and a measured window of Poisson arrivals (bench/open_loop.py), and prints p50, p99
and errors per operation. The ladder stops at the first saturated step (answers below 95% of
the offered rate, more than 1% errors, or p99 above 1 s). It reports the rate at which p99
crosses ``--limit-ms`` (50 ms), interpolated between steps.

``--soak S --soak-rate R`` instead runs one worker at R requests per second for S seconds and
records each server process's resident memory every ``--rss-every`` seconds.

    .venv/bin/python bench/open_loop_bench.py \\
        --database-url postgresql+asyncpg://postgres@127.0.0.1:5432/credit_city --workers 1 2

    .venv/bin/python bench/open_loop_bench.py --database-url ... --soak 1800 --soak-rate 40

Server settings for the run: each partner type's quota bucket is raised (one bench partner
stands for all the partners of its type), counters in Redis on 127.0.0.1 under a per-run key
prefix, log level WARNING, tokens valid an hour. Exit status 0 unless set-up fails.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.loadgen import new_loop  # noqa: E402
from bench.open_loop import OpenLoop, StepResult, crossing_rate, saturated  # noqa: E402
from bench.open_loop_mix import (  # noqa: E402
    MIX,
    build_operations,
    fetch_tokens,
    partner_credentials,
    sample_rows,
)

DEFAULT_RATES = (10, 20, 40, 60, 80, 100, 125, 150, 200, 250, 300, 400)
BIG_BUCKET = "1000000/1000000"


def free_port() -> int:
    """A free TCP port on 127.0.0.1."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def server_env(url: str, master_key: bytes, data_dir: Path) -> dict[str, str]:
    """The environment ``credit-platform serve`` runs with for the load."""
    prefix = f"bench-open-loop-{os.getpid()}"
    types = sorted({partner_type for partner_type, _name, _weight in MIX})
    return os.environ | {
        "DATABASE_URL": url,
        "CREDIT_SECRET_KEY": master_key.hex(),
        "CREDIT_DATA_DIR": str(data_dir),
        "CREDIT_LOG_LEVEL": "WARNING",
        "CREDIT_OAUTH_TOKEN_LIFETIME_SECONDS": "3600",
        "CREDIT_QUOTA_BUCKET": BIG_BUCKET,
        "CREDIT_QUOTA_BUCKETS_BY_TYPE": ",".join(f"{t}={BIG_BUCKET}" for t in types),
        "REDIS_URL": "redis://127.0.0.1:6379/0",
        "CREDIT_QUOTA_KEY_PREFIX": f"{prefix}:quota",
        "CREDIT_OAUTH_THROTTLE_KEY_PREFIX": f"{prefix}:oauth",
    }


def process_tree(root: int) -> list[int]:
    """``root`` and its descendants (from /proc)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as handle:
                    ppid = int(handle.read().rsplit(")", 1)[1].split()[1])
            except OSError:
                continue
            children.setdefault(ppid, []).append(int(entry))
    found, queue = [], [root]
    while queue:
        pid = queue.pop()
        found.append(pid)
        queue += children.get(pid, [])
    return sorted(found)


def rss_mib(pid: int) -> float:
    """Resident set size of a process in MiB (0 if it is gone)."""
    try:
        with open(f"/proc/{pid}/status") as handle:
            for line in handle:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


class Serve:
    """``credit-platform serve --workers N`` in its own process group."""

    def __init__(self, env: dict[str, str], workers: int, log: Path) -> None:
        self.workers = workers
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        cli = str(Path(sys.executable).parent / "credit-platform")
        argv = [cli, "serve", "--host", "127.0.0.1", "--port", str(self.port)]
        with open(log, "wb") as out:
            self.process = subprocess.Popen(
                [*argv, "--workers", str(workers)],
                cwd=ROOT,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self.log = log

    async def ready(self, within: float = 600.0) -> None:
        """Wait for /readyz to answer 200 (a loaded machine takes minutes to import the app)."""
        deadline = time.monotonic() + within
        async with httpx.AsyncClient(base_url=self.base, timeout=5) as client:
            while time.monotonic() < deadline:
                if self.process.poll() is not None:
                    raise RuntimeError(f"the server exited:\n{self.log.read_text()[-3000:]}")
                try:
                    if (await client.get("/readyz")).status_code == 200:
                        return
                except httpx.TransportError:
                    pass
                await asyncio.sleep(0.5)
        raise RuntimeError(f"the server was not ready in {within:.0f} s")

    async def workers_up(self, workers: int, within: float = 600.0) -> None:
        """Wait until ``workers`` worker processes have imported the app.

        /readyz answers as soon as one worker is up; on a loaded machine the others may still
        be importing (and eating CPU) for a minute. A worker that has loaded the app holds at
        least as much memory as the supervisor, which imported it too.
        """
        if workers < 2:
            return
        deadline = time.monotonic() + within
        while time.monotonic() < deadline:
            root = rss_mib(self.process.pid)
            tree = [pid for pid in process_tree(self.process.pid) if pid != self.process.pid]
            if sum(1 for pid in tree if rss_mib(pid) >= root) >= workers:
                await asyncio.sleep(2.0)
                return
            await asyncio.sleep(1.0)
        raise RuntimeError(f"{workers} workers were not up in {within:.0f} s")

    def workers_rss(self) -> dict[int, float]:
        """RSS in MiB of every process of the server (the supervisor and its workers)."""
        return {pid: round(rss_mib(pid), 1) for pid in process_tree(self.process.pid)}

    def stop(self) -> None:
        """SIGINT to the server's own process group, then wait (SIGKILL after 20 s)."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGINT)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)


def print_step(step: StepResult) -> None:
    """One ladder step: the overall line and one line per operation."""
    print(
        f"  rate {step.rate:6.0f}/s  answered {step.throughput:7.1f}/s  p50 {step.p50_ms:7.1f}"
        f"  p99 {step.p99_ms:8.1f} ms  errors {step.errors:5d}  in flight max"
        f" {step.max_in_flight:4d}  late sends {step.late_sends}",
        flush=True,
    )
    for name, stats in step.operations.items():
        kinds = f"  {stats.error_kinds}" if stats.error_kinds else ""
        print(
            f"      {name:<46} n {stats.requests:6d}  p50 {stats.p50_ms:7.1f}"
            f"  p99 {stats.p99_ms:8.1f}  errors {stats.errors}{kinds}",
            flush=True,
        )


async def prepared(
    args: argparse.Namespace, serve: Serve, credentials: Any, samples: Any
) -> OpenLoop:
    """Tokens from the running server, integrity codes, and the open loop over the mix."""
    await serve.ready()
    await serve.workers_up(serve.workers)
    async with httpx.AsyncClient(base_url=serve.base, timeout=30) as client:
        tokens = await fetch_tokens(client, credentials)
        operations = await build_operations(client, tokens, samples, args.codes)
    return OpenLoop(f"{serve.base}/graphql", operations, timeout=args.timeout)


async def ladder(args: argparse.Namespace, serve: Serve, loop: OpenLoop) -> dict[str, Any]:
    """Climb the rates until saturation; the crossing rate of p99 over the limit."""
    steps: list[StepResult] = []
    saturation: float | None = None
    for rate in args.rates:
        step = await loop.run(rate, args.duration, warmup=args.warmup, poisson=not args.constant)
        print_step(step)
        steps.append(step)
        share = step.errors / max(step.scheduled, 1)
        if saturated(rate, step.throughput, share, step.p99_ms):
            saturation = rate
            break
        await asyncio.sleep(1.0)
    points = [(s.rate, s.p99_ms) for s in steps]
    cross = crossing_rate(points, args.limit_ms)
    good = [s.throughput for s in steps if s.rate != saturation]
    summary = {
        "saturated_at_offered": saturation,
        "best_answered_below_saturation": max(good) if good else None,
        "p99_crosses_limit_at": round(cross, 1) if cross is not None else None,
        "rss_mib_after": serve.workers_rss(),
    }
    print(f"  summary: {summary}", flush=True)
    return {"steps": [asdict(s) for s in steps], **summary}


async def soak(args: argparse.Namespace, serve: Serve, loop: OpenLoop) -> dict[str, Any]:
    """One long run at the soak rate; every server process's RSS every ``rss_every`` s."""
    samples: list[dict[str, Any]] = []
    started = time.monotonic()

    async def sample() -> None:
        while True:
            samples.append(
                {"t_s": round(time.monotonic() - started), "rss_mib": serve.workers_rss()}
            )
            print(f"  soak t={samples[-1]['t_s']:5d}s rss {samples[-1]['rss_mib']}", flush=True)
            await asyncio.sleep(args.rss_every)

    sampler = asyncio.create_task(sample())
    try:
        step = await loop.run(args.soak_rate, args.soak, warmup=0.0, poisson=not args.constant)
    finally:
        sampler.cancel()
    samples.append({"t_s": round(time.monotonic() - started), "rss_mib": serve.workers_rss()})
    print_step(step)
    return {"soak_s": args.soak, "rate": args.soak_rate, "rss": samples, "step": asdict(step)}


async def main_async(args: argparse.Namespace) -> dict[str, Any]:
    """Set up once, then the ladder per worker count (or the soak)."""
    from api.settings import Settings

    master_key = Settings().master_key()
    types = {partner_type for partner_type, _name, _weight in MIX}
    credentials = await partner_credentials(args.database_url, types)
    samples = await sample_rows(args.database_url, master_key, args.sample)
    report: dict[str, Any] = {
        "database": args.database_url.rsplit("/", 1)[-1],
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
        "cpus": os.cpu_count(),
        "mix": [{"partner_type": t, "operation": n, "weight": w} for t, n, w in MIX],
        "runs": {},
    }
    print(f"load average at start: {report['load_average_at_start']}", flush=True)
    data_dir = Path(tempfile.mkdtemp(prefix="open-loop-"))
    env = server_env(args.database_url, master_key, data_dir)
    for workers in [1] if args.soak else args.workers:
        print(f"== {workers} worker(s)", flush=True)
        serve = Serve(env, workers, data_dir / f"serve-{workers}.log")
        try:
            loop = await prepared(args, serve, credentials, samples)
            run = soak if args.soak else ladder
            report["runs"][str(workers)] = await run(args, serve, loop)
            loop.close()
        finally:
            serve.stop()
    return report


def main(argv: list[str] | None = None) -> int:
    """Parse the options, run, print (and optionally write) the JSON report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--rates", type=float, nargs="+", default=list(DEFAULT_RATES))
    parser.add_argument("--duration", type=float, default=20.0, help="measured s per step")
    parser.add_argument("--warmup", type=float, default=5.0, help="unmeasured s per step")
    parser.add_argument("--timeout", type=float, default=10.0, help="per request, s")
    parser.add_argument("--limit-ms", type=float, default=50.0, help="the p99 limit")
    parser.add_argument("--constant", action="store_true", help="even spacing, not Poisson")
    parser.add_argument("--sample", type=int, default=2000, help="USCCs and residents sampled")
    parser.add_argument("--codes", type=int, default=100, help="integrity codes per purpose")
    parser.add_argument("--soak", type=float, default=0.0, help="soak seconds (one worker)")
    parser.add_argument("--soak-rate", type=float, default=0.0, help="requests/s of the soak")
    parser.add_argument("--rss-every", type=float, default=30.0, help="soak RSS sample, s")
    parser.add_argument("--json-out", type=Path, help="write the report here too")
    args = parser.parse_args(argv)
    if not args.database_url.startswith("postgresql+asyncpg://"):
        parser.error("--database-url must be a postgresql+asyncpg:// URL (or DATABASE_URL)")
    if args.soak and args.soak_rate <= 0:
        parser.error("--soak needs --soak-rate")
    loop = new_loop()
    try:
        report = loop.run_until_complete(main_async(args))
    finally:
        loop.close()
    text = json.dumps(report, indent=1)
    if args.json_out:
        args.json_out.write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
