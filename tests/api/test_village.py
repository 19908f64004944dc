"""Village households through the API, per partner type: a committee's rules, entries,
corrections and nominations; the county's approval; the head's own file; the public list;
the credit office's statistics; and every bad input answered with a clear code."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from api.auth.partners import create_partner
from api.auth.scopes import PartnerType
from api.domain.clock import city_today
from api.domain.records.model import RecordCategory, Severity
from tests.auth.helpers import create_partner_client, get_token
from tests.factories import Factory
from tests.gql import error_codes, gql

TODAY = city_today(datetime.now(UTC))

VILLAGE = """
query Village($name: String!, $first: Int!, $after: String) {
  village(name: $name) {
    name district township
    rules { code version points yearlyCap }
    households(first: $first, after: $after) {
      nodes {
        householdId householdNumber headName points colour
        reasons { code message }
        latestEntries { kind points rule { code version } note }
      }
      pageInfo { hasNextPage endCursor }
    }
  }
}
"""
SAVE_RULE = """
mutation Save($input: SaveVillageRuleInput!) {
  saveVillageRule(input: $input) {
    rule { code version points yearlyCap retiredAt } replayed
    errors { field message errorCode }
  }
}
"""
RECORD = """
mutation Record($input: RecordCivilityEntryInput!) {
  recordCivilityEntry(input: $input) {
    entry { id kind points requestedPoints rule { code version } occurredOn }
    file { points colour reasons { code } latestEntries { id points } }
    replayed
    errors { field message errorCode }
  }
}
"""
CORRECT = """
mutation Correct($input: CorrectCivilityEntryInput!) {
  correctCivilityEntry(input: $input) {
    entry { id kind points correctsEntryId note }
    file { points }
    replayed
    errors { field message errorCode }
  }
}
"""
NOMINATE = """
mutation Nominate($input: NominateModelHouseholdInput!) {
  nominateModelHousehold(input: $input) {
    nomination { id year points status } replayed
    errors { field message errorCode }
  }
}
"""
DECIDE = """
mutation Decide($input: DecideModelHouseholdInput!) {
  decideModelHousehold(input: $input) {
    nomination { id status honourRecordCount decisionReason } replayed
    errors { field message errorCode }
  }
}
"""
PUBLIC = """
query Public($year: Int!) {
  modelHouseholds(year: $year) { year village district maskedHeadName approvedOn }
}
"""
MINE = """
query Mine($residentId: ResidentId!) {
  myHouseholdFile(residentId: $residentId) {
    householdNumber village points colour reasons { code }
  }
}
"""
STATS = """
query Stats($year: Int!) {
  villageStatistics(year: $year) {
    households files modelHouseholds coverage
    villages { village households files coverage modelHouseholds }
    districts { village district files }
    pointsDistribution { label files }
  }
}
"""


def key() -> str:
    """A fresh idempotency key."""
    return str(uuid.uuid4())


async def committee_token(
    session: AsyncSession, client: httpx.AsyncClient, factory: Factory, village: str
) -> str:
    """A village committee running ``village`` (with rules GY-01 +5 capped 10, WS-01 -3)."""
    issued = await create_partner(
        session, partner_type=PartnerType.VILLAGE_COMMITTEE, name=f"{village}村委会"
    )
    await factory.village(
        village,
        committee_partner_id=issued.partner_id,
        rules=(("GY-01", 5, 10), ("WS-01", -3, None), ("MT-01", 2, None)),
    )
    await session.commit()
    return await get_token(client, issued.client_id, issued.client_secret)


async def token_of(session: AsyncSession, client: httpx.AsyncClient, kind: PartnerType) -> str:
    """A token of a new partner of this type."""
    client_id, secret = await create_partner_client(session, kind)
    return await get_token(client, client_id, secret)


def entry(household: str, rule: str = "GY-01", **extra: Any) -> dict[str, Any]:
    """A recordCivilityEntry input."""
    return {
        "householdId": household,
        "ruleCode": rule,
        "occurredOn": TODAY.isoformat(),
        "recordedBy": "王主任",
        "note": "参加垃圾分类志愿服务",
        "idempotencyKey": key(),
        **extra,
    }


async def household_ids(client: httpx.AsyncClient, token: str, village: str) -> list[str]:
    """The global IDs of a village's households, by number."""
    body = await gql(client, VILLAGE, {"name": village, "first": 50}, token=token)
    assert "errors" not in body, body
    return [n["householdId"] for n in body["data"]["village"]["households"]["nodes"]]


async def test_a_committee_runs_rules_points_codes_and_model_households(
    client: httpx.AsyncClient, session: AsyncSession, factory: Factory
) -> None:
    token = await committee_token(session, client, factory, "余村")
    head_id, head_resident_id = await factory.person()
    spouse_id, _ = await factory.person()
    first, _ = await factory.household("余村", "001", head_id=head_id)
    await factory.member(first, head_id, "head")
    await factory.member(first, spouse_id)
    await factory.household("余村", "002")
    await factory.department("civility")
    await session.commit()
    one, two = await household_ids(client, token, "余村")

    # A new version of a rule: the old one retires, later entries score under v2.
    saved = await gql(
        client,
        SAVE_RULE,
        {
            "input": {
                "village": "余村",
                "code": "mt-01",
                "description": "调解成功",
                "points": 4,
                "yearlyCap": 8,
                "idempotencyKey": key(),
            }
        },
        token=token,
    )
    assert saved["data"]["saveVillageRule"]["rule"] == {
        "code": "MT-01",
        "version": 2,
        "points": 4,
        "yearlyCap": 8,
        "retiredAt": None,
    }

    # Points under the cap: 5 + 5 reach the cap of 10; a third is refused.
    for expected in (5, 10):
        body = await gql(client, RECORD, {"input": entry(one)}, token=token)
        result = body["data"]["recordCivilityEntry"]
        assert result["errors"] == [], result
        assert result["entry"]["points"] == 5
        assert result["file"]["points"] == expected
    capped = await gql(client, RECORD, {"input": entry(one)}, token=token)
    assert capped["data"]["recordCivilityEntry"]["errors"][0]["errorCode"] == "RULE_CAP_REACHED"

    dispute = await gql(
        client,
        RECORD,
        {"input": entry(one, "MT-01", kind="DISPUTE_SETTLEMENT", note="邻里纠纷村内调处")},
        token=token,
    )
    settled = dispute["data"]["recordCivilityEntry"]
    assert settled["entry"]["kind"] == "DISPUTE_SETTLEMENT"
    assert settled["entry"]["rule"] == {"code": "MT-01", "version": 2}
    assert settled["file"]["points"] == 14

    # A deduction, then its correction (an entry of its own), and no second correction.
    deducted = await gql(client, RECORD, {"input": entry(one, "WS-01")}, token=token)
    deduction = deducted["data"]["recordCivilityEntry"]["entry"]
    assert deducted["data"]["recordCivilityEntry"]["file"]["points"] == 11
    fix = {
        "entryId": deduction["id"],
        "reason": "记录有误",
        "recordedBy": "王主任",
        "idempotencyKey": key(),
    }
    corrected = await gql(client, CORRECT, {"input": fix}, token=token)
    correction = corrected["data"]["correctCivilityEntry"]
    assert correction["errors"] == []
    assert correction["entry"]["kind"] == "CORRECTION"
    assert correction["entry"]["points"] == 3
    assert correction["entry"]["correctsEntryId"] == deduction["id"]
    assert correction["file"]["points"] == 14
    again = await gql(client, CORRECT, {"input": {**fix, "idempotencyKey": key()}}, token=token)
    assert again["data"]["correctCivilityEntry"]["errors"][0]["errorCode"] == "ALREADY_CORRECTED"
    replay = await gql(client, CORRECT, {"input": fix}, token=token)
    assert replay["data"]["correctCivilityEntry"]["replayed"] is True
    assert replay["data"]["correctCivilityEntry"]["entry"]["id"] == correction["entry"]["id"]

    # The list pages with points, colours and the newest entries.
    page = await gql(client, VILLAGE, {"name": "余村", "first": 1}, token=token)
    households = page["data"]["village"]["households"]
    [top] = households["nodes"]
    assert (top["householdNumber"], top["points"], top["colour"]) == ("001", 14, "GREEN")
    assert top["headName"] == "张*"
    assert top["latestEntries"][0]["kind"] == "CORRECTION"
    assert len(top["latestEntries"]) == 5
    assert households["pageInfo"]["hasNextPage"] is True
    rest = await gql(
        client,
        VILLAGE,
        {"name": "余村", "first": 5, "after": households["pageInfo"]["endCursor"]},
        token=token,
    )
    [second] = rest["data"]["village"]["households"]["nodes"]
    assert (second["householdNumber"], second["points"], second["latestEntries"]) == ("002", 0, [])

    # The head reads the household's own file through the citizen app.
    app = await token_of(session, client, PartnerType.CITIZEN_APP)
    mine = await gql(client, MINE, {"residentId": head_resident_id}, token=app)
    assert mine["data"]["myHouseholdFile"] == {
        "householdNumber": "001",
        "village": "余村",
        "points": 14,
        "colour": "GREEN",
        "reasons": [{"code": "POINTS"}],
    }

    # Nominate the top household; the county's credit office approves; honours are recorded.
    nominated = await gql(
        client,
        NOMINATE,
        {"input": {"householdId": one, "year": TODAY.year, "idempotencyKey": key()}},
        token=token,
    )
    nomination = nominated["data"]["nominateModelHousehold"]["nomination"]
    assert (nomination["points"], nomination["status"]) == (14, "NOMINATED")
    await gql(client, RECORD, {"input": entry(two, "WS-01")}, token=token)
    low = await gql(
        client,
        NOMINATE,
        {"input": {"householdId": two, "year": TODAY.year, "idempotencyKey": key()}},
        token=token,
    )
    assert low["data"]["nominateModelHousehold"]["errors"][0]["errorCode"] == (
        "NOT_ELIGIBLE_FOR_NOMINATION"
    )
    decision = {
        "nominationId": nomination["id"],
        "approve": True,
        "reason": "村民评议通过",
        "department": "civility",
        "idempotencyKey": key(),
    }
    decided = await gql(client, DECIDE, {"input": decision})  # the suite's credit-office token
    assert decided["data"]["decideModelHousehold"]["nomination"] == {
        "id": nomination["id"],
        "status": "APPROVED",
        "honourRecordCount": 2,
        "decisionReason": "村民评议通过",
    }
    twice = await gql(client, DECIDE, {"input": {**decision, "idempotencyKey": key()}})
    assert twice["data"]["decideModelHousehold"]["errors"][0]["errorCode"] == (
        "NOMINATION_ALREADY_DECIDED"
    )

    # The public list: no token, no personal data but a masked name.
    public = await gql(client, PUBLIC, {"year": TODAY.year})
    assert public["data"]["modelHouseholds"] == [
        {
            "year": TODAY.year,
            "village": "余村",
            "district": "ANJI",
            "maskedHeadName": "张*",
            "approvedOn": TODAY.isoformat(),
        }
    ]

    stats = await gql(client, STATS, {"year": TODAY.year})
    data = stats["data"]["villageStatistics"]
    assert (data["households"], data["files"], data["modelHouseholds"]) == (2, 2, 1)
    assert data["coverage"] == "1.0000"
    assert data["districts"] == [{"village": "安吉县", "district": "ANJI", "files": 2}]
    assert [b["files"] for b in data["pointsDistribution"]] == [0, 1, 1, 0]


def refusal(body: dict[str, Any], field: str) -> tuple[str | None, str]:
    """The (field, errorCode) of a mutation payload's first error."""
    [error, *_] = body["data"][field]["errors"]
    return error["field"], error["errorCode"]


async def test_bad_input_is_refused_with_a_clear_code(
    client: httpx.AsyncClient, session: AsyncSession, factory: Factory
) -> None:
    token = await committee_token(session, client, factory, "余村")
    await committee_token(session, client, factory, "荻港村")
    await factory.household("余村", "001")
    await factory.household("荻港村", "101")
    await session.commit()
    [ours] = await household_ids(client, token, "余村")
    office = client.headers["authorization"].removeprefix("Bearer ")
    [theirs] = await household_ids(client, office, "荻港村")
    record = "recordCivilityEntry"

    unknown = await gql(client, RECORD, {"input": entry(ours, "NO-SUCH")}, token=token)
    assert refusal(unknown, record) == ("ruleCode", "NOT_FOUND")
    other = await gql(client, RECORD, {"input": entry(theirs)}, token=token)
    assert refusal(other, record) == ("householdId", "HOUSEHOLD_OF_ANOTHER_VILLAGE")
    tomorrow = (TODAY + timedelta(days=1)).isoformat()
    future = await gql(client, RECORD, {"input": entry(ours, occurredOn=tomorrow)}, token=token)
    assert refusal(future, record) == ("occurredOn", "DATE_IN_FUTURE")
    ancient = await gql(
        client, RECORD, {"input": entry(ours, occurredOn="1900-01-01")}, token=token
    )
    assert refusal(ancient, record) == ("occurredOn", "INVALID_ARGUMENT")
    forged = await gql(client, RECORD, {"input": entry("not-an-id")}, token=token)
    assert refusal(forged, record) == ("householdId", "NOT_FOUND")
    nobody = await gql(client, RECORD, {"input": entry(ours, recordedBy="  ")}, token=token)
    assert refusal(nobody, record) == ("recordedBy", "INVALID_ARGUMENT")
    once = entry(ours)
    assert (await gql(client, RECORD, {"input": once}, token=token))["data"][record]["errors"] == []
    reused = await gql(client, RECORD, {"input": {**once, "note": "另一件事"}}, token=token)
    assert refusal(reused, record) == ("idempotencyKey", "IDEMPOTENCY_KEY_REUSED")
    bad_key = await gql(client, RECORD, {"input": entry(ours, idempotencyKey="k")}, token=token)
    assert refusal(bad_key, record)[1] == "INVALID_ARGUMENT"

    # The wrong village, for writes and for reads.
    rule = {
        "village": "荻港村",
        "code": "X-1",
        "description": "x",
        "points": 1,
        "idempotencyKey": key(),
    }
    wrong = await gql(client, SAVE_RULE, {"input": rule}, token=token)
    assert refusal(wrong, "saveVillageRule") == ("village", "NOT_YOUR_VILLAGE")
    missing = await gql(client, SAVE_RULE, {"input": {**rule, "village": "无此村"}}, token=token)
    assert refusal(missing, "saveVillageRule") == ("village", "NOT_FOUND")
    read = await gql(client, VILLAGE, {"name": "荻港村", "first": 5}, token=token)
    assert read["data"] is None
    assert read["errors"][0]["extensions"]["reason"] == "NOT_YOUR_VILLAGE"

    # Hostile numbers: out of the rule's range, beyond GraphQL's Int, a year far off.
    for points, cap, at in (
        (0, None, "points"),
        (101, None, "points"),
        (-5, 2, "yearlyCap"),
        (5, 100_000, "yearlyCap"),
    ):
        hostile = {
            **rule,
            "village": "余村",
            "points": points,
            "yearlyCap": cap,
            "idempotencyKey": key(),
        }
        body = await gql(client, SAVE_RULE, {"input": hostile}, token=token)
        assert refusal(body, "saveVillageRule") == (at, "INVALID_ARGUMENT"), points
    huge = {**rule, "village": "余村", "points": 2**40, "idempotencyKey": key()}
    body = await gql(client, SAVE_RULE, {"input": huge}, token=token)
    assert body.get("data") is None
    assert error_codes(body) == ["BAD_USER_INPUT"]
    year = await gql(
        client,
        NOMINATE,
        {"input": {"householdId": ours, "year": 99999, "idempotencyKey": key()}},
        token=token,
    )
    assert refusal(year, "nominateModelHousehold") == ("year", "INVALID_ARGUMENT")
    forged_entry = {"entryId": "AAAA", "reason": "x", "recordedBy": "王", "idempotencyKey": key()}
    body = await gql(client, CORRECT, {"input": forged_entry}, token=token)
    assert refusal(body, "correctCivilityEntry") == ("entryId", "NOT_FOUND")
    public = await gql(client, PUBLIC, {"year": 1800})
    assert public["errors"][0]["extensions"]["reason"] == "INVALID_ARGUMENT"


async def test_each_partner_type_gets_what_its_scopes_allow(
    client: httpx.AsyncClient, session: AsyncSession, factory: Factory
) -> None:
    committee = await committee_token(session, client, factory, "余村")
    await factory.household("余村", "001")
    head_id, resident_id = await factory.person()
    await session.commit()
    [household] = await household_ids(client, committee, "余村")

    regulator = await token_of(session, client, PartnerType.REGULATOR)
    read = await gql(client, VILLAGE, {"name": "余村", "first": 5}, token=regulator)
    assert read["data"]["village"]["name"] == "余村"
    write = await gql(client, RECORD, {"input": entry(household)}, token=regulator)
    assert error_codes(write) == ["FORBIDDEN"]

    bank = await token_of(session, client, PartnerType.BANK)
    denied = await gql(client, VILLAGE, {"name": "余村", "first": 5}, token=bank)
    assert error_codes(denied) == ["FORBIDDEN"]

    decide = {
        "nominationId": "x",
        "approve": True,
        "reason": "r",
        "department": "d",
        "idempotencyKey": key(),
    }
    assert error_codes(await gql(client, DECIDE, {"input": decide}, token=committee)) == [
        "FORBIDDEN"
    ]

    # The citizen app: only the head reads the file; anyone else is told there is none.
    app = await token_of(session, client, PartnerType.CITIZEN_APP)
    stranger = await gql(client, MINE, {"residentId": resident_id}, token=app)
    assert stranger["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    assert error_codes(await gql(client, MINE, {"residentId": resident_id}, token=committee)) == [
        "FORBIDDEN"
    ]

    # A serious dishonesty record of a member caps the colour, with the reason.
    await factory.member(await _household_id(factory, "余村", "001"), head_id)
    await factory.record(
        head_id, category=RecordCategory.DISHONESTY_LIST, severity=Severity.SERIOUS
    )
    await session.commit()
    for _ in range(2):
        await gql(client, RECORD, {"input": entry(household)}, token=committee)
    await gql(
        client,
        SAVE_RULE,
        {
            "input": {
                "village": "余村",
                "code": "BIG",
                "description": "大",
                "points": 40,
                "idempotencyKey": key(),
            }
        },
        token=committee,
    )
    body = await gql(client, RECORD, {"input": entry(household, "BIG")}, token=committee)
    file = body["data"]["recordCivilityEntry"]["file"]
    assert (file["points"], file["colour"]) == (50, "YELLOW")
    assert [r["code"] for r in file["reasons"]] == ["POINTS", "MEMBER_SERIOUS_RECORD"]
    nominated = await gql(
        client,
        NOMINATE,
        {"input": {"householdId": household, "year": TODAY.year, "idempotencyKey": key()}},
        token=committee,
    )
    assert refusal(nominated, "nominateModelHousehold")[1] == "NOT_ELIGIBLE_FOR_NOMINATION"


async def _household_id(factory: Factory, village: str, number: str) -> int:
    from sqlalchemy import select

    from api.db.tables import HouseholdRow

    result = await factory.session.execute(
        select(HouseholdRow.subject_id).where(  # type: ignore[call-overload]  # SQLModel column
            HouseholdRow.village == village, HouseholdRow.household_number == number
        )
    )
    return int(result.scalar_one())


HONOUR = """
mutation Honour($input: FactInput!) {
  recordHonour(input: $input) { record { id } errors { field errorCode } }
}
"""


async def test_a_committee_reports_records_on_its_own_households_only(
    client: httpx.AsyncClient, session: AsyncSession, factory: Factory
) -> None:
    token = await committee_token(session, client, factory, "余村")
    await committee_token(session, client, factory, "荻港村")
    await factory.household("余村", "001")
    await factory.household("荻港村", "101")
    await factory.department("civil")
    await session.commit()

    def honour(village: str, number: str) -> dict[str, Any]:
        return {
            "input": {
                "subject": {"village": village, "householdNumber": number},
                "department": "civil",
                "occurredAt": datetime.now(UTC).isoformat(),
                "summary": "星级文明户",
                "idempotencyKey": key(),
            }
        }

    ours = await gql(client, HONOUR, honour("余村", "001"), token=token)
    assert ours["data"]["recordHonour"]["errors"] == []
    assert ours["data"]["recordHonour"]["record"]["id"]
    theirs = await gql(client, HONOUR, honour("荻港村", "101"), token=token)
    assert theirs["data"]["recordHonour"] == {
        "record": None,
        "errors": [{"field": "subject", "errorCode": "FORBIDDEN"}],
    }
