"""Less to learn for strangers: introspection needs a token, no suggestions, directive limits."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from graphql import get_introspection_query
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from api.auth.scopes import PartnerType
from api.graphql.strangers import MAX_DIRECTIVES, MAX_OF_TYPE_DEPTH
from api.http.app import create_app
from api.settings import Settings
from tests.auth.helpers import bearer, create_partner_client, get_token
from tests.conftest import example_hosts

MODERN = {"accept": "application/graphql-response+json"}
SCHEMA = "{ __schema { queryType { name } } }"
TYPE = '{ __type(name: "Query") { name } }'
TYPO = "{ enterprises(first: 1) { nodes { nme } } }"
ENUM_TYPO = (
    "query($g: [GreenActivityClass!]) "
    "{ enterprises(first: 1, filter: {greenClasses: $g}) { nodes { name } } }"
)


@pytest.fixture
async def stranger(client: httpx.AsyncClient) -> httpx.AsyncClient:
    """The suite's client without its token."""
    del client.headers["authorization"]
    return client


@pytest.fixture
async def bank_token(stranger: httpx.AsyncClient, session: AsyncSession) -> str:
    """A bank partner's access token."""
    client_id, secret = await create_partner_client(session, PartnerType.BANK)
    return await get_token(stranger, client_id, secret)


async def post(
    client: httpx.AsyncClient,
    query: str,
    token: str | None = None,
    variables: dict[str, Any] | None = None,
) -> httpx.Response:
    """POST a query, asking for the specification's media type; with a token if given."""
    headers = {**MODERN, **(bearer(token) if token else {})}
    return await client.post(
        "/graphql", json={"query": query, "variables": variables}, headers=headers
    )


def messages(response: httpx.Response) -> list[str]:
    """The error messages of a GraphQL response."""
    return [e["message"] for e in response.json().get("errors", [])]


def of_type_chain(depth: int) -> str:
    """An introspection of ``Query`` nesting ``depth`` ofType fields."""
    inner = "name"
    for _ in range(depth):
        inner = f"kind ofType {{ {inner} }}"
    return f'{{ __type(name: "Query") {{ {inner} }} }}'


@pytest.mark.parametrize("query", [SCHEMA, TYPE])
async def test_anonymous_introspection_is_refused(stranger: httpx.AsyncClient, query: str) -> None:
    """401 with a Bearer challenge, UNAUTHENTICATED and a clear message, no data."""
    response = await post(stranger, query)
    assert response.status_code == 401, response.text
    assert response.headers["www-authenticate"].startswith("Bearer")
    body = response.json()
    assert "data" not in body
    (error,) = body["errors"]
    assert error["extensions"]["code"] == "UNAUTHENTICATED"
    assert error["message"].startswith("Introspection needs an access token")
    legacy = await stranger.post("/graphql", json={"query": query})
    assert legacy.status_code == 401  # whatever the media type


async def test_anonymous_typename_still_answers(stranger: httpx.AsyncClient) -> None:
    """``__typename`` tells nothing about the schema: it stays open."""
    response = await post(stranger, "{ __typename }")
    assert response.status_code == 200, response.text
    assert response.json()["data"] == {"__typename": "Query"}


async def test_with_a_token_the_standard_introspection_works(
    stranger: httpx.AsyncClient, bank_token: str
) -> None:
    """GraphiQL's introspection query (graphql-core's, every option on) passes with a token."""
    for query in (
        get_introspection_query(),
        get_introspection_query(
            descriptions=True,
            specified_by_url=True,
            directive_is_repeatable=True,
            schema_description=True,
            input_value_deprecation=True,
        ),
    ):
        response = await post(stranger, query, bank_token)
        assert response.status_code == 200, response.text
        schema = response.json()["data"]["__schema"]
        assert schema["queryType"]["name"] == "Query"
        assert any(t["name"] == "Enterprise" for t in schema["types"])


@pytest.fixture
async def public_client(
    settings: Settings, engine: AsyncEngine, sessions: async_sessionmaker[AsyncSession]
) -> AsyncIterator[httpx.AsyncClient]:
    """An app with CREDIT_PUBLIC_INTROSPECTION on (the demo's), no token."""
    app = create_app(
        settings.model_copy(update={"public_introspection": True}),
        engine=engine,
        sessions=sessions,
        resolve_host=example_hosts,
    )
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        yield client


async def test_public_introspection_lets_strangers_introspect(
    public_client: httpx.AsyncClient,
) -> None:
    """With the setting on, anonymous introspection answers; data still needs a token."""
    assert Settings.model_fields["public_introspection"].default is False
    response = await post(public_client, get_introspection_query())
    assert response.status_code == 200, response.text
    assert response.json()["data"]["__schema"]["queryType"]["name"] == "Query"
    data = await post(public_client, "{ enterprises(first: 1) { nodes { name } } }")
    assert data.status_code == 401
    typo = await post(public_client, TYPO)
    assert typo.status_code == 400
    assert not any("Did you mean" in m for m in messages(typo))


async def test_anonymous_callers_get_no_suggestions(
    stranger: httpx.AsyncClient, bank_token: str
) -> None:
    """A field typo: the partner is told the name, the stranger is not (cached either way)."""
    for token in (bank_token, None, None, bank_token):
        response = await post(stranger, TYPO, token)
        assert response.status_code == 400, response.text
        (message,) = messages(response)
        assert message.startswith("Cannot query field 'nme' on type 'Enterprise'.")
        if token:
            assert "Did you mean 'name'?" in message
        else:
            assert "Did you mean" not in message
            assert "'name'" not in message


async def test_anonymous_variables_get_no_suggestions(
    stranger: httpx.AsyncClient, bank_token: str
) -> None:
    """An enum value's typo in the variables: no enum value is named to a stranger."""
    variables = {"g": ["CLEAN_ENERGI"]}
    partner = await post(stranger, ENUM_TYPO, bank_token, variables)
    assert partner.status_code == 400, partner.text
    assert "Did you mean the enum value 'CLEAN_ENERGY'?" in messages(partner)[0]
    anonymous = await post(stranger, ENUM_TYPO, None, variables)
    assert anonymous.status_code == 400, anonymous.text
    (message,) = messages(anonymous)
    assert "CLEAN_ENERGI" in message
    assert "Did you mean" not in message
    assert "CLEAN_ENERGY" not in message


async def test_literal_typos_get_no_suggestions_either(stranger: httpx.AsyncClient) -> None:
    """Unknown arguments, types and enum literals are not spelt out to a stranger."""
    for query in (
        "{ enterprises(frist: 1) { nodes { name } } }",
        "query($f: EnterpriseFiltr) { enterprises(first: 1, filter: $f) { nodes { name } } }",
        "{ enterprises(first: 1, filter: {greenClasses: [CLEAN_ENERGI]}) { nodes { name } } }",
    ):
        response = await post(stranger, query)
        assert response.status_code == 400, response.text
        assert messages(response)
        assert not any("Did you mean" in m for m in messages(response)), query


async def test_six_directives_on_a_field_are_refused(
    stranger: httpx.AsyncClient, bank_token: str
) -> None:
    """More than MAX_DIRECTIVES on one field: GRAPHQL_VALIDATION_FAILED, 400, no data."""
    six = " ".join(["@include(if: true)", "@skip(if: false)"] * 3)
    response = await post(stranger, f"{{ __typename {six} }}", bank_token)
    assert response.status_code == 400, response.text
    body = response.json()
    assert "data" not in body
    ours = [e for e in body["errors"] if "directives are allowed" in e["message"]]
    assert [e["message"] for e in ours] == [
        f"At most {MAX_DIRECTIVES} directives are allowed on one field ('__typename');"
        " this one has 6."
    ]
    assert ours[0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    fragment = f"{{ ... on Query {six} {{ __typename }} }}"
    refused = await post(stranger, fragment, bank_token)
    assert any("one inline fragment" in m for m in messages(refused))
    five = " ".join(["@include(if: true)", "@skip(if: false)"] * 2 + ["@include(if: true)"])
    allowed = await post(stranger, f"{{ __typename {five} }}", bank_token)
    assert not any("directives are allowed" in m for m in messages(allowed))


async def test_deep_of_type_is_refused(stranger: httpx.AsyncClient, bank_token: str) -> None:
    """Nine nested ofType (the standard query's) answer; ten are refused, through fragments."""
    answered = await post(stranger, of_type_chain(MAX_OF_TYPE_DEPTH), bank_token)
    assert answered.status_code == 200, answered.text
    assert answered.json()["data"]["__type"]["kind"] == "OBJECT"
    for query in (
        of_type_chain(MAX_OF_TYPE_DEPTH + 1),
        of_type_chain(50),
        # The same depth reached through fragments spread inside each other.
        '{ __type(name: "Query") { ...A } } '
        "fragment A on __Type { ofType { ofType { ofType { ...B } } } } "
        "fragment B on __Type { ofType { ofType { ofType { ...C } } } } "
        "fragment C on __Type { ofType { ofType { ofType { ofType { name } } } } }",
    ):
        response = await post(stranger, query, bank_token)
        assert response.status_code == 400, response.text
        body = response.json()
        assert "data" not in body
        (error,) = body["errors"]
        assert error["message"].startswith(f"Introspection may nest at most {MAX_OF_TYPE_DEPTH}")
        assert error["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"


async def test_circular_introspection_lists_are_refused(
    stranger: httpx.AsyncClient, bank_token: str
) -> None:
    """``fields { type { fields ...`` three deep: graphql-core's MaxIntrospectionDepthRule."""
    query = "{ __schema { types { fields { type { fields { type { fields { name } } } } } } } }"
    response = await post(stranger, query, bank_token)
    assert response.status_code == 400, response.text
    assert messages(response) == ["Maximum introspection depth exceeded"]
