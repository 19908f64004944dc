"""IP pledge financing through the API, per partner type: a bank registers pledges and reads
its own, the credit office reads the figures, every bad input gets its code, a retry replays."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from api.auth.scopes import PartnerType
from api.domain.clock import city_today
from tests.api.ippledge_support import pledge_input
from tests.auth.helpers import create_partner_client, get_token
from tests.factories import Factory, next_uscc
from tests.gql import error_codes, gql

TODAY = city_today(datetime.now(UTC))

REGISTER = """
mutation Register($input: RegisterIpPledgeInput!) {
  registerIpPledge(input: $input) {
    pledge {
      kind registrationNumber uscc enterpriseName pledgeRegisteredOn
      valuation loanAmount appliedOn loanedOn daysToLoan
    }
    replayed
    errors { field message errorCode }
  }
}
"""
MINE = """
query Mine($first: Int!) {
  myIpPledges(first: $first) { registrationNumber uscc loanAmount daysToLoan }
}
"""
STATS = """
query Stats($since: Date!, $until: Date!) {
  ipPledgeStatistics(since: $since, until: $until) {
    since until enterprises pledges valuationTotal loanTotal meanDaysToLoan
  }
}
"""


async def token_of(session: AsyncSession, client: httpx.AsyncClient, kind: PartnerType) -> str:
    """A token of a new partner of this type."""
    client_id, secret = await create_partner_client(session, kind)
    return await get_token(client, client_id, secret)


async def register(client: httpx.AsyncClient, token: str, values: dict[str, Any]) -> dict[str, Any]:
    """The registerIpPledge payload."""
    body = await gql(client, REGISTER, {"input": values}, token=token)
    assert "errors" not in body, body
    payload: dict[str, Any] = body["data"]["registerIpPledge"]
    return payload


async def test_a_bank_registers_pledges_and_the_credit_office_counts_them(
    client: httpx.AsyncClient, session: AsyncSession, factory: Factory
) -> None:
    _, uscc = await factory.enterprise(name="湖州吴兴丝绸科技有限公司")
    _, other = await factory.enterprise(name="湖州市织里童装有限公司")
    await session.commit()
    bank = await token_of(session, client, PartnerType.BANK)
    office = await token_of(session, client, PartnerType.CREDIT_OFFICE)

    first = pledge_input(uscc, registrationNumber="zl202010123456.2")
    stored = await register(client, bank, first)
    assert stored == {
        "pledge": {
            "kind": "PATENT",
            "registrationNumber": "ZL202010123456.2",
            "uscc": uscc,
            "enterpriseName": "湖州吴兴丝绸科技有限公司",
            "pledgeRegisteredOn": first["pledgeRegisteredOn"],
            "valuation": "5000000.00",
            "loanAmount": "3000000.00",
            "appliedOn": first["appliedOn"],
            "loanedOn": first["loanedOn"],
            "daysToLoan": 7,
        },
        "replayed": False,
        "errors": [],
    }
    # The same key again: the first result, marked replayed, nothing written twice.
    again = await register(client, bank, first)
    assert again["replayed"] is True
    assert again["pledge"] == stored["pledge"]

    loaned = TODAY - timedelta(days=2)
    trademark = pledge_input(
        other,
        kind="TRADEMARK",
        registrationNumber="12345678",
        appliedOn=(loaned - timedelta(days=8)).isoformat(),
        pledgeRegisteredOn=(loaned - timedelta(days=1)).isoformat(),
        loanedOn=loaned.isoformat(),
        valuation="800000",
        loanAmount="500000.5",
    )
    assert (await register(client, bank, trademark))["errors"] == []

    mine = await gql(client, MINE, {"first": 10}, token=bank)
    assert mine["data"]["myIpPledges"] == [
        {
            "registrationNumber": "ZL202010123456.2",
            "uscc": uscc,
            "loanAmount": "3000000.00",
            "daysToLoan": 7,
        },
        {
            "registrationNumber": "12345678",
            "uscc": other,
            "loanAmount": "500000.50",
            "daysToLoan": 8,
        },
    ]
    # Another bank sees none of them.
    stranger = await token_of(session, client, PartnerType.BANK)
    assert (await gql(client, MINE, {"first": 10}, token=stranger))["data"]["myIpPledges"] == []

    period = {"since": (TODAY - timedelta(days=30)).isoformat(), "until": TODAY.isoformat()}
    stats = await gql(client, STATS, period, token=office)
    assert stats["data"]["ipPledgeStatistics"] == {
        **period,
        "enterprises": 2,
        "pledges": 2,
        "valuationTotal": "5800000.00",
        "loanTotal": "3500000.50",
        "meanDaysToLoan": "7.5",
    }


@pytest.mark.parametrize(
    ("changes", "field", "code"),
    [
        ({"registrationNumber": "ZL202010123456.7"}, "registrationNumber", "INVALID_ARGUMENT"),
        (
            {"kind": "TRADEMARK", "registrationNumber": "0123"},
            "registrationNumber",
            "INVALID_ARGUMENT",
        ),
        ({"valuation": "0"}, "valuation", "INVALID_ARGUMENT"),
        ({"loanAmount": "5000000.01"}, "loanAmount", "INVALID_ARGUMENT"),
        ({"loanedOn": (TODAY + timedelta(days=1)).isoformat()}, "loanedOn", "DATE_IN_FUTURE"),
        ({"appliedOn": TODAY.isoformat()}, "pledgeRegisteredOn", "INVALID_ARGUMENT"),
        ({"uscc": next_uscc()}, "uscc", "NOT_FOUND"),
        ({"idempotencyKey": "short"}, "idempotencyKey", "INVALID_ARGUMENT"),
    ],
)
async def test_a_bad_pledge_is_refused_with_its_field_and_code(
    client: httpx.AsyncClient,
    session: AsyncSession,
    factory: Factory,
    changes: dict[str, Any],
    field: str,
    code: str,
) -> None:
    _, uscc = await factory.enterprise()
    await session.commit()
    bank = await token_of(session, client, PartnerType.BANK)
    refused = await register(client, bank, {**pledge_input(uscc), **changes})
    assert refused["pledge"] is None
    assert [(e["field"], e["errorCode"]) for e in refused["errors"]] == [(field, code)]
    assert (await gql(client, MINE, {"first": 10}, token=bank))["data"]["myIpPledges"] == []


async def test_hostile_decimals_and_bad_codes_are_refused_before_the_resolver(
    client: httpx.AsyncClient, session: AsyncSession, factory: Factory
) -> None:
    _, uscc = await factory.enterprise()
    await session.commit()
    bank = await token_of(session, client, PartnerType.BANK)
    for changes in ({"valuation": "1e400"}, {"loanAmount": "NaN"}, {"valuation": "1.001"}):
        body = await gql(client, REGISTER, {"input": pledge_input(uscc, **changes)}, token=bank)
        assert error_codes(body) == ["BAD_USER_INPUT"], body
    body = await gql(client, REGISTER, {"input": pledge_input("not-a-code")}, token=bank)
    assert error_codes(body) == ["BAD_USER_INPUT"], body


async def test_a_key_reused_for_another_pledge_and_a_right_pledged_twice_are_refused(
    client: httpx.AsyncClient, session: AsyncSession, factory: Factory
) -> None:
    _, uscc = await factory.enterprise()
    await session.commit()
    bank = await token_of(session, client, PartnerType.BANK)
    other_bank = await token_of(session, client, PartnerType.BANK)
    first = pledge_input(uscc)
    assert (await register(client, bank, first))["errors"] == []

    reused = await register(client, bank, {**first, "loanAmount": "1.00"})
    assert [e["errorCode"] for e in reused["errors"]] == ["IDEMPOTENCY_KEY_REUSED"]
    twice = await register(client, other_bank, pledge_input(uscc))
    assert [(e["field"], e["errorCode"]) for e in twice["errors"]] == [
        ("registrationNumber", "CONFLICT")
    ]


@pytest.mark.parametrize(
    "kind",
    [t for t in PartnerType if t is not PartnerType.BANK],
)
async def test_only_banks_register_pledges(
    client: httpx.AsyncClient, session: AsyncSession, factory: Factory, kind: PartnerType
) -> None:
    _, uscc = await factory.enterprise()
    await session.commit()
    token = await token_of(session, client, kind)
    body = await gql(client, REGISTER, {"input": pledge_input(uscc)}, token=token)
    assert error_codes(body) == ["FORBIDDEN"]
    request = client.build_request(
        "POST", "/graphql", json={"query": REGISTER, "variables": {"input": pledge_input(uscc)}}
    )
    del request.headers["authorization"]  # the suite's client carries a credit-office token
    anonymous = await client.send(request)
    assert anonymous.status_code == 401
    assert error_codes(anonymous.json()) == ["UNAUTHENTICATED"]


async def test_statistics_periods_are_checked(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    office = await token_of(session, client, PartnerType.CREDIT_OFFICE)
    bank = await token_of(session, client, PartnerType.BANK)
    for since, until in (
        (TODAY, TODAY - timedelta(days=1)),
        (TODAY, TODAY + timedelta(days=1)),
        (date(1999, 1, 1), TODAY),
    ):
        period = {"since": since.isoformat(), "until": until.isoformat()}
        body = await gql(client, STATS, period, token=office)
        assert error_codes(body) == ["BAD_USER_INPUT"], body
    period = {"since": TODAY.isoformat(), "until": TODAY.isoformat()}
    assert error_codes(await gql(client, STATS, period, token=bank)) == ["FORBIDDEN"]
    empty = await gql(client, STATS, period, token=office)
    assert empty["data"]["ipPledgeStatistics"]["meanDaysToLoan"] is None
    assert error_codes(await gql(client, MINE, {"first": 101}, token=bank)) == ["BAD_USER_INPUT"]
