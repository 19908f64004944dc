"""Prometheus metrics: what the platform counts, and how ``/metrics`` renders it.

Every label value comes from a closed set (a persisted operation name, a partner type, an
outcome, an OAuth error code, a denial reason, a purpose, a job name): never a resident ID,
a secret, a token or text a partner chose.

One process keeps its metrics in memory (the default registry). Several uvicorn workers
share them through files (prometheus_client's multiprocess mode): ``prepare_for_workers``
gives the workers a fresh ``PROMETHEUS_MULTIPROC_DIR`` before they start, every worker
writes its samples there, and the one that answers a scrape sums them all with
``MultiProcessCollector``. The mode is fixed when ``prometheus_client`` is first imported,
so the variable must be set before that (in the parent of the workers).

Values that describe the present rather than count events (the database pool, the webhook
outbox) are read when a scrape asks for them (``ScrapeTimeCollector``), so requests pay
nothing for them. In multiprocess mode the pool is the exception: a scrape reaches one worker
and sees only its pool, so each worker writes its pool's use on checkout and check-in
(``watch_pool``) and the scrape sums the live workers' values.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
    multiprocess,
    start_http_server,
)
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector
from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlalchemy.pool import Pool, QueuePool

__all__ = [
    "CONTENT_TYPE_LATEST",
    "GRAPHQL_OBSERVATION",
    "MULTIPROC_ENV",
    "GraphQLObservation",
    "ScrapeTimeCollector",
    "count_job_run",
    "count_limiter_fallback",
    "count_personal_read_refusal",
    "count_token_grant",
    "count_token_refusal",
    "count_webhook_delivery",
    "graphql_outcome",
    "mark_worker_dead",
    "multiprocess_dir",
    "observe_graphql",
    "outcome_for_status",
    "prepare_for_workers",
    "render",
    "set_limiter_store_up",
    "show_limiter_policy",
    "watch_pool",
]

MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"
#: The folder under ``data_dir`` that ``prepare_for_workers`` gives the workers.
MULTIPROC_FOLDER = "prometheus-multiproc"

#: Outcomes of a GraphQL request (the ``outcome`` label).
GRAPHQL_OUTCOMES = ("ok", "user_error", "forbidden", "unauthenticated", "internal", "unavailable")
#: OAuth error codes a token refusal may be labelled with; anything else is ``other``.
OAUTH_ERRORS = frozenset(
    {
        "invalid_request",
        "invalid_client",
        "invalid_grant",
        "unauthorized_client",
        "unsupported_grant_type",
        "invalid_scope",
        "access_denied",
        "temporarily_unavailable",
        "server_error",
        # Not an OAuth code: a 429 for too many failed client authentications (``slow_down``).
        "throttled",
    }
)
#: Outcomes of one webhook delivery attempt.
WEBHOOK_OUTCOMES = (
    "delivered",
    "http_error",
    "transport_error",
    "refused_destination",
    "not_configured",
)

GRAPHQL_REQUESTS = Counter(
    "credit_graphql_requests",
    "GraphQL requests (POST /graphql) by persisted operation name, partner type and outcome.",
    ["operation", "partner_type", "outcome"],
)
GRAPHQL_DURATION = Histogram(
    "credit_graphql_request_duration_seconds",
    "Time to answer a GraphQL request, by persisted operation name, partner type and outcome.",
    ["operation", "partner_type", "outcome"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
)
TOKEN_GRANTS = Counter(
    "credit_oauth_token_grants",
    "Access tokens issued by POST /oauth/token, by partner type.",
    ["partner_type"],
)
TOKEN_REFUSALS = Counter(
    "credit_oauth_token_refusals",
    "Requests to POST /oauth/token refused, by OAuth error code.",
    ["reason"],
)
PERSONAL_READ_REFUSALS = Counter(
    "credit_personal_read_refusals",
    "Reads of personal or non-public data refused by the consent gate (each audited), "
    "by denial reason, purpose and partner type.",
    ["reason", "purpose", "partner_type"],
)
WEBHOOK_DELIVERIES = Counter(
    "credit_webhook_deliveries",
    "Webhook delivery attempts by outcome (counted in the process that delivers them).",
    ["outcome"],
)
GRAPHQL_FAST_PATH_FAILURES = Counter(
    "credit_graphql_fast_path_failures",
    "Requests the lean GraphQL executor could not serve (answered with an internal error), "
    "by reason.",
    ["reason"],
)
JOB_RUNS = Counter(
    "credit_jobs_runs",
    "Runs of the scheduled jobs (`credit-platform jobs run`), by job and outcome.",
    ["job", "outcome"],
)
#: The rate limiters that keep their counters in Redis when it is configured.
LIMITERS = ("query_cost", "oauth")
#: What a limiter did with a request it decided without its store (Redis down).
FALLBACK_OUTCOMES = ("local", "throttled", "refused")
LIMITER_FALLBACKS = Counter(
    "credit_rate_limit_fallback",
    "Rate-limit decisions taken without the shared store (Redis down), by limiter and outcome: "
    "local (admitted on the worker's own counters), throttled (refused by them), refused "
    "(503, not served without the store).",
    ["limiter", "outcome"],
)
LIMITER_STORE_UP = Gauge(
    "credit_rate_limit_store_up",
    "Whether a rate limiter's shared store (Redis) answered its last command (1) or not (0); "
    "with several workers, the lowest of the live workers' values.",
    ["limiter"],
    multiprocess_mode="livemin",
)
LIMITER_POLICY = Gauge(
    "credit_rate_limit_policy",
    "The documented policy while a limiter's store is down: 1 for each kind of request and "
    "what it gets (local: the worker's own counters; refused: 503).",
    ["limiter", "request", "without_store"],
    multiprocess_mode="livemax",
)
POOL_IN_USE_HELP = "Database connections checked out of the pool (serving a request)."
POOL_OVERFLOW_HELP = "Connections open beyond the pool's size (at most max_overflow)."
POOL_SIZE_HELP = "The pool's size (connections kept open); in use may reach size + max_overflow."
# Written only in multiprocess mode (``watch_pool``), and not registered: in one process the
# scrape-time collector reports the pool, and the two must not both appear.
_POOL_IN_USE_SHARED = Gauge(
    "credit_db_pool_in_use", POOL_IN_USE_HELP, registry=None, multiprocess_mode="livesum"
)
_POOL_OVERFLOW_SHARED = Gauge(
    "credit_db_pool_overflow", POOL_OVERFLOW_HELP, registry=None, multiprocess_mode="livesum"
)
_POOL_SIZE_SHARED = Gauge(
    "credit_db_pool_size", POOL_SIZE_HELP, registry=None, multiprocess_mode="livesum"
)


def multiprocess_dir() -> str | None:
    """The folder the workers share their samples through, or None (one process)."""
    return os.environ.get(MULTIPROC_ENV) or None


def prepare_for_workers(workers: int, data_dir: Path) -> None:
    """Before uvicorn starts ``workers`` processes: with more than one, a fresh shared folder.

    Makes ``data_dir/prometheus-multiproc`` empty (samples of an earlier run would otherwise
    be summed in) and exports it as ``PROMETHEUS_MULTIPROC_DIR`` for the workers to inherit.
    With one worker nothing changes: the process keeps its metrics in memory.
    """
    if workers <= 1:
        return
    folder = (data_dir / MULTIPROC_FOLDER).resolve()
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    os.environ[MULTIPROC_ENV] = str(folder)


def mark_worker_dead(pid: int) -> None:
    """Forget a dead worker's live gauges (its counters stay summed); no-op in one process."""
    folder = multiprocess_dir()
    if folder is not None:
        multiprocess.mark_process_dead(pid, folder)  # type: ignore[no-untyped-call]  # unannotated in prometheus_client


#: The key of the request's ``GraphQLObservation`` in the ASGI scope's ``state``.
GRAPHQL_OBSERVATION = "graphql_observation"


@dataclass(slots=True)
class GraphQLObservation:
    """What the GraphQL endpoint learnt about a request, for the middleware that counts it."""

    #: The bounded operation label (see ``api.observability.operations``).
    operation: str
    #: One of ``GRAPHQL_OUTCOMES``, or None when the endpoint did not run the operation.
    outcome: str | None = None


def graphql_outcome(codes: Iterable[object]) -> str:
    """The outcome of an executed operation from its errors' ``extensions.code`` values."""
    found = set(codes)
    if not found:
        return "ok"
    if "INTERNAL_SERVER_ERROR" in found:
        return "internal"
    if "SERVICE_UNAVAILABLE" in found:
        return "unavailable"
    if "UNAUTHENTICATED" in found:
        return "unauthenticated"
    if "FORBIDDEN" in found:
        return "forbidden"
    return "user_error"


def outcome_for_status(status: int) -> str:
    """The outcome of a request the endpoint did not run, from its HTTP status."""
    if status == 401:
        return "unauthenticated"
    if status == 403:
        return "forbidden"
    if status == 503:
        return "unavailable"
    if status >= 500:
        return "internal"
    if status >= 400:
        return "user_error"
    return "ok"


def observe_graphql(operation: str, partner_type: str, outcome: str, seconds: float) -> None:
    """Count one GraphQL request and its duration (all labels already bounded)."""
    GRAPHQL_REQUESTS.labels(operation, partner_type, outcome).inc()
    GRAPHQL_DURATION.labels(operation, partner_type, outcome).observe(seconds)


def count_token_grant(partner_type: str) -> None:
    """Count one access token issued."""
    TOKEN_GRANTS.labels(partner_type).inc()


def count_token_refusal(error: object) -> None:
    """Count one refused token request by its OAuth error code (``other`` when unknown)."""
    reason = error if isinstance(error, str) and error in OAUTH_ERRORS else "other"
    TOKEN_REFUSALS.labels(reason).inc()


def count_personal_read_refusal(reason: str, purpose: str, partner_type: str) -> None:
    """Count one refused personal read (values from the consent vocabulary's closed lists)."""
    PERSONAL_READ_REFUSALS.labels(reason, purpose, partner_type).inc()


def count_webhook_delivery(outcome: str) -> None:
    """Count one webhook delivery attempt; ``outcome`` is one of ``WEBHOOK_OUTCOMES``."""
    if outcome not in WEBHOOK_OUTCOMES:
        raise ValueError(f"unknown webhook outcome {outcome!r}")
    WEBHOOK_DELIVERIES.labels(outcome).inc()


def count_fast_path_failure(reason: str) -> None:
    """Count one request the lean executor could not serve (``reason``: a fixed word)."""
    GRAPHQL_FAST_PATH_FAILURES.labels(reason).inc()


def count_job_run(job: str, *, ok: bool) -> None:
    """Count one run of a scheduled job."""
    JOB_RUNS.labels(job, "ok" if ok else "failed").inc()


def count_limiter_fallback(limiter: str, outcome: str) -> None:
    """Count one decision a limiter took without its store (labels from closed lists)."""
    if limiter not in LIMITERS or outcome not in FALLBACK_OUTCOMES:
        raise ValueError(f"unknown limiter {limiter!r} or outcome {outcome!r}")
    LIMITER_FALLBACKS.labels(limiter, outcome).inc()


def set_limiter_store_up(limiter: str, *, up: bool) -> None:
    """Record whether a limiter's store answered."""
    if limiter not in LIMITERS:
        raise ValueError(f"unknown limiter {limiter!r}")
    LIMITER_STORE_UP.labels(limiter).set(1 if up else 0)


def show_limiter_policy(limiter: str, policy: dict[str, str]) -> None:
    """Publish a limiter's policy without its store: request kind -> what it gets."""
    for request, outcome in policy.items():
        LIMITER_POLICY.labels(limiter, request, outcome).set(1)


def _pool_numbers(pool: Pool) -> tuple[int, int, int] | None:
    """(in use, overflow, size) of a queue pool, or None for pools without those counts."""
    if not isinstance(pool, QueuePool):
        return None
    return pool.checkedout(), max(pool.overflow(), 0), pool.size()


def watch_pool(engine: AsyncEngine) -> None:
    """In multiprocess mode, keep this worker's pool gauges current on checkout and check-in."""
    if multiprocess_dir() is None:
        return
    pool = engine.sync_engine.pool

    def refresh(*_args: object) -> None:
        numbers = _pool_numbers(pool)
        if numbers is not None:
            _POOL_IN_USE_SHARED.set(numbers[0])
            _POOL_OVERFLOW_SHARED.set(numbers[1])
            _POOL_SIZE_SHARED.set(numbers[2])

    event.listen(pool, "checkout", refresh)
    event.listen(pool, "checkin", refresh)
    refresh()


class ScrapeTimeCollector(Collector):
    """Gauges read when a scrape asks: the pool (one process only) and the outbox depth."""

    def __init__(self, engine: AsyncEngine, outbox_depth: int | None) -> None:
        self._engine = engine
        self._outbox_depth = outbox_depth

    def collect(self) -> Iterable[Metric]:
        """The current values, as gauge families."""
        if multiprocess_dir() is None:
            numbers = _pool_numbers(self._engine.sync_engine.pool)
            if numbers is not None:
                in_use, overflow, size = numbers
                yield GaugeMetricFamily("credit_db_pool_in_use", POOL_IN_USE_HELP, in_use)
                yield GaugeMetricFamily("credit_db_pool_overflow", POOL_OVERFLOW_HELP, overflow)
                yield GaugeMetricFamily("credit_db_pool_size", POOL_SIZE_HELP, size)
        if self._outbox_depth is not None:
            yield GaugeMetricFamily(
                "credit_webhook_outbox_depth",
                "Webhook events not yet delivered (read from the database at scrape time).",
                self._outbox_depth,
            )


def render(extra: Collector) -> bytes:
    """The text exposition: every counter and histogram (summed over workers) and ``extra``."""
    folder = multiprocess_dir()
    if folder is None:
        shared = generate_latest(REGISTRY)
    else:
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry, path=folder)  # type: ignore[no-untyped-call]  # unannotated in prometheus_client
        shared = generate_latest(registry)
    now = CollectorRegistry()
    now.register(extra)
    return shared + generate_latest(now)


def serve_process_metrics(port: int) -> None:
    """A side process (the webhook worker) serves its own metrics on 127.0.0.1:``port``."""
    start_http_server(port, addr="127.0.0.1", registry=REGISTRY)
