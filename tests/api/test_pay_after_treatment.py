"""Pay after treatment through GraphQL: eligibility, a visit, charges, one settlement, overdue."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import httpx
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.auth.scopes import PartnerType
from api.db.repositories import Repositories
from api.db.tables import metadata
from api.domain.clock import city_today
from api.domain.consent.model import Purpose
from api.domain.credit.codes import IntegrityColour
from api.domain.records.model import RecordCategory, RecordStatus, Severity
from api.domain.scenarios.pay_after_treatment import mark_overdue_accounts
from api.seeding.incentives import seed_incentive_catalogue
from tests.factories import Factory
from tests.gql import gql
from tests.scenario_support import code_for, partner_token, person_of_colour, seed_catalogue

ELIGIBILITY = """
query Eligibility($code: String!) {
  payAfterTreatmentEligibility(integrityCode: $code) {
    scenarioCode eligible reasons denial colour value
  }
}
"""
ACCOUNT_FIELDS = """
account { visitNumber colour creditLimit total remaining chargeCount status dueOn settledAmount
          charges { amount item department } }
charge { amount item } settledBenefit { benefitAmount source } replayed
errors { field code message }
"""
OPEN = f"""
mutation Open($input: OpenDeferredAccountInput!) {{
  openDeferredAccount(input: $input) {{ {ACCOUNT_FIELDS} }}
}}
"""
CHARGE = f"""
mutation Charge($input: RecordDeferredChargeInput!) {{
  recordDeferredCharge(input: $input) {{ {ACCOUNT_FIELDS} }}
}}
"""
SETTLE = f"""
mutation Settle($input: SettleDeferredAccountInput!) {{
  settleDeferredAccount(input: $input) {{ {ACCOUNT_FIELDS} }}
}}
"""
ACCOUNT = """
query Account($visit: String!) {
  deferredAccount(visitNumber: $visit) { visitNumber total status }
}
"""


async def _eligibility(client: httpx.AsyncClient, token: str, code: str) -> dict[str, Any]:
    body = await gql(client, ELIGIBILITY, {"code": code}, token=token)
    assert "errors" not in body, body
    result: dict[str, Any] = body["data"]["payAfterTreatmentEligibility"]
    return result


async def _call(
    client: httpx.AsyncClient, token: str, query: str, name: str, **input: Any
) -> dict[str, Any]:
    body = await gql(client, query, {"input": input}, token=token)
    assert "errors" not in body, body
    result: dict[str, Any] = body["data"][name]
    return result


def _charge(visit: str, amount: str, key: str | None = None) -> dict[str, Any]:
    return {
        "visitNumber": visit,
        "amount": amount,
        "item": "CT 检查",
        "department": "放射科",
        "idempotencyKey": key or str(uuid.uuid4()),
    }


async def test_eligibility_and_limit_follow_the_colour(
    client: httpx.AsyncClient, session: AsyncSession, factory: Factory
) -> None:
    await seed_catalogue(session)
    again = await seed_incentive_catalogue(await session.connection(), datetime.now(UTC))
    assert again == (0, 0)  # seeding twice adds nothing
    hospital = await partner_token(client, session, PartnerType.HOSPITAL)
    blue, _ = await person_of_colour(factory, IntegrityColour.BLUE)
    green, _ = await person_of_colour(factory, IntegrityColour.GREEN)
    yellow, _ = await person_of_colour(factory, IntegrityColour.YELLOW)
    pat = Purpose.PAY_AFTER_TREATMENT

    found = await _eligibility(client, hospital, await code_for(factory, blue, pat))
    assert found == {
        "scenarioCode": "pay-after-treatment",
        "eligible": True,
        "reasons": [],
        "denial": None,
        "colour": "BLUE",
        "value": "3000.00",
    }
    found = await _eligibility(client, hospital, await code_for(factory, green, pat))
    assert (found["eligible"], found["value"]) == (True, "1500.00")
    found = await _eligibility(client, hospital, await code_for(factory, yellow, pat))
    assert found["eligible"] is False
    assert found["reasons"] == ["COLOUR_BELOW_LOWEST"]
    assert found["value"] is None

    expired = await code_for(factory, green, pat, issued_at=datetime.now(UTC) - timedelta(hours=1))
    found = await _eligibility(client, hospital, expired)
    assert (found["eligible"], found["reasons"], found["denial"]) == (
        False,
        ["NOT_AUTHORISED"],
        "CODE_EXPIRED",
    )
    wrong_purpose = await code_for(factory, green, Purpose.MOBILITY_DISCOUNT)
    found = await _eligibility(client, hospital, wrong_purpose)
    assert found["denial"] == "WRONG_PURPOSE"
    # Every scan, admitted or refused, is in the audit log.
    audit = metadata.tables["audit_log"]
    scans = await session.scalar(
        select(func.count()).where(audit.c.purpose == "pay_after_treatment")
    )
    assert scans == 5


async def test_a_visit_is_charged_within_its_limit_and_settled_once(
    client: httpx.AsyncClient, session: AsyncSession, factory: Factory
) -> None:
    await seed_catalogue(session)
    hospital = await partner_token(client, session, PartnerType.HOSPITAL)
    green, _ = await person_of_colour(factory, IntegrityColour.GREEN)
    code = await code_for(factory, green, Purpose.PAY_AFTER_TREATMENT)
    visit = f"V-{uuid.uuid4().hex[:10]}"

    opened = await _call(
        client, hospital, OPEN, "openDeferredAccount", integrityCode=code, visitNumber=visit
    )
    assert opened["errors"] == []
    assert opened["replayed"] is False
    account = opened["account"]
    assert (account["creditLimit"], account["total"], account["status"]) == (
        "1500.00",
        "0.00",
        "OPEN",
    )
    due = datetime.fromisoformat(account["dueOn"]).date()
    assert due == city_today(datetime.now(UTC)) + timedelta(days=15)
    again = await _call(
        client, hospital, OPEN, "openDeferredAccount", integrityCode=code, visitNumber=visit
    )
    assert again["replayed"] is True

    key = str(uuid.uuid4())
    first = await _call(
        client, hospital, CHARGE, "recordDeferredCharge", **_charge(visit, "1200.50", key)
    )
    assert first["errors"] == []
    assert first["account"]["total"] == "1200.50"
    replay = await _call(
        client, hospital, CHARGE, "recordDeferredCharge", **_charge(visit, "1200.50", key)
    )
    assert replay["replayed"] is True
    assert replay["account"]["total"] == "1200.50"
    reused = await _call(
        client, hospital, CHARGE, "recordDeferredCharge", **_charge(visit, "9.00", key)
    )
    assert [e["code"] for e in reused["errors"]] == ["IDEMPOTENCY_KEY_REUSED"]

    over = await _call(client, hospital, CHARGE, "recordDeferredCharge", **_charge(visit, "299.51"))
    assert [(e["code"], e["field"]) for e in over["errors"]] == [("LIMIT_EXCEEDED", "amount")]
    exact = await _call(
        client, hospital, CHARGE, "recordDeferredCharge", **_charge(visit, "299.50")
    )
    assert exact["account"]["total"] == "1500.00"
    assert exact["account"]["remaining"] == "0.00"
    # A fen's fraction is refused by the Decimal scalar before the charge is looked at.
    bad = await gql(client, CHARGE, {"input": _charge(visit, "0.001")}, token=hospital)
    assert [e["extensions"]["code"] for e in bad["errors"]] == ["BAD_USER_INPUT"]
    assert [e["extensions"]["problem"] for e in bad["errors"]] == ["TOO_MANY_DECIMALS"]

    settle_key = str(uuid.uuid4())
    settled = await _call(
        client,
        hospital,
        SETTLE,
        "settleDeferredAccount",
        visitNumber=visit,
        idempotencyKey=settle_key,
    )
    assert settled["errors"] == []
    assert settled["account"]["status"] == "SETTLED"
    assert settled["account"]["settledAmount"] == "1500.00"
    assert settled["settledBenefit"] == {"benefitAmount": "1500.00", "source": "DEFERRED_PAYMENT"}
    assert [c["amount"] for c in settled["account"]["charges"]] == ["1200.50", "299.50"]
    retried = await _call(
        client,
        hospital,
        SETTLE,
        "settleDeferredAccount",
        visitNumber=visit,
        idempotencyKey=settle_key,
    )
    assert retried["replayed"] is True
    assert retried["account"]["settledAmount"] == "1500.00"
    twice = await _call(
        client,
        hospital,
        SETTLE,
        "settleDeferredAccount",
        visitNumber=visit,
        idempotencyKey=str(uuid.uuid4()),
    )
    assert [e["code"] for e in twice["errors"]] == ["ALREADY_SETTLED"]
    late = await _call(client, hospital, CHARGE, "recordDeferredCharge", **_charge(visit, "1.00"))
    assert [e["code"] for e in late["errors"]] == ["ACCOUNT_NOT_OPEN"]


async def test_only_the_hospital_that_opened_a_visit_sees_or_changes_it(
    client: httpx.AsyncClient, session: AsyncSession, factory: Factory
) -> None:
    await seed_catalogue(session)
    mine = await partner_token(client, session, PartnerType.HOSPITAL)
    other = await partner_token(client, session, PartnerType.HOSPITAL)
    green, _ = await person_of_colour(factory, IntegrityColour.GREEN)
    code = await code_for(factory, green, Purpose.PAY_AFTER_TREATMENT)
    visit = "V-SHARED-1"
    await _call(client, mine, OPEN, "openDeferredAccount", integrityCode=code, visitNumber=visit)

    seen = await gql(client, ACCOUNT, {"visit": visit}, token=mine)
    assert seen["data"]["deferredAccount"]["visitNumber"] == visit
    hidden = await gql(client, ACCOUNT, {"visit": visit}, token=other)
    assert hidden["data"]["deferredAccount"] is None
    refused = await _call(client, other, CHARGE, "recordDeferredCharge", **_charge(visit, "10.00"))
    assert [e["code"] for e in refused["errors"]] == ["NOT_FOUND"]
    refused = await _call(
        client, other, SETTLE, "settleDeferredAccount", visitNumber=visit, idempotencyKey="k" * 12
    )
    assert [e["code"] for e in refused["errors"]] == ["NOT_FOUND"]
    # The same visit number at another hospital is another visit, and another patient's code
    # cannot take over this one.
    yellow, _ = await person_of_colour(factory, IntegrityColour.YELLOW)
    blue, _ = await person_of_colour(factory, IntegrityColour.BLUE)
    takeover = await _call(
        client,
        mine,
        OPEN,
        "openDeferredAccount",
        integrityCode=await code_for(factory, blue, Purpose.PAY_AFTER_TREATMENT),
        visitNumber=visit,
    )
    assert [e["code"] for e in takeover["errors"]] == ["VISIT_NUMBER_REUSED"]
    not_admitted = await _call(
        client,
        other,
        OPEN,
        "openDeferredAccount",
        integrityCode=await code_for(factory, yellow, Purpose.PAY_AFTER_TREATMENT),
        visitNumber=visit,
    )
    assert [e["code"] for e in not_admitted["errors"]] == ["COLOUR_BELOW_LOWEST"]


async def test_an_unsettled_visit_becomes_overdue_with_a_credit_record(
    client: httpx.AsyncClient, session: AsyncSession, factory: Factory
) -> None:
    await seed_catalogue(session)
    await factory.department("health")
    hospital = await partner_token(client, session, PartnerType.HOSPITAL)
    green, _ = await person_of_colour(factory, IntegrityColour.GREEN)
    code = await code_for(factory, green, Purpose.PAY_AFTER_TREATMENT)
    await _call(
        client, hospital, OPEN, "openDeferredAccount", integrityCode=code, visitNumber="V-9"
    )
    await _call(client, hospital, CHARGE, "recordDeferredCharge", **_charge("V-9", "88.80"))

    repos = Repositories(session)
    now = datetime.now(UTC)
    today = city_today(now)
    assert await mark_overdue_accounts(repos, today + timedelta(days=15), now=now) == []
    marks = await mark_overdue_accounts(repos, today + timedelta(days=16), now=now)
    assert len(marks) == 1
    assert await mark_overdue_accounts(repos, today + timedelta(days=17), now=now) == []
    record = await repos.record_writer.get(marks[0].record_id)
    assert record is not None
    assert (record.category, record.severity, record.status, record.subject_id) == (
        RecordCategory.COMMITMENT_BROKEN,
        Severity.MINOR,
        RecordStatus.ACTIVE,
        green,
    )
    assert marks[0].repair_id is not None  # a minor record may be repaired at once
    score = (await repos.evaluations.current([green]))[green].evaluation.score
    assert score < 700  # re-evaluated with the broken commitment
    await session.commit()

    overdue = await gql(client, ACCOUNT, {"visit": "V-9"}, token=hospital)
    assert overdue["data"]["deferredAccount"]["status"] == "OVERDUE"
    # A person with an overdue bill is not admitted to pay after treatment elsewhere.
    again = await _eligibility(
        client, hospital, await code_for(factory, green, Purpose.PAY_AFTER_TREATMENT)
    )
    assert "UNSETTLED_OVERDUE_BILL" in again["reasons"]
    settled = await _call(
        client,
        hospital,
        SETTLE,
        "settleDeferredAccount",
        visitNumber="V-9",
        idempotencyKey="s" * 16,
    )
    assert settled["account"]["status"] == "SETTLED"
    assert settled["account"]["settledAmount"] == "88.80"
    still = await repos.record_writer.get(marks[0].record_id)
    assert still is not None
    assert still.status is RecordStatus.ACTIVE  # the repair rules decide, not settlement
    assert Decimal(settled["account"]["total"]) == Decimal("88.80")
