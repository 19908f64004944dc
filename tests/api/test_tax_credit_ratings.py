"""reportTaxCreditRating over GraphQL: the tax bureau's yearly grade and score of an enterprise,
kept once per key, mirrored onto the enterprise and its matching facts; bad input refused."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.auth.scopes import PartnerType
from api.db.tables import metadata
from api.domain.banking.model import tax_rank
from api.domain.clock import city_today
from api.domain.subjects.model import TaxGrade
from tests.auth.helpers import create_partner_client, get_token
from tests.factories import Factory
from tests.gql import gql

REPORT = """
mutation Report($input: TaxCreditRatingInput!) {
  reportTaxCreditRating(input: $input) {
    rating { year grade score currentGrade }
    replayed
    errors { field code errorCode message }
  }
}
"""
ENTERPRISE = "query E($uscc: UnifiedSocialCreditCode!) { enterprise(uscc: $uscc) { taxGrade } }"
LAST_YEAR = city_today(datetime.now(UTC)).year - 1


async def _token(client: httpx.AsyncClient, session: AsyncSession, kind: PartnerType) -> str:
    client_id, secret = await create_partner_client(session, kind)
    return await get_token(client, client_id, secret)


def _rating(uscc: str, **extra: Any) -> dict[str, Any]:
    return {
        "uscc": uscc,
        "year": LAST_YEAR,
        "score": "91.50",
        "idempotencyKey": str(uuid.uuid4()),
        **extra,
    }


async def _report(client: httpx.AsyncClient, token: str, rating: dict[str, Any]) -> dict[str, Any]:
    body = await gql(client, REPORT, {"input": rating}, token=token)
    assert "errors" not in body, body
    result: dict[str, Any] = body["data"]["reportTaxCreditRating"]
    return result


async def _ratings(session: AsyncSession, enterprise_id: int) -> list[tuple[int, str, str]]:
    table = metadata.tables["tax_credit_ratings"]
    rows = await session.execute(
        select(table.c.year, table.c.grade, table.c.score)
        .where(table.c.enterprise_id == enterprise_id)
        .order_by(table.c.year)
    )
    return [(int(r[0]), r[1], f"{r[2]:.2f}") for r in rows]


async def test_tax_bureau_reports_a_rating_that_banks_see_at_once(
    client: httpx.AsyncClient, session: AsyncSession, factory: Factory
) -> None:
    tax = await _token(client, session, PartnerType.TAX_BUREAU)
    bank = await _token(client, session, PartnerType.BANK)
    enterprise_id, uscc = await factory.enterprise(tax_grade=None)
    first = _rating(uscc)
    stored = await _report(client, tax, first)
    assert stored == {
        "rating": {"year": LAST_YEAR, "grade": "A", "score": "91.50", "currentGrade": "A"},
        "replayed": False,
        "errors": [],
    }
    seen = await gql(client, ENTERPRISE, {"uscc": uscc}, token=bank)
    assert seen["data"]["enterprise"]["taxGrade"] == "A"
    facts = metadata.tables["match_facts"]
    rank = select(facts.c.tax_rank).where(facts.c.enterprise_id == enterprise_id)
    assert await session.scalar(rank) == tax_rank(TaxGrade.A)  # matching sees it at once
    again = await _report(client, tax, first)
    assert again["replayed"] is True
    assert again["rating"] == stored["rating"]
    other = await _report(client, tax, {**first, "score": "75"})
    assert other["rating"] is None
    assert [(e["errorCode"], e["field"]) for e in other["errors"]] == [
        ("IDEMPOTENCY_KEY_REUSED", "idempotencyKey")
    ]
    older = await _report(client, tax, _rating(uscc, year=LAST_YEAR - 1, score="55"))
    assert older["rating"] == {
        "year": LAST_YEAR - 1,
        "grade": "C",
        "score": "55.00",
        "currentGrade": "A",  # the latest year still decides
    }
    corrected = await _report(client, tax, _rating(uscc, score="72", grade="B"))
    assert corrected["rating"]["currentGrade"] == "B"
    assert await _ratings(session, enterprise_id) == [
        (LAST_YEAR - 1, "C", "55.00"),
        (LAST_YEAR, "B", "72.00"),
    ]
    seen = await gql(client, ENTERPRISE, {"uscc": uscc}, token=bank)
    assert seen["data"]["enterprise"]["taxGrade"] == "B"
    assert await session.scalar(rank) == tax_rank(TaxGrade.B)


async def test_d_may_be_stated_for_any_score_and_m_for_new_enterprises(
    client: httpx.AsyncClient, session: AsyncSession, factory: Factory
) -> None:
    tax = await _token(client, session, PartnerType.TAX_BUREAU)
    _, uscc = await factory.enterprise(tax_grade=TaxGrade.A)
    barred = await _report(client, tax, _rating(uscc, score="95", grade="D"))
    assert barred["rating"]["grade"] == "D"
    assert barred["rating"]["currentGrade"] == "D"
    _, fresh = await factory.enterprise(tax_grade=None)
    new = await _report(client, tax, _rating(fresh, score="80", newOrNoRevenue=True))
    assert new["rating"]["grade"] == "M"


@pytest.mark.parametrize(
    ("change", "code", "field"),
    [
        ({"year": LAST_YEAR + 1}, "DATE_IN_FUTURE", "year"),
        ({"year": 2013}, "INVALID_ARGUMENT", "year"),
        ({"score": "100.01"}, "INVALID_ARGUMENT", "score"),
        ({"score": "-1"}, "INVALID_ARGUMENT", "score"),
        ({"score": "91", "grade": "B"}, "INVALID_ARGUMENT", "grade"),
        ({"score": "60", "grade": "M"}, "INVALID_ARGUMENT", "grade"),
        ({"idempotencyKey": "short"}, "INVALID_ARGUMENT", None),
    ],
)
async def test_bad_reports_are_refused_and_store_nothing(
    client: httpx.AsyncClient,
    session: AsyncSession,
    factory: Factory,
    change: dict[str, Any],
    code: str,
    field: str | None,
) -> None:
    tax = await _token(client, session, PartnerType.TAX_BUREAU)
    enterprise_id, uscc = await factory.enterprise(tax_grade=None)
    refused = await _report(client, tax, _rating(uscc, **change))
    assert refused["rating"] is None
    assert [(e["errorCode"], e["field"]) for e in refused["errors"]] == [(code, field)]
    assert await _ratings(session, enterprise_id) == []


async def test_unknown_enterprise_and_hostile_input(
    client: httpx.AsyncClient, session: AsyncSession, factory: Factory
) -> None:
    tax = await _token(client, session, PartnerType.TAX_BUREAU)
    stranger = await factory.enterprise(tax_grade=None)
    enterprise_id, uscc = stranger
    table = metadata.tables["enterprises"]
    await session.execute(table.delete().where(table.c.subject_id == enterprise_id))
    missing = await _report(client, tax, _rating(uscc))
    assert [(e["errorCode"], e["field"]) for e in missing["errors"]] == [("NOT_FOUND", "uscc")]
    _, real = await factory.enterprise(tax_grade=None)
    for hostile in ("90.123", "NaN", "1e400", "Infinity"):
        body = await gql(client, REPORT, {"input": _rating(real, score=hostile)}, token=tax)
        assert body.get("data") is None or body["data"]["reportTaxCreditRating"]["rating"] is None
        assert body.get("errors") or body["data"]["reportTaxCreditRating"]["errors"], hostile
    malformed = await gql(client, REPORT, {"input": _rating("91330500MA2B3C4D5X")}, token=tax)
    assert malformed["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    writes = metadata.tables["tax_rating_writes"]
    assert await session.scalar(select(func.count()).select_from(writes)) == 0


@pytest.mark.parametrize("kind", [PartnerType.BANK, PartnerType.REGULATOR, PartnerType.HOSPITAL])
async def test_only_the_tax_bureau_reports_ratings(
    client: httpx.AsyncClient, session: AsyncSession, factory: Factory, kind: PartnerType
) -> None:
    other = await _token(client, session, kind)
    enterprise_id, uscc = await factory.enterprise(tax_grade=None)
    body = await gql(client, REPORT, {"input": _rating(uscc)}, token=other)
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert body["data"] is None
    assert await _ratings(session, enterprise_id) == []
