"""Every incentive operator: the generic check and redemption per partner type, bad input."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from api.auth.scopes import PartnerType
from api.domain.consent.model import Purpose
from api.domain.credit.codes import IntegrityColour
from tests.factories import Factory
from tests.gql import gql
from tests.scenario_support import code_for, partner_token, person_of_colour, seed_catalogue

CHECK = """
query Check($scenario: String!, $code: String!) {
  incentiveEligibility(scenarioCode: $scenario, integrityCode: $code) {
    scenarioCode eligible reasons denial colour value usesToday
  }
}
"""
REDEEM = """
mutation Redeem($input: RedeemIncentiveInput!) {
  redeemIncentive(input: $input) {
    grant { scenarioCode source orderReference orderAmount benefitAmount }
    replayed errors { field code message }
  }
}
"""
OPERATORS = """
query Operators($scenario: String!) {
  incentiveScenarioOperators(scenarioCode: $scenario) { scenarioCode operatorTypes onceOnly }
}
"""
SAVE = """
mutation Save($input: SaveScenarioOperatorsInput!) {
  saveScenarioOperators(input: $input) {
    operators { scenarioCode operatorTypes onceOnly } errors { field code }
  }
}
"""


async def _data(
    client: httpx.AsyncClient, query: str, variables: dict[str, Any], token: str
) -> dict[str, Any]:
    body = await gql(client, query, variables, token=token)
    assert "errors" not in body, body
    data: dict[str, Any] = body["data"]
    return data


async def _redeem(
    client: httpx.AsyncClient,
    token: str,
    scenario: str,
    code: str,
    order: str,
    amount: str,
    key: str | None = None,
) -> dict[str, Any]:
    variables = {
        "input": {
            "scenarioCode": scenario,
            "integrityCode": code,
            "orderReference": order,
            "orderAmount": amount,
            "idempotencyKey": key or str(uuid.uuid4()),
        }
    }
    result: dict[str, Any] = (await _data(client, REDEEM, variables, token))["redeemIncentive"]
    return result


def _codes(payload: dict[str, Any]) -> list[str]:
    return [e["code"] for e in payload["errors"]]


async def test_a_commerce_district_checks_and_redeems_a_restaurant_discount_once_per_order(
    client: httpx.AsyncClient, session: AsyncSession, factory: Factory
) -> None:
    await seed_catalogue(session)
    district = await partner_token(client, session, PartnerType.COMMERCE_DISTRICT)
    green, _ = await person_of_colour(factory, IntegrityColour.GREEN)
    code = await code_for(factory, green, Purpose.INCENTIVE_ELIGIBILITY)

    found = await _data(client, CHECK, {"scenario": "restaurant-discount", "code": code}, district)
    assert found["incentiveEligibility"] == {
        "scenarioCode": "restaurant-discount",
        "eligible": True,
        "reasons": [],
        "denial": None,
        "colour": "GREEN",
        "value": "8.00",
        "usesToday": 0,
    }
    key = str(uuid.uuid4())
    first = await _redeem(client, district, "restaurant-discount", code, "MEAL-1", "180.00", key)
    assert first == {
        "grant": {
            "scenarioCode": "restaurant-discount",
            "source": "DISCOUNT",
            "orderReference": "MEAL-1",
            "orderAmount": "180.00",
            "benefitAmount": "14.40",
        },
        "replayed": False,
        "errors": [],
    }
    again = await _redeem(client, district, "restaurant-discount", code, "MEAL-1", "180.00", key)
    assert again["replayed"] is True
    assert again["grant"] == first["grant"]
    other_key = await _redeem(client, district, "restaurant-discount", code, "MEAL-1", "180.00")
    assert _codes(other_key) == ["ORDER_ALREADY_REDEEMED"]
    reused = await _redeem(client, district, "restaurant-discount", code, "MEAL-9", "1.00", key)
    assert _codes(reused) == ["IDEMPOTENCY_KEY_REUSED"]
    capped = await _redeem(client, district, "restaurant-discount", code, "MEAL-2", "900.00")
    assert capped["grant"]["benefitAmount"] == "40.00"
    over = await _redeem(client, district, "restaurant-discount", code, "MEAL-3", "50.00")
    assert _codes(over) == ["DAILY_LIMIT_REACHED"]


@pytest.mark.parametrize(
    ("partner_type", "scenario", "order", "benefit"),
    [
        (PartnerType.BANK, "personal-credit-loan", "100.00", "10.00"),
        (PartnerType.HOSPITAL, "registration-fee-waiver", "20.00", "20.00"),
        (PartnerType.HOSPITAL, "pharmacy-discount", "100.00", "5.00"),
        (PartnerType.MOBILITY_OPERATOR, "bus-fare-discount", "2.00", "1.00"),
        (PartnerType.COMMERCE_DISTRICT, "scenic-ticket-discount", "100.00", None),
        (PartnerType.VILLAGE_COMMITTEE, "elderly-care-discount", "60.00", None),
        (PartnerType.CREDIT_OFFICE, "museum-guide-free", "30.00", None),
    ],
)
async def test_each_operator_type_redeems_its_own_scenarios(
    client: httpx.AsyncClient,
    session: AsyncSession,
    factory: Factory,
    partner_type: PartnerType,
    scenario: str,
    order: str,
    benefit: str | None,
) -> None:
    await seed_catalogue(session)
    token = await partner_token(client, session, partner_type)
    green, _ = await person_of_colour(factory, IntegrityColour.GREEN)
    purpose = Purpose.CREDIT_LOAN if partner_type is PartnerType.BANK else None
    if scenario == "bus-fare-discount":
        purpose = Purpose.MOBILITY_DISCOUNT
    code = await code_for(factory, green, purpose or Purpose.INCENTIVE_ELIGIBILITY)
    granted = await _redeem(client, token, scenario, code, f"{scenario}-1", order)
    assert granted["errors"] == [], granted
    assert granted["grant"]["scenarioCode"] == scenario
    if benefit is not None:
        assert granted["grant"]["benefitAmount"] == benefit


async def test_an_operator_of_another_type_is_refused_with_reasons(
    client: httpx.AsyncClient, session: AsyncSession, factory: Factory
) -> None:
    await seed_catalogue(session)
    hospital = await partner_token(client, session, PartnerType.HOSPITAL)
    green, _ = await person_of_colour(factory, IntegrityColour.GREEN)
    code = await code_for(factory, green, Purpose.INCENTIVE_ELIGIBILITY)
    checked = await _data(
        client, CHECK, {"scenario": "restaurant-discount", "code": code}, hospital
    )
    assert checked["incentiveEligibility"]["reasons"] == ["WRONG_OPERATOR_TYPE"]
    refused = await _redeem(client, hospital, "restaurant-discount", code, "M-1", "10.00")
    assert refused == {"grant": None, "replayed": False, "errors": refused["errors"]}
    assert _codes(refused) == ["WRONG_OPERATOR_TYPE"]
    yellow, _ = await person_of_colour(factory, IntegrityColour.YELLOW)
    district = await partner_token(client, session, PartnerType.COMMERCE_DISTRICT)
    low = await code_for(factory, yellow, Purpose.INCENTIVE_ELIGIBILITY)
    below = await _redeem(client, district, "restaurant-discount", low, "M-2", "10.00")
    assert _codes(below) == ["COLOUR_BELOW_LOWEST"]


async def test_a_once_only_scenario_is_granted_once_per_person(
    client: httpx.AsyncClient, session: AsyncSession, factory: Factory
) -> None:
    await seed_catalogue(session)
    district = await partner_token(client, session, PartnerType.COMMERCE_DISTRICT)
    office = await partner_token(client, session, PartnerType.CREDIT_OFFICE)
    green, _ = await person_of_colour(factory, IntegrityColour.GREEN)
    code = await code_for(factory, green, Purpose.INCENTIVE_ELIGIBILITY)
    first = await _redeem(client, district, "library-deposit-waiver", code, "LIB-1", "100.00")
    assert first["grant"]["benefitAmount"] == "100.00"
    checked = await _data(
        client, CHECK, {"scenario": "library-deposit-waiver", "code": code}, office
    )
    assert checked["incentiveEligibility"]["reasons"] == ["ONCE_ONLY_USED"]
    second = await _redeem(client, office, "library-deposit-waiver", code, "LIB-2", "100.00")
    assert _codes(second) == ["ONCE_ONLY_USED"]


async def test_bad_input_is_refused_clearly(
    client: httpx.AsyncClient, session: AsyncSession, factory: Factory
) -> None:
    await seed_catalogue(session)
    district = await partner_token(client, session, PartnerType.COMMERCE_DISTRICT)
    green, _ = await person_of_colour(factory, IntegrityColour.GREEN)
    code = await code_for(factory, green, Purpose.INCENTIVE_ELIGIBILITY)
    unknown = await _redeem(client, district, "no-such-scenario", code, "X-1", "10.00")
    assert unknown["errors"] == [
        {"field": "scenarioCode", "code": "NOT_FOUND", "message": unknown["errors"][0]["message"]}
    ]
    short_key = await _redeem(client, district, "restaurant-discount", code, "X-3", "10.00", "k")
    assert _codes(short_key) == ["INVALID_ARGUMENT"]
    deferred = await _redeem(client, district, "pay-after-treatment", code, "X-4", "10.00")
    assert _codes(deferred) == ["WRONG_BENEFIT_KIND"]
    bad_code = await _redeem(client, district, "restaurant-discount", "not-a-code", "X-5", "1.00")
    assert bad_code["grant"] is None
    assert bad_code["errors"]
    for amount in ("10.001", "1e400", "NaN", "-5.00"):
        hostile = await gql(
            client,
            REDEEM,
            {
                "input": {
                    "scenarioCode": "restaurant-discount",
                    "integrityCode": code,
                    "orderReference": "X-6",
                    "orderAmount": amount,
                    "idempotencyKey": str(uuid.uuid4()),
                }
            },
            token=district,
        )
        refused_amount = hostile.get("data") is None or _codes(
            hostile["data"]["redeemIncentive"]
        ) == ["INVALID_ARGUMENT"]
        assert refused_amount, (amount, hostile)
        if hostile.get("data") is None:
            assert "orderAmount" in hostile["errors"][0]["message"], hostile
    missing = await gql(client, CHECK, {"scenario": "nope", "code": code}, token=district)
    assert missing["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


async def test_the_credit_office_sets_who_operates_a_scenario(
    client: httpx.AsyncClient, session: AsyncSession, factory: Factory
) -> None:
    await seed_catalogue(session)
    office = await partner_token(client, session, PartnerType.CREDIT_OFFICE)
    seeded = await _data(client, OPERATORS, {"scenario": "pharmacy-discount"}, office)
    assert seeded["incentiveScenarioOperators"] == {
        "scenarioCode": "pharmacy-discount",
        "operatorTypes": ["COMMERCE_DISTRICT", "HOSPITAL"],
        "onceOnly": False,
    }
    change = {
        "scenarioCode": "theatre-ticket-discount",
        "operatorTypes": ["VILLAGE_COMMITTEE"],
        "onceOnly": True,
    }
    saved = (await _data(client, SAVE, {"input": change}, office))["saveScenarioOperators"]
    assert saved == {
        "operators": {
            "scenarioCode": "theatre-ticket-discount",
            "operatorTypes": ["COMMERCE_DISTRICT", "VILLAGE_COMMITTEE"],
            "onceOnly": True,
        },
        "errors": [],
    }
    committee = await partner_token(client, session, PartnerType.VILLAGE_COMMITTEE)
    green, _ = await person_of_colour(factory, IntegrityColour.GREEN)
    code = await code_for(factory, green, Purpose.INCENTIVE_ELIGIBILITY)
    granted = await _redeem(client, committee, "theatre-ticket-discount", code, "T-1", "80.00")
    assert granted["errors"] == []
    citizen = {**change, "operatorTypes": ["CITIZEN_APP"]}
    refused = (await _data(client, SAVE, {"input": citizen}, office))["saveScenarioOperators"]
    assert refused == {
        "operators": None,
        "errors": [{"field": "operatorTypes", "code": "INVALID_ARGUMENT"}],
    }
    unknown = {**change, "scenarioCode": "no-such-scenario"}
    missing = (await _data(client, SAVE, {"input": unknown}, office))["saveScenarioOperators"]
    assert missing["errors"] == [{"field": "scenarioCode", "code": "NOT_FOUND"}]
    district = await partner_token(client, session, PartnerType.COMMERCE_DISTRICT)
    forbidden = await gql(client, SAVE, {"input": change}, token=district)
    assert forbidden["errors"][0]["extensions"]["code"] == "FORBIDDEN"


STATISTICS = """
query Stats($filter: IncentiveStatisticsFilter) {
  incentiveStatistics(filter: $filter) {
    total { beneficiaries uses totalBenefit moneySaved deferred }
    groups { keys { dimension value } uses totalBenefit moneySaved deferred }
  }
}
"""
OPEN = """
mutation Open($input: OpenDeferredAccountInput!) {
  openDeferredAccount(input: $input) { errors { code } }
}
"""
CHARGE = """
mutation Charge($input: RecordDeferredChargeInput!) {
  recordDeferredCharge(input: $input) { errors { code } }
}
"""
SETTLE = """
mutation Settle($input: SettleDeferredAccountInput!) {
  settleDeferredAccount(input: $input) { errors { code } }
}
"""


async def test_statistics_count_a_deferred_payment_apart_and_name_districts_by_the_enum(
    client: httpx.AsyncClient, session: AsyncSession, factory: Factory
) -> None:
    await seed_catalogue(session)
    hospital = await partner_token(client, session, PartnerType.HOSPITAL)
    district = await partner_token(client, session, PartnerType.COMMERCE_DISTRICT)
    office = await partner_token(client, session, PartnerType.CREDIT_OFFICE)
    green, _ = await person_of_colour(factory, IntegrityColour.GREEN)
    visit = {"visitNumber": "V-STATS"}
    pat = await code_for(factory, green, Purpose.PAY_AFTER_TREATMENT)
    opened = await _data(client, OPEN, {"input": {**visit, "integrityCode": pat}}, hospital)
    assert opened["openDeferredAccount"]["errors"] == []
    charge = {
        **visit,
        "amount": "120.00",
        "item": "CT 检查",
        "department": "放射科",
        "idempotencyKey": str(uuid.uuid4()),
    }
    charged = await _data(client, CHARGE, {"input": charge}, hospital)
    assert charged["recordDeferredCharge"]["errors"] == []
    settle = {**visit, "idempotencyKey": str(uuid.uuid4())}
    settled = await _data(client, SETTLE, {"input": settle}, hospital)
    assert settled["settleDeferredAccount"]["errors"] == []
    code = await code_for(factory, green, Purpose.INCENTIVE_ELIGIBILITY)
    meal = await _redeem(client, district, "restaurant-discount", code, "MEAL-S", "180.00")
    assert meal["errors"] == []

    filter_ = {"groupBy": ["SCENARIO", "DISTRICT"]}
    stats = (await _data(client, STATISTICS, {"filter": filter_}, office))["incentiveStatistics"]
    assert stats["total"] == {
        "beneficiaries": 1,
        "uses": 2,
        "totalBenefit": "134.40",
        "moneySaved": "14.40",
        "deferred": "120.00",
    }
    assert stats["groups"] == [
        {
            "keys": [
                {"dimension": "SCENARIO", "value": "pay-after-treatment"},
                {"dimension": "DISTRICT", "value": "WUXING"},
            ],
            "uses": 1,
            "totalBenefit": "120.00",
            "moneySaved": "0.00",
            "deferred": "120.00",
        },
        {
            "keys": [
                {"dimension": "SCENARIO", "value": "restaurant-discount"},
                {"dimension": "DISTRICT", "value": "WUXING"},
            ],
            "uses": 1,
            "totalBenefit": "14.40",
            "moneySaved": "14.40",
            "deferred": "0.00",
        },
    ]
