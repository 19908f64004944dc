"""Query cost (Shopify's rules), the single-query maximum, and each partner's bucket."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any

import httpx
import pytest
import redis
from graphql import build_schema
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker
from starlette.applications import Starlette

from api.auth.scopes import PartnerType
from api.auth.throttle import limits_storage
from api.graphql.cost import Bucket, QueryCost, QueryQuotas
from api.graphql.schema import schema
from api.http.app import create_app
from api.settings import Settings
from tests.auth.helpers import bearer, create_partner_client, get_token
from tests.conftest import example_hosts

REDIS = "redis://127.0.0.1:6379/0"
MODERN = "application/graphql-response+json"
ENTERPRISES = "query($n: Int!) { enterprises(first: $n) { nodes { id name } } }"


@pytest.fixture(scope="module")
def calculator() -> QueryCost:
    """The cost calculator on the schema's SDL."""
    return QueryCost(build_schema(schema.as_str()), max_tokens=2000)


@pytest.mark.parametrize(
    ("query", "variables", "expected"),
    [
        ("{ __typename }", None, 0),
        ("{ exemptMatters { code } }", None, 1),
        ("{ enterprises(first: 10) { nodes { id } } }", None, 12),
        ("{ enterprises(first: 10) { edges { node { id } } pageInfo { hasNextPage } } }", None, 12),
        (
            "{ enterprises(first: 10) { nodes { creditRecords(first: 5) { nodes { id } } } } }",
            None,
            2 + 10 * (1 + 2 + 5 * 1),
        ),
        (ENTERPRISES, {"n": 50}, 52),
        ("query($n: Int = 7) { enterprises(first: $n) { nodes { id } } }", {}, 9),
        ("query($n: Int) { enterprises(first: $n) { nodes { id } } }", {}, 102),
        (
            "{ enterprises(first: 3) { ...F } }"
            " fragment F on EnterpriseConnection { nodes { id } }",
            None,
            5,
        ),
        ('mutation { registerWebhook(url: "https://x.example") { url } }', None, 10),
    ],
)
def test_static_cost_follows_shopify(
    calculator: QueryCost, query: str, variables: dict[str, Any] | None, expected: int
) -> None:
    """Scalars 0, objects 1, connections 2 + first x children, mutations 10, fragments."""
    assert calculator.cost(query, None, variables) == expected


def test_a_document_is_compiled_once(calculator: QueryCost) -> None:
    """The same text with other variables reuses the compiled tree (only the size changes)."""
    text = ENTERPRISES + " "
    assert calculator.cost(text, None, {"n": 1}) == 3
    assert calculator.cost(text, None, {"n": 9}) == 11


def _app_factory(
    settings: Settings, engine: AsyncEngine, sessions: async_sessionmaker[AsyncSession]
) -> Callable[..., Starlette]:
    def make(**update: Any) -> Starlette:
        return create_app(
            settings.model_copy(update=update),
            engine=engine,
            sessions=sessions,
            resolve_host=example_hosts,
        )

    return make


@pytest.fixture
def make_app(
    settings: Settings, engine: AsyncEngine, sessions: async_sessionmaker[AsyncSession]
) -> Callable[..., Starlette]:
    """Builds the app with settings changed."""
    return _app_factory(settings, engine, sessions)


@pytest.fixture
def redis_prefix() -> Iterator[str]:
    """A key prefix of this test's own in the real Redis, its keys deleted afterwards."""
    prefix = f"test-query-cost-{uuid.uuid4().hex}"
    yield prefix
    connection = redis.Redis.from_url(REDIS)
    for key in connection.scan_iter(f"{prefix}*"):
        connection.delete(key)
    connection.close()


async def _client(app: Starlette) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        yield client


async def _bank_token(client: httpx.AsyncClient, session: AsyncSession) -> str:
    client_id, secret = await create_partner_client(session, PartnerType.BANK)
    return await get_token(client, client_id, secret)


async def test_every_response_carries_its_cost(
    make_app: Callable[..., Starlette], session: AsyncSession
) -> None:
    """extensions.cost: requested, actual and the bucket after the charge."""
    async for client in _client(make_app(quota_buckets_by_type="bank=500/10")):
        token = await _bank_token(client, session)
        for left in (448, 396):
            response = await client.post(
                "/graphql",
                json={"query": ENTERPRISES, "variables": {"n": 50}},
                headers=bearer(token),
            )
            assert response.status_code == 200, response.text
            assert response.json()["extensions"]["cost"] == {
                "requestedQueryCost": 52,
                "actualQueryCost": 52,
                "throttleStatus": {
                    "maximumAvailable": 500,
                    "currentlyAvailable": left,
                    "restoreRate": 10,
                },
            }


async def test_a_query_dearer_than_the_maximum_is_refused_before_it_runs(
    make_app: Callable[..., Starlette], session: AsyncSession
) -> None:
    """MAX_COST_EXCEEDED with both numbers, as a request error; nothing charged."""
    async for client in _client(
        make_app(max_query_cost=100, quota_buckets_by_type="bank=2000/100")
    ):
        token = await _bank_token(client, session)
        headers = {**bearer(token), "accept": MODERN}
        body = {"query": ENTERPRISES, "variables": {"n": 99}}
        refused = await client.post("/graphql", json=body, headers=headers)
        assert refused.status_code == 400
        [error] = refused.json()["errors"]
        assert "data" not in refused.json()
        assert error["extensions"] == {
            "code": "MAX_COST_EXCEEDED",
            "requestedQueryCost": 101,
            "maximumCost": 100,
        }
        body["variables"] = {"n": 98}
        served = await client.post("/graphql", json=body, headers=headers)
        assert served.status_code == 200
        assert served.json()["extensions"]["cost"]["throttleStatus"]["currentlyAvailable"] == (
            2000 - 100
        )


async def _drain(client: httpx.AsyncClient, token: str) -> httpx.Response:
    """Send 30-point queries until one is refused (at most 10)."""
    body = {"query": ENTERPRISES, "variables": {"n": 28}}
    for _ in range(10):
        response = await client.post("/graphql", json=body, headers=bearer(token))
        if response.status_code != 200:
            return response
    raise AssertionError("the bucket never ran dry")


@pytest.mark.parametrize("store", ["memory", "redis"])
async def test_an_empty_bucket_answers_429_throttled(
    make_app: Callable[..., Starlette], session: AsyncSession, redis_prefix: str, store: str
) -> None:
    """A 100-point bucket serves three 30-point queries, then 429, Retry-After, THROTTLED."""
    update: dict[str, Any] = {"quota_buckets_by_type": "bank=100/10"}
    if store == "redis":
        update |= {"redis_url": REDIS, "quota_key_prefix": redis_prefix}
    async for client in _client(make_app(**update)):
        token = await _bank_token(client, session)
        refused = await _drain(client, token)
        assert refused.status_code == 429
        assert 1 <= int(refused.headers["retry-after"]) <= 10
        body = refused.json()
        assert "data" not in body
        assert [e["extensions"]["code"] for e in body["errors"]] == ["THROTTLED"]
        assert body["extensions"]["cost"]["throttleStatus"]["currentlyAvailable"] == 10
        assert body["extensions"]["cost"]["requestedQueryCost"] == 30
    if store == "redis":
        keys = redis.Redis.from_url(REDIS).keys(f"{redis_prefix}*")
        assert keys, "the bucket was not kept in Redis"


async def test_two_workers_draw_from_one_bucket_in_redis(redis_prefix: str) -> None:
    """Two QueryQuotas on the same Redis prefix (two workers) share the partner's bucket."""
    bucket = Bucket(100, 10)
    first, second = (QueryQuotas(limits_storage(REDIS, redis_prefix), bucket, {}) for _ in range(2))
    assert (await first.charge("bank", "7", 60)).allowed
    refused = await second.charge("bank", "7", 60)
    assert not refused.allowed
    assert refused.currently_available == 40
    assert (await second.charge("bank", "8", 60)).allowed  # another partner, another bucket
