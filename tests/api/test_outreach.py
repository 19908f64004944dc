"""Repair outreach through the API, per partner type: a person reads and acknowledges their
notices in the citizen app, the credit office works its outreach queue and records follow-up
results, statistics count it all; bad input and the wrong partner are refused clearly."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from api.auth.scopes import PartnerType
from api.domain.credit.repair import RepairState
from api.graphql.ids import GlobalIds, NodeType
from tests.api.outreach_support import TODAY, repair_case
from tests.auth.helpers import create_partner_client, get_token
from tests.factories import Factory
from tests.gql import error_codes, gql

NOTICE_FIELDS = "id eventId kind channel repairId dueOn messageZh messageEn acknowledgedAt"
MINE = f"""
query Mine($residentId: ResidentId!, $first: Int) {{
  myNotices(residentId: $residentId, first: $first) {{ {NOTICE_FIELDS} }}
}}
"""
ACK = f"""
mutation Ack($residentId: ResidentId!, $noticeId: ID!) {{
  acknowledgeMyNotice(residentId: $residentId, noticeId: $noticeId) {{
    notice {{ {NOTICE_FIELDS} }} replayed errors {{ field errorCode message }}
  }}
}}
"""
QUEUE = f"""
query Queue($first: Int, $after: ID) {{
  outreachQueue(first: $first, after: $after) {{ {NOTICE_FIELDS} }}
}}
"""
REACHED = f"""
mutation Reached($noticeId: ID!) {{
  markNoticeReached(noticeId: $noticeId) {{
    notice {{ {NOTICE_FIELDS} }} replayed errors {{ field errorCode message }}
  }}
}}
"""
FOLLOW_UP = """
mutation FollowUp($input: RecordFollowUpResultInput!) {
  recordFollowUpResult(input: $input) {
    followUp { repairId result note recordedAt } replayed errors { field errorCode message }
  }
}
"""
STATS = """
query Stats {
  outreachStatistics {
    notices reminders followUps acknowledged awaitingOffice repairs
    followUpsKept followUpsRelapsed followUpsUnreachable
  }
}
"""


async def token_of(session: AsyncSession, client: httpx.AsyncClient, kind: PartnerType) -> str:
    """A token of a new partner of this type."""
    client_id, secret = await create_partner_client(session, kind)
    return await get_token(client, client_id, secret)


def key() -> str:
    """A fresh idempotency key."""
    return str(uuid.uuid4())


def repair_gid(factory: Factory, repair_id: int) -> str:
    """The global ID of a repair case."""
    return GlobalIds(factory.keys.global_id).encode(NodeType.REPAIR_CASE, repair_id)


async def test_a_person_reads_and_acknowledges_notices_in_the_citizen_app(
    client: httpx.AsyncClient, session: AsyncSession, factory: Factory
) -> None:
    app = await token_of(session, client, PartnerType.CITIZEN_APP)
    person_id, resident_id = await factory.person()
    other_id, other_resident_id = await factory.person()
    case = await repair_case(factory, person_id, state=RepairState.AWAITING)
    await repair_case(factory, other_id, state=RepairState.AWAITING)
    await session.commit()

    body = await gql(client, MINE, {"residentId": resident_id}, token=app)
    assert "errors" not in body, body
    notices = body["data"]["myNotices"]
    assert [n["kind"] for n in notices] == ["REPAIR_REMINDER", "REPAIR_NOTICE"]
    assert {n["channel"] for n in notices} == {"CITIZEN_APP"}
    assert {n["repairId"] for n in notices} == {repair_gid(factory, case.repair_id)}
    assert [n["acknowledgedAt"] for n in notices] == [None, None]
    assert notices[1]["dueOn"] == (TODAY - timedelta(days=120)).isoformat()
    assert "信用修复" in notices[1]["messageZh"]
    again = await gql(client, MINE, {"residentId": resident_id}, token=app)
    assert [n["eventId"] for n in again["data"]["myNotices"]] == [n["eventId"] for n in notices]
    assert len({n["eventId"] for n in notices}) == 2

    reminder = notices[0]["id"]
    first = await gql(client, ACK, {"residentId": resident_id, "noticeId": reminder}, token=app)
    done = first["data"]["acknowledgeMyNotice"]
    assert done["errors"] == []
    assert done["replayed"] is False
    assert done["notice"]["acknowledgedAt"] is not None
    assert done["notice"]["eventId"] == notices[0]["eventId"]
    second = await gql(client, ACK, {"residentId": resident_id, "noticeId": reminder}, token=app)
    replay = second["data"]["acknowledgeMyNotice"]
    assert replay["replayed"] is True
    assert replay["notice"]["acknowledgedAt"] == done["notice"]["acknowledgedAt"]

    # Another person's notice, a forged id: not found, nothing acknowledged.
    for resident, notice in ((other_resident_id, reminder), (resident_id, "forged-notice-id")):
        refused = await gql(client, ACK, {"residentId": resident, "noticeId": notice}, token=app)
        payload = refused["data"]["acknowledgeMyNotice"]
        assert payload["notice"] is None
        assert payload["errors"] == [
            {"field": "noticeId", "errorCode": "NOT_FOUND", "message": "no such notice"}
        ]
    after = await gql(client, MINE, {"residentId": other_resident_id}, token=app)
    assert [n["acknowledgedAt"] for n in after["data"]["myNotices"]] == [None, None]

    # A page size out of range; a malformed resident ID.
    for variables, code in (
        ({"residentId": resident_id, "first": 0}, "BAD_USER_INPUT"),
        ({"residentId": resident_id, "first": 101}, "BAD_USER_INPUT"),
        ({"residentId": "110101199003077"}, "BAD_USER_INPUT"),
    ):
        bad = await gql(client, MINE, variables, token=app)
        assert error_codes(bad) == [code], bad


async def test_the_office_works_its_queue_and_records_follow_ups(
    client: httpx.AsyncClient, session: AsyncSession, factory: Factory
) -> None:
    office = await token_of(session, client, PartnerType.CREDIT_OFFICE)
    before = (await gql(client, STATS, token=office))["data"]["outreachStatistics"]
    enterprise_id, _ = await factory.enterprise(tax_grade=None)
    person_id, person_resident_id = await factory.person()
    repaired = await repair_case(
        factory, enterprise_id, state=RepairState.REPAIRED, follow_up_due_on=TODAY
    )
    not_due = await repair_case(
        factory, (await factory.enterprise(tax_grade=None))[0],
        state=RepairState.REPAIRED, follow_up_due_on=TODAY + timedelta(days=3),
    )  # fmt: skip
    awaiting = await repair_case(factory, person_id, state=RepairState.AWAITING)
    await session.commit()

    queue = (await gql(client, QUEUE, {"first": 100}, token=office))["data"]["outreachQueue"]
    ours = [n for n in queue if n["repairId"] == repair_gid(factory, repaired.repair_id)]
    assert [n["kind"] for n in ours] == ["REPAIR_NOTICE", "REPAIR_FOLLOW_UP"]
    assert {n["channel"] for n in queue} == {"OFFICE_QUEUE"}
    assert not [n for n in queue if n["repairId"] == repair_gid(factory, awaiting.repair_id)]
    paged = await gql(client, QUEUE, {"first": 1, "after": ours[0]["id"]}, token=office)
    assert paged["data"]["outreachQueue"][0]["id"] == ours[1]["id"]

    reached = await gql(client, REACHED, {"noticeId": ours[0]["id"]}, token=office)
    assert reached["data"]["markNoticeReached"]["replayed"] is False
    assert reached["data"]["markNoticeReached"]["notice"]["acknowledgedAt"] is not None
    again = await gql(client, REACHED, {"noticeId": ours[0]["id"]}, token=office)
    assert again["data"]["markNoticeReached"]["replayed"] is True
    left = (await gql(client, QUEUE, {"first": 100}, token=office))["data"]["outreachQueue"]
    assert ours[0]["id"] not in {n["id"] for n in left}
    assert ours[1]["id"] in {n["id"] for n in left}

    # A person's notice is theirs to acknowledge in the app, not the office's.
    app = await token_of(session, client, PartnerType.CITIZEN_APP)
    mine = await gql(client, MINE, {"residentId": person_resident_id}, token=app)
    person_notice = mine["data"]["myNotices"][0]["id"]
    wrong = await gql(client, REACHED, {"noticeId": person_notice}, token=office)
    assert wrong["data"]["markNoticeReached"]["errors"][0]["errorCode"] == "INVALID_ARGUMENT"

    record_key = key()
    good = {"repairId": repair_gid(factory, repaired.repair_id), "result": "KEPT",
            "note": "  回访 按时申报 未再违规  ", "idempotencyKey": record_key}  # fmt: skip
    first = (await gql(client, FOLLOW_UP, {"input": good}, token=office))["data"]
    recorded = first["recordFollowUpResult"]
    assert recorded["errors"] == []
    assert recorded["replayed"] is False
    assert recorded["followUp"]["result"] == "KEPT"
    assert recorded["followUp"]["note"] == "回访 按时申报 未再违规"
    replay = (await gql(client, FOLLOW_UP, {"input": good}, token=office))["data"]
    assert replay["recordFollowUpResult"]["replayed"] is True
    assert replay["recordFollowUpResult"]["followUp"] == recorded["followUp"]

    def refused(body: dict[str, Any]) -> tuple[str | None, str]:
        errors = body["data"]["recordFollowUpResult"]["errors"]
        assert body["data"]["recordFollowUpResult"]["followUp"] is None
        return errors[0]["field"], errors[0]["errorCode"]

    cases: list[tuple[dict[str, Any], tuple[str | None, str]]] = [
        ({**good, "idempotencyKey": key()}, (None, "CONFLICT")),
        ({**good, "result": "RELAPSED"}, (None, "IDEMPOTENCY_KEY_REUSED")),
        (
            {**good, "repairId": repair_gid(factory, awaiting.repair_id), "idempotencyKey": key()},
            ("repairId", "INVALID_ARGUMENT"),
        ),
        (
            {**good, "repairId": repair_gid(factory, not_due.repair_id), "idempotencyKey": key()},
            ("repairId", "INVALID_ARGUMENT"),
        ),
        ({**good, "repairId": repair_gid(factory, 987654321)}, ("repairId", "NOT_FOUND")),
        ({**good, "repairId": "not-a-repair"}, ("repairId", "NOT_FOUND")),
        ({**good, "idempotencyKey": "short"}, ("idempotencyKey", "INVALID_ARGUMENT")),
        ({**good, "note": "长" * 501, "idempotencyKey": key()}, ("note", "INVALID_ARGUMENT")),
    ]
    for variables, expected in cases:
        body = await gql(client, FOLLOW_UP, {"input": variables}, token=office)
        assert refused(body) == expected, (variables, body)

    after = (await gql(client, STATS, token=office))["data"]["outreachStatistics"]
    delta = {name: after[name] - before[name] for name in after}
    assert delta == {
        "notices": 3,
        "reminders": 1,
        "followUps": 1,
        "acknowledged": 1,
        "awaitingOffice": 2,
        "repairs": 2,
        "followUpsKept": 1,
        "followUpsRelapsed": 0,
        "followUpsUnreachable": 0,
    }


async def test_each_partner_type_gets_only_its_part(
    client: httpx.AsyncClient, session: AsyncSession, factory: Factory
) -> None:
    _, resident_id = await factory.person()
    await session.commit()
    calls: tuple[tuple[str, dict[str, str], PartnerType], ...] = (
        (MINE, {"residentId": resident_id}, PartnerType.BANK),
        (MINE, {"residentId": resident_id}, PartnerType.CREDIT_OFFICE),
        (QUEUE, {}, PartnerType.CITIZEN_APP),
        (QUEUE, {}, PartnerType.HOSPITAL),
        (REACHED, {"noticeId": "x"}, PartnerType.CITIZEN_APP),
        (ACK, {"residentId": resident_id, "noticeId": "x"}, PartnerType.REGULATOR),
        (STATS, {}, PartnerType.CITIZEN_APP),
    )
    for query, variables, kind in calls:
        body = await gql(client, query, variables, token=await token_of(session, client, kind))
        assert error_codes(body) == ["FORBIDDEN"], (kind, body)
    del client.headers["authorization"]
    anonymous = await gql(client, QUEUE, {}, status=401)
    assert error_codes(anonymous) == ["UNAUTHENTICATED"]
