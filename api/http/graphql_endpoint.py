"""/graphql: GraphQL over HTTP (POST, and GET for queries), one session per request.

Browsers that ask for HTML get GraphiQL when it is on. The protocol's rules (parameters,
media types, statuses) are in ``api.http.graphql_over_http``.
"""

from __future__ import annotations

import gc
import logging
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import strawberry
from graphql import OperationType
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from api.auth.principal import Principal
from api.crypto import KeyedAccessCrypto, Keys
from api.db.faults import RETRY_AFTER_SECONDS, is_retryable
from api.db.uow import UnitOfWork
from api.domain.banking.ports import HostResolver
from api.domain.clock import city_today
from api.graphql.bulk.links import BulkLinks
from api.graphql.context import Context
from api.graphql.errors import SERVICE_UNAVAILABLE, UNAVAILABLE_MESSAGE, unavailable_extensions
from api.graphql.ids import Cursors, GlobalIds
from api.graphql.loaders import Loaders
from api.http.admission import Admission, Refusal
from api.http.graphql_over_http import (
    GRAPHQL_RESPONSE,
    JSON,
    RequestRefusedError,
    json_response,
    operation_of,
    params_from_json,
    params_from_query_string,
    prefers_html,
    request_error_response,
    response_media_type,
    result_response,
)
from api.observability.metrics import GRAPHQL_OBSERVATION, GraphQLObservation, graphql_outcome
from api.observability.operations import operation_label
from api.observability.tracing import Tracing
from api.webhooks.resolve import resolve_host

logger = logging.getLogger("api.graphql")

#: GraphiQL, served with its vendored assets from ``api/http/static/graphiql`` (no CDN).
GRAPHIQL_DIR = Path(__file__).parent / "static" / "graphiql"
GRAPHIQL_PAGE = (GRAPHIQL_DIR / "index.html").read_text(encoding="utf-8")


#: The code of a request error where the operation to run cannot be determined.
_UNDETERMINED = "GRAPHQL_VALIDATION_FAILED"


def _observe_refusal(request: Request) -> None:
    """Count a request refused before execution as a user error, whatever its status."""
    observation = request.scope.get("state", {}).get(GRAPHQL_OBSERVATION)
    if observation is not None:
        observation.outcome = "user_error"


_heap_frozen = False


def freeze_startup_heap() -> None:
    """Move what start-up built (modules, the schema, the engine) out of the cyclic GC's way.

    A request allocates thousands of objects, and with 32 requests in flight some survive
    long enough to be promoted, so full collections ran every few dozen requests and each
    one walked the whole heap: the schema, SQLAlchemy's metadata, every imported module. That
    was 35% of a lookup's CPU and 40% of a page's. ``gc.freeze`` (once per process, after a
    collection) moves the objects alive now to a generation the collector never scans; they
    are freed as usual when their reference count drops, only cycles among them stay. A
    larger first threshold (5,000 allocations instead of 700) lets a request's short-lived
    objects die by reference count before a collection promotes them: full collections
    went from one per 300 lookups to almost none.
    """
    global _heap_frozen
    if not _heap_frozen:
        _heap_frozen = True
        gc.collect()
        gc.freeze()
        gc.set_threshold(5000, 10, 10)


class GraphQLEndpoint:
    """Executes GraphQL operations against the schema with a fresh context per request."""

    def __init__(
        self,
        schema: strawberry.Schema,
        sessions: async_sessionmaker[AsyncSession],
        keys: Keys,
        *,
        read_sessions: async_sessionmaker[AsyncSession] | None = None,
        graphiql: bool,
        admission: Admission,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        resolve: HostResolver = resolve_host,
        tracing: Tracing | None = None,
        bulk_links: BulkLinks | None = None,
    ) -> None:
        self._schema = schema
        self._sessions = sessions
        self._read_sessions = read_sessions or sessions
        self._keys = keys
        self._crypto = KeyedAccessCrypto(keys)
        self._ids = GlobalIds(keys.global_id)
        self._cursors = Cursors(keys.cursor)
        self._graphiql = graphiql
        self._admission = admission
        self._clock = clock
        self._resolve = resolve
        self._tracing = tracing
        self._bulk_links = bulk_links
        freeze_startup_heap()

    async def handle(self, request: Request) -> Response:
        """One GraphQL-over-HTTP request: its parameters read, its operation checked, then run."""
        accept = request.headers.get("accept")
        safe = request.method in ("GET", "HEAD")
        if safe and self._graphiql and prefers_html(accept):
            return HTMLResponse(GRAPHIQL_PAGE)
        media_type = response_media_type(accept)
        try:
            if media_type is None:
                raise RequestRefusedError(
                    406, f"accept {GRAPHQL_RESPONSE} or {JSON}", "NOT_ACCEPTABLE"
                )
            if safe:
                params = params_from_query_string(request.scope.get("query_string", b""))
            else:
                content_type = request.headers.get("content-type")
                params = params_from_json(content_type, await request.body())
        except RequestRefusedError as refused:
            return refused.response()
        query = params.query
        if params.document_id is not None:
            found = self._admission.document(params.document_id)
            if isinstance(found, Refusal):
                return self._refuse(request, found, media_type)
            query = found
        operation = operation_of(query, params.operation_name)
        if operation.problem is not None:
            _observe_refusal(request)
            error = {"message": operation.problem, "extensions": {"code": _UNDETERMINED}}
            return request_error_response([error], media_type)
        if safe and operation.kind not in (OperationType.QUERY.value, "unknown"):
            _observe_refusal(request)
            message = f"a {operation.kind} must be sent with POST: GET runs queries only"
            error = {"message": message, "extensions": {"code": "METHOD_NOT_ALLOWED"}}
            return json_response({"errors": [error]}, media_type, 405, {"Allow": "POST"})
        state = request.scope.get("state", {})
        address = request.client.host if request.client else None
        admitted = await self._admission.admit(
            state.get("principal"), address, query, params.operation_name, params.variables
        )
        if isinstance(admitted, Refusal):
            return self._refuse(request, admitted, media_type)
        return await self._execute(
            request, query, params.variables, params.operation_name, admitted
        )

    @staticmethod
    def _refuse(request: Request, refusal: Refusal, media_type: str) -> Response:
        """A request refused before execution: a request error, or 429 with ``Retry-After``."""
        _observe_refusal(request)
        if refusal.request_error:
            return request_error_response([refusal.error], media_type)
        body: dict[str, Any] = {"errors": [refusal.error]}
        if refusal.cost is not None:
            body["extensions"] = {"cost": refusal.cost}
        return json_response(body, media_type, refusal.status, refusal.headers)

    async def _execute(
        self,
        request: Request,
        query: str,
        variables: dict[str, Any] | None,
        operation_name: str | None,
        cost: dict[str, Any],
    ) -> Response:
        state = request.scope.get("state", {})
        principal: Principal | None = state.get("principal")
        operation = operation_of(query, operation_name)
        name, kind = operation.name, operation.kind
        label = operation_label(operation_name or name)
        observation: GraphQLObservation | None = state.get(GRAPHQL_OBSERVATION)
        if observation is not None:
            observation.operation = label
        span: AbstractContextManager[None] = (
            nullcontext()
            if self._tracing is None
            else self._tracing.graphql_span(
                label,
                kind,
                principal.partner_type.value if principal else "anonymous",
                principal.partner_id if principal else None,
            )
        )
        with span:
            return await self._run(
                request, principal, query, variables, operation_name, kind, observation, cost
            )

    async def _run(
        self,
        request: Request,
        principal: Principal | None,
        query: str,
        variables: dict[str, Any] | None,
        operation_name: str | None,
        kind: str,
        observation: GraphQLObservation | None,
        cost: dict[str, Any],
    ) -> Response:
        sessions = self._sessions if kind == OperationType.MUTATION.value else self._read_sessions
        request_id = request.scope.get("state", {}).get("request_id", "-")
        media_type = response_media_type(request.headers.get("accept")) or JSON
        failure: dict[str, Any] | None = None
        try:
            async with UnitOfWork(sessions) as uow:
                repos = uow.repos
                now = self._clock()
                today = city_today(now)
                context = Context(
                    uow=uow,
                    repos=repos,
                    loaders=Loaders(repos, today),
                    ids=self._ids,
                    cursors=self._cursors,
                    today=today,
                    request_id=request_id,
                    principal=principal,
                    keys=self._keys,
                    crypto=self._crypto,
                    now=now,
                    resolve_host=self._resolve,
                    bulk_links=self._bulk_links,
                    trusted_only=principal is not None
                    and principal.partner_type.value in self._admission.policy.trusted_only,
                    public_url=str(request.base_url).rstrip("/"),
                )
                try:
                    result = await self._schema.execute(
                        query,
                        variable_values=variables,
                        context_value=context,
                        operation_name=operation_name,
                    )
                finally:
                    await repos.close()
                if any(
                    (e.extensions or {}).get("code") == SERVICE_UNAVAILABLE
                    for e in result.errors or ()
                ):
                    failure = unavailable_error(request_id)
                else:
                    failure = await self._finish(uow, context)
        except Exception as error:
            # Opening, rolling back or closing the session met the fault: answered (and
            # logged) here once, whatever the request had found before.
            if not is_retryable(error):
                raise
            return unavailable_response(request_id, media_type, observation, "session", error)
        if observation is not None:
            observation.outcome = (
                "internal"
                if failure is not None
                else graphql_outcome((e.extensions or {}).get("code") for e in result.errors or ())
            )
        if failure is not None:
            if failure["extensions"]["code"] == SERVICE_UNAVAILABLE:
                return unavailable_response(request_id, media_type, observation, "request")
            return json_response({"data": None, "errors": [failure]}, media_type)
        extensions = {**(result.extensions or {}), **({"cost": cost} if cost else {})}
        return result_response(
            media_type, principal is None, result.data, result.errors, extensions
        )

    @staticmethod
    async def _finish(uow: UnitOfWork, context: Context) -> dict[str, Any] | None:
        """Commit what the request wrote (audit rows above all); an error if it cannot.

        Data is served only once its audit rows are durable: when an access could not be
        audited, or the commit fails, the request answers with no data at all. A mutation's
        own writes were committed by its ``BaseMutation`` already; the unit of work commits
        what is left (a query's audit rows), and sends nothing on an autocommit session.
        """
        if context.audit_failed:
            await uow.rollback()
            return _internal(context.request_id, "the access could not be audited")
        try:
            await uow.commit()
        except Exception as error:
            if is_retryable(error):
                # The connection went during the commit: whether it landed is unknown here;
                # the partner's retry with the same idempotency key finds out.
                return unavailable_error(context.request_id)
            logger.exception("commit at the end of a GraphQL request failed")
            await uow.rollback()
            return _internal(context.request_id, "the request could not be completed")
        return None


def unavailable_error(request_id: str) -> dict[str, Any]:
    """The one error of a ``SERVICE_UNAVAILABLE`` answer."""
    return {"message": UNAVAILABLE_MESSAGE, "extensions": unavailable_extensions(request_id)}


def unavailable_response(
    request_id: str,
    media_type: str,
    observation: GraphQLObservation | None,
    stage: str,
    error: BaseException | None = None,
) -> Response:
    """503 ``SERVICE_UNAVAILABLE`` with ``Retry-After`` and no data: a passing database fault.

    Logged once (without a stack: the fault is the database's, not the code's; the log line
    carries the request id), and counted as the outcome ``unavailable``.
    """
    logger.warning(
        "database unavailable during a GraphQL request (%s): answered 503, retry advised%s",
        stage,
        f": {type(error).__name__}" if error is not None else "",
    )
    if observation is not None:
        observation.outcome = "unavailable"
    body = {"data": None, "errors": [unavailable_error(request_id)]}
    headers = {"Retry-After": str(RETRY_AFTER_SECONDS)}
    return json_response(body, media_type, 503, headers)


def _internal(request_id: str, message: str) -> dict[str, Any]:
    return {
        "message": f"{message}; nothing was served. Quote the request id when you report it.",
        "extensions": {"code": "INTERNAL_SERVER_ERROR", "requestId": request_id},
    }
