"""A partner's own usage and every partner's, counted from real requests, on both databases.

Requests go through the real app (ASGI) with real tokens; the worker's tally is flushed by the
same ``UsageRecorder.flush`` its background task calls every few seconds.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker
from starlette.applications import Starlette

from api.auth.partners import create_partner
from api.auth.scopes import PartnerType
from api.db.repositories.usage import USAGE
from api.domain.clock import city_today
from api.http.app import create_app
from api.settings import Settings
from tests.auth.helpers import bearer, get_token
from tests.conftest import example_hosts

ENTERPRISES = "query($n: Int!) { enterprises(first: $n) { nodes { id } } }"
MY_USAGE = (
    "query($f: Date!, $t: Date!) { myUsage(from: $f, to: $t) { day requests cost throttled } }"
)
PARTNER_USAGE = """
query($f: Date!, $t: Date!, $first: Int!, $after: String, $type: String, $id: Int) {
  partnerUsage(from: $f, to: $t, first: $first, after: $after, partnerType: $type,
               partnerId: $id) {
    nodes { partnerId partnerName partnerType day requests cost throttled }
    pageInfo { hasNextPage endCursor }
  }
}"""


@pytest.fixture
def make_app(
    settings: Settings, engine: AsyncEngine, sessions: async_sessionmaker[AsyncSession]
) -> Callable[..., Starlette]:
    """Builds the app (in the test's transaction) with settings changed."""

    def make(**update: Any) -> Starlette:
        return create_app(
            settings.model_copy(update=update),
            engine=engine,
            sessions=sessions,
            resolve_host=example_hosts,
        )

    return make


def today() -> str:
    """Today in the city, as the app counts it."""
    return city_today(datetime.now(UTC)).isoformat()


def days_ago(n: int) -> str:
    """``n`` days before today in the city."""
    return (city_today(datetime.now(UTC)) - timedelta(days=n)).isoformat()


async def partner(
    client: httpx.AsyncClient, session: AsyncSession, kind: PartnerType, name: str
) -> tuple[int, dict[str, str]]:
    """A new partner's id and the headers carrying its token."""
    issued = await create_partner(session, partner_type=kind, name=name)
    await session.commit()
    token = await get_token(client, issued.client_id, issued.client_secret)
    return issued.partner_id, bearer(token)


async def gql(
    client: httpx.AsyncClient, headers: dict[str, str], query: str, **variables: Any
) -> httpx.Response:
    """One GraphQL request."""
    return await client.post(
        "/graphql", json={"query": query, "variables": variables}, headers=headers
    )


async def test_my_usage_counts_requests_cost_and_throttling_per_day(
    make_app: Callable[..., Starlette], session: AsyncSession
) -> None:
    """Two 12-point queries served, the third throttled; myUsage shows exactly that, per day."""
    app = make_app(quota_buckets_by_type="bank=30/1")
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        _, bank = await partner(client, session, PartnerType.BANK, "Counting Bank")
        _, other = await partner(client, session, PartnerType.BANK, "Idle Bank")
        answers = [await gql(client, bank, ENTERPRISES, n=10) for _ in range(3)]
        assert [a.status_code for a in answers] == [200, 200, 429]
        assert await app.state.usage_recorder.flush() == 1  # one partner, one day
        assert app.state.usage_recorder.pending == 0
        mine = await gql(client, bank, MY_USAGE, f=days_ago(2), t=today())
        assert mine.status_code == 200, mine.text
        assert mine.json()["data"]["myUsage"] == [
            {"day": days_ago(2), "requests": 0, "cost": 0, "throttled": 0},
            {"day": days_ago(1), "requests": 0, "cost": 0, "throttled": 0},
            {"day": today(), "requests": 3, "cost": 24, "throttled": 1},
        ]
        # The myUsage request itself is counted too, at the next flush; another partner's
        # requests are its own.
        await gql(client, other, ENTERPRISES, n=1)
        await app.state.usage_recorder.flush()
        again = await gql(client, bank, MY_USAGE, f=today(), t=today())
        assert again.json()["data"]["myUsage"] == [
            {"day": today(), "requests": 4, "cost": 25, "throttled": 1}
        ]


async def test_flushes_add_up_and_never_overwrite(
    make_app: Callable[..., Starlette], session: AsyncSession
) -> None:
    """Each flush adds its counts to the day's row: one row, the sum of every flush."""
    app = make_app()
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        partner_id, bank = await partner(client, session, PartnerType.BANK, "Flushing Bank")
        for _ in range(3):
            await gql(client, bank, ENTERPRISES, n=1)
            await gql(client, bank, ENTERPRISES, n=2)
            await app.state.usage_recorder.flush()
        assert await app.state.usage_recorder.flush() == 0  # nothing new: nothing written
    rows = (
        await session.execute(
            select(func.count(), func.sum(USAGE.c.requests), func.sum(USAGE.c.cost)).where(
                USAGE.c.partner_id == partner_id
            )
        )
    ).one()
    assert tuple(rows) == (1, 6, 3 * (3 + 4))


@pytest.mark.parametrize(
    ("from_day", "to_day", "code"),
    [
        (0, 1, "INVALID_ARGUMENT"),  # from after to
        (-1, -1, "DATE_IN_FUTURE"),  # tomorrow
        (92, 0, "INVALID_ARGUMENT"),  # 93 days
    ],
)
async def test_a_bad_period_is_refused(
    client: httpx.AsyncClient, from_day: int, to_day: int, code: str
) -> None:
    """from after to, a day after today and more than 92 days are refused, with the reason."""
    response = await client.post(
        "/graphql",
        json={"query": MY_USAGE, "variables": {"f": days_ago(from_day), "t": days_ago(to_day)}},
    )
    [error] = response.json()["errors"]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert error["extensions"]["reason"] == code
    assert response.json()["data"] is None


async def test_92_days_are_served(client: httpx.AsyncClient) -> None:
    """The longest period: 92 entries, the first 91 days ago."""
    response = await client.post(
        "/graphql", json={"query": MY_USAGE, "variables": {"f": days_ago(91), "t": today()}}
    )
    days = response.json()["data"]["myUsage"]
    assert len(days) == 92
    assert days[0]["day"] == days_ago(91)


async def test_anonymous_callers_have_no_usage(make_app: Callable[..., Starlette]) -> None:
    """myUsage needs a token."""
    transport = httpx.ASGITransport(app=make_app())
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        response = await gql(client, {}, MY_USAGE, f=today(), t=today())
    assert response.status_code == 401
    assert response.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


async def test_the_credit_office_lists_every_partners_usage_filtered_and_paged(
    make_app: Callable[..., Starlette], session: AsyncSession
) -> None:
    """By type, by partner, a page at a time; a bank may not see the list."""
    app = make_app()
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        first_id, first = await partner(client, session, PartnerType.BANK, "Listed Bank A")
        second_id, second = await partner(client, session, PartnerType.BANK, "Listed Bank B")
        regulator_id, regulator = await partner(
            client, session, PartnerType.REGULATOR, "Listed Regulator"
        )
        _, office = await partner(client, session, PartnerType.CREDIT_OFFICE, "Office")
        for headers, times in ((first, 1), (second, 2), (regulator, 3)):
            for _ in range(times):
                await gql(client, headers, ENTERPRISES, n=1)
        await app.state.usage_recorder.flush()
        banks = await gql(client, office, PARTNER_USAGE, f=today(), t=today(), first=5, type="bank")
        nodes = banks.json()["data"]["partnerUsage"]["nodes"]
        mine = sorted(
            (n["partnerId"], n["requests"])
            for n in nodes
            if n["partnerId"] in (first_id, second_id)
        )
        assert mine == [(first_id, 1), (second_id, 2)]
        assert {n["partnerType"] for n in nodes} == {"bank"}
        assert regulator_id not in {n["partnerId"] for n in nodes}
        one = await gql(client, office, PARTNER_USAGE, f=today(), t=today(), first=5, id=second_id)
        assert one.json()["data"]["partnerUsage"]["nodes"] == [
            {
                "partnerId": second_id,
                "partnerName": "Listed Bank B",
                "partnerType": "bank",
                "day": today(),
                "requests": 2,
                "cost": 6,
                "throttled": 0,
            }
        ]
        seen: list[int] = []
        after = None
        for _ in range(10):
            page = await gql(
                client, office, PARTNER_USAGE, f=today(), t=today(), first=1, after=after
            )
            body = page.json()["data"]["partnerUsage"]
            seen += [n["partnerId"] for n in body["nodes"]]
            if not body["pageInfo"]["hasNextPage"]:
                break
            after = body["pageInfo"]["endCursor"]
        assert seen == sorted(seen), "not in partner order"
        assert {first_id, second_id, regulator_id} <= set(seen)
        assert len(seen) == len(set(seen))
        refused = await gql(client, first, PARTNER_USAGE, f=today(), t=today(), first=5)
        assert refused.json()["errors"][0]["extensions"]["code"] == "FORBIDDEN"
        unknown = await gql(
            client, office, PARTNER_USAGE, f=today(), t=today(), first=5, type="casino"
        )
        assert unknown.json()["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
