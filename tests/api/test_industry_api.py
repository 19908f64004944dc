"""Industry credit evaluations through GraphQL: schemes, observations and inspections by a
regulator, explained grades, graded inspection plans, the credit office's statistics, and
bad input refused with clear codes."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from api.auth.partners import create_partner
from api.auth.scopes import PartnerType
from api.db.repositories import Repositories
from api.domain.clock import city_today
from api.domain.industry.model import Industry
from api.domain.subjects.model import District
from tests.auth.helpers import get_token
from tests.factories import Factory, next_uscc
from tests.gql import gql

TODAY = city_today(datetime.now(UTC))
OPERATIONS = Path(__file__).resolve().parents[2] / "schema" / "operations"
SCHEMES = (OPERATIONS / "regulator" / "IndustrySchemes.graphql").read_text()
EVALUATE = (OPERATIONS / "regulator" / "IndustryEvaluation.graphql").read_text()
PLAN = (OPERATIONS / "regulator" / "InspectionPlan.graphql").read_text()
OBSERVE = (OPERATIONS / "regulator" / "RecordIndustryObservation.graphql").read_text()
INSPECT = (OPERATIONS / "regulator" / "RecordIndustryInspection.graphql").read_text()
STATISTICS = (OPERATIONS / "credit_office" / "IndustryStatistics.graphql").read_text()
MINE = (OPERATIONS / "citizen_app" / "MyIndustryEvaluations.graphql").read_text()


async def _token(
    client: httpx.AsyncClient, session: AsyncSession, partner_type: PartnerType
) -> str:
    issued = await create_partner(
        session, partner_type=partner_type, name=f"Test {partner_type.value} {uuid.uuid4()}"
    )
    await session.commit()
    return await get_token(client, issued.client_id, issued.client_secret)


async def _subject(
    session: AsyncSession, industry: Industry, name: str, enterprise_id: int | None = None
) -> str:
    code = f"T-{uuid.uuid4().hex[:12]}"
    await Repositories(session).industry.add_subject(
        industry=industry,
        code=code,
        name=name,
        district=District.DEQING,
        enterprise_id=enterprise_id,
    )
    await session.commit()
    return code


def _observation(code: str, indicator: str, department: str, value: str, **extra: Any) -> Any:
    return {
        "observation": {
            "subject": code,
            "indicator": indicator,
            "department": department,
            "value": value,
            "observedOn": extra.pop("observedOn", (TODAY - timedelta(days=3)).isoformat()),
            "idempotencyKey": extra.pop("idempotencyKey", str(uuid.uuid4())),
            **extra,
        }
    }


def _inspection(code: str, passed: bool, findings: int, **extra: Any) -> Any:
    return {
        "inspection": {
            "subject": code,
            "department": extra.pop("department", "transport"),
            "inspectedOn": extra.pop("inspectedOn", (TODAY - timedelta(days=1)).isoformat()),
            "passed": passed,
            "findings": findings,
            "idempotencyKey": extra.pop("idempotencyKey", str(uuid.uuid4())),
        }
    }


async def _data(client: httpx.AsyncClient, query: str, variables: Any, token: str) -> Any:
    body = await gql(client, query, variables, token=token)
    assert "errors" not in body, body
    return body["data"]


async def test_three_schemes_are_configured_with_departments_and_supervision(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    token = await _token(client, session, PartnerType.REGULATOR)
    schemes = (await _data(client, SCHEMES, None, token))["industrySchemes"]
    assert [s["industry"] for s in schemes] == ["GREEN_WHARF", "LIVE_STREAMING", "CATERING"]
    wharf = schemes[0]
    assert wharf["version"] == "2026.1"
    assert wharf["nameZh"] == "绿色码头信用评价"
    assert [i["code"] for i in wharf["indicators"]] == [
        "dust_control",
        "wastewater_control",
        "permits",
        "pollution_incidents",
        "inspections",
    ]
    assert (wharf["gradeAFrom"], wharf["gradeBFrom"], wharf["gradeCFrom"]) == ("90", "75", "60")
    assert wharf["supervision"][3] == {
        "grade": "D",
        "visitsPerYear": 12,
        "treatment": "strict supervision: monthly inspection and rectification order",
    }
    for scheme in schemes:
        assert sum(i["weight"] for i in scheme["indicators"]) == 100


async def test_a_regulator_evaluates_a_wharf_and_an_inspection_feeds_back(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    token = await _token(client, session, PartnerType.REGULATOR)
    code = await _subject(session, Industry.GREEN_WHARF, "德清县新市镇青云码头")
    for indicator, department, value in (
        ("dust_control", "ecology_environment", "92"),
        ("wastewater_control", "water_resources", "88.5"),
        ("permits", "transport", "1"),
        ("pollution_incidents", "ecology_environment", "0"),
    ):
        done = await _data(client, OBSERVE, _observation(code, indicator, department, value), token)
        assert done["recordIndustryObservation"]["errors"] == []
    evaluation = (await _data(client, EVALUATE, {"subject": code}, token))["industryEvaluation"]
    found = evaluation["evaluation"]
    # (92*25 + 88.5*25 + 100*15 + 100*15) / 80 = 93.9
    assert (found["grade"], found["score"], found["reasons"]) == ("A", "93.9", ["SCORE_A"])
    assert found["schemeVersion"] == "2026.1"
    assert found["indicators"][4]["status"] == "MISSING"
    failed = await _data(client, INSPECT, _inspection(code, passed=False, findings=3), token)
    assert failed["recordIndustryInspection"]["observation"]["value"] == "0"
    found = (await _data(client, EVALUATE, {"subject": code}, token))["industryEvaluation"][
        "evaluation"
    ]
    assert (found["grade"], found["reasons"]) == ("D", ["RED_LINE"])
    assert found["indicators"][4]["redLine"] is True
    # The day before the inspection it was still A.
    yesterday = (TODAY - timedelta(days=2)).isoformat()
    before = await _data(client, EVALUATE, {"subject": code, "asOf": yesterday}, token)
    assert before["industryEvaluation"]["evaluation"]["grade"] == "A"


async def test_the_inspection_plan_visits_by_grade_and_says_why(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    token = await _token(client, session, PartnerType.REGULATOR)
    good = await _subject(session, Industry.LIVE_STREAMING, "安吉竹乡直播间")
    bad = await _subject(session, Industry.LIVE_STREAMING, "安吉白茶直播间")
    await _subject(session, Industry.LIVE_STREAMING, "安吉椅业直播间")
    await _data(
        client, OBSERVE, _observation(good, "product_quality", "market_regulation", "95"), token
    )
    await _data(client, OBSERVE, _observation(bad, "false_advertising", "cyberspace", "3"), token)
    start = TODAY
    end = TODAY + timedelta(days=89)
    variables = {"industry": "LIVE_STREAMING", "start": start.isoformat(), "end": end.isoformat()}
    plan = (await _data(client, PLAN, variables, token))["inspectionPlan"]["plan"]
    lines = {p["subject"]["code"]: p for p in plan["subjects"]}
    assert lines[bad]["grade"] == "D"
    assert lines[bad]["visitsPerYear"] == 12
    assert lines[bad]["visits"] == [(start + timedelta(days=30 * n)).isoformat() for n in range(3)]
    assert lines[bad]["reason"].startswith("grade D (score 0.0): 12 visit(s) a year")
    assert lines[bad]["reason"].endswith("never inspected")
    assert lines[good]["grade"] == "A"
    assert lines[good]["visits"] == [start.isoformat()]
    assert plan["totalVisits"] == sum(len(p["visits"]) for p in plan["subjects"])
    # An inspection today moves the good room's next visit a year on: none in this period.
    await _data(
        client,
        INSPECT,
        _inspection(good, True, 0, department="market_regulation", inspectedOn=TODAY.isoformat()),
        token,
    )
    plan = (await _data(client, PLAN, variables, token))["inspectionPlan"]["plan"]
    line = next(p for p in plan["subjects"] if p["subject"]["code"] == good)
    assert (line["visits"], line["lastInspectedOn"]) == ([], TODAY.isoformat())


async def test_a_retry_replays_and_a_reused_key_is_refused(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    token = await _token(client, session, PartnerType.REGULATOR)
    code = await _subject(session, Industry.CATERING, "德清县武康老街面馆")
    key = str(uuid.uuid4())
    sent = _observation(code, "complaints", "consumer_association", "2", idempotencyKey=key)
    first = (await _data(client, OBSERVE, sent, token))["recordIndustryObservation"]
    again = (await _data(client, OBSERVE, sent, token))["recordIndustryObservation"]
    assert (first["replayed"], again["replayed"]) == (False, True)
    assert first["observation"] == again["observation"]
    other = _observation(code, "complaints", "consumer_association", "3", idempotencyKey=key)
    refused = (await _data(client, OBSERVE, other, token))["recordIndustryObservation"]
    assert refused["observation"] is None
    assert refused["errors"][0]["code"] == "IDEMPOTENCY_KEY_REUSED"


async def test_bad_input_is_refused_with_clear_codes(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    token = await _token(client, session, PartnerType.REGULATOR)
    code = await _subject(session, Industry.CATERING, "安吉县递铺街道小吃店")
    tomorrow = (TODAY + timedelta(days=1)).isoformat()
    cases = [
        (_observation("NO-SUCH-SUBJECT", "food_safety", "market_regulation", "80"), "NOT_FOUND"),
        (_observation(code, "dust_control", "market_regulation", "80"), "UNKNOWN_INDICATOR"),
        (_observation(code, "inspections", "market_regulation", "80"), "UNKNOWN_INDICATOR"),
        (_observation(code, "food_safety", "tax", "80"), "DEPARTMENT_NOT_FOR_INDICATOR"),
        (_observation(code, "licences", "market_regulation", "0.5"), "VALUE_OUT_OF_RANGE"),
        (
            _observation(code, "food_safety", "market_regulation", "80", observedOn=tomorrow),
            "DATE_IN_FUTURE",
        ),
        (
            _observation(code, "food_safety", "market_regulation", "80", idempotencyKey="short"),
            "INVALID_ARGUMENT",
        ),
    ]
    for variables, expected in cases:
        payload = (await _data(client, OBSERVE, variables, token))["recordIndustryObservation"]
        assert payload["observation"] is None, variables
        assert [e["code"] for e in payload["errors"]] == [expected], variables
    inspection = _inspection(code, True, 0, department="transport")
    refused = (await _data(client, INSPECT, inspection, token))["recordIndustryInspection"]
    assert refused["errors"][0]["code"] == "DEPARTMENT_NOT_FOR_INDICATOR"
    too_many = _inspection(code, True, 5000, department="health")
    refused = (await _data(client, INSPECT, too_many, token))["recordIndustryInspection"]
    assert refused["errors"][0]["code"] == "VALUE_OUT_OF_RANGE"
    hostile = await gql(
        client,
        OBSERVE,
        _observation(code, "food_safety", "market_regulation", "1e999999"),
        token=token,
    )
    assert hostile["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    unknown = await _data(client, EVALUATE, {"subject": "NO-SUCH"}, token)
    assert unknown["industryEvaluation"]["errors"][0]["code"] == "NOT_FOUND"
    future = await _data(client, EVALUATE, {"subject": code, "asOf": tomorrow}, token)
    assert future["industryEvaluation"]["errors"][0]["code"] == "DATE_IN_FUTURE"
    backwards = {"industry": "CATERING", "start": TODAY.isoformat(), "end": "2020-01-01"}
    plan = (await _data(client, PLAN, backwards, token))["inspectionPlan"]
    assert plan["plan"] is None
    assert plan["errors"][0]["code"] == "PERIOD_OUT_OF_RANGE"


async def test_the_credit_office_counts_subjects_by_grade(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    regulator = await _token(client, session, PartnerType.REGULATOR)
    office = await _token(client, session, PartnerType.CREDIT_OFFICE)
    before = (await _data(client, STATISTICS, {"industry": "CATERING"}, office))[
        "industryStatistics"
    ]
    code = await _subject(session, Industry.CATERING, "长兴县太湖农家乐")
    unlicensed = _observation(code, "licences", "market_regulation", "0")
    await _data(client, OBSERVE, unlicensed, regulator)
    after = (await _data(client, STATISTICS, {"industry": "CATERING"}, office))[
        "industryStatistics"
    ]
    assert after["subjects"] == before["subjects"] + 1
    counts = {c["grade"]: c["subjects"] for c in after["byGrade"]}
    assert counts["D"] == {c["grade"]: c["subjects"] for c in before["byGrade"]}["D"] + 1
    assert after["visitsPerYear"] == before["visitsPerYear"] + 12
    assert after["asOf"] == TODAY.isoformat()
    assert isinstance(date.fromisoformat(after["asOf"]), date)


async def test_partners_without_industry_scopes_are_refused(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    token = await _token(client, session, PartnerType.BANK)
    body = await gql(client, SCHEMES, None, token=token)
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert body["errors"][0]["extensions"]["requiredScopes"] == ["industry:read"]


async def test_the_enterprise_sees_its_own_evaluations_in_the_city_app(
    client: httpx.AsyncClient, session: AsyncSession, factory: Factory
) -> None:
    regulator = await _token(client, session, PartnerType.REGULATOR)
    app = await _token(client, session, PartnerType.CITIZEN_APP)
    enterprise_id, uscc = await factory.enterprise()
    other_id, other_uscc = await factory.enterprise()
    await session.commit()
    room = await _subject(session, Industry.LIVE_STREAMING, "安吉溪龙白茶直播间", enterprise_id)
    shop = await _subject(session, Industry.CATERING, "安吉递铺茶楼", enterprise_id)
    await _subject(session, Industry.CATERING, "别家的面馆", other_id)
    certified = _observation(room, "certifications", "commerce", "1")
    await _data(client, OBSERVE, certified, regulator)
    mine = (await _data(client, MINE, {"uscc": uscc}, app))["myIndustryEvaluations"]
    assert sorted(e["subject"]["code"] for e in mine) == sorted([room, shop])
    graded = {e["subject"]["code"]: (e["grade"], e["reasons"]) for e in mine}
    assert graded[room] == ("A", ["SCORE_A"])
    assert graded[shop] == (None, ["NO_CURRENT_OBSERVATIONS"])
    others = (await _data(client, MINE, {"uscc": other_uscc}, app))["myIndustryEvaluations"]
    assert [e["subject"]["name"] for e in others] == ["别家的面馆"]
    unknown = await gql(client, MINE, {"uscc": next_uscc()}, token=app)
    assert unknown["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    refused = await gql(client, MINE, {"uscc": uscc}, token=regulator)
    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"
