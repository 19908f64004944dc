"""Every persisted operation answers the same, byte for byte, lean and stock, on varied variables.

The operations are found under ``schema/operations/<partner type>/``; each runs as its folder's
partner type (``public``: without a token) against two apps on the same database and keys:
the schema as served (lean executor, known-operation path) and the schema built the stock way
(``build_schema(lean=False)``). Variables come from each operation's variable definitions:
hypothesis draws, per variable, either the realistic value of the scope matrix's pool (the
test factory's enterprise, merchant, household, person, codes, products...) or a value of the
variable's GraphQL type (nulls, out-of-range numbers, unknown enum-free strings, short lists).

Each request runs inside a savepoint that is rolled back after it, so a mutation (or a read
that writes an access log entry) meets the same database in both apps. Responses whose values
cannot be the same twice are normalised before comparing (``VOLATILE``): the time of the
request and values the database draws from sequences or random sources; everything else must
be equal byte for byte.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from functools import partial
from pathlib import Path
from typing import Any

import httpx
import orjson
import pytest
from graphql import (
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLInputType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLScalarType,
    GraphQLSchema,
    OperationDefinitionNode,
    OperationType,
    build_schema,
    parse,
    type_from_ast,
)
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, AsyncSession, async_sessionmaker

import api.http.app as app_module
from api.auth.scopes import PartnerType
from api.graphql.schema import build_schema as build_credit_schema
from api.graphql.schema import schema as served_schema
from api.http.app import create_app
from api.settings import Settings
from tests.api.test_scope_matrix import _variables, _variables_for
from tests.api.village_support import link_committee
from tests.auth.helpers import create_partner_client, get_token
from tests.conftest import example_hosts
from tests.factories import Factory

ROOT = Path(__file__).resolve().parents[2]
OPERATIONS = sorted((ROOT / "schema" / "operations").glob("**/*.graphql"))
FOLDERS = sorted({path.parent.name for path in OPERATIONS})
#: Variable sets drawn per operation.
EXAMPLES = 6
#: The graphql-core types of the schema's SDL, to draw variables from (public API only).
TYPES: GraphQLSchema = build_schema(served_schema.as_str())

#: Values that differ between two runs of the same request whatever the executor: instants
#: (a classification or a receipt stamped with the time of the request). Masked before
#: comparing when the raw bytes differ.
VOLATILE = re.compile(rb'"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:\+00:00|Z)"')
#: What mutations draw at random (UUIDs, report numbers and their hash and signed document,
#: integrity codes, secrets): masked by key in mutation answers only.
RANDOM_KEYS = re.compile(
    rb'"(id|number|contentHash|document|code|integrityCode|secret|signingSecret|reference)":'
    rb'"[^"]*"'
)

Pair = tuple[httpx.AsyncClient, httpx.AsyncClient]


def test_every_operation_file_is_found() -> None:
    """The discovery finds every folder's operations (64 when this was written)."""
    assert len(OPERATIONS) >= 60
    assert {"bank", "public", "regulator"} <= set(FOLDERS)


@pytest.fixture
async def pair(
    settings: Settings,
    engine: AsyncEngine,
    sessions: async_sessionmaker[AsyncSession],
    monkeypatch: pytest.MonkeyPatch,
) -> AsyncIterator[Pair]:
    """(lean, stock) clients on two apps sharing the test's transaction."""
    lean_app = create_app(settings, engine=engine, sessions=sessions, resolve_host=example_hosts)
    monkeypatch.setattr(app_module, "build_schema", partial(build_credit_schema, lean=False))
    stock_app = create_app(settings, engine=engine, sessions=sessions, resolve_host=example_hosts)
    async with (
        httpx.AsyncClient(transport=httpx.ASGITransport(app=lean_app), base_url="http://t") as a,
        httpx.AsyncClient(transport=httpx.ASGITransport(app=stock_app), base_url="http://t") as b,
    ):
        yield a, b


def _typed(type_: GraphQLInputType) -> st.SearchStrategy[Any]:
    """Values of a GraphQL input type, nulls included where it is nullable."""
    if isinstance(type_, GraphQLNonNull):
        return _non_null(type_.of_type)
    return st.one_of(st.none(), _non_null(type_))


def _non_null(type_: Any) -> st.SearchStrategy[Any]:
    if isinstance(type_, GraphQLList):
        return st.lists(_typed(type_.of_type), max_size=3)
    if isinstance(type_, GraphQLEnumType):
        return st.sampled_from(sorted(type_.values))
    if isinstance(type_, GraphQLInputObjectType):
        required = {n: _typed(f.type) for n, f in type_.fields.items() if _required(f)}
        optional = {n: _typed(f.type) for n, f in type_.fields.items() if not _required(f)}
        return st.fixed_dictionaries(required, optional=optional)
    assert isinstance(type_, GraphQLScalarType), type_
    scalars: dict[str, st.SearchStrategy[Any]] = {
        "Int": st.integers(min_value=-3, max_value=120),
        "Float": st.floats(min_value=-10, max_value=1e6, allow_nan=False),
        "Boolean": st.booleans(),
    }
    return scalars.get(
        type_.name,
        st.one_of(
            st.text(max_size=12),
            st.sampled_from(["", "0", "2026-01-01", "2026-01-01T00:00:00+00:00", "12.50"]),
        ),
    )


def _required(field: Any) -> bool:
    return isinstance(field.type, GraphQLNonNull) and field.default_value is None


def _strategy(text: str, pool: dict[str, Any], realistic: dict[str, Any]) -> st.SearchStrategy:
    """Variable sets for one operation: per variable, the realistic value (twice as likely)
    or one of its type."""
    variables: dict[str, st.SearchStrategy[Any]] = {}
    for definition in parse(text).definitions:
        if not isinstance(definition, OperationDefinitionNode):
            continue
        for variable in definition.variable_definitions or ():
            name = variable.variable.name.value
            type_ = type_from_ast(TYPES, variable.type)
            assert type_ is not None, name
            typed = _typed(type_)  # type: ignore[arg-type]  # a variable's type is an input type
            if name in realistic:
                value = st.just(realistic[name])
                variables[name] = st.one_of(value, value, typed)
            else:
                variables[name] = typed
    return st.fixed_dictionaries(variables)


def _draw(strategy: st.SearchStrategy[Any], count: int) -> list[Any]:
    """``count`` values of ``strategy``, drawn by hypothesis the same way on every run."""
    drawn: list[Any] = []

    @settings(
        max_examples=count,
        database=None,
        derandomize=True,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
        deadline=None,
    )
    @given(strategy)
    def collect(value: Any) -> None:
        drawn.append(value)

    collect()
    return drawn[:count]


def _normalised(content: bytes, mutation: bool) -> bytes:
    content = VOLATILE.sub(b'"<instant>"', content)
    return RANDOM_KEYS.sub(rb'"\1":"<random>"', content) if mutation else content


async def _same(
    pair: Pair, connection: AsyncConnection, text: str, variables: Any, headers: dict[str, str]
) -> tuple[int, dict[str, Any]]:
    """Send to both apps, each in a savepoint rolled back after it; compare status and bytes."""
    body = {"query": text, "variables": variables}
    answers: list[httpx.Response] = []
    for client in pair:
        savepoint = await connection.begin_nested()
        try:
            answers.append(await client.post("/graphql", json=body, headers=headers))
        finally:
            await savepoint.rollback()
    lean, stock = answers
    where = f"\nvariables: {variables}\nlean:  {lean.text}\nstock: {stock.text}"
    assert lean.status_code == stock.status_code, where
    if lean.content != stock.content:
        mutation = any(
            isinstance(d, OperationDefinitionNode) and d.operation is OperationType.MUTATION
            for d in parse(text).definitions
        )
        assert _normalised(lean.content, mutation) == _normalised(stock.content, mutation), where
    parsed: dict[str, Any] = orjson.loads(lean.content)
    return lean.status_code, parsed


@pytest.mark.parametrize("folder", FOLDERS)
async def test_every_operation_answers_the_same_lean_and_stock(
    pair: Pair, connection: AsyncConnection, session: AsyncSession, factory: Factory, folder: str
) -> None:
    """Each operation of the folder, as its partner type, on drawn variables."""
    office_id, office_secret = await create_partner_client(session, PartnerType.CREDIT_OFFICE)
    pair[0].headers["authorization"] = (
        f"Bearer {await get_token(pair[0], office_id, office_secret)}"
    )
    pool = await _variables(factory, pair[0])
    del pair[0].headers["authorization"]
    headers: dict[str, str] = {}
    if folder != "public":
        client_id, secret = await create_partner_client(session, PartnerType(folder))
        if folder == PartnerType.VILLAGE_COMMITTEE:
            await link_committee(session, client_id)
        headers = {"authorization": f"Bearer {await get_token(pair[0], client_id, secret)}"}
    served: list[str] = []
    for path in (p for p in OPERATIONS if p.parent.name == folder):
        text = path.read_text()
        realistic = _variables_for(path, parse(text), pool)
        for variables in [realistic, *_draw(_strategy(text, pool, realistic), EXAMPLES)]:
            status, body = await _same(pair, connection, text, variables, headers)
            if variables is realistic:
                assert status == 200, f"{path.name}: {body}"
                assert "errors" not in body, f"{path.name}: {body}"
                served.append(path.name)
    assert served, folder
