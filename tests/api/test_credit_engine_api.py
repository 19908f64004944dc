"""Record intake, exemptions, evaluation and repair through GraphQL, allowed and refused."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta
from typing import Any

import httpx
from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from api.auth.scopes import PartnerType
from api.db.repositories import Repositories
from api.domain.clock import city_today
from api.domain.credit import services
from api.domain.credit.model import EvaluationCause
from api.domain.records.model import RecordCategory, Severity
from tests.auth.helpers import create_partner_client, get_token
from tests.factories import Factory
from tests.gql import error_codes, gql

PENALTY = """
mutation Penalty($input: PenaltyInput!) {
  recordPenalty(input: $input) {
    record { id category severity status summary }
    replayed exempted guidance repairEligibleOn
    evaluation { score grade baseScore reasons { code points recordId } factors { points } }
    errors { field code message }
  }
}
"""
HONOUR = """
mutation Honour($input: FactInput!) {
  recordHonour(input: $input) {
    record { category } evaluation { score } errors { field code message }
  }
}
"""
DISHONESTY = """
mutation Entry($input: NegativeFactInput!) {
  recordDishonestyListEntry(input: $input) {
    record { category severity } evaluation { score grade } errors { code }
  }
}
"""
APPLY = """
mutation Apply($id: ID!, $commitment: String!, $uscc: UnifiedSocialCreditCode) {
  applyForCreditRepair(repairId: $id, commitment: $commitment, uscc: $uscc) {
    repairCase { id state commitment } errors { field code message }
  }
}
"""
DECIDE = """
mutation Decide($id: ID!, $approve: Boolean!, $reason: String!, $days: Int! = 90) {
  decideCreditRepair(repairId: $id, approve: $approve, reason: $reason, followUpInDays: $days) {
    repairCase { id state decisionReason followUpDueOn record { status } }
    evaluation { score }
    errors { field code message }
  }
}
"""
QUEUE = """
query Queue($states: [RepairState!]) {
  creditRepairs(first: 10, states: $states) { nodes { id state eligibleOn severity } }
}
"""
ADD_MATTER = """
mutation Add($input: AddExemptMatterInput!) {
  addExemptMatter(input: $input) { matter { code active windowMonths } errors { code } }
}
"""


async def token_for(
    client: httpx.AsyncClient, session: AsyncSession, partner_type: PartnerType
) -> str:
    """A token of a new partner of this type with every scope the type may hold."""
    client_id, secret = await create_partner_client(session, partner_type)
    return await get_token(client, client_id, secret)


def fact(uscc: str, department: str, **extra: Any) -> dict[str, Any]:
    """The common part of an intake input, dated yesterday."""
    return {
        "subject": {"uscc": uscc},
        "department": department,
        "occurredAt": (datetime.now(UTC) - timedelta(days=1)).isoformat(),
        "summary": "未按规定公示年度报告",
        "idempotencyKey": str(uuid.uuid4()),
        **extra,
    }


async def _setup(
    client: httpx.AsyncClient, session: AsyncSession, factory: Factory
) -> tuple[str, str, str]:
    await factory.department("market")
    _, uscc = await factory.enterprise(tax_grade=None)  # no tax factor: scores from base 700
    return uscc, "market", await token_for(client, session, PartnerType.REGULATOR)


async def test_penalty_is_recorded_once_and_lowers_the_score(
    client: httpx.AsyncClient, session: AsyncSession, factory: Factory
) -> None:
    uscc, department, regulator = await _setup(client, session, factory)
    variables = {"input": fact(uscc, department, severity="GENERAL")}
    first = (await gql(client, PENALTY, variables, token=regulator))["data"]["recordPenalty"]
    assert first["errors"] == []
    assert first["record"]["status"] == "ACTIVE"
    assert first["replayed"] is False
    evaluation = first["evaluation"]
    assert evaluation["baseScore"] == 700
    assert evaluation["score"] == 620  # a fresh general penalty: 80 points x weight 1.0
    assert evaluation["score"] == evaluation["baseScore"] + sum(
        f["points"] for f in evaluation["factors"]
    )
    assert evaluation["reasons"][0]["code"] == "PENALTY_GENERAL"
    assert evaluation["reasons"][0]["recordId"] == first["record"]["id"]
    assert first["repairEligibleOn"] is not None

    again = (await gql(client, PENALTY, variables, token=regulator))["data"]["recordPenalty"]
    assert again["replayed"] is True
    assert again["record"]["id"] == first["record"]["id"]
    assert again["evaluation"]["score"] == 620  # not counted twice

    changed = {"input": {**variables["input"], "summary": "something else"}}
    reused = (await gql(client, PENALTY, changed, token=regulator))["data"]["recordPenalty"]
    assert reused["record"] is None
    assert reused["errors"][0]["code"] == "IDEMPOTENCY_KEY_REUSED"
    assert reused["errors"][0]["field"] == "idempotencyKey"


async def test_bad_input_is_refused_with_typed_errors(
    client: httpx.AsyncClient, session: AsyncSession, factory: Factory
) -> None:
    uscc, department, regulator = await _setup(client, session, factory)
    future = (datetime.now(UTC) + timedelta(days=2)).isoformat()
    cases = [
        (fact(uscc, department, severity="MINOR", occurredAt=future), "DATE_IN_FUTURE"),
        (
            fact(uscc, department, severity="MINOR", publicityUntil="2099-01-01"),
            "PUBLICITY_OUT_OF_RANGE",
        ),
        (fact(uscc, "no-such-department", severity="MINOR"), "NOT_FOUND"),
        (fact("91350100M000100Y43", department, severity="MINOR"), "NOT_FOUND"),
        (fact(uscc, department, severity="MINOR", idempotencyKey="short"), "INVALID_ARGUMENT"),
        (fact(uscc, department, severity="MINOR", matterCode="NOPE-1"), "NOT_FOUND"),
    ]
    for variables, code in cases:
        body = await gql(client, PENALTY, {"input": variables}, token=regulator)
        payload = body["data"]["recordPenalty"]
        assert payload["record"] is None, code
        assert [e["code"] for e in payload["errors"]] == [code]

    bad_check_digit = uscc[:-1] + ("0" if uscc[-1] != "0" else "1")
    body = await gql(
        client,
        PENALTY,
        {"input": fact(bad_check_digit, department, severity="MINOR")},
        token=regulator,
    )
    assert error_codes(body) == ["BAD_USER_INPUT"]
    assert "check" in body["errors"][0]["message"]

    body = await gql(
        client, PENALTY, {"input": fact(uscc, department, severity="HUGE")}, token=regulator
    )
    assert error_codes(body) == ["BAD_USER_INPUT"]
    assert body.get("data") is None


async def test_who_may_report_on_what(
    client: httpx.AsyncClient, session: AsyncSession, factory: Factory
) -> None:
    uscc, department, _ = await _setup(client, session, factory)
    variables = {"input": fact(uscc, department)}
    bank = await token_for(client, session, PartnerType.BANK)
    body = await gql(client, HONOUR, variables, token=bank)
    assert error_codes(body) == ["FORBIDDEN"]
    commerce = await token_for(client, session, PartnerType.COMMERCE_DISTRICT)
    body = await gql(client, HONOUR, variables, token=commerce)
    payload = body["data"]["recordHonour"]
    assert payload["record"] is None
    assert payload["errors"][0]["code"] == "FORBIDDEN"
    tax = await token_for(client, session, PartnerType.TAX_BUREAU)
    payload = (await gql(client, HONOUR, variables, token=tax))["data"]["recordHonour"]
    assert payload["errors"] == []
    assert payload["record"]["category"] == "HONOUR"
    assert payload["evaluation"] is None  # the tax bureau does not hold evaluation:read


async def test_serious_dishonesty_forces_grade_d(
    client: httpx.AsyncClient, session: AsyncSession, factory: Factory
) -> None:
    uscc, department, regulator = await _setup(client, session, factory)
    body = await gql(
        client, DISHONESTY, {"input": fact(uscc, department, severity="SERIOUS")}, token=regulator
    )
    payload = body["data"]["recordDishonestyListEntry"]
    assert payload["evaluation"] == {"score": 370, "grade": "D"}  # 700 - 220 x 1.5


async def test_first_minor_listed_violation_is_exempted_the_second_is_not(
    client: httpx.AsyncClient, session: AsyncSession, factory: Factory
) -> None:
    uscc, department, regulator = await _setup(client, session, factory)
    matter = {
        "code": "SCJG-001",
        "description": "未按时公示年度报告",
        "conditions": "首次违法且危害后果轻微并及时改正",
        "guidance": "请于十五日内补报年度报告",
    }
    added = await gql(client, ADD_MATTER, {"input": matter}, token=regulator)
    assert added["data"]["addExemptMatter"]["matter"]["active"] is True
    first = {"input": fact(uscc, department, severity="MINOR", matterCode="SCJG-001")}
    payload = (await gql(client, PENALTY, first, token=regulator))["data"]["recordPenalty"]
    assert payload["exempted"] is True
    assert payload["guidance"] == "请于十五日内补报年度报告"
    assert payload["record"]["status"] == "EXEMPTED"
    assert payload["evaluation"]["score"] == 700  # unchanged
    assert payload["repairEligibleOn"] is None

    second = {"input": fact(uscc, department, severity="MINOR", matterCode="SCJG-001")}
    payload = (await gql(client, PENALTY, second, token=regulator))["data"]["recordPenalty"]
    assert payload["exempted"] is False
    assert payload["record"]["status"] == "ACTIVE"
    assert payload["evaluation"]["score"] == 685  # a fresh minor penalty: 15 points


async def test_repair_round_trip_restores_the_score(
    client: httpx.AsyncClient, session: AsyncSession, factory: Factory
) -> None:
    uscc, department, regulator = await _setup(client, session, factory)
    honour = {"input": fact(uscc, department)}
    before = (await gql(client, HONOUR, honour, token=regulator))["data"]["recordHonour"]
    baseline = before["evaluation"]["score"]
    penalty = {"input": fact(uscc, department, severity="MINOR")}
    recorded = (await gql(client, PENALTY, penalty, token=regulator))["data"]["recordPenalty"]
    assert recorded["evaluation"]["score"] < baseline

    queue = await gql(client, QUEUE, {"states": ["AWAITING"]}, token=regulator)
    case = queue["data"]["creditRepairs"]["nodes"][0]
    assert case["severity"] == "MINOR"

    early = await gql(
        client, DECIDE, {"id": case["id"], "approve": True, "reason": "ok"}, token=regulator
    )
    refusal = early["data"]["decideCreditRepair"]["errors"][0]
    assert refusal["code"] == "REPAIR_TRANSITION_NOT_ALLOWED"
    assert "AWAITING" in refusal["message"]

    citizen = await token_for(client, session, PartnerType.CITIZEN_APP)
    applied = await gql(
        client,
        APPLY,
        {"id": case["id"], "commitment": "我承诺依法经营", "uscc": uscc},
        token=citizen,
    )
    assert applied["data"]["applyForCreditRepair"]["repairCase"]["state"] == "APPLIED"

    too_late = await gql(
        client,
        DECIDE,
        {"id": case["id"], "approve": True, "reason": "已整改", "days": 400},
        token=regulator,
    )
    refusal = too_late["data"]["decideCreditRepair"]["errors"][0]
    assert refusal["field"] == "followUpInDays"
    decided = await gql(
        client,
        DECIDE,
        {"id": case["id"], "approve": True, "reason": "已整改", "days": 30},
        token=regulator,
    )
    payload = decided["data"]["decideCreditRepair"]
    assert payload["errors"] == []
    follow_up = date.fromisoformat(payload["repairCase"]["followUpDueOn"])
    assert follow_up == city_today(datetime.now(UTC)) + timedelta(days=30)
    assert payload["repairCase"]["state"] == "REPAIRED"
    assert payload["repairCase"]["record"]["status"] == "REPAIRED"
    assert payload["repairCase"]["followUpDueOn"] is not None
    assert payload["evaluation"]["score"] == baseline

    twice = await gql(
        client, DECIDE, {"id": case["id"], "approve": False, "reason": "x"}, token=regulator
    )
    refusal = twice["data"]["decideCreditRepair"]["errors"][0]
    assert refusal["code"] == "REPAIR_TRANSITION_NOT_ALLOWED"
    assert "REPAIRED" in refusal["message"]


async def test_only_the_subject_applies_and_only_regulators_decide(
    client: httpx.AsyncClient, session: AsyncSession, factory: Factory
) -> None:
    uscc, department, regulator = await _setup(client, session, factory)
    _, other_uscc = await factory.enterprise()
    penalty = {"input": fact(uscc, department, severity="MINOR")}
    await gql(client, PENALTY, penalty, token=regulator)
    queue = await gql(client, QUEUE, {"states": ["AWAITING"]}, token=regulator)
    case_id = queue["data"]["creditRepairs"]["nodes"][0]["id"]
    citizen = await token_for(client, session, PartnerType.CITIZEN_APP)
    other = await gql(
        client, APPLY, {"id": case_id, "commitment": "承诺", "uscc": other_uscc}, token=citizen
    )
    assert other["data"]["applyForCreditRepair"]["errors"][0]["code"] == "NOT_FOUND"
    decided = await gql(
        client, DECIDE, {"id": case_id, "approve": True, "reason": "ok"}, token=citizen
    )
    assert error_codes(decided) == ["FORBIDDEN"]
    bank = await token_for(client, session, PartnerType.BANK)
    assert error_codes(await gql(client, QUEUE, {}, token=bank)) == ["FORBIDDEN"]


EVALUATED_PAGE = """
query Evaluated($first: Int!) {
  enterprises(first: $first) {
    nodes { uscc evaluation { score grade reasons(first: 2) { code points } } }
  }
}
"""


async def test_evaluations_on_a_page_are_batched_and_history_is_kept(
    client: httpx.AsyncClient, session: AsyncSession, factory: Factory, engine: AsyncEngine
) -> None:
    repos = Repositories(session)
    now = datetime.now(UTC)
    for number in range(50):
        enterprise_id, _ = await factory.enterprise(tax_grade=None)
        if number % 3 == 0:
            await factory.record(
                enterprise_id,
                category=RecordCategory.PENALTY,
                severity=Severity.GENERAL,
                occurred_at=now - timedelta(days=1),
                publicity_until=(now + timedelta(days=200)).date(),
            )
        await services.reevaluate(repos, enterprise_id, now=now, cause=EvaluationCause.SEED)
    statements: list[str] = []

    def count(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if not statement.lstrip().upper().startswith(("SAVEPOINT", "RELEASE", "ROLLBACK")):
            statements.append(statement)

    event.listen(engine.sync_engine, "before_cursor_execute", count)
    try:
        await gql(client, EVALUATED_PAGE, {"first": 5})
        small_count = len(statements)
        statements.clear()
        large = await gql(client, EVALUATED_PAGE, {"first": 50})
        large_count = len(statements)
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", count)
    nodes = large["data"]["enterprises"]["nodes"]
    assert len(nodes) == 50
    assert small_count == large_count
    scores = sorted({node["evaluation"]["score"] for node in nodes})
    assert scores == [620, 700]  # a one-day-old general penalty: 80 x 0.9975 rounds to 80

    uscc = nodes[0]["uscc"]
    enterprise = await repos.enterprises.by_uscc(uscc)
    assert enterprise is not None
    await services.reevaluate(repos, enterprise.id, now=now, cause=EvaluationCause.FULL_RUN)
    history = await gql(
        client,
        "query($u: UnifiedSocialCreditCode!) { enterprise(uscc: $u) {"
        " evaluationHistory(first: 5) { nodes { cause score } } } }",
        {"u": uscc},
    )
    causes = [n["cause"] for n in history["data"]["enterprise"]["evaluationHistory"]["nodes"]]
    assert causes == ["FULL_RUN", "SEED"]
