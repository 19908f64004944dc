"""The lean execution (api/graphql/lean/, pipeline.py) answers exactly as stock strawberry.

Two apps on the same database and keys: one with the schema as served (lean), one built the
stock way (``build_schema(lean=False)``: strawberry's own extensions, resolvers and executor).
Every request goes to both; status and body must be equal byte for byte, errors included.
"""

from __future__ import annotations

import json
import re
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

#: What is left in the caller's bucket (``extensions.cost``), left out of the comparison.
BUCKET = re.compile(rb'"currentlyAvailable":\d+')
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
    pair: Pair,
    query: str,
    variables: dict[str, Any] | None,
    token: str | None,
    operation_name: str | None = None,
) -> dict[str, Any]:
    """Send to both apps; assert identical status and bytes; return the parsed body."""
    body: dict[str, Any] = {"query": query, "variables": variables}
    if operation_name is not None:
        body["operationName"] = operation_name
    headers = {"authorization": f"Bearer {token}"} if token else {}
    lean = await pair[0].post("/graphql", json=body, headers=headers)
    stock = await pair[1].post("/graphql", json=body, headers=headers)
    assert lean.status_code == stock.status_code, (lean.text, stock.text)
    # Each app has its own bucket of cost points: what is left in it may differ.
    lean_bytes, stock_bytes = (BUCKET.sub(b"", r.content) for r in (lean, stock))
    assert lean_bytes == stock_bytes, f"\nlean:  {lean.text}\nstock: {stock.text}"
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


TWO_OPERATIONS = """
query One($u: UnifiedSocialCreditCode!) { enterprise(uscc: $u) { uscc name } }
query Two($u: UnifiedSocialCreditCode!) { merchant(uscc: $u) { uscc } enterprise(uscc: $u) { id } }
mutation Three { __typename }
"""


@pytest.mark.parametrize(
    ("query", "variables", "operation_name", "scopes"),
    [
        # Operations chosen by name, and the ones strawberry refuses or runs its own way.
        (TWO_OPERATIONS, {"u": 0}, "One", None),
        (TWO_OPERATIONS, {"u": 0}, "Two", None),
        (TWO_OPERATIONS, {"u": 0}, "Three", None),
        (TWO_OPERATIONS, {"u": 0}, None, None),
        ("query One { __typename }", None, None, None),
        ("query One { __typename }", None, "One", None),
        ("query One { __typename } query One { __typename }", None, "One", None),
        # Variables graphql-core refuses before running anything.
        (LOOKUP_QUERY, {}, None, None),
        (LOOKUP_QUERY, None, None, None),
        (LOOKUP_QUERY, {"u": 0, "extra": 1}, None, None),
        # Root resolvers called directly: their arguments, permissions and errors.
        (
            "query($u: UnifiedSocialCreditCode!) { merchant(uscc: $u) { uscc } }",
            {"u": 1},
            None,
            [Scope.ENTERPRISE_READ],
        ),
        (
            "query($u: UnifiedSocialCreditCode!) { merchant(uscc: $u) { uscc } }",
            {"u": 1},
            None,
            None,
        ),
        ('{ merchant(uscc: "91350100M000100Y44") { uscc } }', None, None, None),
        ('{ enterprise(uscc: "91350100M000100Y43") { uscc } }', None, None, None),
        (
            "query($u: UnifiedSocialCreditCode!) { enterprise(uscc: $u) { uscc } }",
            {"u": 0},
            None,
            [Scope.MERCHANT_READ],
        ),
        ("query($id: ID!) { node(id: $id) { id } }", {"id": "e"}, None, [Scope.MERCHANT_READ]),
        (
            "query($id: ID!) { node(id: $id) { id } n: node(id: $id) { __typename } }",
            {"id": "e"},
            None,
            None,
        ),
        ("{ a: enterprise(uscc: 12) { uscc } }", None, None, None),
    ],
)
async def test_operations_and_root_fields_answer_the_same(
    pair: Pair,
    factory: Factory,
    session: AsyncSession,
    query: str,
    variables: dict[str, Any] | None,
    operation_name: str | None,
    scopes: list[Scope] | None,
) -> None:
    made = await _data(factory)
    token = await _token(pair, session, scopes)
    if variables is not None:
        # 0: an enterprise's code, 1: the merchant's, "e": the first enterprise's global ID.
        lookup = await _same(
            pair, LOOKUP_QUERY, {"u": made["usccs"][0]}, await _token(pair, session)
        )
        named = {0: made["usccs"][0], 1: made["merchant"], "e": lookup["data"]["enterprise"]["id"]}
        variables = {
            k: named.get(v, v) if not isinstance(v, bool) else v for k, v in variables.items()
        }
    await _same(pair, query, variables, token, operation_name)
    await _same(pair, query, variables, None, operation_name)


LOAN_CANDIDATES = """
query Candidates($productId: ID!, $first: Int!, $after: String) {
  loanCandidates(productId: $productId, first: $first, after: $after) {
    product { __typename id name kind status version amountMin amountMax rateMin rateMax
      taxMultiple validFrom validUntil
      criteria { districts industryPrefixes sizeClasses lowestTaxGrade lowestCreditGrade
        greenRequired lowestGreenTier worstCarbonBand noSeriousDishonesty } }
    candidates {
      edges { cursor node { __typename score
        enterprise { id uscc name district sizeClass industryCode taxGrade }
        checks { __typename criterion met margin detail }
        scoreParts { component points maxPoints }
        lifts { component points detail }
        again: checks { met } } }
      nodes { score enterprise { uscc } }
      pageInfo { hasNextPage endCursor }
    }
    errors { field message code }
  }
}
"""


def _persisted_operation(name: str) -> str:
    from pathlib import Path

    return (Path(__file__).resolve().parents[2] / "schema" / "operations" / name).read_text()


async def test_loan_candidates_answer_the_same(
    pair: Pair, factory: Factory, session: AsyncSession
) -> None:
    # Local imports: this module is shared with other cases; these are only the bank's.
    from api.db.repositories import Repositories
    from api.domain.credit import services as credit_services
    from api.domain.credit.model import EvaluationCause
    from tests.gql import gql

    now = datetime.now(UTC)
    ids = []
    for i, grade in enumerate([TaxGrade.A, TaxGrade.B, TaxGrade.M, TaxGrade.C, None, TaxGrade.A]):
        subject_id, _ = await factory.enterprise(
            name=f'湖州"候选\\企业{i}',
            district=[District.DEQING, District.DEQING, District.WUXING][i % 3],
            size_class=list(SizeClass)[i % len(SizeClass)],
            tax_grade=grade,
            green_class=[GreenActivityClass.CLEAN_ENERGY, None][i % 2],
        )
        ids.append(subject_id)
    repos = Repositories(session)
    for subject_id in ids:
        await credit_services.reevaluate(repos, subject_id, now=now, cause=EvaluationCause.SEED)
    await session.commit()
    client_id, secret = await create_partner_client(session, PartnerType.BANK)
    bank = await get_token(pair[0], client_id, secret)
    create = """
    mutation Create($input: LoanProductInput!) {
      createLoanProduct(input: $input) { product { id } errors { code message } }
    }
    """
    publish = "mutation P($id: ID!) { publishLoanProduct(id: $id) { errors { code } } }"
    products = []
    for kind, criteria in [
        ("TAX_CREDIT_LOAN", {"lowestTaxGrade": "M", "districts": ["DEQING", "WUXING"]}),
        ("CREDIT_LOAN", {"lowestCreditGrade": "D", "sizeClasses": ["SMALL", "MICRO"]}),
        ("GREEN_LOAN", {"greenRequired": True}),
    ]:
        input_ = {
            "name": f"候选 {kind}",
            "kind": kind,
            "criteria": criteria,
            "amountMin": "100000",
            "amountMax": "5000000",
            "rateMin": "3.2",
            "rateMax": "4.8",
            "validFrom": "2026-01-01",
            **({"taxMultiple": "5"} if kind == "TAX_CREDIT_LOAN" else {}),
        }
        made = (await gql(pair[0], create, {"input": input_}, token=bank))["data"]
        assert made["createLoanProduct"]["errors"] == [], made
        product_id = made["createLoanProduct"]["product"]["id"]
        await gql(pair[0], publish, {"id": product_id}, token=bank)
        products.append(product_id)
    persisted = _persisted_operation("bank/LoanCandidates.graphql")
    seen = 0
    for product_id in products:
        for query in (persisted, LOAN_CANDIDATES):
            page = await _same(pair, query, {"productId": product_id, "first": 2}, bank)
            found = page["data"]["loanCandidates"]
            assert found["errors"] == [], found
            seen += len(found["candidates"]["edges"])
            after = found["candidates"]["pageInfo"]["endCursor"]
            variables = {"productId": product_id, "first": 50, "after": after}
            await _same(pair, LOAN_CANDIDATES, variables, bank)
    assert seen > 0
    for variables in (
        {"productId": products[0], "first": 2, "after": "forged"},
        {"productId": "forged", "first": 2},
        {"productId": products[0], "first": 0},
    ):
        await _same(pair, LOAN_CANDIDATES, variables, bank)
    await _same(pair, LOAN_CANDIDATES, {"productId": products[0], "first": 2}, None)
    narrow = await _token(pair, session, [Scope.ENTERPRISE_READ])
    await _same(pair, LOAN_CANDIDATES, {"productId": products[0], "first": 2}, narrow)
