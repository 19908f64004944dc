"""The ceiling: the benchmark's two operations on bare Starlette + asyncpg, with the app's own SQL.

One asyncpg pool, no GraphQL, no ORM, no middleware. It answers the same request bodies the
GraphQL endpoint gets (the runner's ``Lookup`` and ``Page`` operations, with the same
variables) and returns the same JSON shape, encoded with orjson like the app does.

The SQL is not written here: at start-up each statement is built by the project's own
repository code (``EnterpriseRepository.by_uscc`` and ``page_statement``,
``CreditRecordRepository.publishable_pages``, which joins the departments) run against a
capturing gate with sentinel arguments, then compiled with SQLAlchemy's asyncpg dialect (``$n``
parameters, expanded IN lists), exactly as SQLAlchemy sends it. Per request only the argument
list is filled in, so both targets send PostgreSQL the very same statement texts.

Differences from the app, on purpose (they are the app's own costs): IDs and cursors are plain
base64, not sealed. (The app's queries also run without a transaction on PostgreSQL.)

Run it like the app: ``BENCH_DATABASE_URL=postgresql://... uvicorn --factory
bench.bare:create_app_from_env``.
"""

from __future__ import annotations

import base64
import os
import struct
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

import asyncpg
import orjson
from sqlalchemy.dialects.postgresql import asyncpg as sa_asyncpg
from sqlalchemy.sql import ClauseElement
from sqlalchemy.sql.compiler import SQLCompiler
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from api.db.repositories.records import CreditRecordRepository
from api.db.repositories.subjects import EnterpriseRepository
from api.domain.clock import city_today
from api.domain.paging import PageRequest
from api.domain.records.model import RecordCategory, Severity
from api.domain.subjects.model import District, GreenActivityClass, SizeClass, TaxGrade
from api.domain.subjects.queries import EnterpriseFilter, EnterpriseOrder

#: The operations the runner sends (bench/run_core.py); the bare endpoint knows only these.
LOOKUP_QUERY = (
    "query Lookup($u: UnifiedSocialCreditCode!) { enterprise(uscc: $u) { id uscc name "
    "industryCode district sizeClass creditRecords(first: 3) { nodes { category severity "
    "occurredAt summary department { name } } } } }"
)
PAGE_QUERY = (
    "query Page($f: EnterpriseFilter) { enterprises(first: 50, filter: $f) { edges { cursor "
    "node { id uscc name industryCode district sizeClass registeredOn registeredCapital "
    "taxGrade greenClass creditRecords(first: 3) { nodes { category severity occurredAt "
    "summary department { name } } } } } pageInfo { hasNextPage endCursor } } }"
)
PAGE_FIRST = 50
RECORDS_FIRST = 3

# GraphQL enums serialise as member names; the database holds member values.
_DISTRICT = {m.value: m.name for m in District}
_SIZE = {m.value: m.name for m in SizeClass}
_TAX = {m.value: m.name for m in TaxGrade}
_GREEN = {m.value: m.name for m in GreenActivityClass}
_CATEGORY = {m.value: m.name for m in RecordCategory}
_SEVERITY = {m.value: m.name for m in Severity}

_DIALECT = sa_asyncpg.dialect()  # type: ignore[no-untyped-call]  # unannotated in SQLAlchemy
_ID = struct.Struct(">BQ")
_USCC_SENTINEL = "~bench-uscc-slot~"
_TODAY_SENTINEL = date(1111, 11, 11)


# --------------------------------------------------------------------------------------------
# SQL: captured from the project's repositories, compiled once per shape
# --------------------------------------------------------------------------------------------


class _Captured(list[Any]):
    """An empty result that answers the calls repositories make on one."""

    def first(self) -> None:
        return None

    def scalars(self) -> _Captured:
        return self


class _CapturingGate:
    """Stands in for ``SessionGate``: records statements (and their parameters) unexecuted."""

    def __init__(self) -> None:
        self.statements: list[tuple[ClauseElement, dict[str, Any] | None]] = []

    def __getattr__(self, _name: str) -> Callable[..., Any]:
        async def run(statement: Any, *args: Any, **kwargs: Any) -> _Captured:
            params = args[0] if args else kwargs.get("params")
            # Hot statements (api/db/hot.py) carry the SQLAlchemy statement they compile.
            statement = getattr(statement, "statement", statement)
            self.statements.append((statement, params if isinstance(params, dict) else None))
            return _Captured()

        return run


@dataclass(frozen=True, slots=True)
class SqlTemplate:
    """One statement text and its positional arguments, with the slots filled per request."""

    sql: str
    args: tuple[Any, ...]
    id_slots: tuple[int, ...] = ()
    uscc_slot: int | None = None
    today_slot: int | None = None

    def bind(
        self,
        *,
        ids: Sequence[int] = (),
        uscc: str | None = None,
        today: date | None = None,
    ) -> list[Any]:
        args = list(self.args)
        for slot, value in zip(self.id_slots, ids, strict=True):
            args[slot] = value
        if self.uscc_slot is not None:
            args[self.uscc_slot] = uscc
        if self.today_slot is not None:
            args[self.today_slot] = today
        return args


def _compile(
    statement: ClauseElement,
    params: dict[str, Any] | None = None,
    id_sentinels: Sequence[int] = (),
) -> SqlTemplate:
    """The text and arguments SQLAlchemy's asyncpg dialect sends for ``statement``.

    ``construct_expanded_state`` is what SQLAlchemy itself does at execution: IN lists expanded
    into one ``$n`` per value, then each value through its type's bind processor.
    """
    compiled = statement.compile(dialect=_DIALECT)
    assert isinstance(compiled, SQLCompiler)
    state = compiled.construct_expanded_state(params or None)
    processors = state.processors
    args = []
    for name in state.positiontup or ():
        value = state.parameters[name]
        processor = processors.get(name)
        args.append(processor(value) if processor is not None and value is not None else value)
    sentinels = set(id_sentinels)
    id_slots = tuple(
        i
        for i, v in enumerate(args)
        if isinstance(v, int) and not isinstance(v, bool) and v in sentinels
    )
    if len(id_slots) != len(sentinels):
        raise RuntimeError(f"expected {len(sentinels)} id parameters in {state.statement!r}")
    uscc = [i for i, v in enumerate(args) if v == _USCC_SENTINEL]
    today = [i for i, v in enumerate(args) if v == _TODAY_SENTINEL]
    return SqlTemplate(
        sql=state.statement,
        args=tuple(args),
        id_slots=id_slots,
        uscc_slot=uscc[0] if uscc else None,
        today_slot=today[0] if today else None,
    )


async def _capture(
    call: Callable[[_CapturingGate], Any],
) -> tuple[ClauseElement, dict[str, Any] | None]:
    gate = _CapturingGate()
    await call(gate)
    if len(gate.statements) != 1:
        raise RuntimeError(f"expected one statement, captured {len(gate.statements)}")
    return gate.statements[0]


def _sentinel_ids(count: int) -> list[int]:
    return [-(i + 1) for i in range(count)]


class Statements:
    """The SQL of the benchmark's operations, compiled from the repositories and cached."""

    def __init__(self) -> None:
        self._lookup: SqlTemplate | None = None
        self._records: dict[int, SqlTemplate] = {}
        self._pages: dict[Any, SqlTemplate] = {}

    async def prepare(self) -> None:
        """Compile the fixed shapes up front (the app's compiled cache is warm too)."""
        await self.lookup_sql()
        for count in (1, PAGE_FIRST):
            await self.records_sql(count)

    async def lookup_sql(self) -> SqlTemplate:
        if self._lookup is None:
            statement, params = await _capture(
                lambda gate: EnterpriseRepository(gate).by_uscc(_USCC_SENTINEL)  # type: ignore[arg-type]  # a stand-in gate
            )
            self._lookup = _compile(statement, params)
        return self._lookup

    async def records_sql(self, count: int) -> SqlTemplate:
        template = self._records.get(count)
        if template is None:
            ids = _sentinel_ids(count)
            statement, params = await _capture(
                lambda gate: CreditRecordRepository(gate).publishable_pages(  # type: ignore[arg-type]  # a stand-in gate
                    ids, RECORDS_FIRST, None, _TODAY_SENTINEL
                )
            )
            template = self._records[count] = _compile(statement, params, ids)
        return template

    def page_sql(self, spec: EnterpriseFilter) -> SqlTemplate:
        template = self._pages.get(spec)
        if template is None:
            statement = EnterpriseRepository(_CapturingGate()).page_statement(  # type: ignore[arg-type]  # a stand-in gate
                spec, EnterpriseOrder.ID, PageRequest(first=PAGE_FIRST)
            )
            template = self._pages[spec] = _compile(statement)
        return template


def enterprise_filter(variables: dict[str, Any] | None) -> EnterpriseFilter:
    """The domain filter of a ``Page`` request's ``$f`` (GraphQL enum names to domain enums)."""
    raw = (variables or {}).get("f") or {}
    return EnterpriseFilter(
        districts=tuple(District[n] for n in raw.get("districts") or ()),
        industry_prefix=raw.get("industryPrefix"),
        size_classes=tuple(SizeClass[n] for n in raw.get("sizeClasses") or ()),
        tax_grades=tuple(TaxGrade[n] for n in raw.get("taxGrades") or ()),
        green_classes=tuple(GreenActivityClass[n] for n in raw.get("greenClasses") or ()),
    )


# --------------------------------------------------------------------------------------------
# The two operations
# --------------------------------------------------------------------------------------------


def _plain_id(kind: int, object_id: int) -> str:
    return base64.urlsafe_b64encode(_ID.pack(kind, object_id)).rstrip(b"=").decode()


class BareService:
    """The operations on one pool; ``trace`` (a list) collects the SQL texts sent, for checks."""

    def __init__(
        self,
        pool: asyncpg.Pool,
        statements: Statements,
        *,
        trace: list[str] | None = None,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self._pool = pool
        self._sql = statements
        self._trace = trace
        self._clock = clock

    async def _fetch(self, conn: Any, template: SqlTemplate, args: list[Any]) -> list[Any]:
        if self._trace is not None:
            self._trace.append(template.sql)
        return await conn.fetch(template.sql, *args)  # type: ignore[no-any-return]  # asyncpg is untyped

    async def _record_nodes(
        self, conn: Any, subject_ids: list[int], today: date
    ) -> dict[int, list[dict[str, Any]]]:
        """The first records of each subject with their departments, as GraphQL nodes.

        One statement, like the app: the records query joins the reporting department.
        """
        template = await self._sql.records_sql(len(subject_ids))
        rows = await self._fetch(conn, template, template.bind(ids=subject_ids, today=today))
        shown: dict[int, list[Any]] = {}
        for row in rows:
            group = shown.setdefault(row[1], [])
            if len(group) < RECORDS_FIRST:
                group.append(row)
        return {
            subject_id: [
                {
                    "category": _CATEGORY[row[3]],
                    "severity": _SEVERITY[row[4]] if row[4] else None,
                    "occurredAt": row[5],
                    "summary": row[8],
                    "department": {"name": row[10]},
                }
                for row in group
            ]
            for subject_id, group in shown.items()
        }

    async def lookup(self, uscc: str) -> dict[str, Any]:
        today = city_today(self._clock())
        template = await self._sql.lookup_sql()
        async with self._pool.acquire() as conn:
            row = (await self._fetch(conn, template, template.bind(uscc=uscc)))[:1]
            if not row:
                return {"data": {"enterprise": None}}
            e = row[0]
            records = await self._record_nodes(conn, [e[0]], today)
        return {
            "data": {
                "enterprise": {
                    "id": _plain_id(1, e[0]),
                    "uscc": e[1],
                    "name": e[2],
                    "industryCode": e[3],
                    "district": _DISTRICT[e[4]],
                    "sizeClass": _SIZE[e[5]],
                    "creditRecords": {"nodes": records.get(e[0], [])},
                }
            }
        }

    async def page(self, spec: EnterpriseFilter) -> dict[str, Any]:
        today = city_today(self._clock())
        template = self._sql.page_sql(spec)
        async with self._pool.acquire() as conn:
            rows = await self._fetch(conn, template, list(template.args))
            has_next = len(rows) > PAGE_FIRST
            rows = rows[:PAGE_FIRST]
            records = await self._record_nodes(conn, [r[0] for r in rows], today) if rows else {}
        edges = [
            {
                "cursor": _plain_id(0, e[0]),
                "node": {
                    "id": _plain_id(1, e[0]),
                    "uscc": e[1],
                    "name": e[2],
                    "industryCode": e[3],
                    "district": _DISTRICT[e[4]],
                    "sizeClass": _SIZE[e[5]],
                    "registeredOn": e[6],
                    "registeredCapital": str(e[7]),
                    "taxGrade": _TAX[e[8]] if e[8] else None,
                    "greenClass": _GREEN[e[9]] if e[9] else None,
                    "creditRecords": {"nodes": records.get(e[0], [])},
                },
            }
            for e in rows
        ]
        return {
            "data": {
                "enterprises": {
                    "edges": edges,
                    "pageInfo": {
                        "hasNextPage": has_next,
                        "endCursor": edges[-1]["cursor"] if edges else None,
                    },
                }
            }
        }

    async def handle(self, body: dict[str, Any]) -> dict[str, Any] | None:
        """Answer one request body; None if it is not one of the two known operations."""
        query = body.get("query")
        variables = body.get("variables") or {}
        if query == LOOKUP_QUERY:
            return await self.lookup(variables["u"])
        if query == PAGE_QUERY:
            return await self.page(enterprise_filter(variables))
        return None


# --------------------------------------------------------------------------------------------
# The Starlette app
# --------------------------------------------------------------------------------------------


def asyncpg_dsn(url: str) -> str:
    """A libpq-style DSN for asyncpg from a SQLAlchemy URL (drops ``+asyncpg``)."""
    return url.replace("postgresql+asyncpg://", "postgresql://", 1)


async def create_pool(url: str, size: int, application_name: str = "bench-bare") -> asyncpg.Pool:
    """The one pool: ``size`` connections, opened up front."""
    return await asyncpg.create_pool(
        asyncpg_dsn(url),
        min_size=size,
        max_size=size,
        server_settings={"application_name": application_name},
    )


def _json(payload: Any, status: int = 200) -> Response:
    return Response(orjson.dumps(payload), status_code=status, media_type="application/json")


def create_app(database_url: str, *, pool_size: int = 10) -> Starlette:
    """The bare app on one pool of ``pool_size`` connections."""
    state: dict[str, BareService] = {}
    statements = Statements()

    @asynccontextmanager
    async def lifespan(_app: Starlette) -> AsyncIterator[None]:
        pool = await create_pool(database_url, pool_size)
        await statements.prepare()
        state["service"] = BareService(pool, statements)
        try:
            yield
        finally:
            await pool.close()

    async def graphql(request: Request) -> Response:
        body = orjson.loads(await request.body())
        payload = await state["service"].handle(body)
        if payload is None:
            return _json({"errors": [{"message": "bench/bare.py knows only Lookup and Page"}]}, 400)
        return _json(payload)

    async def healthz(_request: Request) -> Response:
        service = state["service"]
        async with service._pool.acquire() as conn:
            await conn.fetchval("SELECT 1")
        return _json({"status": "ok"})

    return Starlette(
        routes=[
            Route("/graphql", graphql, methods=["POST"]),
            Route("/healthz", healthz, methods=["GET"]),
        ],
        lifespan=lifespan,
    )


def create_app_from_env() -> Starlette:
    """uvicorn factory: BENCH_DATABASE_URL (or DATABASE_URL), BENCH_POOL_SIZE (default 10)."""
    url = os.environ.get("BENCH_DATABASE_URL") or os.environ["DATABASE_URL"]
    return create_app(url, pool_size=int(os.environ.get("BENCH_POOL_SIZE", "10")))
