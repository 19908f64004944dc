"""Operations and HTTP edges: health, readiness, request ids, JSON logs, bad and big bodies."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import httpx
import pytest

from api.db.engine import create_engine
from api.http.app import create_app
from api.http.logging import JsonFormatter
from api.settings import Settings
from tests.factories import Factory


async def test_healthz(client: httpx.AsyncClient) -> None:
    response = await client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


async def test_readyz_when_migrated(client: httpx.AsyncClient) -> None:
    response = await client.get("/readyz")
    assert response.status_code == 200
    assert response.json()["migrations"] == "head"


async def test_readyz_is_503_on_an_unmigrated_database(tmp_path: Path, settings: Settings) -> None:
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'empty.db'}")
    app = create_app(settings, engine=engine)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as c:
        response = await c.get("/readyz")
    await engine.dispose()
    assert response.status_code == 503
    assert response.json()["migrations"] == "behind"


async def test_readyz_is_503_when_the_database_is_unreachable(settings: Settings) -> None:
    engine = create_engine("postgresql+asyncpg://nobody@127.0.0.1:1/none")
    app = create_app(settings, engine=engine)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as c:
        response = await c.get("/readyz")
    await engine.dispose()
    assert response.status_code == 503
    assert response.json()["database"] == "unreachable"


async def test_every_response_carries_a_request_id(client: httpx.AsyncClient) -> None:
    first = await client.get("/healthz")
    second = await client.get("/healthz")
    assert len(first.headers["x-request-id"]) == 32
    assert first.headers["x-request-id"] != second.headers["x-request-id"]


@pytest.mark.parametrize(
    ("body", "content_type", "status", "fragment"),
    [
        (b"{not json", "application/json", 400, "not valid JSON"),
        (b'{"variables": {}}', "application/json", 400, '"query" string'),
        (b'{"query": "{ __typename }", "variables": [1]}', "application/json", 400, "variables"),
        (b"query=x", "application/x-www-form-urlencoded", 415, "must be JSON"),
    ],
)
async def test_malformed_requests_are_4xx_with_a_reason(
    client: httpx.AsyncClient, body: bytes, content_type: str, status: int, fragment: str
) -> None:
    """Bad JSON or parameters are 400, a body that is not JSON 415, each with its reason."""
    response = await client.post("/graphql", content=body, headers={"content-type": content_type})
    assert response.status_code == status
    assert fragment in response.json()["errors"][0]["message"]


async def test_oversized_body_is_413(client: httpx.AsyncClient) -> None:
    query = "{ __typename }" + " " * 70_000
    response = await client.post("/graphql", json={"query": query})
    assert response.status_code == 413
    assert response.json()["errors"][0]["extensions"]["code"] == "PAYLOAD_TOO_LARGE"


async def test_too_many_aliases_or_tokens_are_refused(client: httpx.AsyncClient) -> None:
    aliases = "query { " + " ".join(f"a{i}: __typename" for i in range(40)) + " }"
    body = (await client.post("/graphql", json={"query": aliases})).json()
    assert body["data"] is None
    assert "aliases" in body["errors"][0]["message"]
    tokens = "query { " + " ".join("__typename" for _ in range(2500)) + " }"
    body = (await client.post("/graphql", json={"query": tokens})).json()
    assert body["data"] is None
    assert "token" in body["errors"][0]["message"].lower()


async def test_access_log_is_json_with_request_id_and_no_identifiers(
    client: httpx.AsyncClient, factory: Factory, caplog: pytest.LogCaptureFixture
) -> None:
    _, uscc = await factory.enterprise()
    caplog.set_level(logging.INFO)
    query = "query($u: UnifiedSocialCreditCode!) { enterprise(uscc: $u) { name } }"
    response = await client.post("/graphql", json={"query": query, "variables": {"u": uscc}})
    access = [r for r in caplog.records if r.name == "api.access"]
    assert access, "no access log line"
    line = json.loads(JsonFormatter().format(access[-1]))
    assert line["request_id"] == response.headers["x-request-id"]
    assert line["path"] == "/graphql"
    assert line["status"] == 200
    assert all(uscc not in JsonFormatter().format(record) for record in caplog.records)


async def test_graphiql_page_is_served_to_browsers(client: httpx.AsyncClient) -> None:
    response = await client.get("/graphql", headers={"accept": "text/html"})
    assert response.status_code == 200
    assert "graphiql" in response.text.lower()
