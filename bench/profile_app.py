"""Profile the app in-process: the benchmark's requests straight into its ASGI interface.

No HTTP server and no load generator share the CPU, so the figures are the app's own: CPU
per request (``time.process_time``) and, with ``--profile``, a cProfile listing of where it
goes. The database is only read; the app is built as ``bench/app_server.py`` builds it.

    DATABASE_URL=postgresql+asyncpg://postgres@127.0.0.1:5432/bench_demo \\
        .venv/bin/python bench/profile_app.py --scenario lookup --requests 2000 --profile
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import io
import os
import pstats
import sys
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.app_server import BENCH_ENV, bench_token, has_oauth, install_bench_trust  # noqa: E402
from bench.run_core import BENCH_SECRET_KEY, SCENARIOS, _dataset  # noqa: E402

Send = Callable[[dict[str, Any]], Awaitable[None]]


async def _call(app: Any, body: bytes, headers: list[tuple[bytes, bytes]]) -> tuple[int, bytes]:
    """One POST /graphql through the ASGI interface; the status and the body."""
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": "/graphql",
        "raw_path": b"/graphql",
        "query_string": b"",
        "root_path": "",
        "headers": [
            (b"host", b"bench"),
            (b"content-type", b"application/json"),
            (b"content-length", str(len(body)).encode()),
            *headers,
        ],
        "client": ("127.0.0.1", 1),
        "server": ("127.0.0.1", 80),
    }
    sent = False
    status = 0
    chunks: list[bytes] = []

    async def receive() -> dict[str, Any]:
        nonlocal sent
        if sent:
            await asyncio.sleep(3600)
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = message["status"]
        elif message["type"] == "http.response.body":
            chunks.append(message.get("body", b""))

    await app(scope, receive, send)
    return status, b"".join(chunks)


async def _main(options: argparse.Namespace) -> None:
    from api.http.app import create_app
    from api.settings import Settings

    url = options.database_url
    _sizes, usccs = await _dataset(url, 1000)
    scenario = SCENARIOS[options.scenario]
    bodies = scenario.bodies(usccs)
    if has_oauth():
        install_bench_trust()
    token = bench_token()
    headers = [(b"authorization", f"Bearer {token}".encode())] if token else []
    values: dict[str, Any] = {"database_url": url, "secret_key": BENCH_SECRET_KEY}
    values |= {"graphiql": False, "log_level": "WARNING", "pool_size": 10, "pool_max_overflow": 0}
    values |= {k.removeprefix("CREDIT_").lower(): v for k, v in BENCH_ENV.items()}
    app = create_app(Settings(**values))
    async with _lifespan(app):
        if options.gc_stats:
            import gc

            gc.callbacks.append(_gc_timer)
        for i in range(options.warmup):
            status, payload = await _call(app, bodies[i % len(bodies)], headers)
            if status != 200 or b'"errors"' in payload:
                raise SystemExit(f"{status} {payload[:500]!r}")
        profiler = cProfile.Profile() if options.profile else None
        started_cpu = time.process_time()
        started = time.perf_counter()
        if profiler:
            profiler.enable()
        n = options.requests
        c = options.concurrency
        for i in range(0, n, c):
            await asyncio.gather(
                *(_call(app, bodies[(i + j) % len(bodies)], headers) for j in range(c))
            )
        if profiler:
            profiler.disable()
        cpu = time.process_time() - started_cpu
        wall = time.perf_counter() - started
    print(
        f"{options.scenario}: {n} requests, concurrency {c}: "
        f"{cpu * 1000 / n:.3f} ms CPU/request, {n / wall:.1f} req/s"
    )
    for generation, (count, spent) in sorted(_GC["total"].items()):
        print(f"  gc gen{generation}: {count} collections, {spent * 1000 / n:.3f} ms/request")
    if profiler:
        out = io.StringIO()
        stats = pstats.Stats(profiler, stream=out)
        stats.sort_stats(options.sort).print_stats(options.lines)
        print(out.getvalue())
        if options.dump:
            stats.dump_stats(options.dump)


_GC: dict[str, Any] = {"start": 0.0, "total": {}}


def _gc_timer(phase: str, info: dict[str, Any]) -> None:
    """Time each collection of the cyclic GC, by generation."""
    if phase == "start":
        _GC["start"] = time.perf_counter()
    else:
        generation = info["generation"]
        count, spent = _GC["total"].get(generation, (0, 0.0))
        _GC["total"][generation] = (count + 1, spent + time.perf_counter() - _GC["start"])


class _lifespan:  # noqa: N801
    def __init__(self, app: Any) -> None:
        self._app = app
        self._queue: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        self._started = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    async def __aenter__(self) -> None:
        async def receive() -> dict[str, Any]:
            return await self._queue.get()

        async def send(message: dict[str, Any]) -> None:
            if message["type"].startswith("lifespan.startup"):
                self._started.set()

        self._task = asyncio.ensure_future(self._app({"type": "lifespan"}, receive, send))
        await self._queue.put({"type": "lifespan.startup"})
        await self._started.wait()

    async def __aexit__(self, *_exc: object) -> None:
        await self._queue.put({"type": "lifespan.shutdown"})
        if self._task is not None:
            await asyncio.wait_for(self._task, 10)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument("--scenario", choices=sorted(SCENARIOS), default="lookup")
    parser.add_argument("--requests", type=int, default=1000)
    parser.add_argument("--warmup", type=int, default=100)
    parser.add_argument("--concurrency", type=int, default=1)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--sort", default="tottime")
    parser.add_argument("--lines", type=int, default=45)
    parser.add_argument("--dump", help="write the cProfile stats here")
    parser.add_argument(
        "--gc-stats", action="store_true", help="time the cyclic GC's collections per generation"
    )
    options = parser.parse_args()
    os.environ.setdefault("CREDIT_SECRET_KEY", BENCH_SECRET_KEY)
    try:
        import uvloop

        uvloop.install()
    except ImportError:
        pass
    asyncio.run(_main(options))


if __name__ == "__main__":
    main()
