"""The bank scenarios over GraphQL: products, matching, needs, eligibility, lines, webhooks."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import httpx
import pytest
from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncSession

from api.auth.scopes import PartnerType
from api.db.repositories import Repositories
from api.domain.credit import services as credit_services
from api.domain.credit.model import EvaluationCause
from api.domain.paging import PageRequest
from api.domain.subjects.model import District, GreenActivityClass, SizeClass, TaxGrade
from api.webhooks.settings import get_webhook_settings
from tests.auth.helpers import create_partner_client, get_token
from tests.factories import Factory
from tests.gql import gql

CREATE = """
mutation Create($input: LoanProductInput!) {
  createLoanProduct(input: $input) {
    product { id name status kind version } errors { field code message }
  }
}
"""
PUBLISH = """
mutation Publish($id: ID!) { publishLoanProduct(id: $id) { product { id status } errors { code } } }
"""
UPDATE = """
mutation Update($id: ID!, $input: LoanProductInput!) {
  updateLoanProduct(id: $id, input: $input) { product { name version } errors { code } }
}
"""
PRODUCTS = """
query Products($mine: Boolean!) {
  loanProducts(first: 20, mineOnly: $mine) { nodes { id name status } }
}
"""
CANDIDATES = """
query Candidates($id: ID!, $first: Int!, $after: String) {
  loanCandidates(productId: $id, first: $first, after: $after) {
    product { name }
    candidates {
      edges { cursor node {
        score enterprise { uscc name }
        checks { criterion met detail margin }
        scoreParts { component points maxPoints }
        lifts { component detail points }
      } }
      pageInfo { hasNextPage endCursor }
    }
    errors { field code message }
  }
}
"""
GREEN = """
mutation Green($input: GreenProfileInput!) {
  updateGreenProfile(input: $input) {
    classification { version green tier carbonBand reasons { code detail } } errors { code message }
  }
}
"""
TAX_PAID = """
mutation Paid($uscc: UnifiedSocialCreditCode!, $amount: Decimal!) {
  reportTaxPaid(uscc: $uscc, year: 2025, amount: $amount) { stored errors { code } }
}
"""
REQUEST_CONSENT = """
mutation Ask($input: RequestConsentInput!) {
  requestConsent(input: $input) { consent { id } errors { code } }
}
"""
AUTHORISE = """
mutation Ok($id: ID!, $uscc: UnifiedSocialCreditCode!) {
  authorizeConsent(consentId: $id, uscc: $uscc) { consent { status } errors { code } }
}
"""
ELIGIBILITY = """
query Eligible($uscc: UnifiedSocialCreditCode!, $consentId: ID!) {
  taxCreditEligibility(uscc: $uscc, consentId: $consentId) {
    offers { eligible indicativeAmount product { name } reasons { code detail } }
    denial { reason message }
    errors { code }
  }
}
"""
POST_NEED = """
mutation Post($input: FinancingNeedInput!) {
  postFinancingNeed(input: $input) {
    need { id amount purpose claimsLeft } banksTold errors { code message }
  }
}
"""
CLAIM = """
mutation Claim($needId: ID!) {
  claimFinancingNeed(needId: $needId) {
    need { id yourPosition claimsLeft purpose enterprise { uscc } } errors { code }
  }
}
"""
NEEDS = """
query Needs { financingNeeds(first: 10) { nodes { id purpose yourPosition enterprise { uscc } } } }
"""
LINE = """
mutation Line($input: CreditLineInput!) {
  reportCreditLine(input: $input) {
    creditLine { id reference amount } replayed errors { field code }
  }
}
"""
STATS = """
query Stats($from: Date!, $until: Date!) {
  lendingStatistics(periodFrom: $from, periodUntil: $until) {
    rows {
      bankPartnerId district period enterprisesServed lines totalAmount greenAmount greenShare
    }
    errors { code }
  }
}
"""
WEBHOOK = """
mutation Hook($url: String!) { registerWebhook(url: $url) { url errors { code message } } }
"""
FOLLOW = """
mutation Follow($uscc: UnifiedSocialCreditCode!) {
  followBorrower(uscc: $uscc) { following errors { code } }
}
"""
PENALTY = """
mutation Penalty($input: PenaltyInput!) { recordPenalty(input: $input) { errors { code } } }
"""
DISHONESTY = """
mutation Entry($input: NegativeFactInput!) {
  recordDishonestyListEntry(input: $input) { errors { code } }
}
"""

NOW = datetime.now(UTC)


async def token(client: httpx.AsyncClient, session: AsyncSession, partner_type: PartnerType) -> str:
    client_id, secret = await create_partner_client(session, partner_type)
    return await get_token(client, client_id, secret)


def product_input(
    name: str = "绿色贷", kind: str = "GREEN_LOAN", **criteria: Any
) -> dict[str, Any]:
    return {
        "name": name,
        "kind": kind,
        "criteria": criteria,
        "amountMin": "100000",
        "amountMax": "5000000",
        "rateMin": "3.2",
        "rateMax": "4.8",
        "validFrom": "2026-01-01",
        **({"taxMultiple": "5"} if kind == "TAX_CREDIT_LOAN" else {}),
    }


async def published(client: httpx.AsyncClient, bank: str, **input_: Any) -> str:
    created = (await gql(client, CREATE, {"input": product_input(**input_)}, token=bank))["data"]
    assert created["createLoanProduct"]["errors"] == [], created
    product_id = created["createLoanProduct"]["product"]["id"]
    done = await gql(client, PUBLISH, {"id": product_id}, token=bank)
    assert done["data"]["publishLoanProduct"]["product"]["status"] == "PUBLISHED"
    return str(product_id)


async def evaluated(session: AsyncSession, *ids: int) -> None:
    repos = Repositories(session)
    for subject_id in ids:
        await credit_services.reevaluate(repos, subject_id, now=NOW, cause=EvaluationCause.SEED)
    await session.commit()


def fact(uscc: str, **extra: Any) -> dict[str, Any]:
    return {
        "subject": {"uscc": uscc},
        "department": "market",
        "occurredAt": (NOW - timedelta(days=1)).isoformat(),
        "summary": "违法行为",
        "idempotencyKey": str(uuid.uuid4()),
        **extra,
    }


async def test_a_bank_sees_and_changes_only_its_own_products(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    bank = await token(client, session, PartnerType.BANK)
    other = await token(client, session, PartnerType.BANK)
    draft = (await gql(client, CREATE, {"input": product_input("草稿")}, token=bank))["data"]
    draft_id = draft["createLoanProduct"]["product"]["id"]
    assert draft["createLoanProduct"]["product"]["status"] == "DRAFT"
    live = await published(client, bank, name="已发布")
    mine = (await gql(client, PRODUCTS, {"mine": True}, token=bank))["data"]["loanProducts"]
    assert {n["name"] for n in mine["nodes"]} == {"草稿", "已发布"}
    seen = (await gql(client, PRODUCTS, {"mine": False}, token=other))["data"]["loanProducts"]
    assert "草稿" not in {n["name"] for n in seen["nodes"]}
    assert "已发布" in {n["name"] for n in seen["nodes"]}
    hidden = await gql(client, UPDATE, {"id": draft_id, "input": product_input("x")}, token=other)
    assert hidden["data"]["updateLoanProduct"]["errors"][0]["code"] == "NOT_FOUND"
    theirs = await gql(client, UPDATE, {"id": live, "input": product_input("x")}, token=other)
    assert theirs["data"]["updateLoanProduct"]["errors"][0]["code"] == "NOT_YOUR_PRODUCT"
    changed = await gql(client, UPDATE, {"id": live, "input": product_input("新名")}, token=bank)
    assert changed["data"]["updateLoanProduct"]["product"] == {"name": "新名", "version": 3}
    others_candidates = await gql(client, CANDIDATES, {"id": live, "first": 5}, token=other)
    refused = others_candidates["data"]["loanCandidates"]
    assert refused["candidates"] is None
    assert refused["errors"][0]["code"] == "NOT_FOUND"


async def test_bad_product_input_is_a_typed_error(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    bank = await token(client, session, PartnerType.BANK)
    cases = [
        product_input(name=""),
        {**product_input(), "amountMin": "9000000"},
        {**product_input(), "rateMax": "40"},
        product_input(kind="CREDIT_LOAN", industryPrefixes=["ZZ"]),
        product_input(kind="CREDIT_LOAN", lowestCreditGrade="E"),
        {**product_input(kind="TAX_CREDIT_LOAN"), "taxMultiple": None},
    ]
    for case in cases:
        body = await gql(client, CREATE, {"input": case}, token=bank)
        payload = body["data"]["createLoanProduct"]
        assert payload["product"] is None, case
        assert payload["errors"][0]["code"] == "INVALID_ARGUMENT", case


async def test_candidates_are_ranked_explained_and_paged_with_stable_cursors(
    client: httpx.AsyncClient, session: AsyncSession, factory: Factory
) -> None:
    bank = await token(client, session, PartnerType.BANK)
    tax = await token(client, session, PartnerType.TAX_BUREAU)
    ids = []
    for grade in (TaxGrade.A, TaxGrade.B, TaxGrade.B, TaxGrade.C, TaxGrade.M):
        subject_id, uscc = await factory.enterprise(district=District.DEQING, tax_grade=grade)
        ids.append((subject_id, uscc, grade))
    outsider, _ = await factory.enterprise(district=District.WUXING, tax_grade=TaxGrade.A)
    await evaluated(session, *(i for i, _, _ in ids), outsider)
    green_uscc = ids[1][1]
    profile = {
        "uscc": green_uscc,
        "activityClass": "CLEAN_ENERGY",
        "emissionsTonnes": "300",
        "carbonIntensity": "0.2",
        "carbonReductionTonnes": "1500",
        "esgScore": "90",
        "asOf": "2026-06-30",
    }
    green = (await gql(client, GREEN, {"input": profile}, token=tax))["data"]["updateGreenProfile"]
    assert green["classification"]["tier"] == "DEEP_GREEN"
    product = await published(
        client,
        bank,
        name="德清税贷",
        kind="TAX_CREDIT_LOAN",
        districts=["DEQING"],
        lowestTaxGrade="M",
    )
    first = (await gql(client, CANDIDATES, {"id": product, "first": 2}, token=bank))["data"]
    page = first["loanCandidates"]["candidates"]
    got = [e["node"] for e in page["edges"]]
    assert page["pageInfo"]["hasNextPage"] is True
    rest = await gql(
        client,
        CANDIDATES,
        {"id": product, "first": 10, "after": page["pageInfo"]["endCursor"]},
        token=bank,
    )
    got += [e["node"] for e in rest["data"]["loanCandidates"]["candidates"]["edges"]]
    usccs = [n["enterprise"]["uscc"] for n in got]
    expected = {u for _, u, g in ids if g is not TaxGrade.C}
    assert set(usccs) == expected  # grade C and the other district left out
    assert len(usccs) == 4
    scores = [Decimal(str(n["score"])) for n in got]
    assert scores == sorted(scores, reverse=True)
    top = got[0]
    assert top["enterprise"]["uscc"] in {ids[0][1], green_uscc}
    checks = {c["criterion"]: c for c in top["checks"]}
    assert checks["DISTRICT"]["met"]
    assert checks["TAX_GRADE"]["met"]
    assert checks["NO_SERIOUS_DISHONESTY"]["met"]
    assert all(Decimal(p["points"]) <= Decimal(p["maxPoints"]) for p in top["scoreParts"])
    assert top["lifts"], "there is always something to improve below 100"
    a_grade = next(n for n in got if n["enterprise"]["uscc"] == ids[0][1])
    assert next(c for c in a_grade["checks"] if c["criterion"] == "TAX_GRADE")["margin"] == 2
    forged = await gql(client, CANDIDATES, {"id": product, "first": 2, "after": "bad"}, token=bank)
    assert forged["data"]["loanCandidates"]["errors"][0]["field"] == "after"


async def test_tax_credit_eligibility_needs_the_enterprise_s_consent(
    client: httpx.AsyncClient, session: AsyncSession, factory: Factory
) -> None:
    bank = await token(client, session, PartnerType.BANK)
    other_bank = await token(client, session, PartnerType.BANK)
    tax = await token(client, session, PartnerType.TAX_BUREAU)
    app = await token(client, session, PartnerType.CITIZEN_APP)
    subject_id, uscc = await factory.enterprise(tax_grade=TaxGrade.B)
    await evaluated(session, subject_id)
    await published(client, bank, name="绿税贷", kind="TAX_CREDIT_LOAN")
    await published(client, other_bank, name="别家贷", kind="TAX_CREDIT_LOAN")
    paid = await gql(client, TAX_PAID, {"uscc": uscc, "amount": "300000"}, token=tax)
    assert paid["data"]["reportTaxPaid"]["stored"] is True
    ask = {
        "uscc": uscc,
        "permissions": ["READ_ENTERPRISE_NON_PUBLIC"],
        "purpose": "TAX_CREDIT_LOAN",
        "expiresAt": (NOW + timedelta(days=30)).isoformat(),
    }
    consent = (await gql(client, REQUEST_CONSENT, {"input": ask}, token=bank))["data"]
    consent_id = consent["requestConsent"]["consent"]["id"]
    waiting = await gql(client, ELIGIBILITY, {"uscc": uscc, "consentId": consent_id}, token=bank)
    assert waiting["data"]["taxCreditEligibility"]["denial"]["reason"] == "CONSENT_NOT_AUTHORISED"
    assert waiting["data"]["taxCreditEligibility"]["offers"] == []
    ok = await gql(client, AUTHORISE, {"id": consent_id, "uscc": uscc}, token=app)
    assert ok["data"]["authorizeConsent"]["consent"]["status"] == "AUTHORISED"
    allowed = await gql(client, ELIGIBILITY, {"uscc": uscc, "consentId": consent_id}, token=bank)
    result = allowed["data"]["taxCreditEligibility"]
    assert result["denial"] is None
    assert [o["product"]["name"] for o in result["offers"]] == ["绿税贷"]  # only its own products
    assert result["offers"][0]["eligible"] is True
    assert Decimal(str(result["offers"][0]["indicativeAmount"])) == Decimal(1_500_000)
    stolen = await gql(
        client, ELIGIBILITY, {"uscc": uscc, "consentId": consent_id}, token=other_bank
    )
    assert stolen["data"]["taxCreditEligibility"]["denial"]["reason"] == "WRONG_PARTNER"
    assert stolen["data"]["taxCreditEligibility"]["offers"] == []


async def test_financing_need_is_told_to_matching_banks_and_claimed_by_three(
    client: httpx.AsyncClient, session: AsyncSession, factory: Factory, loopback_webhooks: Any
) -> None:
    app = await token(client, session, PartnerType.CITIZEN_APP)
    banks = [await token(client, session, PartnerType.BANK) for _ in range(4)]
    subject_id, uscc = await factory.enterprise(district=District.ANJI, size_class=SizeClass.SMALL)
    await evaluated(session, subject_id)
    products = [
        await published(client, bank, kind="CREDIT_LOAN", districts=["ANJI"]) for bank in banks[:3]
    ]
    await published(client, banks[3], kind="CREDIT_LOAN", districts=["NANXUN"])
    hook = await gql(client, WEBHOOK, {"url": "http://127.0.0.1:9/hook"}, token=banks[0])
    assert hook["data"]["registerWebhook"]["errors"] == []
    need_input = {"uscc": uscc, "amount": "800000", "purpose": "购置光伏设备", "termMonths": 24}
    posted = (await gql(client, POST_NEED, {"input": need_input}, token=app))["data"]
    assert posted["postFinancingNeed"]["banksTold"] == 3
    need_id = posted["postFinancingNeed"]["need"]["id"]
    # The bank with a webhook is told, with the IDs its API uses (never internal numbers).
    bodies = [
        json.loads(r[0])
        for r in await session.execute(
            text("SELECT body FROM webhook_deliveries WHERE event_type = 'financing_need.posted'")
        )
    ]
    assert len(bodies) == 1
    assert bodies[0]["data"] == {
        "uscc": uscc,
        "needId": need_id,
        "productId": products[0],
        "amount": "800000",
        "termMonths": 24,
    }
    told = (await gql(client, NEEDS, {}, token=banks[0]))["data"]["financingNeeds"]["nodes"]
    assert [n["id"] for n in told] == [need_id]
    assert told[0]["purpose"] is None  # not claimed yet
    assert told[0]["enterprise"] is None
    not_told = (await gql(client, NEEDS, {}, token=banks[3]))["data"]["financingNeeds"]["nodes"]
    assert not_told == []
    positions = []
    for bank in banks[:3]:
        claimed = (await gql(client, CLAIM, {"needId": need_id}, token=bank))["data"]
        need = claimed["claimFinancingNeed"]["need"]
        assert need["enterprise"]["uscc"] == uscc
        assert need["purpose"] == "购置光伏设备"
        positions.append(need["yourPosition"])
    assert positions == [1, 2, 3]
    again = (await gql(client, CLAIM, {"needId": need_id}, token=banks[0]))["data"]
    assert again["claimFinancingNeed"]["need"]["yourPosition"] == 1  # idempotent
    late = (await gql(client, CLAIM, {"needId": need_id}, token=banks[3]))["data"]
    assert late["claimFinancingNeed"]["errors"][0]["code"] == "CLAIMS_FULL"
    assert late["claimFinancingNeed"]["need"] is None
    bad = await gql(client, POST_NEED, {"input": {**need_input, "termMonths": 0}}, token=app)
    assert bad["data"]["postFinancingNeed"]["errors"][0]["code"] == "INVALID_ARGUMENT"


async def test_credit_lines_are_idempotent_and_counted_in_statistics(
    client: httpx.AsyncClient, session: AsyncSession, factory: Factory
) -> None:
    bank = await token(client, session, PartnerType.BANK)
    office = await token(client, session, PartnerType.CREDIT_OFFICE)
    _, uscc = await factory.enterprise(district=District.CHANGXING)
    _, uscc2 = await factory.enterprise(district=District.CHANGXING)
    green = await published(client, bank, name="绿贷")
    plain = await published(client, bank, name="信贷", kind="CREDIT_LOAN")
    line = {
        "reference": "L-1",
        "uscc": uscc,
        "productId": green,
        "amount": "300000",
        "grantedOn": "2026-05-03",
    }
    first = (await gql(client, LINE, {"input": line}, token=bank))["data"]["reportCreditLine"]
    assert first["replayed"] is False
    assert first["errors"] == []
    again = (await gql(client, LINE, {"input": line}, token=bank))["data"]["reportCreditLine"]
    assert again["replayed"] is True
    assert again["creditLine"]["id"] == first["creditLine"]["id"]
    changed = await gql(client, LINE, {"input": {**line, "amount": "1"}}, token=bank)
    assert changed["data"]["reportCreditLine"]["errors"][0]["code"] == "IDEMPOTENCY_KEY_REUSED"
    other = {**line, "reference": "L-2", "uscc": uscc2, "productId": plain, "amount": "700000"}
    assert (await gql(client, LINE, {"input": other}, token=bank))["data"]["reportCreditLine"][
        "errors"
    ] == []
    stats = await gql(client, STATS, {"from": "2026-05-01", "until": "2026-05-31"}, token=office)
    rows = [r for r in stats["data"]["lendingStatistics"]["rows"] if r["district"] == "CHANGXING"]
    assert len(rows) == 1
    row = rows[0]
    assert row["enterprisesServed"] == 2
    assert row["lines"] == 2
    assert Decimal(str(row["totalAmount"])) == Decimal(1_000_000)
    assert Decimal(str(row["greenShare"])) == Decimal("0.3")
    backwards = await gql(
        client, STATS, {"from": "2026-05-31", "until": "2026-05-01"}, token=office
    )
    assert backwards["data"]["lendingStatistics"]["errors"][0]["code"] == "INVALID_ARGUMENT"


@pytest.fixture
def loopback_webhooks(monkeypatch: pytest.MonkeyPatch) -> Any:
    """Allow http://127.0.0.1 webhook URLs for the test."""
    monkeypatch.setenv("CREDIT_WEBHOOK_ALLOW_LOOPBACK_HTTP", "true")
    get_webhook_settings.cache_clear()
    yield
    get_webhook_settings.cache_clear()


async def test_worsening_borrowers_are_queued_for_their_banks_in_the_same_transaction(
    client: httpx.AsyncClient, session: AsyncSession, factory: Factory, loopback_webhooks: Any
) -> None:
    bank = await token(client, session, PartnerType.BANK)
    regulator = await token(client, session, PartnerType.REGULATOR)
    tax = await token(client, session, PartnerType.TAX_BUREAU)
    await factory.department("market")
    subject_id, uscc = await factory.enterprise(tax_grade=None)
    await evaluated(session, subject_id)
    product = await published(client, bank)
    follow = (await gql(client, FOLLOW, {"uscc": uscc}, token=bank))["data"]["followBorrower"]
    assert follow["errors"][0]["code"] == "WEBHOOK_NOT_REGISTERED"
    refused = await gql(client, WEBHOOK, {"url": "http://bank.example/hook"}, token=bank)
    assert refused["data"]["registerWebhook"]["errors"][0]["code"] == "INVALID_ARGUMENT"
    hook = await gql(client, WEBHOOK, {"url": "http://127.0.0.1:9/hook"}, token=bank)
    assert hook["data"]["registerWebhook"]["url"] == "http://127.0.0.1:9/hook"
    follow = (await gql(client, FOLLOW, {"uscc": uscc}, token=bank))["data"]["followBorrower"]
    assert follow["errors"][0]["code"] == "NOT_A_BORROWER"
    line = {
        "reference": "B-1",
        "uscc": uscc,
        "productId": product,
        "amount": "500000",
        "grantedOn": "2026-05-03",
    }
    await gql(client, LINE, {"input": line}, token=bank)
    follow = (await gql(client, FOLLOW, {"uscc": uscc}, token=bank))["data"]["followBorrower"]
    assert follow == {"following": True, "errors": []}

    # 700 -> 620: still grade C? (floors A 800, B 650, C 500): B -> C is a worsening.
    penalty = await gql(client, PENALTY, {"input": fact(uscc, severity="GENERAL")}, token=regulator)
    assert penalty["data"]["recordPenalty"]["errors"] == []
    entry = await gql(
        client, DISHONESTY, {"input": fact(uscc, severity="SERIOUS")}, token=regulator
    )
    assert entry["data"]["recordDishonestyListEntry"]["errors"] == []
    profile = {
        "uscc": uscc,
        "activityClass": "CLEAN_ENERGY",
        "emissionsTonnes": "100",
        "carbonIntensity": "0.2",
        "carbonReductionTonnes": "200",
        "esgScore": "80",
        "asOf": "2026-06-30",
    }
    await gql(client, GREEN, {"input": profile}, token=tax)
    await gql(client, GREEN, {"input": {**profile, "carbonIntensity": "2.5"}}, token=tax)

    repos = Repositories(session)
    bank_id = (await repos.webhooks.subscribers(subject_id))[0][1]
    page = await repos.webhooks.delivery_page(bank_id, PageRequest(first=100))
    events = [
        {
            "type": d.type.value,
            "body": json.loads(d.body),
            "event_id": d.event_id,
            "delivered_at": d.delivered_at,
            "attempts": d.attempts,
        }
        for d, _key in reversed(page.items)  # oldest first
    ]
    types = [e["type"] for e in events]
    assert types == [
        "borrower.grade_worsened",
        "borrower.grade_worsened",
        "borrower.serious_dishonesty",
        "borrower.serious_record",
        "borrower.green_status_worsened",
    ]
    assert all(e["body"]["data"]["uscc"] == uscc for e in events)
    assert events[0]["body"]["data"]["previousGrade"] == "B"
    assert len({e["event_id"] for e in events}) == 5
    assert all(e["delivered_at"] is None and e["attempts"] == 0 for e in events)


async def test_the_matching_sql_agrees_with_the_rules(
    client: httpx.AsyncClient, session: AsyncSession, factory: Factory
) -> None:
    """The database filter and order are the pure rules' (``rank_candidates``)."""
    from api.domain.banking.matching import rank_candidates
    from api.domain.banking.model import LoanCriteria, LoanKind
    from api.domain.credit.codes import CreditGrade
    from api.domain.paging import PageRequest

    made = []
    grades = [TaxGrade.A, TaxGrade.B, TaxGrade.M, TaxGrade.C, None]
    for n in range(15):
        subject_id, _ = await factory.enterprise(
            district=list(District)[n % 3],
            size_class=list(SizeClass)[n % 4],
            industry_code=["C2611", "D4411", "C3011"][n % 3],
            tax_grade=grades[n % 5],
            green_class=GreenActivityClass.CLEAN_ENERGY if n % 2 else None,
        )
        made.append(subject_id)
    await evaluated(session, *made)
    repos = Repositories(session)
    await repos.matching.refresh(made, now=NOW)
    pool = list((await repos.matching.facts(made)).values())
    for kind, criteria in [
        (LoanKind.CREDIT_LOAN, LoanCriteria(lowest_tax_grade=TaxGrade.M)),
        (LoanKind.GREEN_LOAN, LoanCriteria(districts=(District.WUXING, District.NANXUN))),
        (
            LoanKind.TAX_CREDIT_LOAN,
            LoanCriteria(industry_prefixes=("C",), lowest_credit_grade=CreditGrade.B),
        ),
        (LoanKind.CREDIT_LOAN, LoanCriteria(size_classes=(SizeClass.SMALL, SizeClass.MICRO))),
    ]:
        expected = [f.enterprise_id for _, f in rank_candidates(kind, criteria, pool)]
        page = await repos.matching.candidates(kind, criteria, PageRequest(first=100))
        found = [c.facts.enterprise_id for c, _ in page.items if c.facts.enterprise_id in made]
        assert found == expected, (kind, criteria)
    rows = list(await session.execute(select(1)))
    assert rows
