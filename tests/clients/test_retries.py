"""Retries and failures against a stand-in platform (an httpx MockTransport: the server is mocked,
the client is real). The platform does not throttle yet; these answers are what it would send."""

from __future__ import annotations

import asyncio
import base64
import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import httpx
import pytest
from credit_platform_client import (
    AuthenticationError,
    CreditPlatformClient,
    CreditPlatformError,
    ForbiddenError,
    GraphQLError,
    RetryPolicy,
    ServiceUnavailableError,
    ThrottledError,
    TransportError,
)
from credit_platform_client import operations as ops
from credit_platform_client.client import operation_kind
from credit_platform_client.retries import parse_retry_after

BASE = "http://platform.test"
QUERY = "query Q { ping }"
MUTATION = "mutation M($input: In!) { act(input: $input) { ok } }"
Answer = Callable[[httpx.Request], httpx.Response]


class Platform:
    """A stand-in platform: issues tokens, answers /graphql with the scripted answers in turn."""

    def __init__(
        self, *answers: Answer | httpx.Response, token_answers: list[Answer] | None = None
    ) -> None:
        self.answers = list(answers)
        self.token_answers = list(token_answers or [])
        self.graphql_calls: list[httpx.Request] = []
        self.token_calls: list[httpx.Request] = []
        self.tokens = 0
        self.expires_in = 300.0

    def __call__(self, request: httpx.Request) -> httpx.Response:
        """Route one request."""
        if request.url.path == "/oauth/token":
            self.token_calls.append(request)
            if self.token_answers:
                return self.token_answers.pop(0)(request)
            self.tokens += 1
            body: dict[str, object] = {"access_token": f"t{self.tokens}", "token_type": "Bearer"}
            body["expires_in"] = self.expires_in
            return httpx.Response(200, json=body)
        self.graphql_calls.append(request)
        answer = self.answers.pop(0) if len(self.answers) > 1 else self.answers[0]
        return answer(request) if callable(answer) else answer


class Sleeps(list[float]):
    """Records the waits the client asks for instead of waiting."""

    async def __call__(self, seconds: float) -> None:
        """Note the wait."""
        self.append(seconds)


OK = httpx.Response(200, json={"data": {"ping": "pong"}})


def _client(
    platform: Platform, sleeps: Sleeps, attempts: int = 4, max_backoff: float = 8.0
) -> CreditPlatformClient:
    """A real client whose HTTP goes to the stand-in platform."""
    retry = RetryPolicy(attempts=attempts, max_backoff=max_backoff, jitter=False)
    return CreditPlatformClient(
        BASE, "id", "secret", retry=retry, transport=httpx.MockTransport(platform), sleep=sleeps
    )


async def test_429_is_retried_after_what_retry_after_says() -> None:
    """Two 429s with Retry-After: 7, then the answer: two waits of 7 s, three requests."""
    throttled = httpx.Response(429, headers={"retry-after": "7"})
    platform, sleeps = Platform(throttled, throttled, OK), Sleeps()
    async with _client(platform, sleeps) as client:
        assert await client.execute(QUERY) == {"ping": "pong"}
    assert sleeps == [7.0, 7.0]
    assert len(platform.graphql_calls) == 3


async def test_503_honours_an_http_date() -> None:
    """Retry-After as an HTTP date: the wait is the time until then."""
    when = format_datetime(datetime.now(UTC) + timedelta(seconds=30), usegmt=True)
    platform = Platform(httpx.Response(503, headers={"retry-after": when}), OK)
    sleeps = Sleeps()
    async with _client(platform, sleeps) as client:
        await client.execute(QUERY)
    [wait] = sleeps
    assert 27 <= wait <= 30


async def test_backoff_without_retry_after_doubles_and_is_bounded() -> None:
    """No Retry-After: 0.5, 1, 2 ... up to max_backoff; then ServiceUnavailableError."""
    platform, sleeps = Platform(httpx.Response(503)), Sleeps()
    async with _client(platform, sleeps, attempts=5, max_backoff=1.5) as client:
        with pytest.raises(ServiceUnavailableError) as failed:
            await client.execute(QUERY)
    assert sleeps == [0.5, 1.0, 1.5, 1.5]
    assert len(platform.graphql_calls) == 5
    assert failed.value.status_code == 503
    assert failed.value.retry_after is None


async def test_throttled_error_after_the_last_attempt_carries_retry_after() -> None:
    """Attempts are bounded; the error says how long the platform asked to wait."""
    platform, sleeps = Platform(httpx.Response(429, headers={"retry-after": "2"})), Sleeps()
    async with _client(platform, sleeps, attempts=3) as client:
        with pytest.raises(ThrottledError) as failed:
            await client.execute(QUERY)
    assert len(platform.graphql_calls) == 3
    assert failed.value.retry_after == 2.0
    assert "nothing was executed" in str(failed.value)


async def test_a_wait_longer_than_the_policy_allows_is_not_waited() -> None:
    """Retry-After: 3600 with max_retry_after 60: raise at once, the caller decides."""
    platform, sleeps = Platform(httpx.Response(429, headers={"retry-after": "3600"})), Sleeps()
    async with _client(platform, sleeps) as client:
        with pytest.raises(ThrottledError) as failed:
            await client.execute(QUERY)
    assert sleeps == []
    assert failed.value.retry_after == 3600.0


async def test_mutations_are_retried_on_429_which_comes_before_execution() -> None:
    """429 comes before execution, so even a mutation without idempotency key is resent."""
    platform = Platform(httpx.Response(429), httpx.Response(429), OK)
    async with _client(platform, Sleeps()) as client:
        await client.execute(MUTATION, {"input": {"x": 1}})
    assert len(platform.graphql_calls) == 3


async def test_a_mutation_without_idempotency_key_is_not_resent_after_503() -> None:
    """A 503 may follow a commit whose answer was lost: without a key, raise at once."""
    platform, sleeps = Platform(httpx.Response(503), OK), Sleeps()
    async with _client(platform, sleeps) as client:
        with pytest.raises(ServiceUnavailableError) as failed:
            await client.execute(MUTATION, {"input": {"x": 1}})
    assert len(platform.graphql_calls) == 1
    assert sleeps == []
    assert "may have been executed" in str(failed.value)


async def test_a_mutation_with_idempotency_key_is_resent_after_503() -> None:
    """With an idempotencyKey the platform replays the first answer, so a 503 is retried."""
    platform = Platform(httpx.Response(503), OK)
    async with _client(platform, Sleeps()) as client:
        await client.execute(MUTATION, {"input": {"x": 1, "idempotencyKey": "k-1"}})
    assert len(platform.graphql_calls) == 2


@pytest.mark.parametrize(
    ("status", "body"),
    [(500, b"oops"), (502, b"<html>bad gateway</html>"), (400, b'{"errors": [{"message": "x"}]}')],
)
async def test_other_statuses_are_not_retried(status: int, body: bytes) -> None:
    """500, 502 or 400: one request, a CreditPlatformError, no wait."""
    platform, sleeps = Platform(httpx.Response(status, content=body)), Sleeps()
    async with _client(platform, sleeps) as client:
        with pytest.raises(CreditPlatformError):
            await client.execute(QUERY)
    assert len(platform.graphql_calls) == 1
    assert sleeps == []


async def test_graphql_errors_are_raised_with_their_codes_and_not_retried() -> None:
    """An answer with errors: GraphQLError with codes and partial data; FORBIDDEN its own."""
    errors = [{"message": "bad", "extensions": {"code": "BAD_USER_INPUT"}}]
    platform = Platform(httpx.Response(200, json={"data": {"ping": None}, "errors": errors}))
    async with _client(platform, Sleeps()) as client:
        with pytest.raises(GraphQLError) as failed:
            await client.execute(QUERY)
    assert not isinstance(failed.value, ForbiddenError)
    assert failed.value.codes == ["BAD_USER_INPUT"]
    assert failed.value.data == {"ping": None}
    assert len(platform.graphql_calls) == 1


async def test_a_read_timeout_is_retried_for_a_query_only() -> None:
    """A read timeout may come after the platform ran the request: queries are resent."""

    def timeout(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("slow", request=request)

    platform = Platform(timeout, OK)
    async with _client(platform, Sleeps()) as client:
        assert await client.execute(QUERY) == {"ping": "pong"}
    assert len(platform.graphql_calls) == 2


async def test_a_mutation_after_a_read_timeout_is_resent_only_with_an_idempotency_key() -> None:
    """Without idempotencyKey the mutation may have run: TransportError; with one, resent."""

    def timeout(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("slow", request=request)

    platform = Platform(timeout, OK)
    async with _client(platform, Sleeps()) as client:
        with pytest.raises(TransportError) as failed:
            await client.execute(MUTATION, {"input": {"x": 1}})
        assert isinstance(failed.value.__cause__, httpx.ReadTimeout)
        assert len(platform.graphql_calls) == 1
        platform.answers = [timeout, OK]
        data = await client.execute(MUTATION, {"input": {"x": 1, "idempotencyKey": "k-12345678"}})
    assert data == {"ping": "pong"}
    assert len(platform.graphql_calls) == 3


async def test_generated_mutations_say_they_are_mutations() -> None:
    """ops.record_deferred_charge is not resent after a read timeout without a key."""
    sent: list[dict[str, object]] = []

    def timeout(request: httpx.Request) -> httpx.Response:
        sent.append(json.loads(request.content))
        raise httpx.ReadTimeout("slow", request=request)

    charge: ops.RecordDeferredChargeInput = {
        "visitNumber": "V1",
        "amount": "12.50",
        "item": "x-ray",
        "department": "radiology",
        "idempotencyKey": "",
    }
    async with _client(Platform(timeout), Sleeps()) as client:
        with pytest.raises(TransportError):
            await ops.record_deferred_charge(client, pat_charge=charge)
        assert len(sent) == 1
        assert sent[0]["operationName"] == "RecordDeferredCharge"
        with pytest.raises(TransportError):
            await ops.record_deferred_charge(
                client, pat_charge={**charge, "idempotencyKey": "charge-0001"}
            )
    assert len(sent) == 1 + 4


async def test_connection_refused_is_retried_then_a_transport_error() -> None:
    """Nothing was sent: retried even for a mutation; no httpx exception leaks at the end."""

    def refused(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused", request=request)

    platform, sleeps = Platform(refused), Sleeps()
    client = _client(platform, sleeps, attempts=3)
    with pytest.raises(TransportError) as failed:
        await client.execute(MUTATION, {"input": {}})
    assert isinstance(failed.value.__cause__, httpx.ConnectError)
    await client.aclose()


async def test_the_token_endpoint_is_retried_on_503_and_refusals_are_authentication_errors() -> (
    None
):
    """503 at /oauth/token is retried; 401 invalid_client is AuthenticationError at once."""
    unavailable = httpx.Response(503, headers={"retry-after": "1"})
    wrong = httpx.Response(
        401, json={"error": "invalid_client", "error_description": "client authentication failed"}
    )
    platform = Platform(OK, token_answers=[lambda _: unavailable, lambda _: wrong])
    sleeps = Sleeps()
    client = _client(platform, sleeps)
    with pytest.raises(AuthenticationError) as failed:
        await client.authenticate()
    await client.aclose()
    assert failed.value.error == "invalid_client"
    assert failed.value.status_code == 401
    assert sleeps == [1.0]
    assert len(platform.token_calls) == 2


async def test_credentials_go_in_http_basic_form_encoded() -> None:
    """RFC 6749 2.3.1: id and secret form-encoded, then Basic; the grant in the body."""
    platform = Platform(OK)
    client = CreditPlatformClient(
        BASE, "bank:1", "s3cr/t é", transport=httpx.MockTransport(platform), scopes=["a:read"]
    )
    async with client:
        pass
    [request] = platform.token_calls
    encoded = base64.b64encode(b"bank%3A1:s3cr%2Ft%20%C3%A9").decode()
    assert request.headers["authorization"] == f"Basic {encoded}"
    assert request.content == b"grant_type=client_credentials&scope=a%3Aread"


async def test_a_refused_token_is_replaced_once() -> None:
    """401 from /graphql (a revoked token): a new token, the request sent again."""
    refused = httpx.Response(
        401,
        json={"errors": [{"message": "revoked", "extensions": {"oauth_error": "invalid_token"}}]},
    )
    platform = Platform(refused, OK)
    async with _client(platform, Sleeps()) as client:
        assert await client.execute(QUERY) == {"ping": "pong"}
        assert client.access_token == "t2"
        platform.answers = [refused]
        with pytest.raises(AuthenticationError) as failed:
            await client.execute(QUERY)
    assert failed.value.error == "invalid_token"
    assert [r.headers["authorization"] for r in platform.graphql_calls] == [
        "Bearer t1",
        "Bearer t2",
        "Bearer t2",
        "Bearer t3",
    ]


async def test_the_token_is_renewed_before_it_expires() -> None:
    """A fresh token is reused; one in the last tenth of its life is replaced before use."""
    platform = Platform(OK)
    platform.expires_in = 1.0
    async with _client(platform, Sleeps()) as client:
        await client.execute(QUERY)
        await client.execute(QUERY)
        assert len(platform.token_calls) == 1
        await asyncio.sleep(0.95)  # not expired yet, but within the last tenth
        await client.execute(QUERY)
    assert len(platform.token_calls) == 2
    assert [r.headers["authorization"] for r in platform.graphql_calls] == [
        "Bearer t1",
        "Bearer t1",
        "Bearer t2",
    ]


def test_retry_after_values() -> None:
    """Seconds, an HTTP date (past: 0), nothing, garbage."""
    now = datetime(2025, 1, 1, 12, 0, tzinfo=UTC)
    assert parse_retry_after("120", now) == 120.0
    assert parse_retry_after("Wed, 01 Jan 2025 12:00:30 GMT", now) == 30.0
    assert parse_retry_after("Wed, 01 Jan 2025 11:00:00 GMT", now) == 0.0
    assert parse_retry_after(None, now) is None
    assert parse_retry_after("soon", now) is None


@pytest.mark.parametrize(
    ("document", "name", "kind"),
    [
        ("{ ping }", None, "query"),
        ("# mutation in a comment\nquery Q { ping }", None, "query"),
        ('query Q($s: String = "mutation {") { ping }', None, "query"),
        ("mutation M { act }", None, "mutation"),
        ("query A { a } mutation B { b }", "A", "query"),
        ("query A { a } mutation B { b }", "B", "mutation"),
        ("query A { a } mutation B { b }", None, "mutation"),
        ("fragment F on Q { a } query A { ...F }", None, "query"),
    ],
)
def test_operation_kind(document: str, name: str | None, kind: str) -> None:
    """The kind is read from the top level only; an ambiguous document counts as a mutation."""
    assert operation_kind(document, name) == kind
