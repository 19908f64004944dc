"""A small closed-loop HTTP/1.1 load generator for 127.0.0.1 targets.

N keep-alive connections each send one POST, wait for the whole response, and send the next
(closed loop); bodies cycle through a prepared list, shared by all connections, so that
lookups hit different rows. A warm-up runs first and is not measured: at least ``warmup``
seconds and ``warmup_requests`` completed requests, so that a slow target reaches a steady
state. Then requests that complete inside the measured window are counted and their
latencies kept (bounded by ``max_requests``). It stops by itself: after the window, after
``max_requests``, or at the latest a grace period later (connections still waiting are
aborted).

Errors: a connection failure or timeout, a status other than 200, a body with a top-level
GraphQL ``"errors"`` member or ``"data":null`` (every body is scanned, which costs a memchr),
and, on a parsed sample of bodies, a ``data`` whose fields are null when ``expect_data`` is set.

The generator is deliberately cheap (an ``asyncio.Protocol``, requests pre-serialised, uvloop
when available) because on two cores it shares the CPU with the server and PostgreSQL; it is
identical for every target, which is what makes the ratios fair.

Command line (prints one JSON object; ``--progress`` also prints MEASURE_START / MEASURE_END
lines when the window opens and closes, for a caller that samples CPU counters)::

    python bench/loadgen.py --url http://127.0.0.1:8000/graphql --bodies bodies.jsonl \
        --connections 32 --duration 10 --warmup 3
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import sys
import time
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

try:
    import orjson

    _loads: Any = orjson.loads
except ImportError:  # pragma: no cover - the project depends on orjson
    _loads = json.loads

ALLOWED_HOSTS = frozenset({"127.0.0.1"})


@dataclass
class LoadResult:
    """What one run measured."""

    url: str
    connections: int
    warmup_s: float
    duration_s: float
    requests: int
    rps: float
    p50_ms: float
    p90_ms: float
    p99_ms: float
    max_ms: float
    mean_ms: float
    errors: int
    error_kinds: dict[str, int] = field(default_factory=dict)
    warmup_requests: int = 0
    warmup_errors: int = 0
    mean_response_bytes: float = 0.0
    checked_bodies: int = 0
    generator_cpu_s: float = 0.0


def _percentile(sorted_values: list[float], fraction: float) -> float:
    """Nearest-rank percentile of sorted values (0 if there are none)."""
    if not sorted_values:
        return 0.0
    rank = max(1, min(len(sorted_values), int(fraction * len(sorted_values) + 0.999999)))
    return sorted_values[rank - 1]


def build_requests(
    url: str, bodies: list[bytes], headers: list[str] | None = None
) -> tuple[str, int, list[bytes]]:
    """Host, port and the raw HTTP/1.1 requests (headers and body) for each body."""
    parts = urlsplit(url)
    if parts.scheme != "http" or parts.hostname not in ALLOWED_HOSTS:
        raise ValueError(f"only http://127.0.0.1 targets are allowed, not {url!r}")
    host, port = parts.hostname, parts.port or 80
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    if not bodies:
        raise ValueError("no request bodies")
    extra = ""
    for header in headers or []:
        name, sep, value = header.partition(":")
        if not sep or not name.strip() or "\r" in header or "\n" in header:
            raise ValueError(f"a header is 'Name: value', not {header!r}")
        extra += f"{name.strip()}: {value.strip()}\r\n"
    requests = [
        (
            f"POST {path} HTTP/1.1\r\nHost: {host}:{port}\r\nUser-Agent: bench-loadgen\r\n"
            f"Accept: application/json\r\nContent-Type: application/json\r\n{extra}"
            f"Content-Length: {len(body)}\r\n\r\n"
        ).encode("ascii")
        + body
        for body in bodies
    ]
    return host, port, requests


class _ProtocolError(Exception):
    pass


class Connection(asyncio.Protocol):
    """One keep-alive connection that parses Content-Length-framed responses."""

    __slots__ = (
        "_body_at",
        "_buffer",
        "_end",
        "_status",
        "closed",
        "started",
        "transport",
        "waiter",
    )

    def __init__(self) -> None:
        self.transport: asyncio.Transport | None = None
        self.waiter: asyncio.Future[tuple[int, bytes]] | None = None
        self.started = 0.0
        self.closed = False
        self._buffer = bytearray()
        self._end = -1
        self._body_at = 0
        self._status = 0

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]  # a TCP connection: a Transport

    def data_received(self, data: bytes) -> None:
        buffer = self._buffer
        buffer += data
        if self._end < 0:
            at = buffer.find(b"\r\n\r\n")
            if at < 0:
                return
            head = bytes(buffer[:at]).lower()
            try:
                self._status = int(head[9:12])
                start = head.index(b"\r\ncontent-length:") + 17
                stop = head.find(b"\r\n", start)
                length = int(head[start : stop if stop >= 0 else len(head)])
            except ValueError:
                self._fail(_ProtocolError("response without a status or Content-Length"))
                return
            self._body_at = at + 4
            self._end = at + 4 + length
        if len(buffer) >= self._end:
            body = bytes(buffer[self._body_at : self._end])
            del buffer[: self._end]
            self._end = -1
            waiter, self.waiter = self.waiter, None
            if waiter is not None and not waiter.done():
                waiter.set_result((self._status, body))

    def _fail(self, error: Exception) -> None:
        waiter, self.waiter = self.waiter, None
        if waiter is not None and not waiter.done():
            waiter.set_exception(error)
        if self.transport is not None:
            self.transport.abort()

    def connection_lost(self, exc: Exception | None) -> None:
        self.closed = True
        waiter, self.waiter = self.waiter, None
        if waiter is not None and not waiter.done():
            waiter.set_exception(exc or ConnectionResetError("connection closed by the server"))


class LoadGenerator:
    """A closed loop of ``connections`` clients against one URL."""

    def __init__(
        self,
        url: str,
        bodies: list[bytes],
        *,
        headers: list[str] | None = None,
        connections: int = 32,
        duration: float = 10.0,
        warmup: float = 2.0,
        max_requests: int = 2_000_000,
        timeout: float = 60.0,
        warmup_requests: int | None = None,
        max_warmup: float = 60.0,
        check_every: int = 50,
        expect_data: bool = True,
        progress: bool = False,
    ) -> None:
        self.url = url
        self.host, self.port, self.requests = build_requests(url, bodies, headers)
        self.connections = connections
        self.duration = duration
        self.warmup = warmup
        self.max_requests = max_requests
        self.timeout = timeout
        self.check_every = max(1, check_every)
        self.expect_data = expect_data
        self.progress = progress
        # A slow target (seconds per request at this concurrency) needs more than a fixed
        # warm-up to reach a steady state: wait for this many completed requests too.
        self.warmup_requests = 2 * connections if warmup_requests is None else warmup_requests
        self.max_warmup = max(warmup, max_warmup)
        self._next = 0
        self._stopping = False
        self._measuring = False
        self._window_end = float("inf")
        self._latencies: list[float] = []
        self._bytes = 0
        self._errors: Counter[str] = Counter()
        self._warmup_requests = 0
        self._warmup_errors = 0
        self._checked = 0
        self._clients: set[Connection] = set()
        self._full: asyncio.Event | None = None

    # -- bookkeeping --------------------------------------------------------------------------

    def _error(self, kind: str) -> None:
        if self._measuring:
            self._errors[kind] += 1
        else:
            self._warmup_errors += 1

    def _check_body(self, body: bytes) -> str | None:
        """Why a 200 body counts as an error, or None."""
        if b'"errors":' in body:
            return "graphql_errors"
        if b'"data":null' in body:
            return "null_data"
        self._checked += 1
        if self._checked % self.check_every == 0:
            try:
                payload = _loads(body)
            except ValueError:
                return "invalid_json"
            data = payload.get("data") if isinstance(payload, dict) else None
            if not isinstance(data, dict):
                return "no_data"
            if self.expect_data and any(value is None for value in data.values()):
                return "null_result"
        return None

    def _done(self, started: float, finished: float, status: int, body: bytes) -> None:
        if not self._measuring or finished > self._window_end:
            if not self._measuring:
                self._warmup_requests += 1
                if status != 200 or self._check_body(body):
                    self._warmup_errors += 1
            return
        if status != 200:
            self._errors[f"status_{status}"] += 1
        else:
            problem = self._check_body(body)
            if problem:
                self._errors[problem] += 1
        self._latencies.append(finished - started)
        self._bytes += len(body)
        if len(self._latencies) >= self.max_requests and self._full is not None:
            self._full.set()

    # -- the loop -------------------------------------------------------------------------------

    async def _connect(self) -> Connection:
        loop = asyncio.get_running_loop()
        _transport, client = await asyncio.wait_for(
            loop.create_connection(Connection, self.host, self.port), self.timeout
        )
        self._clients.add(client)
        return client

    async def _worker(self) -> None:
        loop = asyncio.get_running_loop()
        requests = self.requests
        count = len(requests)
        clock = time.perf_counter
        client: Connection | None = None
        while not self._stopping:
            if client is None or client.closed:
                if client is not None:
                    self._clients.discard(client)
                try:
                    client = await self._connect()
                except (OSError, TimeoutError):
                    self._error("connect")
                    client = None
                    await asyncio.sleep(0.05)
                    continue
            request = requests[self._next % count]
            self._next += 1
            waiter: asyncio.Future[tuple[int, bytes]] = loop.create_future()
            client.waiter = waiter
            client.started = started = clock()
            assert client.transport is not None
            client.transport.write(request)
            try:
                status, body = await waiter
            except asyncio.CancelledError:
                raise
            except Exception as error:
                if not self._stopping:
                    self._error("timeout" if isinstance(error, TimeoutError) else "connection")
                if client.transport is not None:
                    client.transport.abort()
                client = None
                continue
            self._done(started, clock(), status, body)
        if client is not None and client.transport is not None:
            client.transport.close()

    async def _watchdog(self) -> None:
        """Aborts requests that take longer than ``timeout`` (they count as errors)."""
        while True:
            await asyncio.sleep(min(0.25, self.timeout / 4))
            limit = time.perf_counter() - self.timeout
            for client in list(self._clients):
                waiter = client.waiter
                if waiter is not None and not waiter.done() and client.started < limit:
                    client.waiter = None
                    waiter.set_exception(TimeoutError("request timed out"))
                    if client.transport is not None:
                        client.transport.abort()

    async def run(self) -> LoadResult:
        """Warm up, measure, stop; always returns within about duration + warmup + timeout."""
        self._full = asyncio.Event()
        watchdog = asyncio.create_task(self._watchdog())
        workers = [asyncio.create_task(self._worker()) for _ in range(self.connections)]
        try:
            if self.warmup > 0:
                await asyncio.sleep(self.warmup)
                waited = self.warmup
                while self._warmup_requests < self.warmup_requests and waited < self.max_warmup:
                    await asyncio.sleep(0.1)
                    waited += 0.1
                self.warmup = round(waited, 1)
            self._latencies.clear()
            cpu_start = time.process_time()
            started = time.perf_counter()
            self._measuring = True
            if self.progress:
                print("MEASURE_START", flush=True)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._full.wait(), self.duration)
            self._window_end = finished = time.perf_counter()
            cpu = time.process_time() - cpu_start
            if self.progress:
                print("MEASURE_END", flush=True)
            self._stopping = True
            _done, pending = await asyncio.wait(workers, timeout=self.timeout)
            for client in list(self._clients):
                if client.transport is not None:
                    client.transport.abort()
            for task in pending:
                task.cancel()
            await asyncio.gather(*pending, return_exceptions=True)
        finally:
            self._stopping = True
            watchdog.cancel()
            for task in workers:
                task.cancel()
            await asyncio.gather(watchdog, *workers, return_exceptions=True)
        latencies = sorted(self._latencies)
        elapsed = finished - started
        n = len(latencies)
        return LoadResult(
            url=self.url,
            connections=self.connections,
            warmup_s=self.warmup,
            duration_s=round(elapsed, 3),
            requests=n,
            rps=round(n / elapsed, 1) if elapsed > 0 else 0.0,
            p50_ms=round(_percentile(latencies, 0.50) * 1000, 2),
            p90_ms=round(_percentile(latencies, 0.90) * 1000, 2),
            p99_ms=round(_percentile(latencies, 0.99) * 1000, 2),
            max_ms=round((latencies[-1] if latencies else 0.0) * 1000, 2),
            mean_ms=round(sum(latencies) / n * 1000, 2) if n else 0.0,
            errors=sum(self._errors.values()),
            error_kinds=dict(self._errors),
            warmup_requests=self._warmup_requests,
            warmup_errors=self._warmup_errors,
            mean_response_bytes=round(self._bytes / n, 1) if n else 0.0,
            checked_bodies=self._checked // self.check_every,
            generator_cpu_s=round(cpu, 3),
        )


def new_loop() -> asyncio.AbstractEventLoop:
    """A new event loop: uvloop when available."""
    try:
        import uvloop
    except ImportError:  # pragma: no cover
        return asyncio.new_event_loop()
    loop: asyncio.AbstractEventLoop = uvloop.new_event_loop()
    return loop


def run(url: str, bodies: list[bytes], **options: Any) -> LoadResult:
    """Run one load test in a fresh event loop (uvloop when available)."""
    loop = new_loop()
    try:
        return loop.run_until_complete(LoadGenerator(url, bodies, **options).run())
    finally:
        loop.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", required=True, help="http://127.0.0.1:PORT/PATH")
    parser.add_argument("--bodies", type=Path, help="a file of JSON request bodies, one a line")
    parser.add_argument("--body", action="append", default=[], help="a JSON body (repeatable)")
    parser.add_argument(
        "--header", action="append", default=[], help="'Name: value' on every request (repeatable)"
    )
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--duration", type=float, default=10.0, help="measured seconds")
    parser.add_argument("--warmup", type=float, default=2.0, help="unmeasured seconds first")
    parser.add_argument("--max-requests", type=int, default=2_000_000)
    parser.add_argument("--timeout", type=float, default=60.0, help="per request, seconds")
    parser.add_argument(
        "--warmup-requests",
        type=int,
        help="also wait for this many completed requests before measuring (default 2 x conns)",
    )
    parser.add_argument("--max-warmup", type=float, default=60.0, help="cap of the warm-up, s")
    parser.add_argument("--check-every", type=int, default=50, help="parse every Nth body")
    parser.add_argument(
        "--no-expect-data", action="store_true", help="a null field under data is not an error"
    )
    parser.add_argument("--progress", action="store_true", help="print MEASURE_START/END lines")
    args = parser.parse_args(argv)
    bodies = [b.encode() for b in args.body]
    if args.bodies:
        bodies += [line for line in args.bodies.read_bytes().splitlines() if line.strip()]
    if args.connections < 1 or args.duration <= 0:
        parser.error("--connections must be >= 1 and --duration > 0")
    result = run(
        args.url,
        bodies,
        headers=args.header,
        connections=args.connections,
        duration=args.duration,
        warmup=args.warmup,
        max_requests=args.max_requests,
        timeout=args.timeout,
        warmup_requests=args.warmup_requests,
        max_warmup=args.max_warmup,
        check_every=args.check_every,
        expect_data=not args.no_expect_data,
        progress=args.progress,
    )
    print(json.dumps(asdict(result)), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
