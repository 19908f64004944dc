"""Traces: with a provider installed, a GraphQL request gives bounded spans and no personal data."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass

import httpx
import pytest
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from api.auth.partners import create_partner
from api.auth.scopes import PartnerType
from api.crypto import Keys
from api.db.engine import create_engine
from api.http.app import create_app
from api.observability.tracing import Tracing, install_tracing
from api.settings import Settings
from tests.auth.helpers import get_token
from tests.conftest import example_hosts
from tests.factories import Factory

PERSON = """
query PatientEligibility($rid: ResidentId) {
  person(purpose: PAY_AFTER_TREATMENT, residentId: $rid) {
    person { name } denial { reason }
  }
}
"""


@dataclass
class Traced:
    """A client on a traced app, where its spans go, and a session in its transaction."""

    client: httpx.AsyncClient
    tracing: Tracing
    exporter: InMemorySpanExporter
    session: AsyncSession


@pytest.fixture
async def traced(settings: Settings, database_url: str) -> AsyncIterator[Traced]:
    """A traced app on its own engine (the listeners die with it), in a rolled-back transaction."""
    exporter = InMemorySpanExporter()
    tracing = install_tracing(exporter)
    engine = create_engine(database_url, pool_size=2, max_overflow=0)
    try:
        async with engine.connect() as connection:
            transaction = await connection.begin()
            sessions = async_sessionmaker(
                bind=connection,
                expire_on_commit=False,
                autoflush=False,
                join_transaction_mode="create_savepoint",
            )
            app = create_app(
                settings,
                engine=engine,
                sessions=sessions,
                resolve_host=example_hosts,
                tracing=tracing,
            )
            transport = httpx.ASGITransport(app=app)
            try:
                async with (
                    httpx.AsyncClient(transport=transport, base_url="http://test") as client,
                    sessions() as session,
                ):
                    yield Traced(client, tracing, exporter, session)
            finally:
                await transaction.rollback()
    finally:
        tracing.shutdown()
        await engine.dispose()


async def test_graphql_request_spans(traced: Traced, keys: Keys) -> None:
    """A server span, a span named by the operation with partner attributes, SQL spans under it."""
    client, exporter, session = traced.client, traced.exporter, traced.session
    _, resident_id = await Factory(session, keys).person()
    issued = await create_partner(session, partner_type=PartnerType.HOSPITAL, name="Traced")
    await session.commit()
    token = await get_token(client, issued.client_id, issued.client_secret)
    assert traced.tracing.provider.force_flush()  # what the set-up did is not the request's
    exporter.clear()

    answer = await client.post(
        "/graphql",
        json={"query": PERSON, "variables": {"rid": resident_id}},
        headers={"authorization": f"Bearer {token}"},
    )
    assert answer.status_code == 200, answer.text
    assert answer.json()["data"]["person"]["denial"]["reason"] == "NO_AUTHORISATION"
    # The BatchSpanProcessor exports in the background; flush to see everything now.
    assert traced.tracing.provider.force_flush()
    spans = exporter.get_finished_spans()
    by_name = {span.name: span for span in spans}

    operation = by_name["PatientEligibility"]
    assert operation.attributes is not None
    assert dict(operation.attributes) == {
        "graphql.operation.name": "PatientEligibility",
        "graphql.operation.type": "query",
        "partner.type": "hospital",
        "partner.id": issued.partner_id,
    }
    server = by_name["POST /graphql"]
    assert operation.parent is not None
    assert operation.parent.span_id == server.context.span_id
    sql = [s for s in spans if s.attributes and "db.system" in s.attributes]
    assert sql, [s.name for s in spans]
    assert all(s.parent is not None for s in sql), [s.name for s in sql if s.parent is None]
    assert any(s.parent and s.parent.span_id == operation.context.span_id for s in sql)

    # A page of enterprises takes the repositories' hot path (on PostgreSQL, cursor events
    # with no execution context): traced, it is answered as untraced.
    office = await create_partner(session, partner_type=PartnerType.CREDIT_OFFICE, name="Office")
    await session.commit()
    office_token = await get_token(client, office.client_id, office.client_secret)
    assert traced.tracing.provider.force_flush()
    exporter.clear()
    page = await client.post(
        "/graphql",
        json={"query": "query GreenEnterprises { enterprises(first: 3) { nodes { name } } }"},
        headers={"authorization": f"Bearer {office_token}"},
    )
    assert page.status_code == 200, page.text
    assert "errors" not in page.json(), page.text
    assert traced.tracing.provider.force_flush()
    assert any(s.name == "SELECT" for s in exporter.get_finished_spans())
    spans = (*spans, *exporter.get_finished_spans())

    # Nothing in any span says who the person is or what the token was.
    for span in spans:
        texts = [span.name, *(str(v) for v in (span.attributes or {}).values())]
        for event in span.events:
            texts += [str(v) for v in (event.attributes or {}).values()]
        for text in texts:
            assert resident_id not in text, (span.name, text)
            assert token not in text, (span.name, text)
            assert issued.client_secret not in text, (span.name, text)
