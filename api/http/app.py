"""The Starlette application factory: the composition root of the HTTP side."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from api.auth.wiring import PartnerAccess
from api.db.engine import create_engine, read_only_engine, session_factory
from api.db.quota_overrides import QuotaOverrideCache
from api.db.tables import table_of
from api.db.tables.banking import WebhookDeliveryRow
from api.db.usage_recorder import UsageRecorder
from api.domain.banking.ports import HostResolver
from api.graphql.bulk.links import BulkLinks
from api.graphql.schema import build_schema
from api.http.admission import Admission
from api.http.bulk_download import bulk_download_routes
from api.http.cors import cors_middleware
from api.http.graphql_endpoint import GRAPHIQL_DIR, GraphQLEndpoint
from api.http.health import Readiness, healthz
from api.http.merchant_scan import MerchantScanPage
from api.http.middleware import (
    BodySizeLimitMiddleware,
    GraphQLMetricsMiddleware,
    RequestContextMiddleware,
)
from api.observability.endpoint import MetricsEndpoint
from api.observability.metrics import watch_pool
from api.observability.tracing import Tracing, otlp_tracing
from api.settings import Settings
from api.webhooks.resolve import resolve_host as resolve_with_dns


def create_app(
    settings: Settings,
    *,
    engine: AsyncEngine | None = None,
    sessions: async_sessionmaker[AsyncSession] | None = None,
    resolve_host: HostResolver = resolve_with_dns,
    tracing: Tracing | None = None,
) -> Starlette:
    """Build the app; tests pass their engine, sessions (rolled back) and webhook-host resolver.

    Tracing is ``tracing`` when given, else OTLP when ``OTEL_EXPORTER_OTLP_ENDPOINT`` is set,
    else off (nothing installed). With tracing on, OpenTelemetry's ASGI middleware is the
    outermost of the app's own.
    """
    owns_engine = engine is None
    engine = engine or create_engine(
        settings.resolved_database_url,
        pool_size=settings.pool_size,
        max_overflow=settings.pool_max_overflow,
    )
    if tracing is None and settings.otel_exporter_otlp_endpoint:
        tracing = otlp_tracing(settings.otel_exporter_otlp_endpoint)
    if tracing is not None:
        tracing.instrument_engine(engine)
    if owns_engine:
        watch_pool(engine)
    # Queries run without BEGIN/COMMIT on PostgreSQL: under READ COMMITTED every statement
    # already reads its own snapshot, and an audit row is then durable as soon as it is
    # written (before any data is served). Mutations keep a transaction of their own.
    read_sessions = None if sessions else session_factory(read_only_engine(engine))
    sessions = sessions or session_factory(engine)
    keys = settings.keys()
    schema = build_schema(
        max_depth=settings.max_query_depth,
        max_tokens=settings.max_query_tokens,
        public_introspection=settings.public_introspection,
    )
    usage = UsageRecorder(sessions)
    overrides = QuotaOverrideCache(
        read_sessions or sessions, settings.quota_override_refresh_seconds
    )
    graphql = GraphQLEndpoint(
        schema,
        sessions,
        keys,
        read_sessions=read_sessions,
        graphiql=settings.graphiql,
        admission=Admission.from_settings(
            settings, schema.as_str(), overrides=overrides, usage=usage
        ),
        resolve=resolve_host,
        tracing=tracing,
        bulk_links=BulkLinks(
            keys.bulk_link, settings.resolved_oauth_issuer, settings.bulk_link_seconds
        ),
    )
    partner_access = PartnerAccess(settings, sessions, keys)
    metrics = MetricsEndpoint(
        engine,
        token=settings.metrics_token.get_secret_value() if settings.metrics_token else None,
        outbox_depth=_outbox_depth(read_sessions or sessions),
    )

    @asynccontextmanager
    async def lifespan(_app: Starlette) -> AsyncIterator[None]:
        await partner_access.start()
        await overrides.refresh()  # the first requests find the overrides already read
        flusher = asyncio.create_task(usage.run(settings.usage_flush_seconds))
        yield
        flusher.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await flusher
        await usage.flush()  # what this worker counted since the last flush
        if owns_engine:
            await engine.dispose()

    app = Starlette(
        routes=[
            Route(
                "/graphql",
                graphql.handle,
                methods=["GET", "POST"],
                middleware=[
                    Middleware(GraphQLMetricsMiddleware),
                    partner_access.bearer_middleware(),
                ],
            ),
            *partner_access.routes(),
            Mount("/graphiql/static", StaticFiles(directory=GRAPHIQL_DIR), name="graphiql"),
            Route("/healthz", healthz, methods=["GET"]),
            Route("/readyz", Readiness(engine).handle, methods=["GET"]),
            Route("/metrics", metrics.handle, methods=["GET"]),
            *bulk_download_routes(settings, sessions, keys),
            *MerchantScanPage(read_sessions or sessions, keys).routes(),
        ],
        middleware=[
            *([tracing.middleware()] if tracing is not None else []),
            Middleware(RequestContextMiddleware),
            *cors_middleware(settings.cors_origins),
            Middleware(BodySizeLimitMiddleware, max_bytes=settings.max_request_bytes),
        ],
        lifespan=lifespan,
    )
    # For tests and operators: the worker's usage tally (``flush``) and the overrides' copy.
    app.state.usage_recorder = usage
    app.state.quota_overrides = overrides
    return app


def _outbox_depth(sessions: async_sessionmaker[AsyncSession]) -> Callable[[], Awaitable[int]]:
    """Counts the undelivered webhook events (one statement on the outbox's partial index)."""
    deliveries = table_of(WebhookDeliveryRow)

    async def count() -> int:
        async with sessions() as session:
            found = await session.execute(
                select(func.count())
                .select_from(deliveries)
                .where(deliveries.c.delivered_at.is_(None))
            )
            return int(found.scalar_one())

    return count


def create_app_from_env() -> Starlette:
    """The app as ``credit-platform serve`` runs it (uvicorn factory), settings from the env."""
    from api.http.logging import configure_logging
    from api.settings import get_settings

    settings = get_settings()
    configure_logging(settings.log_level, json_lines=settings.log_json)
    return create_app(settings)
