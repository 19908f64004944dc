"""OpenTelemetry traces: on only when an OTLP endpoint is configured, else nothing at all.

With ``OTEL_EXPORTER_OTLP_ENDPOINT`` set (``Settings.otel_exporter_otlp_endpoint``),
``otlp_tracing`` builds an SDK ``TracerProvider`` exporting over OTLP/HTTP through a
``BatchSpanProcessor`` (``OTEL_SERVICE_NAME`` names the service). The app then gets ASGI
middleware (a server span per request), SQLAlchemy instrumentation on its engine (a client
span per statement: the SQL text with its placeholders, never the parameters) and a span per
GraphQL operation.

Without it there is no ``Tracing``: the app installs no middleware, no engine listeners, and
opens no span (not even the API's no-op ones), so tracing costs nothing.

Span attributes are bounded like metric labels: the operation's persisted name (or
``other``/``anonymous``), its type, the partner's type and numeric id. Never a resident ID,
a token, variables or the query text.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from typing import Any

from opentelemetry import trace
from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
from opentelemetry.instrumentation.asgi import OpenTelemetryMiddleware
from opentelemetry.sdk.resources import SERVICE_NAME, Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor, SpanExporter
from opentelemetry.trace import Span, Status, StatusCode
from sqlalchemy import event
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine
from starlette.middleware import Middleware

TRACES_ENDPOINT_ENV = "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"
DEFAULT_SERVICE_NAME = "credit-platform-api"
#: Paths that get no server span (probes and scrapes would drown the traces).
EXCLUDED_URLS = "/healthz,/readyz,/metrics"
INSTRUMENTATION_NAME = "api.observability"


class Tracing:
    """Tracing switched on: the SDK provider, and what the app wires with it."""

    def __init__(self, provider: TracerProvider) -> None:
        self.provider = provider
        self.tracer = provider.get_tracer(INSTRUMENTATION_NAME)

    def middleware(self) -> Middleware:
        """OpenTelemetry's ASGI middleware (a server span per request), for Starlette's list."""
        return Middleware(
            OpenTelemetryMiddleware,
            excluded_urls=EXCLUDED_URLS,
            tracer_provider=self.provider,
            # The per-message "http receive"/"http send" spans say nothing an operator needs.
            exclude_spans=["receive", "send"],
        )

    def instrument_engine(self, engine: AsyncEngine) -> None:
        """A client span per SQL statement on ``engine`` (listeners on it alone, no patching)."""
        SqlSpans(self.tracer, engine.sync_engine.dialect.name).listen(engine)

    @contextmanager
    def graphql_span(
        self,
        operation: str,
        operation_type: str,
        partner_type: str,
        partner_id: int | None,
    ) -> Iterator[None]:
        """A span around one GraphQL operation, named by its (bounded) operation name."""
        attributes: dict[str, str | int] = {
            "graphql.operation.name": operation,
            "graphql.operation.type": operation_type,
            "partner.type": partner_type,
        }
        if partner_id is not None:
            attributes["partner.id"] = partner_id
        with self.tracer.start_as_current_span(
            operation, kind=trace.SpanKind.INTERNAL, attributes=attributes
        ):
            yield

    def shutdown(self) -> None:
        """Export what is buffered and stop the processor."""
        self.provider.shutdown()


#: Where a connection keeps the spans of its statements in flight (``Connection.info``).
SPANS_KEY = "credit_otel_spans"


class SqlSpans:
    """A client span per SQL statement, from the engine's cursor events.

    The span carries the database system and the statement's SQL text, which holds
    placeholders only: the parameters are never read. The span waits in the connection's
    ``info`` (a connection runs one statement at a time), not in the execution context:
    the repositories' hot path (``api.db.repositories.gate``) fires the same events with no
    context, as SQLAlchemy may, which OpenTelemetry's ``EngineTracer`` does not survive.
    """

    def __init__(self, tracer: trace.Tracer, system: str) -> None:
        self._tracer = tracer
        self._system = system

    def listen(self, engine: AsyncEngine) -> None:
        """Register on ``engine``'s cursor events."""
        target = engine.sync_engine
        event.listen(target, "before_cursor_execute", self._before)
        event.listen(target, "after_cursor_execute", self._after)
        event.listen(target, "handle_error", self._failed)

    def _before(self, conn: Connection, _cursor: Any, statement: str, *_rest: Any) -> None:
        words = statement.split(None, 1)
        span = self._tracer.start_span(
            words[0].upper() if words else self._system,
            kind=trace.SpanKind.CLIENT,
            attributes={"db.system": self._system, "db.statement": statement},
        )
        conn.info.setdefault(SPANS_KEY, []).append(span)

    @staticmethod
    def _after(conn: Connection, *_rest: Any) -> None:
        spans: list[Span] = conn.info.get(SPANS_KEY) or []
        if spans:
            spans.pop().end()

    @staticmethod
    def _failed(context: Any) -> None:
        conn: Connection | None = getattr(context, "connection", None)
        if conn is None:
            return
        spans: list[Span] = conn.info.get(SPANS_KEY) or []
        if spans:
            span = spans.pop()
            error = getattr(context, "original_exception", None)
            span.set_status(Status(StatusCode.ERROR, type(error).__name__))
            span.end()


def install_tracing(exporter: SpanExporter, *, service_name: str | None = None) -> Tracing:
    """An SDK provider sending spans to ``exporter`` through a ``BatchSpanProcessor``.

    The provider is not made the global one (tests and benchmarks make several): the app
    uses the one it is given. ``otlp_tracing`` sets it globally for the server.
    """
    name = service_name or os.environ.get("OTEL_SERVICE_NAME") or DEFAULT_SERVICE_NAME
    provider = TracerProvider(resource=Resource.create({SERVICE_NAME: name}))
    provider.add_span_processor(BatchSpanProcessor(exporter))
    return Tracing(provider)


@lru_cache(maxsize=1)
def otlp_tracing(endpoint: str) -> Tracing:
    """The process's tracing, exporting over OTLP/HTTP to ``endpoint`` (its ``/v1/traces``).

    Made once per process (each uvicorn worker makes its own) and set as the global provider.
    ``OTEL_EXPORTER_OTLP_TRACES_ENDPOINT``, when set, is the full URL instead (as the SDK
    reads it); headers and timeouts come from the usual ``OTEL_EXPORTER_OTLP_*`` variables.
    """
    url = os.environ.get(TRACES_ENDPOINT_ENV) or f"{endpoint.rstrip('/')}/v1/traces"
    tracing = install_tracing(OTLPSpanExporter(endpoint=url))
    trace.set_tracer_provider(tracing.provider)
    return tracing
