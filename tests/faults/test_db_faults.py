"""Killing the app's PostgreSQL backend mid-request: a 503 to retry, never half a grant.

Each test holds a lock the request needs, waits until the app's backend waits on it, kills
that backend (``pg_terminate_backend``) and releases. The request must answer 503
``SERVICE_UNAVAILABLE`` with ``Retry-After`` and no data, nothing it began may stay written,
no data may be served without its audit row, and the retry with the same idempotency key
must give the true outcome, granted once: granted by the retry when the kill came before the
commit, replayed when it came after it (the answer lost). The pool recovers by itself: the
next request succeeds.
"""

from __future__ import annotations

import logging
import uuid
from typing import Any

import httpx
import pytest
from prometheus_client import REGISTRY
from sqlalchemy.ext.asyncio import AsyncEngine

from api.auth.scopes import PartnerType
from api.crypto import Keys
from api.db.engine import session_factory
from api.domain.consent.model import Purpose
from api.domain.credit.codes import IntegrityColour
from tests.conftest import TEST_MASTER_KEY
from tests.factories import Factory
from tests.faults.conftest import Knife
from tests.scenario_support import code_for, partner_token, person_of_colour, seed_catalogue

ELIGIBILITY = """
query Eligibility($code: String!) {
  payAfterTreatmentEligibility(integrityCode: $code) { scenarioCode eligible colour value }
}
"""
REDEEM = """
mutation Redeem($input: RedeemMobilityDiscountInput!) {
  redeemMobilityDiscount(input: $input) {
    grant { orderReference benefitAmount } replayed errors { code }
  }
}
"""
OPEN = """
mutation Open($input: OpenDeferredAccountInput!) {
  openDeferredAccount(input: $input) { account { status } errors { code } }
}
"""
CHARGE = """
mutation Charge($input: RecordDeferredChargeInput!) {
  recordDeferredCharge(input: $input) { account { total } errors { code } }
}
"""
SETTLE = """
mutation Settle($input: SettleDeferredAccountInput!) {
  settleDeferredAccount(input: $input) {
    account { status settledAmount } settledBenefit { benefitAmount } replayed errors { code }
  }
}
"""
AUDIT_ROWS = "SELECT count(*) FROM audit_log"
GRANTS = "SELECT count(*) FROM benefit_grants"


async def post(
    client: httpx.AsyncClient, query: str, variables: dict[str, Any], token: str
) -> httpx.Response:
    """POST one operation with a bearer token; the raw response."""
    return await client.post(
        "/graphql",
        json={"query": query, "variables": variables},
        headers={"authorization": f"Bearer {token}"},
    )


def assert_unavailable(response: httpx.Response) -> None:
    """503, ``Retry-After``, ``SERVICE_UNAVAILABLE`` with the request id, no data, no stack."""
    assert response.status_code == 503, response.text
    assert response.headers["retry-after"] == "1"
    body = response.json()
    assert body["data"] is None
    [error] = body["errors"]
    assert error["extensions"] == {
        "code": "SERVICE_UNAVAILABLE",
        "requestId": response.headers["x-request-id"],
        "retryAfterSeconds": 1,
    }
    assert "Traceback" not in response.text
    assert "asyncpg" not in response.text


def unavailable_count() -> float:
    """GraphQL requests counted with the outcome ``unavailable`` in this process so far."""
    return sum(
        sample.value
        for metric in REGISTRY.collect()
        if metric.name == "credit_graphql_requests"
        for sample in metric.samples
        if sample.name.endswith("_total") and sample.labels.get("outcome") == "unavailable"
    )


def data_of(response: httpx.Response, name: str) -> dict[str, Any]:
    """The payload of field ``name`` of a 200 answer without top-level errors."""
    assert response.status_code == 200, response.text
    body = response.json()
    assert "errors" not in body, body
    result: dict[str, Any] = body["data"][name]
    return result


async def scene(
    seed_engine: AsyncEngine, client: httpx.AsyncClient, partner_type: PartnerType, purpose: Purpose
) -> tuple[str, str]:
    """A committed catalogue, a GREEN person's integrity code for ``purpose`` and a token."""
    async with session_factory(seed_engine)() as session:
        await seed_catalogue(session)
        factory = Factory(session, Keys.from_master(bytes.fromhex(TEST_MASTER_KEY)))
        person, _ = await person_of_colour(factory, IntegrityColour.GREEN)
        code = await code_for(factory, person, purpose)
        await session.commit()
        token = await partner_token(client, session, partner_type)
    return code, token


async def test_a_personal_read_killed_before_its_audit_row_serves_nothing(
    app_client: httpx.AsyncClient,
    seed_engine: AsyncEngine,
    knife: Knife,
    caplog: pytest.LogCaptureFixture,
) -> None:
    code, token = await scene(
        seed_engine, app_client, PartnerType.HOSPITAL, Purpose.PAY_AFTER_TREATMENT
    )
    before = await knife.count(AUDIT_ROWS)
    counted = unavailable_count()
    # The read may read, but its audit row waits: killed there, it must serve nothing.
    killed = await knife.kill_while_blocked(
        "LOCK TABLE audit_log IN SHARE MODE", post(app_client, ELIGIBILITY, {"code": code}, token)
    )
    assert_unavailable(killed)
    assert unavailable_count() == counted + 1
    logged = [
        r
        for r in caplog.records
        if getattr(r, "request_id", None) == killed.headers["x-request-id"]
        and r.levelno >= logging.WARNING
    ]
    assert [(r.name, r.exc_info) for r in logged] == [("api.graphql", None)]
    assert "answered 503" in logged[0].getMessage()
    assert await knife.count(AUDIT_ROWS) == before
    # The pool recovers by itself: the retry is served, with exactly one audit row for it.
    served = await post(app_client, ELIGIBILITY, {"code": code}, token)
    assert data_of(served, "payAfterTreatmentEligibility") == {
        "scenarioCode": "pay-after-treatment",
        "eligible": True,
        "colour": "GREEN",
        "value": "1500.00",
    }
    assert await knife.count(AUDIT_ROWS) == before + 1
    assert (
        await knife.count(
            "SELECT count(*) FROM audit_log WHERE request_id = $1",
            served.headers["x-request-id"],
        )
        == 1
    )
    assert (
        await knife.count(
            "SELECT count(*) FROM audit_log WHERE request_id = $1",
            killed.headers["x-request-id"],
        )
        == 0
    )


async def test_idle_pooled_connections_killed_are_replaced_unseen(
    app_client: httpx.AsyncClient, seed_engine: AsyncEngine, knife: Knife
) -> None:
    code, token = await scene(
        seed_engine, app_client, PartnerType.HOSPITAL, Purpose.PAY_AFTER_TREATMENT
    )
    first = await post(app_client, ELIGIBILITY, {"code": code}, token)
    assert data_of(first, "payAfterTreatmentEligibility")["eligible"] is True
    assert await knife.kill_idle_app_connections() >= 1
    # A restart or failover while the pool was idle: dead connections are replaced at checkout.
    for _ in range(4):
        again = await post(app_client, ELIGIBILITY, {"code": code}, token)
        assert data_of(again, "payAfterTreatmentEligibility")["eligible"] is True


async def test_a_redemption_killed_mid_transaction_is_granted_once_on_retry(
    app_client: httpx.AsyncClient, seed_engine: AsyncEngine, knife: Knife
) -> None:
    code, token = await scene(
        seed_engine, app_client, PartnerType.MOBILITY_OPERATOR, Purpose.MOBILITY_DISCOUNT
    )
    key = str(uuid.uuid4())
    redeem = {
        "input": {
            "scenarioCode": "parking-discount",
            "integrityCode": code,
            "orderReference": "P-1",
            "orderAmount": "50.00",
            "idempotencyKey": key,
        }
    }
    audit_before = await knife.count(AUDIT_ROWS)
    # Killed while writing the grant, then while writing its audit row: nothing stays.
    for lock in ("LOCK TABLE benefit_grants IN SHARE MODE", "LOCK TABLE audit_log IN SHARE MODE"):
        killed = await knife.kill_while_blocked(lock, post(app_client, REDEEM, redeem, token))
        assert_unavailable(killed)
        assert await knife.count(GRANTS) == 0
        assert await knife.count(AUDIT_ROWS) == audit_before
    # The retry with the same key gives the true outcome: granted now, once.
    granted = data_of(await post(app_client, REDEEM, redeem, token), "redeemMobilityDiscount")
    assert granted == {
        "grant": {"orderReference": "P-1", "benefitAmount": "15.00"},
        "replayed": False,
        "errors": [],
    }
    replayed = data_of(await post(app_client, REDEEM, redeem, token), "redeemMobilityDiscount")
    assert (replayed["replayed"], replayed["grant"]) == (True, granted["grant"])
    assert await knife.count(GRANTS) == 1


async def test_a_settlement_killed_mid_transaction_settles_once_on_retry(
    app_client: httpx.AsyncClient, seed_engine: AsyncEngine, knife: Knife
) -> None:
    code, token = await scene(
        seed_engine, app_client, PartnerType.HOSPITAL, Purpose.PAY_AFTER_TREATMENT
    )
    visit = f"V-{uuid.uuid4().hex[:10]}"
    opened_input = {"input": {"integrityCode": code, "visitNumber": visit}}
    opened = await post(app_client, OPEN, opened_input, token)
    assert data_of(opened, "openDeferredAccount")["account"]["status"] == "OPEN"
    charge = {
        "visitNumber": visit,
        "amount": "420.00",
        "item": "CT",
        "department": "Radiology",
        "idempotencyKey": str(uuid.uuid4()),
    }
    charged = await post(app_client, CHARGE, {"input": charge}, token)
    assert data_of(charged, "recordDeferredCharge")["account"]["total"] == "420.00"
    grants_before = await knife.count(GRANTS)
    settle = {"input": {"visitNumber": visit, "idempotencyKey": str(uuid.uuid4())}}
    # The account row is held: the settlement waits on it and its connection is killed.
    killed = await knife.kill_while_blocked(
        "SELECT id FROM deferred_accounts WHERE visit_number = $1 FOR UPDATE",
        post(app_client, SETTLE, settle, token),
        (visit,),
    )
    assert_unavailable(killed)
    assert (
        await knife.count(
            "SELECT count(*) FROM deferred_accounts WHERE visit_number = $1 AND status = 'open'"
            " AND settled_at IS NULL",
            visit,
        )
        == 1
    )
    assert await knife.count(GRANTS) == grants_before
    settled = data_of(await post(app_client, SETTLE, settle, token), "settleDeferredAccount")
    assert settled == {
        "account": {"status": "SETTLED", "settledAmount": "420.00"},
        "settledBenefit": {"benefitAmount": "420.00"},
        "replayed": False,
        "errors": [],
    }
    again = data_of(await post(app_client, SETTLE, settle, token), "settleDeferredAccount")
    assert again["replayed"] is True
    assert again["account"] == settled["account"]
    assert await knife.count(GRANTS) == grants_before + 1


SETTLE_WITH_CHARGES = """
mutation Settle($input: SettleDeferredAccountInput!) {
  settleDeferredAccount(input: $input) {
    account { status settledAmount charges { amount } } replayed errors { code }
  }
}
"""


async def test_a_settlement_whose_answer_is_lost_after_its_commit_replays_on_retry(
    app_client: httpx.AsyncClient, seed_engine: AsyncEngine, knife: Knife
) -> None:
    code, token = await scene(
        seed_engine, app_client, PartnerType.HOSPITAL, Purpose.PAY_AFTER_TREATMENT
    )
    visit = f"V-{uuid.uuid4().hex[:10]}"
    opened_input = {"input": {"integrityCode": code, "visitNumber": visit}}
    assert (await post(app_client, OPEN, opened_input, token)).status_code == 200
    charge = {
        "visitNumber": visit,
        "amount": "80.00",
        "item": "X-ray",
        "department": "Radiology",
        "idempotencyKey": str(uuid.uuid4()),
    }
    assert (await post(app_client, CHARGE, {"input": charge}, token)).status_code == 200
    grants_before = await knife.count(GRANTS)
    settle = {"input": {"visitNumber": visit, "idempotencyKey": str(uuid.uuid4())}}
    # The charges are read for the answer after the settlement committed: killed there,
    # the partner gets a 503 although the account is settled.
    killed = await knife.kill_while_blocked(
        "LOCK TABLE deferred_charges IN ACCESS EXCLUSIVE MODE",
        post(app_client, SETTLE_WITH_CHARGES, settle, token),
    )
    assert_unavailable(killed)
    assert (
        await knife.count(
            "SELECT count(*) FROM deferred_accounts WHERE visit_number = $1 AND status = 'settled'",
            visit,
        )
        == 1
    )
    assert await knife.count(GRANTS) == grants_before + 1
    # The retry with the same key learns the true outcome: settled, once, by the first try.
    retried = await post(app_client, SETTLE_WITH_CHARGES, settle, token)
    assert data_of(retried, "settleDeferredAccount") == {
        "account": {
            "status": "SETTLED",
            "settledAmount": "80.00",
            "charges": [{"amount": "80.00"}],
        },
        "replayed": True,
        "errors": [],
    }
    assert await knife.count(GRANTS) == grants_before + 1
