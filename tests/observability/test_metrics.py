"""GET /metrics: counters move with real requests, labels stay bounded, the endpoint is guarded."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families
from pydantic import SecretStr
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from api.auth.partners import create_partner
from api.auth.scopes import PartnerType
from api.http.app import create_app
from api.observability.operations import ANONYMOUS, KNOWN_OPERATIONS, OTHER, UNREAD
from api.settings import Settings
from tests.auth.helpers import get_token
from tests.factories import Factory

Samples = dict[tuple[str, tuple[tuple[str, str], ...]], float]

PERSON = """
query PatientEligibility($rid: ResidentId) {
  person(purpose: PAY_AFTER_TREATMENT, residentId: $rid) {
    person { name } denial { reason }
  }
}
"""


async def scrape(client: httpx.AsyncClient) -> Samples:
    """Every sample of GET /metrics, keyed by name and sorted labels."""
    response = await client.get("/metrics")
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/plain")
    samples: Samples = {}
    for family in text_string_to_metric_families(response.text):
        for sample in family.samples:
            samples[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return samples


def value(samples: Samples, name: str, **labels: str) -> float:
    """One sample's value (0 when absent)."""
    return samples.get((name, tuple(sorted(labels.items()))), 0.0)


def delta(before: Samples, after: Samples, name: str, **labels: str) -> float:
    """How much one sample moved between two scrapes."""
    return value(after, name, **labels) - value(before, name, **labels)


async def partner(session: AsyncSession, partner_type: PartnerType) -> tuple[str, str]:
    """A committed partner of ``partner_type``: (client id, secret)."""
    issued = await create_partner(session, partner_type=partner_type, name=f"M {partner_type}")
    await session.commit()
    return issued.client_id, issued.client_secret


async def test_graphql_and_token_counters_move(
    client: httpx.AsyncClient, session: AsyncSession, factory: Factory
) -> None:
    """A GraphQL request, a refused and a granted token, a consent refusal: each is counted."""
    client_id, secret = await partner(session, PartnerType.HOSPITAL)
    _, resident_id = await factory.person()
    before = await scrape(client)

    refused = await client.post(
        "/oauth/token", data={"grant_type": "client_credentials"}, auth=(client_id, "wrong")
    )
    assert refused.status_code == 401
    token = await get_token(client, client_id, secret)
    headers = {"authorization": f"Bearer {token}"}
    answer = await client.post(
        "/graphql",
        json={"query": PERSON, "variables": {"rid": resident_id}},
        headers=headers,
    )
    assert answer.json()["data"]["person"]["denial"]["reason"] == "NO_AUTHORISATION"
    # A partner-chosen name (here a resident ID) is never a label: it counts as "other".
    named = await client.post(
        "/graphql",
        json={"query": f"query Q{resident_id} {{ __typename }}"},
        headers=headers,
    )
    assert named.status_code == 200
    anonymous = await client.post(
        "/graphql", json={"query": "{ enterprises(first: 1) { nodes { name } } }"}
    )
    assert anonymous.status_code == 401
    bad_token = await client.post(
        "/graphql", json={"query": "{ __typename }"}, headers={"authorization": "Bearer nope"}
    )
    assert bad_token.status_code == 401
    after = await scrape(client)

    graphql = "credit_graphql_requests_total"
    hospital = {"partner_type": "hospital"}
    assert (
        delta(before, after, graphql, operation="PatientEligibility", outcome="ok", **hospital) == 1
    )
    assert delta(before, after, graphql, operation=OTHER, outcome="ok", **hospital) == 1
    assert (
        delta(
            before,
            after,
            graphql,
            operation=ANONYMOUS,
            outcome="unauthenticated",
            partner_type="anonymous",
        )
        == 1
    )
    assert (
        delta(
            before,
            after,
            graphql,
            operation=UNREAD,
            outcome="unauthenticated",
            partner_type="anonymous",
        )
        == 1
    )
    histogram = "credit_graphql_request_duration_seconds_count"
    assert (
        delta(before, after, histogram, operation="PatientEligibility", outcome="ok", **hospital)
        == 1
    )
    assert delta(before, after, "credit_oauth_token_refusals_total", reason="invalid_client") == 1
    assert delta(before, after, "credit_oauth_token_grants_total", **hospital) == 1
    assert (
        delta(
            before,
            after,
            "credit_personal_read_refusals_total",
            reason="NO_AUTHORISATION",
            purpose="pay_after_treatment",
            **hospital,
        )
        == 1
    )

    # No label anywhere carries an identifier, a secret or a token.
    for (_, labels), _value in after.items():
        for label, text in labels:
            for secret_text in (resident_id, client_id, secret, token, "nope"):
                assert secret_text not in text, (label, text)
            if label == "operation":
                assert text in KNOWN_OPERATIONS | {ANONYMOUS, OTHER, UNREAD}


async def test_forbidden_outcome(client: httpx.AsyncClient, session: AsyncSession) -> None:
    """A field outside the token's scopes is counted as ``forbidden``."""
    client_id, secret = await partner(session, PartnerType.MOBILITY_OPERATOR)
    token = await get_token(client, client_id, secret)
    before = await scrape(client)
    answer = await client.post(
        "/graphql",
        json={"query": "query AuditLog { enterprises(first: 1) { nodes { name } } }"},
        headers={"authorization": f"Bearer {token}"},
    )
    codes = [e["extensions"]["code"] for e in answer.json().get("errors", [])]
    assert codes == ["FORBIDDEN"], answer.text
    after = await scrape(client)
    assert (
        delta(
            before,
            after,
            "credit_graphql_requests_total",
            operation="AuditLog",
            partner_type="mobility_operator",
            outcome="forbidden",
        )
        == 1
    )


async def test_scrape_time_gauges(client: httpx.AsyncClient) -> None:
    """The pool and the outbox are read at scrape time."""
    samples = await scrape(client)
    assert value(samples, "credit_db_pool_size") >= 1
    assert ("credit_db_pool_in_use", ()) in samples
    assert ("credit_db_pool_overflow", ()) in samples
    assert value(samples, "credit_webhook_outbox_depth") >= 0
    assert ("credit_webhook_outbox_depth", ()) in samples


@pytest.fixture
async def app_with(
    settings: Settings, engine: AsyncEngine, sessions: async_sessionmaker[AsyncSession]
) -> AsyncIterator[object]:
    """Builds clients on apps with a chosen metrics token and client address."""
    opened: list[httpx.AsyncClient] = []

    def make(token: str | None, address: str) -> httpx.AsyncClient:
        configured = settings.model_copy(
            update={"metrics_token": SecretStr(token) if token else None}
        )
        app = create_app(configured, engine=engine, sessions=sessions)
        transport = httpx.ASGITransport(app=app, client=(address, 40000))
        opened.append(httpx.AsyncClient(transport=transport, base_url="http://test"))
        return opened[-1]

    yield make
    for client in opened:
        await client.aclose()


@pytest.mark.parametrize("address", ["203.0.113.9", "10.0.0.8", "2001:db8::1"])
async def test_without_a_token_only_loopback_is_answered(app_with: object, address: str) -> None:
    """No CREDIT_METRICS_TOKEN: 403 to anyone off loopback, 200 on 127.0.0.1 and ::1."""
    assert callable(app_with)
    assert (await app_with(None, address).get("/metrics")).status_code == 403
    assert (await app_with(None, "127.0.0.1").get("/metrics")).status_code == 200
    assert (await app_with(None, "::1").get("/metrics")).status_code == 200


async def test_with_a_token_it_is_required_from_anywhere(app_with: object) -> None:
    """CREDIT_METRICS_TOKEN set: no or a wrong bearer is 401, even on loopback; the right is 200."""
    assert callable(app_with)
    secret = "s3cret-metrics-token"
    for address in ("127.0.0.1", "203.0.113.9"):
        client = app_with(secret, address)
        assert (await client.get("/metrics")).status_code == 401
        wrong = await client.get(
            "/metrics", headers={"authorization": "Bearer s3cret-metrics-tokeN"}
        )
        assert wrong.status_code == 401
        basic = await client.get("/metrics", headers={"authorization": f"Basic {secret}"})
        assert basic.status_code == 401
        right = await client.get("/metrics", headers={"authorization": f"Bearer {secret}"})
        assert right.status_code == 200
        assert "credit_graphql_requests" in right.text
