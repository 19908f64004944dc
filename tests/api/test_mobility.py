"""Mobility discounts, coupons and incentive statistics through GraphQL."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from api.auth.scopes import PartnerType
from api.crypto import KeyedAccessCrypto
from api.db.repositories import Repositories
from api.domain.clock import city_today
from api.domain.consent.codes import revoke_integrity_code
from api.domain.consent.model import Purpose
from api.domain.credit.codes import IntegrityColour
from tests.factories import Factory
from tests.gql import gql
from tests.scenario_support import code_for, partner_token, person_of_colour, seed_catalogue

ELIGIBILITY = """
query Check($scenario: String!, $code: String!) {
  mobilityDiscountEligibility(scenarioCode: $scenario, integrityCode: $code) {
    scenarioCode eligible reasons denial colour value usesToday
  }
}
"""
REDEEM = """
mutation Redeem($input: RedeemMobilityDiscountInput!) {
  redeemMobilityDiscount(input: $input) {
    grant { scenarioCode source orderReference orderAmount benefitAmount }
    replayed errors { field code message }
  }
}
"""
ISSUE = """
mutation Issue($input: IssueCouponsInput!) {
  issueCoupons(input: $input) {
    issuedCount skipped replayed coupons { code colour faceValue status }
    errors { field code message }
  }
}
"""
REDEEM_COUPON = """
mutation RedeemCoupon($input: RedeemCouponInput!) {
  redeemCoupon(input: $input) {
    grant { scenarioCode source benefitAmount } replayed errors { field code message }
  }
}
"""
REQUEST_CONSENT = """
mutation Ask($input: RequestConsentInput!) {
  requestConsent(input: $input) { consent { id } errors { code } }
}
"""
AUTHORISE = """
mutation Authorise($id: ID!, $rid: ResidentId) {
  authorizeConsent(consentId: $id, residentId: $rid) { consent { status } errors { code } }
}
"""
SAVE_SCENARIO = """
mutation Save($input: SaveIncentiveScenarioInput!) {
  saveIncentiveScenario(input: $input) {
    scenario { code operatorType lowestColour benefitKind benefitValue
               colourValues { colour value } }
    errors { field code }
  }
}
"""
STATISTICS = """
query Stats($filter: IncentiveStatisticsFilter) {
  incentiveStatistics(filter: $filter) {
    total { beneficiaries uses totalBenefit }
    groups { keys { dimension value } beneficiaries uses totalBenefit }
  }
}
"""


async def _data(
    client: httpx.AsyncClient, query: str, variables: dict[str, Any], token: str | None = None
) -> dict[str, Any]:
    body = await gql(client, query, variables, token=token)
    assert "errors" not in body, body
    data: dict[str, Any] = body["data"]
    return data


async def _redeem(
    client: httpx.AsyncClient,
    token: str,
    code: str,
    order: str,
    amount: str,
    *,
    scenario: str = "parking-discount",
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
    result: dict[str, Any] = (await _data(client, REDEEM, variables, token))[
        "redeemMobilityDiscount"
    ]
    return result


def _codes(payload: dict[str, Any]) -> list[str]:
    return [e["code"] for e in payload["errors"]]


async def test_a_discount_is_granted_once_per_order_within_the_daily_limit(
    client: httpx.AsyncClient, session: AsyncSession, factory: Factory
) -> None:
    await seed_catalogue(session)
    operator = await partner_token(client, session, PartnerType.MOBILITY_OPERATOR)
    green, _ = await person_of_colour(factory, IntegrityColour.GREEN)
    code = await code_for(factory, green, Purpose.MOBILITY_DISCOUNT)

    check = {"scenario": "parking-discount", "code": code}
    found = (await _data(client, ELIGIBILITY, check, operator))["mobilityDiscountEligibility"]
    assert found == {
        "scenarioCode": "parking-discount",
        "eligible": True,
        "reasons": [],
        "denial": None,
        "colour": "GREEN",
        "value": "30.00",
        "usesToday": 0,
    }
    key = str(uuid.uuid4())
    first = await _redeem(client, operator, code, "P-1", "50.00", key=key)
    assert first["errors"] == []
    assert first["grant"] == {
        "scenarioCode": "parking-discount",
        "source": "DISCOUNT",
        "orderReference": "P-1",
        "orderAmount": "50.00",
        "benefitAmount": "15.00",
    }
    replay = await _redeem(client, operator, code, "P-1", "50.00", key=key)
    assert (replay["replayed"], replay["grant"]) == (True, first["grant"])
    assert _codes(await _redeem(client, operator, code, "P-9", "50.00", key=key)) == [
        "IDEMPOTENCY_KEY_REUSED"
    ]
    assert _codes(await _redeem(client, operator, code, "P-1", "50.00")) == [
        "ORDER_ALREADY_REDEEMED"
    ]
    capped = await _redeem(client, operator, code, "P-2", "100.00")
    assert capped["grant"]["benefitAmount"] == "20.00"  # 30% of 100 capped at 20 yuan
    assert _codes(await _redeem(client, operator, code, "P-3", "10.00")) == ["DAILY_LIMIT_REACHED"]
    found = (await _data(client, ELIGIBILITY, check, operator))["mobilityDiscountEligibility"]
    assert (found["eligible"], found["reasons"], found["usesToday"]) == (
        False,
        ["DAILY_LIMIT_REACHED"],
        2,
    )


async def test_refusals_say_why(
    client: httpx.AsyncClient, session: AsyncSession, factory: Factory
) -> None:
    await seed_catalogue(session)
    operator = await partner_token(client, session, PartnerType.MOBILITY_OPERATOR)
    yellow, _ = await person_of_colour(factory, IntegrityColour.YELLOW)
    green, _ = await person_of_colour(factory, IntegrityColour.GREEN)
    move = Purpose.MOBILITY_DISCOUNT

    low = await _redeem(client, operator, await code_for(factory, yellow, move), "Y-1", "20.00")
    assert _codes(low) == ["COLOUR_BELOW_LOWEST"]
    blue_only = await _redeem(
        client,
        operator,
        await code_for(factory, green, move),
        "R-1",
        "300.00",
        scenario="car-rental-deposit-waiver",
    )
    assert _codes(blue_only) == ["COLOUR_BELOW_LOWEST"]
    revoked = await code_for(factory, green, move)
    await revoke_integrity_code(
        Repositories(session),
        KeyedAccessCrypto(factory.keys),
        code=revoked,
        person_id=green,
        now=datetime.now(UTC),
    )
    assert _codes(await _redeem(client, operator, revoked, "G-1", "20.00")) == ["CODE_REVOKED"]
    # The credit office holds the scope but is not a mobility operator (nor may it use the purpose).
    office = await _redeem(client, "", await code_for(factory, green, move), "G-2", "20.00")
    assert _codes(office) == ["WRONG_OPERATOR_TYPE", "PURPOSE_NOT_ALLOWED_FOR_PARTNER_TYPE"]
    # A scenario the credit office let expire yesterday.
    yesterday = city_today(datetime.now(UTC)) - timedelta(days=1)
    saved = await _data(
        client,
        SAVE_SCENARIO,
        {
            "input": {
                "code": "spring-parking-offer",
                "categoryCode": "parking",
                "name": "Spring parking offer",
                "nameZh": "春季停车优惠",
                "description": "A seasonal offer.",
                "operatorType": "MOBILITY_OPERATOR",
                "purpose": "MOBILITY_DISCOUNT",
                "lowestColour": "GREEN",
                "benefitKind": "FIXED_AMOUNT",
                "benefitValue": "5.00",
                "colourValues": [{"colour": "BLUE", "value": "8.00"}],
                "validFrom": "2026-03-01",
                "validUntil": yesterday.isoformat(),
            }
        },
    )
    assert saved["saveIncentiveScenario"]["errors"] == []
    assert saved["saveIncentiveScenario"]["scenario"]["colourValues"] == [
        {"colour": "BLUE", "value": "8.00"}
    ]
    expired = await _redeem(
        client,
        operator,
        await code_for(factory, green, move),
        "G-3",
        "20.00",
        scenario="spring-parking-offer",
    )
    assert _codes(expired) == ["SCENARIO_EXPIRED"]
    refused = await _data(
        client,
        SAVE_SCENARIO,
        {
            "input": {
                "code": "too-generous",
                "categoryCode": "parking",
                "name": "x",
                "nameZh": "x",
                "description": "x",
                "operatorType": "MOBILITY_OPERATOR",
                "purpose": "MOBILITY_DISCOUNT",
                "lowestColour": "GREEN",
                "benefitKind": "PERCENT_DISCOUNT",
                "benefitValue": "120",
                "validFrom": "2026-03-01",
            }
        },
    )
    assert refused["saveIncentiveScenario"]["errors"] == [
        {"field": "benefitValue", "code": "INVALID_ARGUMENT"}
    ]


async def _consent(
    client: httpx.AsyncClient,
    operator: str,
    citizen: str,
    resident_id: str,
    permissions: list[str],
    *,
    authorise: bool = True,
) -> None:
    expires = (datetime.now(UTC) + timedelta(days=30)).isoformat()
    asked = await _data(
        client,
        REQUEST_CONSENT,
        {
            "input": {
                "residentId": resident_id,
                "permissions": permissions,
                "purpose": "MOBILITY_DISCOUNT",
                "expiresAt": expires,
            }
        },
        operator,
    )
    consent_id = asked["requestConsent"]["consent"]["id"]
    if authorise:
        done = await _data(client, AUTHORISE, {"id": consent_id, "rid": resident_id}, citizen)
        assert done["authorizeConsent"]["consent"]["status"] == "AUTHORISED"


async def test_coupons_go_to_consenting_admitted_persons_and_are_redeemed_once(
    client: httpx.AsyncClient, session: AsyncSession, factory: Factory
) -> None:
    await seed_catalogue(session)
    operator = await partner_token(client, session, PartnerType.MOBILITY_OPERATOR)
    rival = await partner_token(client, session, PartnerType.MOBILITY_OPERATOR)
    citizen = await partner_token(client, session, PartnerType.CITIZEN_APP)
    colour_code = ["READ_INTEGRITY_CODE"]
    _, admitted = await person_of_colour(factory, IntegrityColour.GREEN)
    await _consent(client, operator, citizen, admitted, colour_code)
    _, too_low = await person_of_colour(factory, IntegrityColour.YELLOW)
    await _consent(client, operator, citizen, too_low, colour_code)
    _, awaiting = await person_of_colour(factory, IntegrityColour.GREEN)
    await _consent(client, operator, citizen, awaiting, colour_code, authorise=False)
    _, identity_only = await person_of_colour(factory, IntegrityColour.GREEN)
    await _consent(client, operator, citizen, identity_only, ["READ_IDENTITY"])
    _, elsewhere = await person_of_colour(factory, IntegrityColour.GREEN)
    await _consent(client, rival, citizen, elsewhere, colour_code)

    batch = {
        "scenarioCode": "bike-sharing-free-ride",
        "expiresAt": (datetime.now(UTC) + timedelta(days=7)).isoformat(),
        "idempotencyKey": str(uuid.uuid4()),
    }
    issued = (await _data(client, ISSUE, {"input": batch}, operator))["issueCoupons"]
    assert issued["errors"] == []
    assert (issued["issuedCount"], issued["skipped"], issued["replayed"]) == (1, 1, False)
    [coupon] = issued["coupons"]
    assert (coupon["colour"], coupon["faceValue"], coupon["status"]) == ("GREEN", "1.50", "ISSUED")
    again = (await _data(client, ISSUE, {"input": batch}, operator))["issueCoupons"]
    assert (again["replayed"], again["coupons"]) == (True, issued["coupons"])
    second = {**batch, "idempotencyKey": str(uuid.uuid4())}
    none_left = (await _data(client, ISSUE, {"input": second}, operator))["issueCoupons"]
    assert none_left["issuedCount"] == 0  # the admitted person holds a live coupon already

    redeem = {
        "couponCode": coupon["code"],
        "orderReference": "RIDE-1",
        "orderAmount": "3.00",
        "idempotencyKey": str(uuid.uuid4()),
    }
    stolen = (await _data(client, REDEEM_COUPON, {"input": redeem}, rival))["redeemCoupon"]
    assert _codes(stolen) == ["NOT_FOUND"]
    used = (await _data(client, REDEEM_COUPON, {"input": redeem}, operator))["redeemCoupon"]
    assert used["grant"] == {
        "scenarioCode": "bike-sharing-free-ride",
        "source": "COUPON",
        "benefitAmount": "1.50",
    }
    replay = (await _data(client, REDEEM_COUPON, {"input": redeem}, operator))["redeemCoupon"]
    assert replay["replayed"] is True
    twice = {**redeem, "orderReference": "RIDE-2", "idempotencyKey": str(uuid.uuid4())}
    refused = (await _data(client, REDEEM_COUPON, {"input": twice}, operator))["redeemCoupon"]
    assert _codes(refused) == ["COUPON_ALREADY_REDEEMED"]


#: The seeded rates the statistics test expects (percent by colour, cap in yuan).
_RATES = {
    "parking-discount": ({"GREEN": Decimal(30), "BLUE": Decimal(50)}, Decimal(20)),
    "car-rental-discount": ({"GREEN": Decimal(20), "BLUE": Decimal(30)}, Decimal(200)),
}


def _expected_benefit(scenario: str, colour: str, amount: str) -> Decimal:
    rates, cap = _RATES[scenario]
    raw = (Decimal(amount) * rates[colour] / 100).quantize(Decimal("0.01"), ROUND_HALF_UP)
    return min(raw, cap, Decimal(amount))


async def test_statistics_are_one_aggregation_over_the_grants(
    client: httpx.AsyncClient, session: AsyncSession, factory: Factory
) -> None:
    await seed_catalogue(session)
    operator = await partner_token(client, session, PartnerType.MOBILITY_OPERATOR)
    green, _ = await person_of_colour(factory, IntegrityColour.GREEN)
    blue, _ = await person_of_colour(factory, IntegrityColour.BLUE)
    colours = {green: "GREEN", blue: "BLUE"}
    orders = [
        (green, "parking-discount", "S-1", "50.00"),
        (blue, "parking-discount", "S-2", "50.00"),
        (green, "parking-discount", "S-3", "10.10"),
        (blue, "car-rental-discount", "S-4", "333.33"),
        (green, "car-rental-discount", "S-5", "1200.00"),
    ]
    for person, scenario, order, amount in orders:
        code = await code_for(factory, person, Purpose.MOBILITY_DISCOUNT)
        done = await _redeem(client, operator, code, order, amount, scenario=scenario)
        assert done["errors"] == [], done

    def figures(rows: list[tuple[int, str, str, str]]) -> dict[str, Any]:
        total = sum((_expected_benefit(s, colours[p], a) for p, s, _, a in rows), Decimal("0.00"))
        return {
            "beneficiaries": len({p for p, *_ in rows}),
            "uses": len(rows),
            "totalBenefit": str(total.quantize(Decimal("0.01"))),
        }

    stats = (
        await _data(
            client,
            STATISTICS,
            {
                "filter": {
                    "groupBy": ["SCENARIO", "DISTRICT"],
                    "operatorTypes": ["MOBILITY_OPERATOR"],
                }
            },
        )
    )["incentiveStatistics"]
    assert stats["total"] == figures(orders)
    expected_groups = [
        {
            "keys": [
                {"dimension": "SCENARIO", "value": scenario},
                {"dimension": "DISTRICT", "value": "WUXING"},
            ],
            **figures([o for o in orders if o[1] == scenario]),
        }
        for scenario in sorted({o[1] for o in orders})
    ]
    assert stats["groups"] == expected_groups
    today = city_today(datetime.now(UTC))
    by_month = (
        await _data(
            client, STATISTICS, {"filter": {"groupBy": ["MONTH"], "categoryCodes": ["parking"]}}
        )
    )["incentiveStatistics"]
    assert by_month["groups"] == [
        {
            "keys": [{"dimension": "MONTH", "value": today.strftime("%Y-%m")}],
            **figures([o for o in orders if o[1] == "parking-discount"]),
        }
    ]
    later = (today + timedelta(days=1)).isoformat()
    nothing = (await _data(client, STATISTICS, {"filter": {"grantedFrom": later}}))[
        "incentiveStatistics"
    ]
    assert nothing["total"] == {"beneficiaries": 0, "uses": 0, "totalBenefit": "0.00"}
    assert date.fromisoformat(later) > today
