"""An open-loop load: requests sent at a fixed arrival rate, whatever the responses do.

A closed loop (``bench/loadgen.py``) waits for each answer before the next request, so a slow
server slows the load down and its queueing never shows (coordinated omission). Here the
send times are fixed in advance: ``arrival_offsets`` gives them (constant spacing, or Poisson
arrivals with a seeded generator), ``operation_sequence`` says which operation each arrival
runs, in exact proportions (smooth weighted round-robin). A request's latency is measured
from its *scheduled* send time, so time spent waiting for a free connection or behind a late
scheduler counts. Any number of requests may be in flight (a new keep-alive connection is
opened when none is idle, up to ``max_connections``; beyond that requests queue, and the
queueing counts). Errors are counted per operation: a connection failure, a timeout (still
unanswered ``timeout`` seconds after its scheduled time), a status other than 200, a
top-level GraphQL ``errors`` member, ``data`` null, a null root field, or a non-empty payload
``errors`` list.

The scheduler's arithmetic is pure and unit-tested (tests/unit/test_open_loop.py); the
runner is ``OpenLoop.run``. ``bench/open_loop_bench.py`` builds the partner mix, starts the
app and climbs the rate ladder.
"""

from __future__ import annotations

import asyncio
import contextlib
import math
import random
import time
from collections import Counter, deque
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import orjson

from bench.loadgen import Connection, build_requests

#: Idle keep-alive connections older than this are not reused (uvicorn closes them after 5 s).
IDLE_REUSE_SECONDS = 4.0


@dataclass(frozen=True)
class Operation:
    """One trusted operation of the mix: its name, weight and prepared request bodies."""

    name: str
    weight: int
    bodies: tuple[bytes, ...]
    headers: tuple[str, ...]


@dataclass
class OperationStats:
    """What one operation measured in one step."""

    requests: int = 0
    p50_ms: float = 0.0
    p99_ms: float = 0.0
    max_ms: float = 0.0
    errors: int = 0
    error_kinds: dict[str, int] = field(default_factory=dict)


@dataclass
class StepResult:
    """One step of the ladder: the offered rate, what came back, per operation and overall."""

    rate: float
    duration_s: float
    scheduled: int
    completed: int
    throughput: float
    p50_ms: float
    p99_ms: float
    errors: int
    max_in_flight: int
    connections: int
    late_sends: int
    operations: dict[str, OperationStats]


def arrival_offsets(
    rate: float, duration: float, *, poisson: bool = False, seed: int = 0
) -> list[float]:
    """Send times in seconds from the start: ``rate`` per second for ``duration`` seconds.

    Constant spacing gives exactly ``floor(rate * duration)`` arrivals at ``i / rate``;
    Poisson arrivals draw exponential gaps of mean ``1 / rate`` from a seeded generator.
    """
    if rate <= 0 or duration <= 0:
        raise ValueError("the rate and the duration must be positive")
    if not poisson:
        return [i / rate for i in range(math.floor(rate * duration + 1e-9))]
    rng = random.Random(seed)
    offsets: list[float] = []
    at = rng.expovariate(rate)
    while at < duration:
        offsets.append(at)
        at += rng.expovariate(rate)
    return offsets


def operation_sequence(weights: Sequence[int], count: int) -> list[int]:
    """``count`` operation indexes in the weights' exact proportions, evenly interleaved.

    Smooth weighted round-robin: every block of ``sum(weights)`` arrivals holds each
    operation exactly ``weight`` times, spread out rather than in runs.
    """
    if not weights or any(w < 0 for w in weights) or sum(weights) == 0:
        raise ValueError("weights must be non-negative with a positive sum")
    total = sum(weights)
    current = [0] * len(weights)
    sequence: list[int] = []
    for _ in range(count):
        for i, weight in enumerate(weights):
            current[i] += weight
        chosen = max(range(len(weights)), key=lambda i: (current[i], -i))
        current[chosen] -= total
        sequence.append(chosen)
    return sequence


def percentile(sorted_values: Sequence[float], fraction: float) -> float:
    """Nearest-rank percentile of sorted values (0 if there are none)."""
    if not sorted_values:
        return 0.0
    rank = max(1, min(len(sorted_values), math.ceil(fraction * len(sorted_values) - 1e-9)))
    return sorted_values[rank - 1]


def crossing_rate(points: Sequence[tuple[float, float]], limit_ms: float) -> float | None:
    """The rate at which p99 first crosses ``limit_ms``, interpolated between two steps.

    ``points`` are (rate, p99 ms) in increasing rate. None if p99 never crosses; the first
    rate if it is already above at the first step.
    """
    previous: tuple[float, float] | None = None
    for rate, p99 in points:
        if p99 > limit_ms:
            if previous is None:
                return rate
            low_rate, low_p99 = previous
            share = (limit_ms - low_p99) / (p99 - low_p99)
            return low_rate + share * (rate - low_rate)
        previous = (rate, p99)
    return None


def saturated(offered: float, throughput: float, error_share: float, p99_ms: float) -> bool:
    """Whether a step is past saturation: it cannot keep up, fails, or queues without bound."""
    return throughput < 0.95 * offered or error_share > 0.01 or p99_ms > 1000.0


def body_problem(status: int, body: bytes) -> str | None:
    """Why a response counts as an error, or None."""
    if status != 200:
        return f"status_{status}"
    try:
        payload = orjson.loads(body)
    except orjson.JSONDecodeError:
        return "invalid_json"
    if not isinstance(payload, dict):
        return "invalid_json"
    if payload.get("errors"):
        return "graphql_errors"
    data = payload.get("data")
    if not isinstance(data, dict):
        return "null_data"
    for value in data.values():
        if value is None:
            return "null_result"
        if isinstance(value, dict) and value.get("errors"):
            return "payload_errors"
    return None


class OpenLoop:
    """Sends a fixed schedule of requests to one URL and measures from the scheduled times."""

    def __init__(
        self,
        url: str,
        operations: Sequence[Operation],
        *,
        timeout: float = 10.0,
        max_connections: int = 512,
    ) -> None:
        self.names = [op.name for op in operations]
        self.weights = [op.weight for op in operations]
        self.requests: list[list[bytes]] = []
        for op in operations:
            host, port, raw = build_requests(url, list(op.bodies), list(op.headers))
            self.requests.append(raw)
        self.host, self.port = host, port
        self.timeout = timeout
        self.max_connections = max_connections
        self._idle: deque[tuple[float, Connection]] = deque()
        self._open = 0
        self._slot = asyncio.Semaphore(max_connections)
        self._in_flight = 0
        self._max_in_flight = 0
        self._next = [0] * len(operations)

    async def _acquire(self) -> Connection:
        now = time.perf_counter()
        while self._idle:
            idle_since, connection = self._idle.pop()
            if not connection.closed and now - idle_since < IDLE_REUSE_SECONDS:
                return connection
            # Closed, or about to be closed by the server's keep-alive timeout: a request
            # written as the server closes would fail through no fault of the server.
            if connection.transport is not None:
                connection.transport.close()
            self._open -= 1
        loop = asyncio.get_running_loop()
        _transport, connection = await loop.create_connection(Connection, self.host, self.port)
        self._open += 1
        return connection

    async def _send(self, op: int, request: bytes) -> tuple[int, bytes]:
        async with self._slot:
            connection = await self._acquire()
            waiter: asyncio.Future[tuple[int, bytes]] = asyncio.get_running_loop().create_future()
            connection.waiter = waiter
            assert connection.transport is not None
            connection.transport.write(request)
            try:
                result = await waiter
            except BaseException:
                if connection.transport is not None:
                    connection.transport.abort()
                self._open -= 1
                raise
            self._idle.append((time.perf_counter(), connection))
            return result

    async def _one(
        self, op: int, scheduled: float, measured: bool, out: dict[int, list[Any]]
    ) -> None:
        requests = self.requests[op]
        request = requests[self._next[op] % len(requests)]
        self._next[op] += 1
        self._in_flight += 1
        self._max_in_flight = max(self._max_in_flight, self._in_flight)
        remaining = scheduled + self.timeout - time.perf_counter()
        problem: str | None
        try:
            status, body = await asyncio.wait_for(self._send(op, request), max(remaining, 0.001))
            problem = body_problem(status, body)
        except TimeoutError:
            problem = "timeout"
        except OSError:
            problem = "connection"
        finally:
            self._in_flight -= 1
        if measured:
            latencies, errors = out[op]
            latencies.append(time.perf_counter() - scheduled)
            if problem:
                errors[problem] += 1

    async def run(
        self, rate: float, duration: float, *, warmup: float = 3.0, poisson: bool = True
    ) -> StepResult:
        """Send at ``rate`` for ``warmup + duration`` s; measure arrivals after the warm-up."""
        offsets = arrival_offsets(rate, warmup + duration, poisson=poisson, seed=int(rate))
        sequence = operation_sequence(self.weights, len(offsets))
        out: dict[int, list[Any]] = {i: [[], Counter()] for i in range(len(self.names))}
        tasks: list[asyncio.Task[None]] = []
        late = 0
        self._max_in_flight = 0
        start = time.perf_counter() + 0.05
        for offset, op in zip(offsets, sequence, strict=True):
            scheduled = start + offset
            delay = scheduled - time.perf_counter()
            if delay > 0.0005:
                await asyncio.sleep(delay)
            elif delay < -0.005:
                late += 1
            tasks.append(asyncio.create_task(self._one(op, scheduled, offset >= warmup, out)))
        await asyncio.gather(*tasks, return_exceptions=True)
        scheduled_n = sum(1 for offset in offsets if offset >= warmup)
        return self._result(rate, duration, scheduled_n, late, out)

    def _result(
        self, rate: float, duration: float, scheduled: int, late: int, out: dict[int, list[Any]]
    ) -> StepResult:
        operations: dict[str, OperationStats] = {}
        every: list[float] = []
        errors = 0
        for i, name in enumerate(self.names):
            latencies, kinds = out[i]
            ordered = sorted(latencies)
            every += ordered
            errors += sum(kinds.values())
            operations[name] = OperationStats(
                requests=len(ordered),
                p50_ms=round(percentile(ordered, 0.50) * 1000, 1),
                p99_ms=round(percentile(ordered, 0.99) * 1000, 1),
                max_ms=round((ordered[-1] if ordered else 0.0) * 1000, 1),
                errors=sum(kinds.values()),
                error_kinds=dict(kinds),
            )
        every.sort()
        completed = len(every) - errors
        return StepResult(
            rate=rate,
            duration_s=duration,
            scheduled=scheduled,
            completed=completed,
            throughput=round(completed / duration, 1),
            p50_ms=round(percentile(every, 0.50) * 1000, 1),
            p99_ms=round(percentile(every, 0.99) * 1000, 1),
            errors=errors,
            max_in_flight=self._max_in_flight,
            connections=self._open,
            late_sends=late,
            operations=operations,
        )

    def close(self) -> None:
        """Close the idle keep-alive connections."""
        while self._idle:
            _since, connection = self._idle.pop()
            if connection.transport is not None:
                with contextlib.suppress(Exception):
                    connection.transport.close()
