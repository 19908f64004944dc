"""The credit office gives one partner its own bucket; the limiter applies it; bad input is refused.

Both databases; the overrides' cache is re-read on every request here
(``quota_override_refresh_seconds=0``), and its interval is tested on its own below.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from starlette.applications import Starlette

from api.auth.partners import create_partner
from api.auth.scopes import PartnerType
from api.db.quota_overrides import QuotaOverrideCache
from api.db.repositories import Repositories
from api.db.repositories.usage import QUOTAS
from api.domain.errors import InvalidArgumentError
from api.domain.usage.rules import check_bucket
from tests.api.test_usage import ENTERPRISES, gql, make_app, partner

__all__ = ["make_app"]

SET = """
mutation($q: SetPartnerQuotaInput!) {
  setPartnerQuota(input: $q) {
    quota { partnerId size restoreRate }
    errors { field message errorCode }
  }
}"""
CLEAR = """
mutation($id: Int!) { clearPartnerQuota(partnerId: $id) { cleared errors { field errorCode } } }
"""


def status_of(response: httpx.Response) -> dict[str, int]:
    """The throttleStatus a response carries."""
    status: dict[str, int] = response.json()["extensions"]["cost"]["throttleStatus"]
    return status


async def test_an_override_takes_effect_and_other_partners_keep_theirs(
    make_app: Callable[..., Starlette], session: AsyncSession
) -> None:
    """Bank A gets 50/5; bank B keeps the type's 2000/100; clearing gives A the type's again."""
    app = make_app(quota_override_refresh_seconds=0, quota_buckets_by_type="bank=2000/100")
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        a_id, bank_a = await partner(client, session, PartnerType.BANK, "Small Bank")
        _, bank_b = await partner(client, session, PartnerType.BANK, "Usual Bank")
        _, office = await partner(client, session, PartnerType.CREDIT_OFFICE, "Office")
        before = await gql(client, bank_a, ENTERPRISES, n=10)
        assert status_of(before)["maximumAvailable"] == 2000
        answer = await gql(client, office, SET, q={"partnerId": a_id, "size": 50, "restoreRate": 5})
        assert answer.json()["data"]["setPartnerQuota"] == {
            "quota": {"partnerId": a_id, "size": 50, "restoreRate": 5},
            "errors": [],
        }
        served = [await gql(client, bank_a, ENTERPRISES, n=10) for _ in range(5)]
        assert [s.status_code for s in served] == [200, 200, 200, 200, 429]
        assert status_of(served[0]) == {
            "maximumAvailable": 50,
            "currentlyAvailable": 38,
            "restoreRate": 5,
        }
        assert served[4].json()["errors"][0]["extensions"]["code"] == "THROTTLED"
        usual = await gql(client, bank_b, ENTERPRISES, n=10)
        assert status_of(usual) == {
            "maximumAvailable": 2000,
            "currentlyAvailable": 1988,
            "restoreRate": 100,
        }
        cleared = await gql(client, office, CLEAR, id=a_id)
        assert cleared.json()["data"]["clearPartnerQuota"] == {"cleared": True, "errors": []}
        again = await gql(client, office, CLEAR, id=a_id)
        assert again.json()["data"]["clearPartnerQuota"] == {"cleared": False, "errors": []}
        back = await gql(client, bank_a, ENTERPRISES, n=10)
        assert back.status_code == 200
        assert status_of(back)["maximumAvailable"] == 2000


async def test_setting_the_same_quota_twice_is_one_override(
    make_app: Callable[..., Starlette], session: AsyncSession
) -> None:
    """A retried call changes nothing: one row with the values."""
    app = make_app()
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        a_id, _ = await partner(client, session, PartnerType.HOSPITAL, "Retried Hospital")
        _, office = await partner(client, session, PartnerType.CREDIT_OFFICE, "Office")
        variables = {"partnerId": a_id, "size": 400, "restoreRate": 20}
        first = await gql(client, office, SET, q=variables)
        second = await gql(client, office, SET, q=variables)
        assert first.json()["data"] == second.json()["data"]
    count = await session.scalar(
        select(func.count()).select_from(QUOTAS).where(QUOTAS.c.partner_id == a_id)
    )
    assert count == 1


@pytest.mark.parametrize(
    ("size", "rate", "field"),
    [
        (0, 1, "size"),
        (-10, 1, "size"),
        (1_000_001, 1, "size"),
        (100, 0, "restoreRate"),
        (100, -1, "restoreRate"),
        (100, 101, "restoreRate"),
        (20_000, 10_001, "restoreRate"),
    ],
)
async def test_out_of_bounds_buckets_are_refused(
    client: httpx.AsyncClient, session: AsyncSession, size: int, rate: int, field: str
) -> None:
    """Zero, negative, too large, or a rate above the size: INVALID_ARGUMENT on the field."""
    issued = await create_partner(session, partner_type=PartnerType.BANK, name="Bounded Bank")
    await session.commit()
    response = await gql(
        client, {}, SET, q={"partnerId": issued.partner_id, "size": size, "restoreRate": rate}
    )
    payload = response.json()["data"]["setPartnerQuota"]
    assert payload["quota"] is None
    [error] = payload["errors"]
    assert (error["field"], error["errorCode"]) == (field, "INVALID_ARGUMENT")
    count = await session.scalar(select(func.count()).select_from(QUOTAS))
    assert count == 0


async def test_an_unknown_partner_is_not_found(client: httpx.AsyncClient) -> None:
    """No such partner: NOT_FOUND on partnerId, for setting and for clearing."""
    response = await gql(client, {}, SET, q={"partnerId": 987654, "size": 10, "restoreRate": 1})
    [error] = response.json()["data"]["setPartnerQuota"]["errors"]
    assert (error["field"], error["errorCode"]) == ("partnerId", "NOT_FOUND")
    cleared = await gql(client, {}, CLEAR, id=987654)
    assert cleared.json()["data"]["clearPartnerQuota"]["errors"] == [
        {"field": "partnerId", "errorCode": "NOT_FOUND"}
    ]


@pytest.mark.parametrize("size", [10.5, "100", None, 2**40])
async def test_non_integers_never_reach_the_service(client: httpx.AsyncClient, size: Any) -> None:
    """Fractions, strings, null and numbers beyond 32 bits fail GraphQL's Int coercion."""
    response = await gql(client, {}, SET, q={"partnerId": 1, "size": size, "restoreRate": 1})
    body = response.json()
    assert body.get("data") is None
    assert body["errors"][0]["extensions"]["code"] in (
        "BAD_USER_INPUT",
        "GRAPHQL_VALIDATION_FAILED",
    )


async def test_nan_is_refused(client: httpx.AsyncClient) -> None:
    """A NaN sent as a bare JSON token is not JSON: the request is refused, nothing is set."""
    variables = '{"q": {"partnerId": 1, "size": NaN, "restoreRate": 1}}'
    content = f'{{"query": {json.dumps(SET)}, "variables": {variables}}}'
    response = await client.post(
        "/graphql", content=content, headers={"content-type": "application/json"}
    )
    assert response.status_code == 400
    assert "data" not in response.json() or response.json()["data"] is None


@pytest.mark.parametrize(
    "value", [math.nan, math.inf, -math.inf, 1.5, 0.0, True, "5", None, -1, 1_000_001]
)
def test_the_rule_refuses_what_is_not_a_whole_positive_number(value: object) -> None:
    """The domain rule itself, for callers other than GraphQL."""
    with pytest.raises(InvalidArgumentError):
        check_bucket(value, 1)


def test_the_rule_accepts_whole_floats_within_bounds() -> None:
    """50.0 and 5.0 are 50 and 5."""
    assert check_bucket(50.0, 5.0) == (50, 5)
    assert check_bucket(1_000_000, 10_000) == (1_000_000, 10_000)


async def test_the_cache_is_reread_after_its_interval(
    sessions: async_sessionmaker[AsyncSession], session: AsyncSession
) -> None:
    """Within the interval the old copy is used; after it the new override is seen."""
    now = [100.0]
    cache = QuotaOverrideCache(sessions, 5.0, clock=lambda: now[0])
    issued = await create_partner(session, partner_type=PartnerType.BANK, name="Cached Bank")
    await session.commit()
    assert issued.partner_id not in await cache.current()
    await Repositories(session).usage.set_override(
        issued.partner_id, 60, 6, datetime.now(UTC), "test"
    )
    await session.commit()
    now[0] += 4.9
    assert issued.partner_id not in await cache.current()
    now[0] += 0.1
    found = (await cache.current())[issued.partner_id]
    assert (found.size, found.restore_rate) == (60, 6)
