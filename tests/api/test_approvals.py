"""信易批 through the API, per partner type: the public catalogue; the citizen app signs for
the signed-in person and gets the fast-track decision; a department's window signs for an
enterprise; the department lists what is due and records the outcome, linked to its
commitment as a credit record; every bad input answered with a clear code."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.auth.scopes import PartnerType
from api.db.repositories import Repositories
from api.db.tables import metadata
from api.domain.clock import city_today
from api.domain.credit.model import EvaluationCause
from api.domain.credit.services import reevaluate
from api.domain.records.model import RecordCategory, Severity
from api.seeding.approval_matters import APPROVAL_MATTERS, ensure_approval_matters
from tests.auth.helpers import create_partner_client, get_token
from tests.factories import Factory
from tests.gql import error_codes, gql

TODAY = city_today(datetime.now(UTC))
COMMITMENTS = metadata.tables["approval_commitments"]
RECORDS = metadata.tables["credit_records"]

MATTERS = """
query Matters($d: String) {
  approvalMatters(department: $d) {
    code name departmentCode subjectKinds waived standardDays fastTrackDays verifyWithinDays
  }
}
"""
SIGN = """
mutation Sign($input: SignApprovalCommitmentInput!) {
  signApprovalCommitment(input: $input) {
    commitment {
      reference status fastTracked subjectKind verifyBy outcomeRecorded
      reasons { code message } matter { code }
    }
    replayed
    errors { field message errorCode }
  }
}
"""
DUE = """
query Due($d: String!, $w: Int) {
  approvalCommitmentsDue(department: $d, withinDays: $w) {
    reference subjectKind status verifyBy matter { code }
  }
}
"""
OUTCOME = """
mutation Outcome($input: RecordApprovalCommitmentOutcomeInput!) {
  recordApprovalCommitmentOutcome(input: $input) {
    commitment { reference status verifiedAt outcomeRecorded }
    replayed
    errors { field message errorCode }
  }
}
"""
PERSON_MATTER = "JT-XK-002"  # transport, persons
FIRM_MATTER = "SJ-XK-001"  # market supervision, enterprises and merchants


def key() -> str:
    """A fresh idempotency key."""
    return str(uuid.uuid4())


async def token_of(session: AsyncSession, client: httpx.AsyncClient, kind: PartnerType) -> str:
    """A token of a new partner of this type."""
    client_id, secret = await create_partner_client(session, kind)
    return await get_token(client, client_id, secret)


async def setup(session: AsyncSession, factory: Factory) -> None:
    """The catalogue and the departments its matters name."""
    await ensure_approval_matters(await session.connection())
    for code in ("transport", "market_supervision"):
        await factory.department(code)


async def evaluated(session: AsyncSession, subject_id: int) -> None:
    """Evaluate the subject now."""
    now = datetime.now(UTC)
    await reevaluate(Repositories(session), subject_id, now=now, cause=EvaluationCause.SEED)
    await session.commit()


async def anonymous(
    client: httpx.AsyncClient, query: str, variables: dict[str, Any] | None = None
) -> httpx.Response:
    """POST an operation with no token (the suite's client carries the credit office's)."""
    request = client.build_request(
        "POST", "/graphql", json={"query": query, "variables": variables or {}}
    )
    del request.headers["authorization"]
    return await client.send(request)


def payload(body: dict[str, Any], field: str) -> dict[str, Any]:
    """The mutation's payload, with no GraphQL errors."""
    assert "errors" not in body, body
    result: dict[str, Any] = body["data"][field]
    return result


async def test_the_catalogue_is_public_and_filtered_by_department(
    client: httpx.AsyncClient, session: AsyncSession, factory: Factory
) -> None:
    await setup(session, factory)
    await session.commit()
    response = await anonymous(client, MATTERS)
    assert response.status_code == 200
    every = response.json()["data"]["approvalMatters"]
    assert [m["code"] for m in every] == sorted(m.code for m in APPROVAL_MATTERS)
    transport = (await gql(client, MATTERS, {"d": "transport"}))["data"]["approvalMatters"]
    assert [m["code"] for m in transport] == ["JT-XK-001", "JT-XK-002"]
    assert transport[1]["subjectKinds"] == ["PERSON"]
    assert transport[1]["waived"] == ["无犯罪记录证明"]
    assert (transport[1]["standardDays"], transport[1]["fastTrackDays"]) == (10, 1)


async def test_a_person_in_good_standing_is_fast_tracked_once(
    client: httpx.AsyncClient, session: AsyncSession, factory: Factory
) -> None:
    await setup(session, factory)
    person_id, resident_id = await factory.person()
    await factory.record(person_id, category=RecordCategory.HONOUR)
    await evaluated(session, person_id)
    app = await token_of(session, client, PartnerType.CITIZEN_APP)
    signing = {"matterCode": PERSON_MATTER, "residentId": resident_id, "idempotencyKey": key()}

    first = payload(
        await gql(client, SIGN, {"input": signing}, token=app), "signApprovalCommitment"
    )
    commitment = first["commitment"]
    assert first["errors"] == []
    assert first["replayed"] is False
    assert (commitment["status"], commitment["fastTracked"]) == ("PENDING", True)
    assert commitment["subjectKind"] == "PERSON"
    assert [r["code"] for r in commitment["reasons"]] == ["GOOD_STANDING", "NO_BROKEN_COMMITMENT"]
    assert commitment["verifyBy"] == (TODAY + timedelta(days=30)).isoformat()
    assert commitment["reference"].startswith("XYP-")

    again = payload(
        await gql(client, SIGN, {"input": signing}, token=app), "signApprovalCommitment"
    )
    assert again["replayed"] is True
    assert again["commitment"]["reference"] == commitment["reference"]

    reused = {**signing, "matterCode": "RS-BT-002"}
    body = await gql(client, SIGN, {"input": reused}, token=app)
    errors = payload(body, "signApprovalCommitment")["errors"]
    assert [(e["errorCode"], e["field"]) for e in errors] == [
        ("IDEMPOTENCY_KEY_REUSED", "idempotencyKey")
    ]
    twin = {**signing, "idempotencyKey": key()}
    errors = payload(await gql(client, SIGN, {"input": twin}, token=app), "signApprovalCommitment")[
        "errors"
    ]
    assert [(e["errorCode"], e["field"]) for e in errors] == [("COMMITMENT_PENDING", "matterCode")]
    count = (
        await session.execute(select(COMMITMENTS.c.id).where(COMMITMENTS.c.subject_id == person_id))
    ).all()
    assert len(count) == 1


async def test_bad_input_is_refused_with_a_clear_code(
    client: httpx.AsyncClient, session: AsyncSession, factory: Factory
) -> None:
    await setup(session, factory)
    _, resident_id = await factory.person()
    _, uscc = await factory.enterprise()
    await session.commit()
    app = await token_of(session, client, PartnerType.CITIZEN_APP)
    window = await token_of(session, client, PartnerType.REGULATOR)

    async def refused(token: str, **fields: Any) -> list[tuple[str, str | None]]:
        signing = {"matterCode": PERSON_MATTER, "idempotencyKey": key(), **fields}
        body = await gql(client, SIGN, {"input": signing}, token=token)
        errors = payload(body, "signApprovalCommitment")["errors"]
        return [(e["errorCode"], e["field"]) for e in errors]

    assert await refused(app, residentId=resident_id, matterCode="NO-SUCH") == [
        ("NOT_FOUND", "matterCode")
    ]
    assert await refused(app, residentId=resident_id, idempotencyKey="short") == [
        ("INVALID_ARGUMENT", "idempotencyKey")
    ]
    assert await refused(app, residentId=resident_id, uscc=uscc) == [("INVALID_ARGUMENT", None)]
    assert await refused(window, residentId=resident_id) == [("FORBIDDEN", "residentId")]
    assert await refused(window) == [("INVALID_ARGUMENT", "uscc")]
    bad_id = await gql(
        client,
        SIGN,
        {"input": {"matterCode": PERSON_MATTER, "residentId": "330502198505170000",
                   "idempotencyKey": key()}},
        token=app,
    )  # fmt: skip
    assert error_codes(bad_id) == ["BAD_USER_INPUT"]
    bank = await token_of(session, client, PartnerType.BANK)
    forbidden = await gql(
        client, SIGN, {"input": {"matterCode": FIRM_MATTER, "uscc": uscc, "idempotencyKey": key()}},
        token=bank,
    )  # fmt: skip
    assert error_codes(forbidden) == ["FORBIDDEN"]
    assert error_codes(await gql(client, DUE, {"d": "transport"}, token=app)) == ["FORBIDDEN"]
    no_token = await anonymous(client, DUE, {"d": "transport"})
    assert no_token.status_code == 401
    assert error_codes(no_token.json()) == ["UNAUTHENTICATED"]
    out_of_range = await gql(client, DUE, {"d": "transport", "w": 400}, token=window)
    assert error_codes(out_of_range) == ["BAD_USER_INPUT"]


async def test_a_window_refuses_the_fast_track_to_a_listed_enterprise_with_reasons(
    client: httpx.AsyncClient, session: AsyncSession, factory: Factory
) -> None:
    await setup(session, factory)
    enterprise_id, uscc = await factory.enterprise()
    await factory.record(
        enterprise_id, category=RecordCategory.DISHONESTY_LIST, severity=Severity.SERIOUS
    )
    await evaluated(session, enterprise_id)
    window = await token_of(session, client, PartnerType.REGULATOR)
    signing = {"matterCode": FIRM_MATTER, "uscc": uscc, "idempotencyKey": key()}
    result = payload(
        await gql(client, SIGN, {"input": signing}, token=window), "signApprovalCommitment"
    )
    commitment = result["commitment"]
    assert (commitment["status"], commitment["fastTracked"], commitment["verifyBy"]) == (
        "REFUSED",
        False,
        None,
    )
    assert "SERIOUS_DISHONESTY" in [r["code"] for r in commitment["reasons"]]
    # A refusal holds nothing: the enterprise may sign again (and is refused again).
    retry = {**signing, "idempotencyKey": key()}
    again = payload(
        await gql(client, SIGN, {"input": retry}, token=window), "signApprovalCommitment"
    )
    assert again["commitment"]["status"] == "REFUSED"
    due = await gql(client, DUE, {"d": "market_supervision"}, token=window)
    assert due["data"]["approvalCommitmentsDue"] == []


async def test_the_department_verifies_a_broken_commitment_once_and_it_bars_the_next(
    client: httpx.AsyncClient, session: AsyncSession, factory: Factory
) -> None:
    await setup(session, factory)
    enterprise_id, uscc = await factory.enterprise()
    await factory.record(enterprise_id, category=RecordCategory.HONOUR)
    await evaluated(session, enterprise_id)
    window = await token_of(session, client, PartnerType.REGULATOR)
    signing = {"matterCode": FIRM_MATTER, "uscc": uscc, "idempotencyKey": key()}
    signed = payload(
        await gql(client, SIGN, {"input": signing}, token=window), "signApprovalCommitment"
    )["commitment"]
    assert signed["status"] == "PENDING", signed
    reference = signed["reference"]

    due = (await gql(client, DUE, {"d": "market_supervision"}, token=window))["data"]
    assert [c["reference"] for c in due["approvalCommitmentsDue"]] == [reference]
    none_yet = (await gql(client, DUE, {"d": "market_supervision", "w": 0}, token=window))["data"]
    assert none_yet["approvalCommitmentsDue"] == []
    assert (await gql(client, DUE, {"d": "transport"}, token=window))["data"][
        "approvalCommitmentsDue"
    ] == []

    async def outcome(**fields: Any) -> dict[str, Any]:
        values = {
            "reference": reference,
            "department": "market_supervision",
            "kept": False,
            "severity": "GENERAL",
            "summary": "现场核查, 经营场所不符合承诺条件",
            "idempotencyKey": key(),
            **fields,
        }
        body = await gql(client, OUTCOME, {"input": values}, token=window)
        return payload(body, "recordApprovalCommitmentOutcome")

    def codes(result: dict[str, Any]) -> list[tuple[str, str | None]]:
        return [(e["errorCode"], e["field"]) for e in result["errors"]]

    assert codes(await outcome(department="transport")) == [
        ("MATTER_OF_ANOTHER_DEPARTMENT", "department")
    ]
    assert codes(await outcome(severity=None)) == [("INVALID_ARGUMENT", "severity")]
    assert codes(await outcome(kept=True)) == [("INVALID_ARGUMENT", "severity")]
    assert codes(await outcome(reference="XYP-NONE")) == [("NOT_FOUND", "reference")]
    assert codes(await outcome(summary="  ")) == [("INVALID_ARGUMENT", "summary")]

    the_key = key()
    broken = await outcome(idempotencyKey=the_key)
    assert broken["errors"] == []
    assert broken["replayed"] is False
    assert (broken["commitment"]["status"], broken["commitment"]["outcomeRecorded"]) == (
        "BROKEN",
        True,
    )
    replay = await outcome(idempotencyKey=the_key)
    assert (replay["replayed"], replay["commitment"]["status"]) == (True, "BROKEN")
    assert codes(await outcome(idempotencyKey=the_key, kept=True, severity=None)) == [
        ("IDEMPOTENCY_KEY_REUSED", "idempotencyKey")
    ]
    assert codes(await outcome(kept=True, severity=None)) == [
        ("COMMITMENT_NOT_PENDING", "reference")
    ]

    linked = (
        await session.execute(
            select(RECORDS.c.category, RECORDS.c.severity, RECORDS.c.summary)
            .join(COMMITMENTS, COMMITMENTS.c.record_id == RECORDS.c.id)
            .where(COMMITMENTS.c.reference == reference)
        )
    ).one()
    assert (linked.category, linked.severity) == ("commitment_broken", "general")
    assert reference in linked.summary
    broken_records = (
        await session.execute(
            select(RECORDS.c.id).where(
                RECORDS.c.subject_id == enterprise_id, RECORDS.c.category == "commitment_broken"
            )
        )
    ).all()
    assert len(broken_records) == 1

    next_time = {"matterCode": "SJ-DJ-003", "uscc": uscc, "idempotencyKey": key()}
    barred = payload(
        await gql(client, SIGN, {"input": next_time}, token=window), "signApprovalCommitment"
    )["commitment"]
    assert barred["status"] == "REFUSED"
    assert "BROKEN_COMMITMENT_RECENTLY" in [r["code"] for r in barred["reasons"]]


async def test_a_kept_commitment_is_recorded_as_kept(
    client: httpx.AsyncClient, session: AsyncSession, factory: Factory
) -> None:
    await setup(session, factory)
    person_id, resident_id = await factory.person()
    await factory.record(person_id, category=RecordCategory.HONOUR)
    await evaluated(session, person_id)
    app = await token_of(session, client, PartnerType.CITIZEN_APP)
    transport = await token_of(session, client, PartnerType.REGULATOR)
    signing = {"matterCode": PERSON_MATTER, "residentId": resident_id, "idempotencyKey": key()}
    reference = payload(
        await gql(client, SIGN, {"input": signing}, token=app), "signApprovalCommitment"
    )["commitment"]["reference"]
    due = (await gql(client, DUE, {"d": "transport"}, token=transport))["data"]
    assert [(c["reference"], c["subjectKind"]) for c in due["approvalCommitmentsDue"]] == [
        (reference, "PERSON")
    ]
    values = {
        "reference": reference,
        "department": "transport",
        "kept": True,
        "summary": "核验无犯罪记录证明属实",
        "idempotencyKey": key(),
    }
    kept = payload(
        await gql(client, OUTCOME, {"input": values}, token=transport),
        "recordApprovalCommitmentOutcome",
    )
    assert (kept["commitment"]["status"], kept["commitment"]["outcomeRecorded"]) == ("KEPT", True)
    category = (
        await session.execute(
            select(RECORDS.c.category)
            .join(COMMITMENTS, COMMITMENTS.c.record_id == RECORDS.c.id)
            .where(COMMITMENTS.c.reference == reference)
        )
    ).scalar_one()
    assert category == "commitment_kept"


STATS = """
query {
  approvalStatistics {
    total { matters signed fastTracked refused pending kept broken }
    departments { departmentCode matters signed fastTracked refused pending kept broken }
  }
}
"""


async def test_statistics_count_commitments_by_outcome(
    client: httpx.AsyncClient, session: AsyncSession, factory: Factory
) -> None:
    await setup(session, factory)
    good_id, good = await factory.enterprise()
    await factory.record(good_id, category=RecordCategory.HONOUR)
    listed_id, listed = await factory.enterprise()
    await factory.record(
        listed_id, category=RecordCategory.DISHONESTY_LIST, severity=Severity.SERIOUS
    )
    await evaluated(session, good_id)
    await evaluated(session, listed_id)
    window = await token_of(session, client, PartnerType.REGULATOR)
    for uscc, matter in ((good, FIRM_MATTER), (good, "SJ-DJ-003"), (listed, FIRM_MATTER)):
        signing = {"matterCode": matter, "uscc": uscc, "idempotencyKey": key()}
        await gql(client, SIGN, {"input": signing}, token=window)
    due = (await gql(client, DUE, {"d": "market_supervision"}, token=window))["data"]
    first = due["approvalCommitmentsDue"][0]["reference"]
    values = {
        "reference": first,
        "department": "market_supervision",
        "kept": True,
        "summary": "核查属实",
        "idempotencyKey": key(),
    }
    await gql(client, OUTCOME, {"input": values}, token=window)

    body = await gql(client, STATS)  # the suite's client: the credit office
    figures = body["data"]["approvalStatistics"]
    assert figures["total"] == {
        "matters": len(APPROVAL_MATTERS),
        "signed": 3,
        "fastTracked": 2,
        "refused": 1,
        "pending": 1,
        "kept": 1,
        "broken": 0,
    }
    market = next(d for d in figures["departments"] if d["departmentCode"] == "market_supervision")
    assert (market["matters"], market["signed"], market["kept"]) == (3, 3, 1)
    app = await token_of(session, client, PartnerType.CITIZEN_APP)
    assert error_codes(await gql(client, STATS, token=app)) == ["FORBIDDEN"]
