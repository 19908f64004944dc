"""Special credit reports over GraphQL: who may issue, what a report says, who may verify."""

from __future__ import annotations

import base64
import json
from datetime import UTC, date, datetime, timedelta
from typing import Any

import httpx
import pytest
from joserfc import jws
from joserfc.jwk import ECKey
from sqlalchemy import text, update
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, AsyncSession, async_sessionmaker

from api.auth.config import AuthConfig
from api.auth.key_store import list_signing_keys
from api.auth.scopes import PartnerType
from api.auth.signing_keys import key_window, new_signing_key
from api.crypto import Keys
from api.db.repositories.partners import SigningKeyRepository
from api.db.tables.auth import SigningKeyRow
from api.db.tables.reports import CreditReportRow
from api.domain.clock import city_today
from api.domain.identifiers import make_resident_id, make_uscc
from api.domain.records.model import RecordCategory, RecordStatus, Severity
from api.http.app import create_app
from api.settings import Settings
from tests.auth.helpers import create_partner_client, get_token
from tests.factories import Factory

ISSUE = """
mutation($input: IssueCreditReportInput!) {
  issueCreditReport(input: $input) {
    report {
      number subjectKind subjectName subjectIdentifier periodFrom periodUntil issuedAt validUntil
      findings {
        domain hasRecords activeCount repairedCount
        items { occurredOn department severity status summary }
      }
      contentHash keyId document
    }
    errors { field message code }
  }
}
"""
VERIFY = """
query($number: String!, $document: String!) {
  verifyCreditReport(number: $number, document: $document) { status issuedAt validUntil }
}
"""
#: A well-formed resident ID no person has, and one with a wrong check digit.
UNREGISTERED = make_resident_id("330502", date(1970, 1, 1), 999)
BAD_CHECK_DIGIT = UNREGISTERED[:-1] + ("1" if UNREGISTERED[-1] == "0" else "0")
ALL_DOMAINS = [
    "ADMINISTRATIVE_PENALTY",
    "ADMINISTRATIVE_ENFORCEMENT",
    "SERIOUS_DISHONESTY_LIST",
    "CRIMINAL_RECORD",
]


def _today() -> date:
    return city_today(datetime.now(UTC))


def _period(**extra: Any) -> dict[str, Any]:
    today = _today()
    return {
        "periodFrom": (today - timedelta(days=3 * 365)).isoformat(),
        "periodUntil": today.isoformat(),
        "domains": ALL_DOMAINS,
        **extra,
    }


async def _token(
    client: httpx.AsyncClient, session: AsyncSession, partner_type: PartnerType
) -> str:
    client_id, secret = await create_partner_client(session, partner_type)
    return await get_token(client, client_id, secret)


async def _post(
    client: httpx.AsyncClient,
    query: str,
    variables: dict[str, Any],
    token: str | None,
    status: int = 200,
) -> dict[str, Any]:
    """POST as the holder of ``token``, or anonymously (no Authorization header) for None."""
    request = client.build_request(
        "POST", "/graphql", json={"query": query, "variables": variables}
    )
    if token is None:
        request.headers.pop("authorization", None)
    else:
        request.headers["authorization"] = f"Bearer {token}"
    response = await client.send(request)
    assert response.status_code == status, response.text
    body: dict[str, Any] = response.json()
    return body


async def _issue(client: httpx.AsyncClient, token: str, **input: Any) -> dict[str, Any]:
    body = await _post(client, ISSUE, {"input": input}, token)
    assert "errors" not in body, body
    payload: dict[str, Any] = body["data"]["issueCreditReport"]
    return payload


async def _verify(
    client: httpx.AsyncClient, number: str, document: str, token: str | None = None
) -> dict[str, Any]:
    body = await _post(client, VERIFY, {"number": number, "document": document}, token)
    assert "errors" not in body, body
    result: dict[str, Any] = body["data"]["verifyCreditReport"]
    return result


async def _audit(session: AsyncSession) -> list[tuple[str, str, str, str, str]]:
    rows = await session.execute(
        text(
            "SELECT partner_type, subject_kind, purpose, outcome, fields FROM audit_log ORDER BY id"
        )
    )
    return [tuple(row) for row in rows]


def _when(days_ago: int) -> datetime:
    return datetime.now(UTC) - timedelta(days=days_ago)


@pytest.fixture
async def alice(factory: Factory, session: AsyncSession) -> tuple[int, str]:
    """A person with a repaired penalty, an active criminal record and records not stated."""
    person_id, resident_id = await factory.person()
    await factory.record(
        person_id,
        category=RecordCategory.PENALTY,
        severity=Severity.GENERAL,
        status=RecordStatus.REPAIRED,
        occurred_at=_when(200),
        summary="占道经营 罚款200元",
    )
    await factory.record(
        person_id,
        category=RecordCategory.CRIMINAL_RECORD,
        severity=Severity.SERIOUS,
        occurred_at=_when(400),
        summary="criminal record",
    )
    for status in (RecordStatus.EXEMPTED, RecordStatus.EXPIRED):
        await factory.record(
            person_id,
            category=RecordCategory.PENALTY,
            severity=Severity.GENERAL,
            status=status,
            occurred_at=_when(100),
        )
    await factory.record(  # before the period
        person_id, category=RecordCategory.ENFORCEMENT, occurred_at=_when(5 * 365)
    )
    await factory.record(  # not on the serious list
        person_id,
        category=RecordCategory.DISHONESTY_LIST,
        severity=Severity.GENERAL,
        occurred_at=_when(50),
    )
    await session.commit()
    return person_id, resident_id


async def test_the_signed_in_person_gets_a_signed_report_anyone_can_verify(
    client: httpx.AsyncClient, session: AsyncSession, alice: tuple[int, str]
) -> None:
    _, resident_id = alice
    app = await _token(client, session, PartnerType.CITIZEN_APP)
    payload = await _issue(client, app, residentId=resident_id, **_period())
    assert payload["errors"] == []
    report = payload["report"]
    assert report["subjectKind"] == "PERSON"
    assert report["subjectIdentifier"] == resident_id[:6] + "*" * 8 + resident_id[14:]
    by_domain = {f["domain"]: f for f in report["findings"]}
    assert list(by_domain) == ALL_DOMAINS
    penalty = by_domain["ADMINISTRATIVE_PENALTY"]
    assert (penalty["hasRecords"], penalty["activeCount"], penalty["repairedCount"]) == (
        True,
        0,
        1,
    )
    assert penalty["items"][0]["status"] == "REPAIRED"
    assert penalty["items"][0]["summary"] == "占道经营 罚款200元"
    assert by_domain["CRIMINAL_RECORD"]["activeCount"] == 1
    assert not by_domain["ADMINISTRATIVE_ENFORCEMENT"]["hasRecords"]
    assert not by_domain["SERIOUS_DISHONESTY_LIST"]["hasRecords"]

    # The document is a JWS signed by a key the platform publishes, carrying the content hash.
    jwks = (await client.get("/.well-known/jwks.json")).json()["keys"]
    [jwk] = [k for k in jwks if k["kid"] == report["keyId"]]
    signed = jws.deserialize_compact(report["document"], ECKey.import_key(jwk))
    content = json.loads(signed.payload)
    assert content["contentHash"] == report["contentHash"]
    assert content["report"]["number"] == report["number"]

    # Anyone verifies it with the number alone and the document: no token needed.
    valid = await _verify(client, report["number"], report["document"])
    assert valid == {
        "status": "VALID",
        "issuedAt": report["issuedAt"],
        "validUntil": report["validUntil"],
    }
    # The signed-in person's access log shows the read, as self-service.
    assert await _audit(session) == [
        (
            "citizen_app",
            "person",
            "subject_self_service",
            "ALLOWED",
            " ".join(sorted(f"creditReport.{d.lower()}" for d in ALL_DOMAINS)),
        )
    ]


async def test_verification_reveals_nothing_to_who_has_only_the_number(
    client: httpx.AsyncClient, session: AsyncSession, alice: tuple[int, str]
) -> None:
    app = await _token(client, session, PartnerType.CITIZEN_APP)
    report = (await _issue(client, app, residentId=alice[1], **_period()))["report"]
    number, document = report["number"], report["document"]
    header, payload, signature = document.split(".")
    content = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    content["report"]["findings"][3]["hasRecords"] = False
    forged_payload = base64.urlsafe_b64encode(json.dumps(content).encode()).rstrip(b"=").decode()
    nothing = {"issuedAt": None, "validUntil": None}
    for attempt in ("", "x", f"{header}.{forged_payload}.{signature}", document[:-2] + "AA"):
        assert await _verify(client, number, attempt) == {"status": "ALTERED", **nothing}
    unknown = number[:-6] + "ZZZZZ" + number[-1]
    assert await _verify(client, unknown, document) == {"status": "UNKNOWN", **nothing}
    assert await _verify(client, "not a number", document) == {"status": "UNKNOWN", **nothing}
    # Lower case and without hyphens is the same number; a partner's token changes nothing.
    office = await _token(client, session, PartnerType.CREDIT_OFFICE)
    loose = number.replace("-", "").lower()
    assert (await _verify(client, loose, document, office))["status"] == "VALID"


async def test_the_credit_office_issues_for_any_subject_under_its_duty(
    client: httpx.AsyncClient, session: AsyncSession, factory: Factory, alice: tuple[int, str]
) -> None:
    enterprise_id, uscc = await factory.enterprise()
    await factory.record(
        enterprise_id,
        category=RecordCategory.DISHONESTY_LIST,
        severity=Severity.SERIOUS,
        occurred_at=_when(30),
    )
    await session.commit()
    office = await _token(client, session, PartnerType.CREDIT_OFFICE)
    firm = await _issue(client, office, uscc=uscc, **_period(domains=["SERIOUS_DISHONESTY_LIST"]))
    assert firm["errors"] == []
    [finding] = firm["report"]["findings"]
    assert (finding["domain"], finding["activeCount"]) == ("SERIOUS_DISHONESTY_LIST", 1)
    assert firm["report"]["subjectIdentifier"] == uscc
    person = await _issue(client, office, residentId=alice[1], **_period())
    assert person["errors"] == []
    assert [row[:4] for row in await _audit(session)] == [
        ("credit_office", "enterprise", "credit_supervision", "ALLOWED"),
        ("credit_office", "person", "credit_supervision", "ALLOWED"),
    ]
    assert firm["report"]["number"] != person["report"]["number"]


@pytest.mark.parametrize(
    "partner_type",
    [
        PartnerType.BANK,
        PartnerType.HOSPITAL,
        PartnerType.REGULATOR,
        PartnerType.TAX_BUREAU,
        PartnerType.MOBILITY_OPERATOR,
    ],
)
async def test_other_partner_types_may_not_issue(
    client: httpx.AsyncClient,
    session: AsyncSession,
    alice: tuple[int, str],
    partner_type: PartnerType,
) -> None:
    token = await _token(client, session, partner_type)
    body = await _post(client, ISSUE, {"input": {"residentId": alice[1], **_period()}}, token)
    assert body["data"] is None
    assert [e["extensions"]["code"] for e in body["errors"]] == ["FORBIDDEN"]
    assert body["errors"][0]["extensions"]["requiredScopes"] == ["credit_report:issue"]
    assert await _audit(session) == []


async def test_an_anonymous_caller_may_verify_but_not_issue(
    client: httpx.AsyncClient, alice: tuple[int, str]
) -> None:
    variables = {"input": {"residentId": alice[1], **_period()}}
    body = await _post(client, ISSUE, variables, None, status=401)
    assert [e["extensions"]["code"] for e in body["errors"]] == ["UNAUTHENTICATED"]
    number = "CR-20261101-0000000000000000-0"
    body = await _post(client, VERIFY, {"number": number, "document": "x"}, None)
    assert body.pop("extensions")["cost"]["requestedQueryCost"] >= 1  # see test_query_cost
    assert body == {"data": {"verifyCreditReport": {"status": "UNKNOWN", **_nothing()}}}


def _nothing() -> dict[str, None]:
    return {"issuedAt": None, "validUntil": None}


@pytest.mark.parametrize(
    ("change", "code", "field"),
    [
        ({"residentId": UNREGISTERED}, "NOT_FOUND", "residentId"),
        ({"uscc": make_uscc("91", "330502", "000000000")}, "INVALID_ARGUMENT", None),
        ({"residentId": None}, "INVALID_ARGUMENT", None),
        (
            {"periodFrom": "2026-01-02", "periodUntil": "2026-01-01"},
            "PERIOD_END_BEFORE_START",
            "periodUntil",
        ),
        ({"periodUntil": "2999-01-01"}, "PERIOD_IN_FUTURE", "periodUntil"),
        ({"domains": []}, "NO_DOMAINS", "domains"),
    ],
)
async def test_bad_requests_come_back_as_payload_errors(
    client: httpx.AsyncClient,
    session: AsyncSession,
    alice: tuple[int, str],
    change: dict[str, Any],
    code: str,
    field: str | None,
) -> None:
    app = await _token(client, session, PartnerType.CITIZEN_APP)
    input = {"residentId": alice[1], **_period(), **change}
    payload = await _issue(client, app, **input)
    assert payload["report"] is None
    [error] = payload["errors"]
    assert (error["code"], error["field"]) == (code, field), error
    assert await _audit(session) == []


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"residentId": BAD_CHECK_DIGIT}, "INVALID_IDENTIFIER"),
        ({"uscc": "not-a-code", "residentId": None}, "INVALID_IDENTIFIER"),
        ({"domains": ["TAX_ARREARS"]}, None),
        ({"periodFrom": "2026-13-01"}, None),
    ],
)
async def test_malformed_input_is_refused_as_bad_user_input_never_a_500(
    client: httpx.AsyncClient,
    session: AsyncSession,
    alice: tuple[int, str],
    change: dict[str, Any],
    reason: str | None,
) -> None:
    app = await _token(client, session, PartnerType.CITIZEN_APP)
    variables = {"input": {"residentId": alice[1], **_period(), **change}}
    body = await _post(client, ISSUE, variables, app)
    assert body["data"] is None
    [error] = body["errors"]
    assert error["extensions"]["code"] == "BAD_USER_INPUT", error
    if reason is not None:
        assert error["extensions"]["reason"] == reason
    assert await _audit(session) == []


async def test_a_report_verifies_after_its_key_is_rotated_out_of_token_verification(
    settings: Settings,
    engine: AsyncEngine,
    connection: AsyncConnection,
    sessions: async_sessionmaker[AsyncSession],
    session: AsyncSession,
    keys: Keys,
    alice: tuple[int, str],
) -> None:
    # Keys are reloaded on every request, so the JWKS and the token keys follow the database.
    fresh = settings.model_copy(update={"oauth_refresh_seconds": 0.0})
    app = create_app(fresh, engine=engine, sessions=sessions)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        client_id, secret = await create_partner_client(session, PartnerType.CITIZEN_APP)
        token = await get_token(client, client_id, secret)
        first = (await _issue(client, token, residentId=alice[1], **_period()))["report"]
        old_kid = first["keyId"]

        # Rotate: a new key took over ten days ago, long past the old key's token lifetime.
        now = datetime.now(UTC)
        await session.execute(update(SigningKeyRow).values(activates_at=now - timedelta(days=30)))
        rotated = new_signing_key(
            keys.signing_key_encryption, now=now, activates_at=now - timedelta(days=10)
        )
        await SigningKeyRepository(session).add(rotated)
        await session.commit()
        window = key_window(
            await list_signing_keys(session), now, AuthConfig.from_settings(fresh).key_retention
        )
        assert window.signing is not None
        assert window.signing.kid == rotated.kid
        assert old_kid not in {record.kid for record in window.verifying}
        jwks = (await client.get("/.well-known/jwks.json")).json()["keys"]
        assert old_kid not in {k["kid"] for k in jwks}
        assert rotated.kid in {k["kid"] for k in jwks}

        # New reports are signed by the new key; the old report still verifies.
        token = await get_token(client, client_id, secret)
        second = (await _issue(client, token, residentId=alice[1], **_period()))["report"]
        assert second["keyId"] == rotated.kid
        for report in (first, second):
            verified = await _verify(client, report["number"], report["document"])
            assert verified["status"] == "VALID", report["keyId"]
        # A report signed by the old key cannot be passed off under the new report's number.
        swapped = await _verify(client, second["number"], first["document"])
        assert swapped["status"] == "ALTERED"


async def test_an_expired_report_is_expired(
    client: httpx.AsyncClient, session: AsyncSession, alice: tuple[int, str]
) -> None:
    app = await _token(client, session, PartnerType.CITIZEN_APP)
    report = (await _issue(client, app, residentId=alice[1], **_period()))["report"]
    past = datetime.now(UTC) - timedelta(seconds=1)
    await session.execute(
        update(CreditReportRow)
        .where(CreditReportRow.number == report["number"])
        .values(issued_at=past - timedelta(days=91), valid_until=past)
    )
    await session.commit()
    verified = await _verify(client, report["number"], report["document"])
    assert verified["status"] == "EXPIRED"
    assert verified["validUntil"] is not None
