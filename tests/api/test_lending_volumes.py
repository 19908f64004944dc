"""reportLendingVolume and lendingVolumes over GraphQL: banks report a finished month's lending
from their books, the credit office reads the green share of all lending; bad input refused."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.auth.scopes import PartnerType
from api.db.tables import metadata
from api.domain.clock import city_today
from tests.auth.helpers import create_partner_client, get_token
from tests.gql import gql

REPORT = """
mutation Report($input: LendingVolumeInput!) {
  reportLendingVolume(input: $input) {
    volume { bankPartnerId period totalLending greenLending greenShare }
    changed
    errors { field code errorCode message }
  }
}
"""
VOLUMES = """
query Volumes($from: String!, $until: String!) {
  lendingVolumes(periodFrom: $from, periodUntil: $until) {
    volumes { bankPartnerId period totalLending greenLending greenShare }
    totalLending greenLending greenShare
  }
}
"""
TODAY = city_today(datetime.now(UTC))
THIS_MONTH = f"{TODAY:%Y-%m}"
LAST_YEAR = TODAY.year - 1


async def _partner(
    client: httpx.AsyncClient, session: AsyncSession, kind: PartnerType
) -> tuple[str, int]:
    client_id, secret = await create_partner_client(session, kind)
    clients = metadata.tables["oauth_clients"]
    found = await session.scalar(
        select(clients.c.partner_id).where(clients.c.client_id == client_id)
    )
    token = await get_token(client, client_id, secret)
    assert found is not None
    partner_id = int(found)
    return token, partner_id


async def _report(client: httpx.AsyncClient, token: str, **volume: Any) -> dict[str, Any]:
    body = await gql(client, REPORT, {"input": volume}, token=token)
    assert "errors" not in body, body
    result: dict[str, Any] = body["data"]["reportLendingVolume"]
    return result


def _count() -> Any:
    return select(func.count()).select_from(metadata.tables["bank_lending_volumes"])


async def test_banks_report_and_the_office_reads_the_green_share_of_all_lending(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    first, first_id = await _partner(client, session, PartnerType.BANK)
    second, second_id = await _partner(client, session, PartnerType.BANK)
    office, _ = await _partner(client, session, PartnerType.CREDIT_OFFICE)
    stored = await _report(
        client, first, period=f"{LAST_YEAR}-03", totalLending="1000000.00", greenLending="321000"
    )
    assert stored["changed"] is True
    assert stored["volume"] == {
        "bankPartnerId": first_id,
        "period": f"{LAST_YEAR}-03",
        "totalLending": "1000000.00",
        "greenLending": "321000.00",
        "greenShare": "0.3210",
    }
    again = await _report(
        client, first, period=f"{LAST_YEAR}-03", totalLending="1000000", greenLending="321000.00"
    )
    assert again["changed"] is False
    assert again["volume"] == stored["volume"]
    corrected = await _report(
        client, first, period=f"{LAST_YEAR}-03", totalLending="1200000", greenLending="300000"
    )
    assert corrected["changed"] is True
    assert corrected["volume"]["greenShare"] == "0.2500"
    await _report(client, second, period=f"{LAST_YEAR}-04", totalLending="800000", greenLending="0")
    await _report(client, second, period=f"{LAST_YEAR - 2}-01", totalLending="5", greenLending="5")
    assert await session.scalar(_count()) == 3
    body = await gql(
        client, VOLUMES, {"from": f"{LAST_YEAR}-01", "until": f"{LAST_YEAR}-12"}, token=office
    )
    seen = body["data"]["lendingVolumes"]
    assert [(v["bankPartnerId"], v["period"]) for v in seen["volumes"]] == [
        (first_id, f"{LAST_YEAR}-03"),
        (second_id, f"{LAST_YEAR}-04"),
    ]
    assert Decimal(seen["totalLending"]) == Decimal(2_000_000)
    assert Decimal(seen["greenLending"]) == Decimal(300_000)
    assert seen["greenShare"] == "0.1500"
    empty = await gql(client, VOLUMES, {"from": "2015-01", "until": "2015-12"}, token=office)
    assert empty["data"]["lendingVolumes"] == {
        "volumes": [],
        "totalLending": "0",
        "greenLending": "0",
        "greenShare": "0",
    }


@pytest.mark.parametrize(
    ("volume", "code", "field"),
    [
        ({"period": THIS_MONTH}, "DATE_IN_FUTURE", "period"),
        ({"period": f"{TODAY.year + 1}-01"}, "DATE_IN_FUTURE", "period"),
        ({"period": "2013-12"}, "INVALID_ARGUMENT", "period"),
        ({"period": "2025-13"}, "INVALID_ARGUMENT", "period"),
        ({"period": "2025-1"}, "INVALID_ARGUMENT", "period"),
        ({"period": "202501"}, "INVALID_ARGUMENT", "period"),
        ({"greenLending": "1000.01"}, "INVALID_ARGUMENT", "greenLending"),
        ({"totalLending": "-1", "greenLending": "0"}, "INVALID_ARGUMENT", "totalLending"),
        ({"greenLending": "-0.01"}, "INVALID_ARGUMENT", "greenLending"),
    ],
)
async def test_bad_reports_are_refused_and_store_nothing(
    client: httpx.AsyncClient,
    session: AsyncSession,
    volume: dict[str, Any],
    code: str,
    field: str,
) -> None:
    bank, _ = await _partner(client, session, PartnerType.BANK)
    sent = {"period": f"{LAST_YEAR}-06", "totalLending": "1000", "greenLending": "10", **volume}
    refused = await _report(client, bank, **sent)
    assert refused["volume"] is None
    assert [(e["errorCode"], e["field"]) for e in refused["errors"]] == [(code, field)]
    assert await session.scalar(_count()) == 0


async def test_hostile_decimals_are_refused(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    bank, _ = await _partner(client, session, PartnerType.BANK)
    for hostile in ("0.001", "NaN", "Infinity", "1e400", "99999999999999999999"):
        sent = {"period": f"{LAST_YEAR}-06", "totalLending": hostile, "greenLending": "0"}
        body = await gql(client, REPORT, {"input": sent}, token=bank)
        payload = (body.get("data") or {}).get("reportLendingVolume")
        assert body.get("errors") or (payload and payload["errors"]), hostile
    assert await session.scalar(_count()) == 0


@pytest.mark.parametrize(
    ("span", "field"),
    [
        (("2025-06", "2025-05"), "periodUntil"),
        (("2019-01", "2024-01"), "periodUntil"),
        (("2025-00", "2025-05"), "periodFrom"),
        (("2025-01", "soon"), "periodUntil"),
    ],
)
async def test_bad_spans_are_refused(
    client: httpx.AsyncClient, session: AsyncSession, span: tuple[str, str], field: str
) -> None:
    office, _ = await _partner(client, session, PartnerType.CREDIT_OFFICE)
    body = await gql(client, VOLUMES, {"from": span[0], "until": span[1]}, token=office)
    assert body["data"] is None
    error = body["errors"][0]["extensions"]
    assert error["code"] == "BAD_USER_INPUT"
    assert error.get("field", field) == field


@pytest.mark.parametrize("kind", [PartnerType.TAX_BUREAU, PartnerType.HOSPITAL])
async def test_only_banks_report_and_only_statistics_readers_read(
    client: httpx.AsyncClient, session: AsyncSession, kind: PartnerType
) -> None:
    other, _ = await _partner(client, session, kind)
    sent = {"period": f"{LAST_YEAR}-06", "totalLending": "1000", "greenLending": "10"}
    body = await gql(client, REPORT, {"input": sent}, token=other)
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    bank, _ = await _partner(client, session, PartnerType.BANK)
    read = await gql(client, VOLUMES, {"from": "2025-01", "until": "2025-12"}, token=bank)
    assert read["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert await session.scalar(_count()) == 0
