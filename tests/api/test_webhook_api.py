"""Bank webhooks over GraphQL: only public destinations register (host names resolved through an
injected table, no DNS), and a bank's developer reads its own outbox, never another bank's."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Iterator, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from api.auth.partners import create_partner
from api.auth.scopes import PartnerType
from api.db.repositories import Repositories
from api.db.tables import table_of
from api.db.tables.banking import WebhookDeliveryRow
from api.domain.banking.lending import BorrowerEvent, EventType
from api.http.app import create_app
from api.settings import Settings
from api.webhooks.settings import get_webhook_settings
from tests.auth.helpers import get_token
from tests.gql import gql

#: What the injected resolver answers; anything else does not resolve.
DNS = {
    "hooks.bank.example": ["93.184.215.14", "2606:2800:220:1:248:1893:25c8:1946"],
    "split.bank.example": ["93.184.215.14", "10.1.2.3"],
    "metadata.bank.example": ["169.254.169.254"],
    "mapped.bank.example": ["::ffff:127.0.0.1"],
    "cgnat.bank.example": ["100.64.12.34"],
    "ula.bank.example": ["fd00:1234::5"],
    "loopback.bank.example": ["127.0.0.1"],
}
REGISTER = """
mutation Hook($url: String!) {
  registerWebhook(url: $url) { url errors { field code message } }
}
"""
DELIVERIES = """
query Deliveries($first: Int!, $after: String, $status: WebhookDeliveryStatus) {
  webhookDeliveries(first: $first, after: $after, status: $status) {
    edges { cursor node {
      eventId type status attempts createdAt deliveredAt nextAttemptAt lastError body
    } }
    pageInfo { hasNextPage endCursor }
  }
}
"""
WEBHOOK_TABLE = table_of(WebhookDeliveryRow)
NOW = datetime(2026, 6, 1, 9, tzinfo=UTC)


@pytest.fixture
def asked() -> list[str]:
    """The hosts the injected resolver was asked about, in order."""
    return []


@pytest.fixture
async def hook_client(
    settings: Settings,
    engine: AsyncEngine,
    sessions: async_sessionmaker[AsyncSession],
    asked: list[str],
) -> AsyncIterator[httpx.AsyncClient]:
    """The app with webhook hosts resolved from ``DNS`` (in the test's transaction)."""

    async def resolve(host: str) -> Sequence[str]:
        asked.append(host)
        return DNS.get(host, [])

    app = create_app(settings, engine=engine, sessions=sessions, resolve_host=resolve)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        yield client


def _loopback(monkeypatch: pytest.MonkeyPatch, allowed: bool) -> Iterator[None]:
    monkeypatch.setenv("CREDIT_WEBHOOK_ALLOW_LOOPBACK_HTTP", "true" if allowed else "false")
    get_webhook_settings.cache_clear()
    yield
    get_webhook_settings.cache_clear()


@pytest.fixture
def no_loopback(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The production setting: loopback URLs are refused."""
    yield from _loopback(monkeypatch, False)


@pytest.fixture
def loopback(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """``CREDIT_WEBHOOK_ALLOW_LOOPBACK_HTTP=true`` (tests, local receivers)."""
    yield from _loopback(monkeypatch, True)


async def bank(client: httpx.AsyncClient, session: AsyncSession) -> tuple[int, str]:
    """A new bank partner: its id and a token."""
    issued = await create_partner(session, partner_type=PartnerType.BANK, name="Hook test bank")
    await session.commit()
    return issued.partner_id, await get_token(client, issued.client_id, issued.client_secret)


@pytest.mark.parametrize(
    ("url", "says"),
    [
        ("https://10.0.0.5/hook", "10.0.0.5 is not a public address (private)"),
        ("https://169.254.169.254/latest", "169.254.169.254 is not a public address (link-local)"),
        ("https://[::1]:8443/hook", "::1 is not a public address (loopback)"),
        ("https://127.0.0.1/hook", "127.0.0.1 is not a public address (loopback)"),
        ("https://[fd00::1]/hook", "fd00::1 is not a public address (unique-local)"),
        ("https://100.64.0.1/hook", "100.64.0.1 is not a public address (shared"),
        ("https://[::ffff:10.0.0.1]/hook", "::ffff:10.0.0.1 is not a public address (private)"),
        (
            "https://split.bank.example/hook",
            "split.bank.example resolves to an address that is not public (private)",
        ),
        (
            "https://metadata.bank.example/hook",
            "metadata.bank.example resolves to an address that is not public (link-local)",
        ),
        (
            "https://mapped.bank.example/hook",
            "mapped.bank.example resolves to an address that is not public (loopback)",
        ),
        ("https://cgnat.bank.example/h", "cgnat.bank.example resolves to an address that is not"),
        ("https://ula.bank.example/h", "ula.bank.example resolves to an address that is not"),
        ("https://loopback.bank.example/h", "loopback.bank.example resolves to an address that"),
        ("https://nowhere.bank.example/h", "nowhere.bank.example does not resolve to any address"),
    ],
)
async def test_non_public_destinations_are_refused(
    hook_client: httpx.AsyncClient, session: AsyncSession, no_loopback: None, url: str, says: str
) -> None:
    bank_id, token = await bank(hook_client, session)
    payload = (await gql(hook_client, REGISTER, {"url": url}, token=token))["data"][
        "registerWebhook"
    ]
    assert payload["url"] is None
    [error] = payload["errors"]
    assert error["field"] == "url"
    assert error["code"] == "INVALID_ARGUMENT"
    assert error["message"].startswith(says), error["message"]
    assert "10.1.2.3" not in error["message"]  # a resolved internal address is never shown
    assert await Repositories(session).webhooks.endpoint(bank_id) is None


async def test_public_destinations_register_and_literals_are_not_resolved(
    hook_client: httpx.AsyncClient, session: AsyncSession, no_loopback: None, asked: list[str]
) -> None:
    bank_id, token = await bank(hook_client, session)
    for url in [
        "https://hooks.bank.example/credit",
        "https://93.184.215.14/credit",
        "https://[2606:4700:4700::1111]:8443/credit",
    ]:
        payload = (await gql(hook_client, REGISTER, {"url": url}, token=token))["data"][
            "registerWebhook"
        ]
        assert payload == {"url": url, "errors": []}
        assert await Repositories(session).webhooks.endpoint(bank_id) == url
    assert asked == ["hooks.bank.example"]


async def test_loopback_is_accepted_only_under_the_setting(
    hook_client: httpx.AsyncClient, session: AsyncSession, loopback: None
) -> None:
    _, token = await bank(hook_client, session)
    for url in [
        "http://127.0.0.1:9/hook",
        "http://localhost:9/hook",
        "https://loopback.bank.example/h",
    ]:
        payload = (await gql(hook_client, REGISTER, {"url": url}, token=token))["data"][
            "registerWebhook"
        ]
        if url.startswith("http://localhost"):
            # localhost is a name: the injected table does not know it, so it is refused.
            assert payload["errors"][0]["message"].startswith("localhost does not resolve")
        else:
            assert payload == {"url": url, "errors": []}
    private = await gql(hook_client, REGISTER, {"url": "https://10.0.0.5/h"}, token=token)
    assert private["data"]["registerWebhook"]["errors"][0]["code"] == "INVALID_ARGUMENT"


async def _enqueue(session: AsyncSession, bank_id: int, count: int, start: datetime) -> list[str]:
    repos = Repositories(session)
    return [
        await repos.webhooks.enqueue(
            bank_id,
            BorrowerEvent(EventType.GRADE_WORSENED, {"grade": "C", "n": n}),
            subscription_id=None,
            subject={"uscc": "91330000000000000X"},
            now=start + timedelta(minutes=n),
        )
        for n in range(count)
    ]


async def test_a_bank_reads_its_own_outbox_newest_first_by_status(
    hook_client: httpx.AsyncClient, session: AsyncSession
) -> None:
    mine, token = await bank(hook_client, session)
    other, other_token = await bank(hook_client, session)
    first, second, third = await _enqueue(session, mine, 3, NOW)
    [theirs] = await _enqueue(session, other, 1, NOW + timedelta(hours=1))
    await session.execute(
        update(WEBHOOK_TABLE)
        .where(WEBHOOK_TABLE.c.event_id == first)
        .values(attempts=1, delivered_at=NOW + timedelta(seconds=5))
    )
    await session.execute(
        update(WEBHOOK_TABLE)
        .where(WEBHOOK_TABLE.c.event_id.in_([second, theirs]))
        .values(attempts=2, last_error="HTTP 503", next_attempt_at=NOW + timedelta(minutes=9))
    )
    await session.commit()

    page = (await gql(hook_client, DELIVERIES, {"first": 10}, token=token))["data"][
        "webhookDeliveries"
    ]
    nodes = [edge["node"] for edge in page["edges"]]
    assert [n["eventId"] for n in nodes] == [third, second, first]
    assert [n["status"] for n in nodes] == ["PENDING", "FAILING", "DELIVERED"]
    assert [n["attempts"] for n in nodes] == [0, 2, 1]
    assert {n["type"] for n in nodes} == {"GRADE_WORSENED"}
    assert nodes[1]["lastError"] == "HTTP 503"
    assert nodes[1]["nextAttemptAt"].startswith("2026-06-01T09:09:00")
    assert nodes[2]["deliveredAt"].startswith("2026-06-01T09:00:05")
    assert nodes[2]["nextAttemptAt"] is None
    assert nodes[0]["deliveredAt"] is None
    assert nodes[0]["createdAt"].startswith("2026-06-01T09:02:00")
    body = json.loads(nodes[0]["body"])
    assert body["id"] == third
    assert body["type"] == "borrower.grade_worsened"
    assert body["data"]["n"] == 2
    assert page["pageInfo"]["hasNextPage"] is False

    for status, expected in [("PENDING", [third]), ("FAILING", [second]), ("DELIVERED", [first])]:
        only = await gql(hook_client, DELIVERIES, {"first": 10, "status": status}, token=token)
        edges = only["data"]["webhookDeliveries"]["edges"]
        assert [e["node"]["eventId"] for e in edges] == expected, status

    # The other bank sees its own event only, and its cursor is no use to us.
    seen = (await gql(hook_client, DELIVERIES, {"first": 10}, token=other_token))["data"][
        "webhookDeliveries"
    ]
    assert [e["node"]["eventId"] for e in seen["edges"]] == [theirs]
    stolen = await gql(
        hook_client,
        DELIVERIES,
        {"first": 10, "after": seen["edges"][0]["cursor"]},
        token=token,
    )
    assert stolen["data"] is None
    assert "another list" in stolen["errors"][0]["message"]


async def test_the_outbox_pages_with_sealed_cursors_in_one_query_a_page(
    hook_client: httpx.AsyncClient, session: AsyncSession, engine: AsyncEngine
) -> None:
    from sqlalchemy import event

    mine, token = await bank(hook_client, session)
    made = await _enqueue(session, mine, 5, NOW)
    await session.commit()
    statements: list[str] = []

    def count(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if "webhook_deliveries" in statement:
            statements.append(statement)

    seen: list[str] = []
    after: str | None = None
    event.listen(engine.sync_engine, "before_cursor_execute", count)
    try:
        for _ in range(3):
            variables: dict[str, Any] = {"first": 2, "after": after}
            page = (await gql(hook_client, DELIVERIES, variables, token=token))["data"][
                "webhookDeliveries"
            ]
            seen += [e["node"]["eventId"] for e in page["edges"]]
            after = page["pageInfo"]["endCursor"]
            if not page["pageInfo"]["hasNextPage"]:
                break
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", count)
    assert seen == list(reversed(made))
    assert len(statements) == 3  # one query a page, whatever its size
    too_many = await gql(hook_client, DELIVERIES, {"first": 101}, token=token)
    assert too_many["data"] is None
