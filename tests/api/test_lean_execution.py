"""The lean execution (api/graphql/executor.py, pipeline.py) answers exactly as stock strawberry.

Two apps on the same database and keys: one with the schema as served (lean), one built the
stock way (``build_schema(lean=False)``: strawberry's own extensions, resolvers and executor).
Every request goes to both; status and body must be equal byte for byte, errors included.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime
from functools import partial
from typing import Any

import httpx
import orjson
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

import api.http.app as app_module
from api.auth.scopes import PartnerType, Scope
from api.domain.records.model import RecordCategory, RecordStatus, Severity
from api.domain.subjects.model import District, GreenActivityClass, SizeClass, TaxGrade
from api.graphql.ids import _cursor_json
from api.graphql.schema import build_schema
from api.http.app import create_app
from api.settings import Settings
from bench.bare import LOOKUP_QUERY, PAGE_QUERY
from tests.auth.helpers import create_partner_client, get_token
from tests.factories import Factory

Pair = tuple[httpx.AsyncClient, httpx.AsyncClient]

DETAILED = """
query Detailed($first: Int!, $after: String) {
  enterprises(first: $first, after: $after, orderBy: NAME) {
    edges {
      cursor
      node {
        __typename
        ... on Enterprise { a: id b: id uscc name registeredOn registeredCapital }
        ...More
        taxRatings { year grade }
        greenProfile { activityClass emissionsTonnes carbonIntensity esgScore asOf }
        creditRecords(first: 2) {
          edges { cursor node { id category severity status occurredAt publicityUntil
            summary department { __typename id code name nameZh } } }
          nodes { summary }
          pageInfo { hasNextPage endCursor }
        }
        later: creditRecords(first: 1, after: null) { nodes { id } }
      }
    }
    nodes { uscc }
    pageInfo { hasNextPage endCursor }
  }
}
fragment More on Enterprise { district sizeClass taxGrade greenClass industryCode }
"""

OTHERS = """
query Others($m: UnifiedSocialCreditCode!, $v: String!, $n: String!, $id: ID!, $d: ID!) {
  merchant(uscc: $m) { id uscc name commerceDistrict district
    creditRecords { nodes { id category } pageInfo { hasNextPage endCursor } } }
  household(village: $v, householdNumber: $n) { id village householdNumber district
    memberCount creditRecords(first: 1) { edges { cursor } } }
  node(id: $id) { __typename id ... on Enterprise { uscc } }
  department: node(id: $d) { __typename id ... on Department { code } }
}
"""


@pytest.fixture
async def pair(
    settings: Settings,
    engine: AsyncEngine,
    sessions: async_sessionmaker[AsyncSession],
    monkeypatch: pytest.MonkeyPatch,
) -> AsyncIterator[Pair]:
    """(lean, stock) clients on two apps sharing the test's transaction."""
    lean_app = create_app(settings, engine=engine, sessions=sessions)
    monkeypatch.setattr(app_module, "build_schema", partial(build_schema, lean=False))
    stock_app = create_app(settings, engine=engine, sessions=sessions)
    async with (
        httpx.AsyncClient(transport=httpx.ASGITransport(app=lean_app), base_url="http://t") as a,
        httpx.AsyncClient(transport=httpx.ASGITransport(app=stock_app), base_url="http://t") as b,
    ):
        yield a, b


async def _token(pair: Pair, session: AsyncSession, scopes: list[Scope] | None = None) -> str:
    client_id, secret = await create_partner_client(session, PartnerType.CREDIT_OFFICE)
    return await get_token(pair[0], client_id, secret, scopes)


async def _same(
    pair: Pair, query: str, variables: dict[str, Any], token: str | None
) -> dict[str, Any]:
    """Send to both apps; assert identical status and bytes; return the parsed body."""
    body = {"query": query, "variables": variables}
    headers = {"authorization": f"Bearer {token}"} if token else {}
    lean = await pair[0].post("/graphql", json=body, headers=headers)
    stock = await pair[1].post("/graphql", json=body, headers=headers)
    assert lean.status_code == stock.status_code, (lean.text, stock.text)
    assert lean.content == stock.content, f"\nlean:  {lean.text}\nstock: {stock.text}"
    parsed: dict[str, Any] = orjson.loads(lean.content)
    return parsed


async def _data(factory: Factory) -> dict[str, Any]:
    made: dict[str, Any] = {"usccs": []}
    for i in range(7):
        enterprise_id, uscc = await factory.enterprise(
            name=f'湖州"引号\\企业{i}',
            district=list(District)[i % len(District)],
            size_class=list(SizeClass)[i % len(SizeClass)],
            tax_grade=[TaxGrade.A, None, TaxGrade.C][i % 3],
            green_class=[GreenActivityClass.CLEAN_ENERGY, None][i % 2],
            registered_on=date(2010 + i, 1, 2),
        )
        made["usccs"].append(uscc)
        made.setdefault("enterprise_id", enterprise_id)
        for j in range(i % 4):
            await factory.record(
                enterprise_id,
                category=[RecordCategory.HONOUR, RecordCategory.PENALTY][j % 2],
                severity=[None, Severity.SERIOUS][j % 2],
                occurred_at=datetime(2026, 1 + j, 3, 4, 5, tzinfo=UTC),
                publicity_until=[None, date(2030, 1, 1)][j % 2],
            )
    await factory.record(made["enterprise_id"], status=RecordStatus.REPAIRED)
    _, made["merchant"] = await factory.merchant()
    made["village"], made["number"] = "余村", (await factory.household())[1]
    return made


async def test_benchmark_operations_answer_the_same(
    pair: Pair, factory: Factory, session: AsyncSession
) -> None:
    made = await _data(factory)
    token = await _token(pair, session)
    for uscc in [*made["usccs"], "91350100M000100Y43"]:
        body = await _same(pair, LOOKUP_QUERY, {"u": uscc}, token)
        assert "errors" not in body
    first = await _same(pair, PAGE_QUERY, {"f": None}, token)
    assert len(first["data"]["enterprises"]["edges"]) == 7
    await _same(pair, PAGE_QUERY, {"f": {"districts": ["WUXING"], "sizeClasses": ["SMALL"]}}, token)


async def test_nested_lists_fragments_aliases_and_cursors_answer_the_same(
    pair: Pair, factory: Factory, session: AsyncSession
) -> None:
    made = await _data(factory)
    token = await _token(pair, session)
    page = await _same(pair, DETAILED, {"first": 3}, token)
    assert "errors" not in page, page
    after = page["data"]["enterprises"]["pageInfo"]["endCursor"]
    await _same(pair, DETAILED, {"first": 50, "after": after}, token)
    lookup = await _same(pair, LOOKUP_QUERY, {"u": made["usccs"][3]}, token)
    enterprise_id = lookup["data"]["enterprise"]["id"]
    department_id = next(
        record["node"]["department"]["id"]
        for edge in page["data"]["enterprises"]["edges"]
        for record in edge["node"]["creditRecords"]["edges"]
    )
    variables = {
        "m": made["merchant"],
        "v": made["village"],
        "n": made["number"],
        "id": enterprise_id,
        "d": department_id,
    }
    others = await _same(pair, OTHERS, variables, token)
    assert "errors" not in others, others


@pytest.mark.parametrize(
    ("query", "variables"),
    [
        (LOOKUP_QUERY, {"u": "91350100M000100Y44"}),  # check digit: BAD_USER_INPUT
        (LOOKUP_QUERY, {"u": 12}),  # not a string
        (DETAILED, {"first": 0}),  # first out of range
        (DETAILED, {"first": 2, "after": "forged"}),  # a cursor that is not ours
        ("{ enterprises(first: 2) { nodes { nope } } }", {}),  # validation
        ("{ enterprises(first: 2) { nodes { uscc } ", {}),  # syntax
        ('{ node(id: "forged") { id } }', {}),
    ],
)
async def test_errors_answer_the_same(
    pair: Pair, factory: Factory, session: AsyncSession, query: str, variables: dict[str, Any]
) -> None:
    await _data(factory)
    token = await _token(pair, session)
    body = await _same(pair, query, variables, token)
    assert body.get("errors"), body


async def test_missing_scopes_and_tokens_answer_the_same(
    pair: Pair, factory: Factory, session: AsyncSession
) -> None:
    made = await _data(factory)
    narrow = await _token(pair, session, [Scope.ENTERPRISE_READ])
    body = await _same(pair, DETAILED, {"first": 5}, narrow)
    codes = {e["extensions"]["code"] for e in body["errors"]}
    assert codes == {"FORBIDDEN"}
    await _same(pair, LOOKUP_QUERY, {"u": made["usccs"][1]}, narrow)
    await _same(pair, LOOKUP_QUERY, {"u": made["usccs"][1]}, None)


@pytest.mark.parametrize(
    "values",
    [
        ["enterprises:0a1b", 12],
        ["records:5", "2026-01-01T00:00:00+00:00", 7],
        ["x", '湖州"\\\n\x00\x7f\u2028', -3, 0],
        ["a", True],
        ["a", 1.5],
        ["a", None],
        [],
    ],
)
def test_cursor_payload_is_what_json_dumps_writes(values: list[Any]) -> None:
    assert _cursor_json(values) == json.dumps(values, separators=(",", ":"))
