"""Enterprise lookups, the filtered keyset list, Relay nodes, and clear errors for bad input."""

from __future__ import annotations

import base64
from typing import Any

import httpx
import pytest
from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine

from api.domain.subjects.model import District, GreenActivityClass, SizeClass, TaxGrade
from tests.factories import Factory
from tests.gql import error_codes, gql

LOOKUP = """
query Lookup($u: UnifiedSocialCreditCode!) {
  enterprise(uscc: $u) { id uscc name district sizeClass taxGrade greenClass
    taxRatings { year grade } greenProfile { activityClass esgScore asOf } }
}
"""
PAGE = """
query Page($first: Int!, $after: String, $filter: EnterpriseFilter, $order: EnterpriseOrder) {
  enterprises(first: $first, after: $after, filter: $filter, orderBy: $order) {
    edges { cursor node { id uscc name } }
    pageInfo { hasNextPage endCursor }
  }
}
"""
NESTED = """
query Nested($first: Int!) {
  enterprises(first: $first) {
    nodes { uscc taxRatings { grade } greenProfile { esgScore }
      creditRecords(first: 3) {
        nodes { id summary department { name } } pageInfo { hasNextPage } } }
  }
}
"""


async def test_lookup_by_uscc(client: httpx.AsyncClient, factory: Factory) -> None:
    _, uscc = await factory.enterprise(
        district=District.ANJI, tax_grade=TaxGrade.A, green_class=GreenActivityClass.CLEAN_ENERGY
    )
    body = await gql(client, LOOKUP, {"u": uscc.lower()})
    enterprise = body["data"]["enterprise"]
    assert enterprise["uscc"] == uscc
    assert enterprise["district"] == "ANJI"
    assert enterprise["taxGrade"] == "A"
    assert enterprise["taxRatings"] == [{"year": 2025, "grade": "A"}]
    assert enterprise["greenProfile"]["activityClass"] == "CLEAN_ENERGY"
    assert enterprise["greenProfile"]["esgScore"] == "78.50"


async def test_unknown_enterprise_is_null(client: httpx.AsyncClient) -> None:
    body = await gql(client, LOOKUP, {"u": "91350100M000100Y43"})
    assert body.pop("extensions")["cost"]["requestedQueryCost"] >= 1  # see test_query_cost
    assert body == {"data": {"enterprise": None}}


@pytest.mark.parametrize(
    ("uscc", "problem"),
    [
        ("91350100M000100Y44", "CHECK_DIGIT"),
        ("91350100M000100Y4", "LENGTH"),
        ("91350100M000100I43", "CHARACTER"),
    ],
)
async def test_bad_uscc_is_refused_with_its_reason(
    client: httpx.AsyncClient, uscc: str, problem: str
) -> None:
    body = await gql(client, LOOKUP, {"u": uscc})
    assert body["data"] is None
    [error] = body["errors"]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert error["extensions"]["problem"] == problem
    assert "unified social credit code" in error["message"]


async def test_bad_uscc_inline_literal_is_refused_too(client: httpx.AsyncClient) -> None:
    body = await gql(client, '{ enterprise(uscc: "91350100M000100Y44") { name } }')
    assert error_codes(body) == ["BAD_USER_INPUT"]
    assert "check character" in body["errors"][0]["message"]


async def _all_pages(
    client: httpx.AsyncClient, first: int, **variables: Any
) -> list[dict[str, Any]]:
    nodes: list[dict[str, Any]] = []
    after = None
    while True:
        body = await gql(client, PAGE, {"first": first, "after": after, **variables})
        assert "errors" not in body, body
        connection = body["data"]["enterprises"]
        nodes += [edge["node"] for edge in connection["edges"]]
        if not connection["pageInfo"]["hasNextPage"]:
            return nodes
        after = connection["pageInfo"]["endCursor"]


async def test_filters_each_narrow_the_list(client: httpx.AsyncClient, factory: Factory) -> None:
    made = {
        "a": await factory.enterprise(district=District.DEQING, size_class=SizeClass.MEDIUM),
        "b": await factory.enterprise(district=District.DEQING, tax_grade=TaxGrade.A),
        "c": await factory.enterprise(
            industry_code="F5123", green_class=GreenActivityClass.GREEN_SERVICES
        ),
        "d": await factory.enterprise(industry_code="C2619"),
    }
    uscc = {key: value[1] for key, value in made.items()}

    async def matching(filter_: dict[str, Any]) -> set[str]:
        nodes = await _all_pages(client, 100, filter=filter_)
        return {node["uscc"] for node in nodes} & set(uscc.values())

    assert await matching({"districts": ["DEQING"]}) == {uscc["a"], uscc["b"]}
    assert await matching({"sizeClasses": ["MEDIUM"]}) == {uscc["a"]}
    assert await matching({"taxGrades": ["A"]}) == {uscc["b"]}
    assert await matching({"greenClasses": ["GREEN_SERVICES"]}) == {uscc["c"]}
    assert await matching({"industryPrefix": "F51"}) == {uscc["c"]}
    assert await matching({"industryPrefix": "C26"}) == {uscc["a"], uscc["b"], uscc["d"]}
    assert await matching({"districts": ["DEQING"], "taxGrades": ["A"]}) == {uscc["b"]}


@pytest.mark.parametrize("order", ["ID", "NAME", "REGISTERED_ON"])
async def test_keyset_pages_cover_every_row_once_and_stay_stable_while_rows_are_added(
    client: httpx.AsyncClient, factory: Factory, order: str
) -> None:
    for number in range(12):
        await factory.enterprise(name=f"企业{number % 5}", district=District.NANXUN)
    filter_ = {"districts": ["NANXUN"]}
    everything = await _all_pages(client, 100, filter=filter_, order=order)
    first_page = await gql(client, PAGE, {"first": 5, "filter": filter_, "order": order})
    cursor = first_page["data"]["enterprises"]["pageInfo"]["endCursor"]
    seen = [edge["node"]["uscc"] for edge in first_page["data"]["enterprises"]["edges"]]
    await factory.enterprise(name="企业0", district=District.NANXUN)  # added mid-walk
    while cursor is not None:
        body = await gql(
            client, PAGE, {"first": 5, "after": cursor, "filter": filter_, "order": order}
        )
        connection = body["data"]["enterprises"]
        seen += [edge["node"]["uscc"] for edge in connection["edges"]]
        cursor = (
            connection["pageInfo"]["endCursor"] if connection["pageInfo"]["hasNextPage"] else None
        )
    assert len(seen) == len(set(seen))
    assert [n["uscc"] for n in everything] == [
        u for u in seen if u in {n["uscc"] for n in everything}
    ]


async def test_first_is_required_and_capped(client: httpx.AsyncClient) -> None:
    missing = await gql(client, "{ enterprises { pageInfo { hasNextPage } } }")
    assert error_codes(missing) == ["GRAPHQL_VALIDATION_FAILED"]
    too_many = await gql(client, PAGE, {"first": 101})
    assert error_codes(too_many) == ["BAD_USER_INPUT"]
    assert "between 1 and 100" in too_many["errors"][0]["message"]


async def test_forged_or_foreign_cursors_are_refused(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    for _ in range(3):
        await factory.enterprise()
    body = await gql(client, PAGE, {"first": 1, "order": "NAME"})
    cursor = body["data"]["enterprises"]["pageInfo"]["endCursor"]
    other_order = await gql(client, PAGE, {"first": 1, "after": cursor, "order": "ID"})
    assert error_codes(other_order) == ["BAD_USER_INPUT"]
    forged = await gql(client, PAGE, {"first": 1, "after": "eyJpZCI6MX0"})
    assert error_codes(forged) == ["BAD_USER_INPUT"]


async def test_unknown_enum_value_is_a_clear_error(client: httpx.AsyncClient) -> None:
    body = await gql(client, PAGE, {"first": 1, "filter": {"districts": ["HANGZHOU"]}})
    assert error_codes(body) == ["BAD_USER_INPUT"]
    assert "HANGZHOU" in body["errors"][0]["message"]


async def test_node_round_trip_and_opaque_ids(client: httpx.AsyncClient, factory: Factory) -> None:
    enterprise_id, uscc = await factory.enterprise()
    record_id = await factory.record(enterprise_id)
    body = await gql(client, LOOKUP, {"u": uscc})
    global_id = body["data"]["enterprise"]["id"]
    raw = base64.urlsafe_b64decode(global_id + "=" * (-len(global_id) % 4))
    assert b"Enterprise" not in raw
    assert f":{enterprise_id}".encode() not in raw
    node = await gql(
        client,
        "query($id: ID!) { node(id: $id) { id ... on Enterprise { uscc } } }",
        {"id": global_id},
    )
    assert node["data"]["node"] == {"id": global_id, "uscc": uscc}
    records = await gql(
        client,
        "query($u: UnifiedSocialCreditCode!) { enterprise(uscc: $u) {"
        " creditRecords { nodes { id } } } }",
        {"u": uscc},
    )
    record_gid = records["data"]["enterprise"]["creditRecords"]["nodes"][0]["id"]
    record = await gql(
        client,
        "query($id: ID!) { node(id: $id) { ... on CreditRecord { summary } } }",
        {"id": record_gid},
    )
    assert record["data"]["node"] == {"summary": "test record"}
    assert record_id


async def test_malformed_node_id_is_bad_input(client: httpx.AsyncClient) -> None:
    body = await gql(client, "query($id: ID!) { node(id: $id) { id } }", {"id": "RW50ZXJwcmlzZTox"})
    assert error_codes(body) == ["BAD_USER_INPUT"]


async def test_merchant_and_household_lookups(client: httpx.AsyncClient, factory: Factory) -> None:
    merchant_id, merchant_uscc = await factory.merchant("小西街")
    await factory.record(merchant_id)
    _, number = await factory.household("鲁家村")
    body = await gql(
        client,
        """query($u: UnifiedSocialCreditCode!, $n: String!) {
          merchant(uscc: $u) { name commerceDistrict creditRecords { nodes { summary } } }
          household(village: "鲁家村", householdNumber: $n) {
            village householdNumber memberCount district }
          missing: household(village: "鲁家村", householdNumber: "nope") { village }
        }""",
        {"u": merchant_uscc, "n": number},
    )
    assert "errors" not in body, body
    assert body["data"]["merchant"]["commerceDistrict"] == "小西街"
    assert body["data"]["merchant"]["creditRecords"]["nodes"] == [{"summary": "test record"}]
    assert body["data"]["household"] == {
        "village": "鲁家村",
        "householdNumber": number,
        "memberCount": 3,
        "district": "ANJI",
    }
    assert body["data"]["missing"] is None


async def test_nested_page_runs_the_same_statements_for_5_and_50_items(
    client: httpx.AsyncClient, factory: Factory, engine: AsyncEngine
) -> None:
    for number in range(50):
        enterprise_id, _ = await factory.enterprise(green_class=GreenActivityClass.CLEAN_ENERGY)
        for _ in range(number % 5):
            await factory.record(enterprise_id)
    statements: list[str] = []

    def count(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if not statement.lstrip().upper().startswith(("SAVEPOINT", "RELEASE", "ROLLBACK")):
            statements.append(statement)

    event.listen(engine.sync_engine, "before_cursor_execute", count)
    try:
        small = await gql(client, NESTED, {"first": 5})
        small_count = len(statements)
        statements.clear()
        large = await gql(client, NESTED, {"first": 50})
        large_count = len(statements)
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", count)
    assert "errors" not in small
    assert "errors" not in large
    assert len(large["data"]["enterprises"]["nodes"]) == 50
    # page, tax ratings, green profiles, records (each joined with its department)
    assert small_count == large_count == 4
