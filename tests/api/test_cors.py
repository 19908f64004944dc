"""CORS: /graphql and /oauth/token answer the origins in CREDIT_CORS_ORIGINS and nobody else."""

from __future__ import annotations

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from api.auth.scopes import PartnerType
from api.http.app import create_app
from api.http.cors import parse_origins
from api.settings import Settings
from tests.auth.helpers import create_partner_client
from tests.conftest import example_hosts

ALLOWED = "https://bank.example"
OTHER = "https://evil.example"
QUERY = {"query": "{ __typename }"}


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """Two allowed origins (with blanks around the commas, as people write them)."""
    return settings.model_copy(update={"cors_origins": f" {ALLOWED} , http://localhost:5173 ,"})


def preflight(origin: str, method: str = "POST") -> dict[str, str]:
    """A browser's preflight headers for a JSON request with a bearer token."""
    return {
        "origin": origin,
        "access-control-request-method": method,
        "access-control-request-headers": "authorization, content-type",
    }


@pytest.mark.parametrize("path", ["/graphql", "/oauth/token"])
async def test_a_preflight_from_an_allowed_origin_is_answered(
    client: httpx.AsyncClient, path: str
) -> None:
    """200 naming the origin, the path's methods and the headers a partner sends."""
    response = await client.options(path, headers=preflight(ALLOWED))
    assert response.status_code == 200, response.text
    assert response.headers["access-control-allow-origin"] == ALLOWED
    assert "POST" in response.headers["access-control-allow-methods"]
    allowed_headers = response.headers["access-control-allow-headers"].lower()
    assert "authorization" in allowed_headers
    assert "content-type" in allowed_headers
    assert "access-control-allow-credentials" not in response.headers


@pytest.mark.parametrize("path", ["/graphql", "/oauth/token"])
async def test_a_preflight_from_another_origin_gets_nothing(
    client: httpx.AsyncClient, path: str
) -> None:
    """No Access-Control-Allow-Origin for an origin not listed (nor a lookalike of one)."""
    for origin in (OTHER, "https://bank.example.evil.example", "http://bank.example", "null"):
        response = await client.options(path, headers=preflight(origin))
        assert response.status_code == 400, origin
        assert "access-control-allow-origin" not in response.headers, origin


async def test_only_the_paths_methods_are_allowed(client: httpx.AsyncClient) -> None:
    """The token endpoint takes POST only; GraphQL takes GET and POST."""
    token = await client.options("/oauth/token", headers=preflight(ALLOWED, "GET"))
    assert token.status_code == 400
    assert token.headers["access-control-allow-methods"] == "POST"
    graphql = await client.options("/graphql", headers=preflight(ALLOWED, "GET"))
    assert graphql.status_code == 200
    assert graphql.headers["access-control-allow-origin"] == ALLOWED


async def test_an_allowed_origin_reads_the_answer(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    """Token and query responses name the allowed origin and expose Retry-After."""
    client_id, secret = await create_partner_client(session, PartnerType.BANK)
    token = await client.post(
        "/oauth/token",
        data={"grant_type": "client_credentials"},
        auth=(client_id, secret),
        headers={"origin": ALLOWED},
    )
    assert token.status_code == 200, token.text
    assert token.headers["access-control-allow-origin"] == ALLOWED
    assert "retry-after" in token.headers["access-control-expose-headers"].lower()
    answer = await client.post(
        "/graphql",
        json=QUERY,
        headers={"origin": ALLOWED, "authorization": f"Bearer {token.json()['access_token']}"},
    )
    assert answer.status_code == 200, answer.text
    assert answer.headers["access-control-allow-origin"] == ALLOWED
    assert "origin" in answer.headers["vary"].lower()


async def test_another_origin_gets_no_cors_header(client: httpx.AsyncClient) -> None:
    """The request is served (CORS is the browser's rule) but nothing lets a page read it."""
    response = await client.post("/graphql", json=QUERY, headers={"origin": OTHER})
    assert response.status_code == 200, response.text
    assert "access-control-allow-origin" not in response.headers


@pytest.mark.parametrize("path", ["/healthz", "/.well-known/jwks.json", "/oauth/introspect"])
async def test_other_paths_have_no_cors(client: httpx.AsyncClient, path: str) -> None:
    """Only /graphql and /oauth/token are open cross-origin, even to an allowed origin."""
    response = await client.options(path, headers=preflight(ALLOWED, "GET"))
    assert "access-control-allow-origin" not in response.headers
    response = await client.get(path, headers={"origin": ALLOWED})
    assert "access-control-allow-origin" not in response.headers


@pytest.mark.parametrize("path", ["/graphql", "/oauth/token"])
async def test_no_origins_means_no_cross_origin_access(
    settings: Settings,
    engine: AsyncEngine,
    sessions: async_sessionmaker[AsyncSession],
    path: str,
) -> None:
    """With CREDIT_CORS_ORIGINS empty (the default) no origin gets a CORS header."""
    assert Settings.model_fields["cors_origins"].default == ""
    closed = settings.model_copy(update={"cors_origins": ""})
    app = create_app(closed, engine=engine, sessions=sessions, resolve_host=example_hosts)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        response = await client.options(path, headers=preflight(ALLOWED))
        assert response.status_code >= 400
        assert "access-control-allow-origin" not in response.headers
        response = await client.post(path, headers={"origin": ALLOWED})
        assert "access-control-allow-origin" not in response.headers


@pytest.mark.parametrize(
    "origin",
    ["*", "https://bank.example/", "https://bank.example/app", "bank.example", "ftp://x.example"],
)
def test_a_malformed_origin_is_refused(origin: str) -> None:
    """Not an exact scheme://host[:port]: the app refuses to start."""
    with pytest.raises(ValueError, match="CREDIT_CORS_ORIGINS"):
        parse_origins(f"{ALLOWED},{origin}")
