"""Merchant indicators through GraphQL: recording, the four colours, imports, statistics,
per partner type, and bad input refused with clear codes."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from api.auth.scopes import PartnerType
from api.domain.clock import city_today
from tests.factories import Factory, next_uscc
from tests.gql import gql
from tests.merchant_support import ASSESS, GOOD, RECORD, observation, partner_with_token

TODAY = city_today(datetime.now(UTC))
YESTERDAY = TODAY - timedelta(days=1)

CATEGORIES = "{ merchantIndicatorCategories { code nameZh departments weight measure } }"
IMPORT = """
mutation Import($input: ImportMerchantIndicatorsInput!) {
  importMerchantIndicators(input: $input) {
    lines recorded replayed lineErrors { line code message } errors { code }
  }
}
"""
STATISTICS = """
query Stats($name: String!, $since: Date!) {
  commerceDistrictStatistics(commerceDistrict: $name, since: $since) {
    statistics {
      merchants byColour { colour merchants } complaintsByMonth { month complaints }
      since complaintsBefore complaintsAfter changePercent
    }
    errors { field code }
  }
}
"""


async def _record(client: httpx.AsyncClient, token: str, value: dict[str, Any]) -> dict[str, Any]:
    body = await gql(client, RECORD, {"input": value}, token=token)
    assert "errors" not in body, body
    payload: dict[str, Any] = body["data"]["recordMerchantIndicator"]
    return payload


async def _assess(
    client: httpx.AsyncClient, token: str, uscc: str, as_of: date | None = None
) -> dict[str, Any]:
    variables: dict[str, Any] = {"uscc": uscc}
    if as_of is not None:
        variables["asOf"] = as_of.isoformat()
    body = await gql(client, ASSESS, variables, token=token)
    assert "errors" not in body, body
    result: dict[str, Any] = body["data"]["merchantAssessment"]
    return result


async def test_the_eleven_categories_are_data_with_departments_and_weights(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    _, token = await partner_with_token(client, session, PartnerType.COMMERCE_DISTRICT)
    body = await gql(client, CATEGORIES, token=token)
    categories = body["data"]["merchantIndicatorCategories"]
    assert len(categories) == 11
    assert sum(c["weight"] for c in categories) == 100
    assert categories[0] == {
        "code": "PUBLIC_CREDIT",
        "nameZh": "省公共信用评价",
        "departments": ["development_reform", "tax", "court", "human_resources"],
        "weight": 15,
        "measure": "SCORE",
    }
    assert len({d for c in categories for d in c["departments"]}) == 15


async def test_an_operator_records_and_the_merchant_turns_green_then_red(
    client: httpx.AsyncClient, session: AsyncSession, factory: Factory
) -> None:
    _, uscc = await factory.merchant("东城时代")
    _, token = await partner_with_token(client, session, PartnerType.COMMERCE_DISTRICT, "东城时代")
    nothing = await _assess(client, token, uscc)
    assert nothing["assessment"]["colour"] is None
    assert nothing["assessment"]["reasons"] == ["NO_CURRENT_OBSERVATIONS"]
    for category, value in GOOD.items():
        recorded = await _record(client, token, observation(uscc, category, value, YESTERDAY))
        assert recorded["errors"] == []
        assert recorded["replayed"] is False
    green = (await _assess(client, token, uscc))["assessment"]
    assert (green["colour"], green["score"], green["reasons"]) == ("GREEN", "95.9", ["SCORE_GREEN"])
    assert green["commerceDistrict"] == "东城时代"
    complaints = next(i for i in green["indicators"] if i["category"] == "COMPLAINTS")
    assert complaints == {
        "category": "COMPLAINTS",
        "status": "CURRENT",
        "weight": 15,
        "points": "100",
        "value": "0",
        "asOf": YESTERDAY.isoformat(),
        "department": "market_supervision",
        "redLine": False,
    }
    # A failed fire inspection today: red whatever the score.
    failed = observation(uscc, "fire_safety", "0", TODAY, department="emergency_management")
    assert (await _record(client, token, failed))["errors"] == []
    red = (await _assess(client, token, uscc))["assessment"]
    assert red["colour"] == "RED"
    assert red["reasons"] == ["RED_LINE", "SCORE_GREEN"]
    fire = next(i for i in red["indicators"] if i["category"] == "FIRE_SAFETY")
    assert (fire["asOf"], fire["redLine"], fire["points"]) == (TODAY.isoformat(), True, "0")
    # As of yesterday the merchant was green still.
    assert (await _assess(client, token, uscc, YESTERDAY))["assessment"]["colour"] == "GREEN"


async def test_a_retry_replays_and_a_reused_key_is_refused(
    client: httpx.AsyncClient, session: AsyncSession, factory: Factory
) -> None:
    _, uscc = await factory.merchant("衣裳街")
    _, token = await partner_with_token(client, session, PartnerType.COMMERCE_DISTRICT, "衣裳街")
    first = observation(uscc, "complaints", "2", YESTERDAY, key="key-00000001")
    assert (await _record(client, token, first))["replayed"] is False
    again = await _record(client, token, first)
    assert again["replayed"] is True
    assert again["observation"]["value"] == "2"
    other = {**first, "value": "3"}
    refused = await _record(client, token, other)
    assert refused["observation"] is None
    assert [(e["field"], e["errorCode"]) for e in refused["errors"]] == [
        ("idempotencyKey", "IDEMPOTENCY_KEY_REUSED")
    ]
    indicators = (await _assess(client, token, uscc))["assessment"]["indicators"]
    assert next(i for i in indicators if i["category"] == "COMPLAINTS")["value"] == "2"


@pytest.mark.parametrize(
    ("change", "field", "code"),
    [
        ({"category": "noise"}, "category", "UNKNOWN_CATEGORY"),
        ({"department": "tax"}, "department", "DEPARTMENT_NOT_FOR_CATEGORY"),
        ({"observedOn": (TODAY + timedelta(days=1)).isoformat()}, "observedOn", "DATE_IN_FUTURE"),
        ({"observedOn": "2019-01-01"}, "observedOn", "VALUE_OUT_OF_RANGE"),
        ({"value": "-1"}, "value", "VALUE_OUT_OF_RANGE"),
        ({"value": "2.5"}, "value", "VALUE_OUT_OF_RANGE"),
        ({"value": "1001"}, "value", "VALUE_OUT_OF_RANGE"),
        ({"idempotencyKey": "short"}, "idempotencyKey", "INVALID_ARGUMENT"),
        ({"uscc": "92330502MA2B3C4D5X"}, None, None),
    ],
)
async def test_bad_observations_are_refused_with_their_field_and_code(
    client: httpx.AsyncClient,
    session: AsyncSession,
    factory: Factory,
    change: dict[str, Any],
    field: str | None,
    code: str | None,
) -> None:
    _, uscc = await factory.merchant("衣裳街")
    _, token = await partner_with_token(client, session, PartnerType.COMMERCE_DISTRICT, "衣裳街")
    value = {**observation(uscc, "complaints", "1", YESTERDAY), **change}
    body = await gql(client, RECORD, {"input": value}, token=token)
    if code is None:  # a malformed unified social credit code never reaches the use case
        assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
        return
    payload = body["data"]["recordMerchantIndicator"]
    assert payload["observation"] is None
    assert [(e["field"], e["errorCode"]) for e in payload["errors"]] == [(field, code)]


@pytest.mark.parametrize(
    ("value", "problem"),
    [("NaN", "NOT_A_NUMBER"), ("1e400", "TOO_LARGE"), ("12.25", "TOO_MANY_DECIMALS")],
)
async def test_hostile_numbers_are_refused_before_the_use_case(
    client: httpx.AsyncClient, session: AsyncSession, factory: Factory, value: str, problem: str
) -> None:
    _, uscc = await factory.merchant("衣裳街")
    _, token = await partner_with_token(client, session, PartnerType.COMMERCE_DISTRICT, "衣裳街")
    body = await gql(
        client, RECORD, {"input": observation(uscc, "inspections", value, YESTERDAY)}, token=token
    )
    assert body["data"] is None or body["data"]["recordMerchantIndicator"] is None
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert body["errors"][0]["extensions"]["problem"] == problem


async def test_an_operator_touches_only_its_own_districts_merchants(
    client: httpx.AsyncClient, session: AsyncSession, factory: Factory
) -> None:
    _, elsewhere = await factory.merchant("小西街")
    _, token = await partner_with_token(client, session, PartnerType.COMMERCE_DISTRICT, "衣裳街")
    payload = await _record(client, token, observation(elsewhere, "complaints", "1", YESTERDAY))
    assert [(e["field"], e["errorCode"]) for e in payload["errors"]] == [
        ("uscc", "MERCHANT_NOT_IN_YOUR_DISTRICT")
    ]
    assessed = await _assess(client, token, elsewhere)
    assert assessed["assessment"] is None
    assert assessed["errors"][0]["code"] == "MERCHANT_NOT_IN_YOUR_DISTRICT"
    _, unbound = await partner_with_token(client, session, PartnerType.COMMERCE_DISTRICT)
    payload = await _record(client, unbound, observation(elsewhere, "complaints", "1", YESTERDAY))
    assert [e["errorCode"] for e in payload["errors"]] == ["NOT_A_DISTRICT_OPERATOR"]
    unknown = await _record(client, token, observation(next_uscc(), "complaints", "1", YESTERDAY))
    assert [(e["field"], e["errorCode"]) for e in unknown["errors"]] == [("uscc", "NOT_FOUND")]


async def test_a_regulator_records_for_any_merchant_and_the_office_reads_it(
    client: httpx.AsyncClient, session: AsyncSession, factory: Factory
) -> None:
    _, uscc = await factory.merchant("小西街")
    _, regulator = await partner_with_token(client, session, PartnerType.REGULATOR)
    value = observation(uscc, "food_safety", "55", YESTERDAY, department="health")
    assert (await _record(client, regulator, value))["errors"] == []
    office = client.headers["authorization"].removeprefix("Bearer ")
    found = (await _assess(client, office, uscc))["assessment"]
    assert (found["colour"], found["score"], found["reasons"]) == (
        "RED",
        "55.0",
        ["RED_LINE", "SCORE_RED"],
    )


async def test_an_import_records_good_lines_and_names_each_bad_one(
    client: httpx.AsyncClient, session: AsyncSession, factory: Factory
) -> None:
    _, uscc = await factory.merchant("衣裳街")
    _, other = await factory.merchant("小西街")
    _, token = await partner_with_token(client, session, PartnerType.COMMERCE_DISTRICT, "衣裳街")
    day = YESTERDAY.isoformat()
    future = (TODAY + timedelta(days=3)).isoformat()
    content = "\n".join(
        [
            "uscc,category,department,value,observed_on,note",
            f"{uscc},complaints,market_supervision,1,{day},一次投诉",
            f"{uscc},garbage_sorting,housing,98.5,{day},",
            f"{uscc},noise,market_supervision,1,{day},",
            f"{uscc},complaints,market_supervision,1,{future},",
            f"{uscc},inspections,law_enforcement,abc,{day},",
            f"{other},complaints,market_supervision,1,{day},",
            f"{uscc},complaints,market_supervision,1,yesterday,",
            f"{uscc},complaints",
            f"{uscc},licences,tax,1,{day},",
            f"{uscc},inspections,law_enforcement,NaN,{day},",
            f"{uscc},complaints,market_supervision,1e400,{day},",
            f"{uscc},inspections,law_enforcement,\uff18\uff10,{day},",
        ]
    )
    body = await gql(client, IMPORT, {"input": {"content": content}}, token=token)
    report = body["data"]["importMerchantIndicators"]
    assert (report["lines"], report["recorded"], report["replayed"]) == (12, 2, 0)
    assert [(e["line"], e["code"]) for e in report["lineErrors"]] == [
        (4, "UNKNOWN_CATEGORY"),
        (5, "DATE_IN_FUTURE"),
        (6, "VALUE_OUT_OF_RANGE"),
        (7, "MERCHANT_NOT_IN_YOUR_DISTRICT"),
        (8, "INVALID_ARGUMENT"),
        (9, "INVALID_ARGUMENT"),
        (10, "DEPARTMENT_NOT_FOR_CATEGORY"),
        (11, "VALUE_OUT_OF_RANGE"),
        (12, "VALUE_OUT_OF_RANGE"),
        (13, "VALUE_OUT_OF_RANGE"),
    ]
    assert [e["message"] for e in report["lineErrors"][-3:]] == [
        "value: value 'NaN': 'NaN' is not a number",
        "value: value '1e400': 1E+400 is too large: at most 6 digits before the decimal point "
        "and 1 after",
        "value: value '\uff18\uff10': '\uff18\uff10' is not written as a plain number: "
        "ASCII digits with an optional leading '-', '.' and exponent; no blanks, '+', "
        "underscores or other digits",
    ]
    again = (await gql(client, IMPORT, {"input": {"content": content}}, token=token))["data"]
    assert (
        again["importMerchantIndicators"]["recorded"],
        again["importMerchantIndicators"]["replayed"],
    ) == (0, 2)
    headless = await gql(client, IMPORT, {"input": {"content": "a,b\n1,2"}}, token=token)
    assert headless["data"]["importMerchantIndicators"]["errors"] == [{"code": "INVALID_ARGUMENT"}]


async def test_district_statistics_by_colour_and_complaints_before_and_after(
    client: httpx.AsyncClient, session: AsyncSession, factory: Factory
) -> None:
    _, green = await factory.merchant("东城时代")
    _, red = await factory.merchant("东城时代")
    await factory.merchant("东城时代")  # never observed
    _, token = await partner_with_token(client, session, PartnerType.COMMERCE_DISTRICT, "东城时代")
    for category, value in GOOD.items():
        await _record(client, token, observation(green, category, value, YESTERDAY))
    await _record(client, token, observation(red, "public_credit", "40", YESTERDAY))
    this_month = TODAY.replace(day=1)
    last_month = (this_month - timedelta(days=1)).replace(day=1)
    two_before = (last_month - timedelta(days=1)).replace(day=1)
    three_before = (two_before - timedelta(days=1)).replace(day=1)
    for day, count in ((three_before, "5"), (two_before, "4"), (last_month, "2")):
        await _record(client, token, observation(red, "complaints", count, day))
    since = last_month.isoformat()
    body = await gql(client, STATISTICS, {"name": "东城时代", "since": since}, token=token)
    found = body["data"]["commerceDistrictStatistics"]["statistics"]
    assert found["merchants"] == 3
    assert found["byColour"] == [
        {"colour": "GREEN", "merchants": 1},
        {"colour": "BLUE", "merchants": 0},
        {"colour": "YELLOW", "merchants": 0},
        {"colour": "RED", "merchants": 1},
        {"colour": None, "merchants": 1},
    ]
    assert found["complaintsByMonth"] == [
        {"month": three_before.isoformat(), "complaints": 5},
        {"month": two_before.isoformat(), "complaints": 4},
        {"month": last_month.isoformat(), "complaints": 2},
        {"month": this_month.isoformat(), "complaints": 0},
    ]
    assert (found["complaintsBefore"], found["complaintsAfter"], found["changePercent"]) == (
        9,
        2,
        "-77.8",
    )
    refused = await gql(client, STATISTICS, {"name": "衣裳街", "since": since}, token=token)
    assert refused["data"]["commerceDistrictStatistics"]["errors"] == [
        {"field": "commerceDistrict", "code": "MERCHANT_NOT_IN_YOUR_DISTRICT"}
    ]
    unknown = await gql(client, STATISTICS, {"name": "无此商圈", "since": since})
    assert unknown["data"]["commerceDistrictStatistics"]["errors"] == [
        {"field": "commerceDistrict", "code": "NOT_FOUND"}
    ]


CARD = """
query Card($uscc: UnifiedSocialCreditCode!) {
  merchant(uscc: $uscc) { name indicatorAssessment { colour score asOf reasons } }
}
"""


async def test_the_city_app_shows_a_scanned_merchants_indicator_colour(
    client: httpx.AsyncClient, session: AsyncSession, factory: Factory
) -> None:
    merchant_id, uscc = await factory.merchant("衣裳街")
    _, operator = await partner_with_token(client, session, PartnerType.COMMERCE_DISTRICT, "衣裳街")
    _, app = await partner_with_token(client, session, PartnerType.CITIZEN_APP)
    empty = await gql(client, CARD, {"uscc": uscc}, token=app)
    assert empty["data"]["merchant"]["indicatorAssessment"]["colour"] is None
    await _record(client, operator, observation(uscc, "garbage_sorting", "72.5", YESTERDAY))
    card = await gql(client, CARD, {"uscc": uscc}, token=app)
    assert card["data"]["merchant"] == {
        "name": f"个体商户{merchant_id}",
        "indicatorAssessment": {
            "colour": "BLUE",
            "score": "72.5",
            "asOf": TODAY.isoformat(),
            "reasons": ["SCORE_BLUE"],
        },
    }
