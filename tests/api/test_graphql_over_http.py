"""GraphQL over HTTP as the specification words it: media types, statuses, GET, parameters.

Every test runs through the ASGI app on both databases, as the credit office (the suite's
``client``) unless it says otherwise.
"""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from api.auth.scopes import PartnerType, Scope
from api.observability.operations import ANONYMOUS, OTHER
from tests.auth.helpers import create_partner_client, get_token
from tests.factories import Factory
from tests.observability.test_metrics import delta, scrape

MODERN = "application/graphql-response+json"
LEGACY = "application/json"
TYPENAME = {"query": "{ __typename }"}
#: Requests that fail before execution: a document that does not parse, one that does not
#: validate, variables that do not coerce, an operation that cannot be determined.
REQUEST_ERRORS = {
    "parse": {"query": "{"},
    "validation": {"query": "{ noSuchField }"},
    "coercion": {
        "query": "query($id: ID!) { node(id: $id) { id } }",
        "variables": {"id": None},
    },
    "undetermined": {"query": "query A { __typename } query B { __typename }"},
    "unknown operation": {"query": "query A { __typename }", "operationName": "B"},
    "no operation": {"query": "fragment F on Query { __typename }"},
}


async def send(
    client: httpx.AsyncClient,
    method: str = "POST",
    *,
    accept: str | None = MODERN,
    anonymous: bool = False,
    **options: Any,
) -> httpx.Response:
    """One request to /graphql with exactly this ``Accept`` (None: no header at all)."""
    request = client.build_request(method, "/graphql", **options)
    if accept is None:
        del request.headers["accept"]
    else:
        request.headers["accept"] = accept
    if anonymous:
        del request.headers["authorization"]
    return await client.send(request)


def _uncosted(response: httpx.Response) -> dict[str, Any]:
    """The JSON body without ``extensions.cost`` (tests/api/test_query_cost.py checks it)."""
    body: dict[str, Any] = response.json()
    extensions = body.pop("extensions")
    assert set(extensions) == {"cost"}, extensions
    return body


def media_type(response: httpx.Response) -> str:
    """The response's media type, without parameters."""
    return response.headers["content-type"].split(";")[0].strip()


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        (MODERN, MODERN),
        (LEGACY, LEGACY),
        (f"{MODERN}, {LEGACY};q=0.9", MODERN),
        (f"{LEGACY}, {MODERN}", MODERN),
        (f"{LEGACY}, {MODERN};q=0.5", LEGACY),
        (f"{MODERN}; charset=utf-8", MODERN),
        ("*/*", LEGACY),
        ("application/*", LEGACY),
        (f"{MODERN};q=0, */*", LEGACY),
        (None, LEGACY),
    ],
)
async def test_the_response_media_type_follows_accept(
    client: httpx.AsyncClient, accept: str | None, expected: str
) -> None:
    """graphql-response+json when preferred; application/json for legacy clients and none."""
    response = await send(client, accept=accept, json=TYPENAME)
    assert response.status_code == 200, response.text
    assert media_type(response) == expected
    assert _uncosted(response) == {"data": {"__typename": "Query"}}
    if expected == MODERN:
        assert "charset=utf-8" in response.headers["content-type"]


@pytest.mark.parametrize("accept", ["text/plain", "image/png, text/*", f"{MODERN};q=0"])
async def test_an_accept_without_a_graphql_media_type_is_406(
    client: httpx.AsyncClient, accept: str
) -> None:
    """Nothing runs when the answer could not be read: 406 Not Acceptable."""
    response = await send(client, accept=accept, json=TYPENAME)
    assert response.status_code == 406
    assert response.json()["errors"][0]["extensions"]["code"] == "NOT_ACCEPTABLE"


@pytest.mark.parametrize("case", sorted(REQUEST_ERRORS))
async def test_request_errors_are_400_without_data_in_graphql_response_json(
    client: httpx.AsyncClient, case: str
) -> None:
    """Parse, validation, coercion and operation errors: 400 and no ``data`` entry."""
    response = await send(client, json=REQUEST_ERRORS[case])
    assert response.status_code == 400, response.text
    assert media_type(response) == MODERN
    body = response.json()
    assert "data" not in body
    assert body["errors"][0]["message"]


@pytest.mark.parametrize("case", sorted(REQUEST_ERRORS))
async def test_request_errors_stay_200_with_null_data_for_legacy_clients(
    client: httpx.AsyncClient, case: str
) -> None:
    """application/json keeps what legacy clients know: 200 (a 4xx could be a proxy's)."""
    response = await send(client, accept=LEGACY, json=REQUEST_ERRORS[case])
    assert response.status_code == 200, response.text
    assert media_type(response) == LEGACY
    assert response.json()["data"] is None
    assert response.json()["errors"]


async def test_field_errors_keep_their_data_and_200(
    client: httpx.AsyncClient, session: AsyncSession, factory: Factory
) -> None:
    """A refused field is a field error during execution: 200 with data, not a request error."""
    _, uscc = await factory.enterprise()
    client_id, secret = await create_partner_client(
        session, PartnerType.REGULATOR, [Scope.MERCHANT_READ]
    )
    token = await get_token(client, client_id, secret)
    query = "query($u: UnifiedSocialCreditCode!) { __typename enterprise(uscc: $u) { name } }"
    response = await send(
        client,
        json={"query": query, "variables": {"u": uscc}},
        headers={"authorization": f"Bearer {token}"},
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["data"] == {"__typename": "Query", "enterprise": None}
    assert [e["extensions"]["code"] for e in body["errors"]] == ["FORBIDDEN"]


@pytest.mark.parametrize("accept", [MODERN, LEGACY])
async def test_an_anonymous_protected_read_is_401_without_data(
    client: httpx.AsyncClient, accept: str
) -> None:
    """No token on a protected field: 401 with a Bearer challenge, and no data beside it."""
    query = "{ __typename enterprises(first: 1) { nodes { name } } }"
    response = await send(client, accept=accept, anonymous=True, json={"query": query})
    assert response.status_code == 401
    assert response.headers["www-authenticate"].startswith("Bearer")
    assert media_type(response) == accept
    body = response.json()
    assert "data" not in body
    assert {e["extensions"]["code"] for e in body["errors"]} == {"UNAUTHENTICATED"}


@pytest.mark.parametrize("accept", [MODERN, LEGACY])
async def test_get_runs_queries_from_the_query_string(
    client: httpx.AsyncClient, accept: str
) -> None:
    """GET: the parameters URL-encoded, variables as JSON text, an empty name meaning none."""
    params = {
        "query": "query Type($name: String!) { __type(name: $name) { name } }",
        "variables": json.dumps({"name": "Query"}),
        "operationName": "Type",
        "extensions": "",
    }
    response = await send(client, "GET", accept=accept, params=params)
    assert response.status_code == 200, response.text
    assert media_type(response) == accept
    assert _uncosted(response) == {"data": {"__type": {"name": "Query"}}}
    unnamed = await send(client, "GET", params={"query": "{ __typename }", "operationName": ""})
    assert _uncosted(unnamed) == {"data": {"__typename": "Query"}}


@pytest.mark.parametrize(
    ("query", "operation_name"),
    [
        ("mutation { __typename }", None),
        ("query Q { __typename } mutation M { __typename }", "M"),
    ],
)
async def test_a_mutation_over_get_is_405_with_allow(
    client: httpx.AsyncClient, query: str, operation_name: str | None
) -> None:
    """GET is safe: a mutation is refused with 405 and ``Allow: POST``, before it runs."""
    params = {"query": query, **({"operationName": operation_name} if operation_name else {})}
    response = await send(client, "GET", params=params)
    assert response.status_code == 405
    assert response.headers["allow"] == "POST"
    assert "data" not in response.json()
    assert response.json()["errors"][0]["extensions"]["code"] == "METHOD_NOT_ALLOWED"
    posted = await send(client, json={"query": query, "operationName": operation_name})
    assert _uncosted(posted) == {"data": {"__typename": "Mutation"}}


async def test_get_picks_the_query_of_a_document_with_a_mutation(
    client: httpx.AsyncClient,
) -> None:
    """What GET refuses is the operation it would run, not the document."""
    params = {"query": "query Q { __typename } mutation M { __typename }", "operationName": "Q"}
    response = await send(client, "GET", params=params)
    assert response.status_code == 200, response.text
    assert _uncosted(response) == {"data": {"__typename": "Query"}}


@pytest.mark.parametrize(
    ("query_string", "fragment"),
    [
        ("variables=%7B%7D", '"query" parameter'),
        ("query=%7B__typename%7D&variables=nope", '"variables" is not valid JSON'),
        ("query=%7B__typename%7D&variables=%5B1%5D", '"variables" must be an object'),
        ("query=%7B__typename%7D&extensions=%22x%22", '"extensions" must be an object'),
        ("query=%7B__typename%7D&query=%7B__typename%7D", "more than once"),
    ],
)
async def test_malformed_get_requests_are_400(
    client: httpx.AsyncClient, query_string: str, fragment: str
) -> None:
    """A GET without a query, with non-JSON or non-object variables, or a repeated name: 400."""
    response = await client.get(f"/graphql?{query_string}", headers={"accept": MODERN})
    assert response.status_code == 400, response.text
    assert fragment in response.json()["errors"][0]["message"]


@pytest.mark.parametrize("extensions", ["string", 0, False, ["array"]])
async def test_extensions_that_are_not_an_object_are_400(
    client: httpx.AsyncClient, extensions: object
) -> None:
    """``extensions`` is a map or null; anything else is not a GraphQL-over-HTTP request."""
    response = await send(client, json={**TYPENAME, "extensions": extensions})
    assert response.status_code == 400
    assert '"extensions" must be an object' in response.json()["errors"][0]["message"]


@pytest.mark.parametrize("parameter", ["variables", "operationName", "extensions"])
@pytest.mark.parametrize("accept", [MODERN, LEGACY])
async def test_null_parameters_are_absent(
    client: httpx.AsyncClient, parameter: str, accept: str
) -> None:
    """``null`` for an optional parameter is the same as leaving it out."""
    response = await send(client, accept=accept, json={**TYPENAME, parameter: None})
    assert response.status_code == 200
    assert _uncosted(response) == {"data": {"__typename": "Query"}}
    mapped = await send(client, accept=accept, json={**TYPENAME, "extensions": {"some": "v"}})
    assert _uncosted(mapped) == {"data": {"__typename": "Query"}}


@pytest.mark.parametrize(
    ("body", "fragment"),
    [
        ({"query": 0}, '"query" string'),
        ({"query": ["{ __typename }"]}, '"query" string'),
        ({"qeury": "{ __typename }"}, '"query" string'),
        ({**TYPENAME, "operationName": 1}, '"operationName" must be a string'),
        ({**TYPENAME, "variables": "{}"}, '"variables" must be an object'),
    ],
)
async def test_malformed_parameters_are_400(
    client: httpx.AsyncClient, body: dict[str, Any], fragment: str
) -> None:
    """A missing or mistyped parameter is 400 with its reason."""
    response = await send(client, json=body)
    assert response.status_code == 400
    assert fragment in response.json()["errors"][0]["message"]


@pytest.mark.parametrize(
    ("content_type", "status"),
    [
        (None, 415),
        ("text/plain;charset=UTF-8", 415),
        ("application/json; charset=latin-1", 415),
        ("application/jsonx", 415),
        ("application/json; charset=utf-8", 200),
        ("Application/JSON", 200),
    ],
)
async def test_post_bodies_must_be_json_in_utf8(
    client: httpx.AsyncClient, content_type: str | None, status: int
) -> None:
    """Only ``application/json`` in UTF-8 is read; any other body is 415 with ``Accept``."""
    headers = {"content-type": content_type} if content_type else {}
    request = client.build_request(
        "POST", "/graphql", content=json.dumps(TYPENAME).encode(), headers=headers
    )
    if content_type is None:
        request.headers.pop("content-type", None)
    response = await client.send(request)
    assert response.status_code == status, response.text
    if status == 415:
        assert response.headers["accept"] == LEGACY
        assert response.json()["errors"][0]["extensions"]["code"] == "UNSUPPORTED_MEDIA_TYPE"


@pytest.mark.parametrize(("body", "fragment"), [(b"", "empty"), (b'{ "not a JSON', "not valid")])
async def test_an_empty_or_broken_body_is_400(
    client: httpx.AsyncClient, body: bytes, fragment: str
) -> None:
    """A body that is missing or not JSON is 400, whatever the client accepts."""
    for accept in (MODERN, LEGACY):
        response = await send(
            client, accept=accept, content=body, headers={"content-type": "application/json"}
        )
        assert response.status_code == 400
        assert fragment in response.json()["errors"][0]["message"]


async def test_utf8_documents_are_read_as_utf8(client: httpx.AsyncClient) -> None:
    """A document with characters beyond ASCII comes through whole."""
    query = '{ __type(name: "Run🏃Swim🏊") { name } }'
    response = await send(client, json={"query": query})
    assert response.status_code == 200
    assert _uncosted(response) == {"data": {"__type": None}}


async def test_get_queries_are_counted_and_the_graphiql_page_is_not(
    client: httpx.AsyncClient,
) -> None:
    """The metrics count a GET like a POST; the GraphiQL page is no GraphQL request."""
    before = await scrape(client)
    assert (await send(client, "GET", params={"query": "{ __typename }"})).status_code == 200
    named = await send(client, "GET", params={"query": "query Probe { __typename }"})
    assert named.status_code == 200
    refused = await send(client, "GET", accept=LEGACY, params={"query": "{ nope }"})
    assert refused.status_code == 200
    page = await send(client, "GET", accept="text/html")
    assert page.headers["content-type"].startswith("text/html")
    after = await scrape(client)
    requests = "credit_graphql_requests_total"
    office = {"partner_type": "credit_office"}
    assert delta(before, after, requests, operation=ANONYMOUS, outcome="ok", **office) == 1
    assert delta(before, after, requests, operation=OTHER, outcome="ok", **office) == 1
    assert delta(before, after, requests, operation=ANONYMOUS, outcome="user_error", **office) == 1
    counted = sum(after[key] - before.get(key, 0.0) for key in after if key[0] == requests)
    assert counted == 3
