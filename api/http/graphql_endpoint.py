"""POST /graphql: JSON in, JSON out, one session per request; GET shows GraphiQL."""

from __future__ import annotations

import gc
import logging
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

import orjson
import strawberry
from graphql import GraphQLError, OperationDefinitionNode, OperationType, parse
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from api.auth.principal import Principal
from api.crypto import KeyedAccessCrypto, Keys
from api.db.repositories import Repositories
from api.domain.banking.ports import HostResolver
from api.domain.clock import city_today
from api.graphql.context import Context
from api.graphql.ids import Cursors, GlobalIds
from api.graphql.loaders import Loaders
from api.observability.metrics import GRAPHQL_OBSERVATION, GraphQLObservation, graphql_outcome
from api.observability.operations import operation_label
from api.observability.tracing import Tracing
from api.webhooks.resolve import resolve_host

logger = logging.getLogger("api.graphql")

#: GraphiQL, served with its vendored assets from ``api/http/static/graphiql`` (no CDN).
GRAPHIQL_DIR = Path(__file__).parent / "static" / "graphiql"
GRAPHIQL_PAGE = (GRAPHIQL_DIR / "index.html").read_text(encoding="utf-8")


@lru_cache(maxsize=1024)
def operation_of(query: str, operation_name: str | None) -> tuple[str | None, str]:
    """The name and type (``query``, ``mutation``...) of the operation to run, or
    ``(None, "unknown")`` when there is none (parsed once per document and name)."""
    try:
        document = parse(query)
    except GraphQLError:
        return None, "unknown"
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    for operation in operations:
        if operation_name is None or (operation.name and operation.name.value == operation_name):
            return (operation.name.value if operation.name else None), operation.operation.value
    return None, "unknown"


def _json(payload: dict[str, Any], status: int = 200) -> Response:
    return Response(orjson.dumps(payload), status_code=status, media_type="application/json")


def _bad_request(message: str) -> Response:
    return _json({"errors": [{"message": message, "extensions": {"code": "BAD_REQUEST"}}]}, 400)


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
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        resolve: HostResolver = resolve_host,
        tracing: Tracing | None = None,
    ) -> None:
        self._schema = schema
        self._sessions = sessions
        self._read_sessions = read_sessions or sessions
        self._keys = keys
        self._crypto = KeyedAccessCrypto(keys)
        self._ids = GlobalIds(keys.global_id)
        self._cursors = Cursors(keys.cursor)
        self._graphiql = graphiql
        self._clock = clock
        self._resolve = resolve
        self._tracing = tracing
        freeze_startup_heap()

    async def handle(self, request: Request) -> Response:
        if request.method == "GET":
            if self._graphiql and "text/html" in request.headers.get("accept", ""):
                return HTMLResponse(GRAPHIQL_PAGE)
            return _bad_request("send GraphQL operations with POST and a JSON body")
        if not request.headers.get("content-type", "").startswith("application/json"):
            return _bad_request("the body must be JSON (Content-Type: application/json)")
        try:
            body = orjson.loads(await request.body())
        except orjson.JSONDecodeError:
            return _bad_request("the body is not valid JSON")
        if not isinstance(body, dict) or not isinstance(body.get("query"), str):
            return _bad_request('the body must be an object with a "query" string')
        variables = body.get("variables")
        operation_name = body.get("operationName")
        if variables is not None and not isinstance(variables, dict):
            return _bad_request('"variables" must be an object')
        if operation_name is not None and not isinstance(operation_name, str):
            return _bad_request('"operationName" must be a string')
        return await self._execute(request, body["query"], variables, operation_name)

    async def _execute(
        self,
        request: Request,
        query: str,
        variables: dict[str, Any] | None,
        operation_name: str | None,
    ) -> Response:
        state = request.scope.get("state", {})
        principal: Principal | None = state.get("principal")
        name, kind = operation_of(query, operation_name)
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
                request, principal, query, variables, operation_name, kind, observation
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
    ) -> Response:
        sessions = self._sessions if kind == OperationType.MUTATION.value else self._read_sessions
        async with sessions() as session:
            repos = Repositories(session)
            now = self._clock()
            today = city_today(now)
            context = Context(
                repos=repos,
                loaders=Loaders(repos, today),
                ids=self._ids,
                cursors=self._cursors,
                today=today,
                request_id=request.scope.get("state", {}).get("request_id", "-"),
                principal=principal,
                keys=self._keys,
                crypto=self._crypto,
                now=now,
                resolve_host=self._resolve,
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
            failure = await self._finish(session, context)
        if observation is not None:
            observation.outcome = (
                "internal"
                if failure is not None
                else graphql_outcome((e.extensions or {}).get("code") for e in result.errors or ())
            )
        if failure is not None:
            return _json({"data": None, "errors": [failure]})
        payload: dict[str, Any] = {"data": result.data}
        if result.errors:
            payload["errors"] = [error.formatted for error in result.errors]
            if principal is None and any(
                (error.extensions or {}).get("code") == "UNAUTHENTICATED" for error in result.errors
            ):
                response = _json(payload, 401)
                response.headers["WWW-Authenticate"] = 'Bearer realm="credit-platform"'
                return response
        return _json(payload)

    @staticmethod
    async def _finish(session: AsyncSession, context: Context) -> dict[str, Any] | None:
        """Commit what the request wrote (audit rows above all); an error if it cannot.

        Data is served only once its audit rows are durable: when an access could not be
        audited, or the commit fails, the request answers with no data at all.
        """
        if context.audit_failed:
            await session.rollback()
            return _internal(context.request_id, "the access could not be audited")
        if _autocommitted(session):
            return None
        try:
            await session.commit()
        except Exception:
            logger.exception("commit at the end of a GraphQL request failed")
            await session.rollback()
            return _internal(context.request_id, "the request could not be completed")
        return None


def _autocommitted(session: AsyncSession) -> bool:
    """Whether everything the session did is already committed (a query's autocommit session).

    In autocommit every statement is committed as it runs, and the repositories write with
    Core statements, never through the ORM's flush: with no object pending, ``commit()`` would
    send nothing and only walk SQLAlchemy's transaction layers.
    """
    if session.new or session.dirty or session.deleted:
        return False
    bind = session.bind
    if not isinstance(bind, AsyncEngine):
        return False
    return bool(bind.get_execution_options().get("isolation_level") == "AUTOCOMMIT")


def _internal(request_id: str, message: str) -> dict[str, Any]:
    return {
        "message": f"{message}; nothing was served. Quote the request id when you report it.",
        "extensions": {"code": "INTERNAL_SERVER_ERROR", "requestId": request_id},
    }
