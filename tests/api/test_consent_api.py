"""Personal data over GraphQL: codes, consents, purposes, masking, the audit trail, no leaks."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from api.auth.partners import create_partner
from api.auth.scopes import PartnerType, Scope
from api.domain.identifiers import IdentifierError, validate_resident_id
from tests.auth.helpers import get_token
from tests.factories import Factory

PERSON = """
query($purpose: Purpose!, $rid: ResidentId, $code: String, $consent: ID) {
  person(purpose: $purpose, residentId: $rid, integrityCode: $code, consentId: $consent) {
    person { residentId name district }
    denial { reason message }
  }
}
"""
ISSUE = """
mutation($rid: ResidentId!, $purpose: Purpose!, $minutes: Int! = 5) {
  issueIntegrityCode(residentId: $rid, purpose: $purpose, minutes: $minutes) {
    code expiresAt errors { code message }
  }
}
"""
REQUEST = """
mutation($input: RequestConsentInput!) {
  requestConsent(input: $input) { consent { id status } errors { code message } }
}
"""
ACT = """
mutation($id: ID!, $rid: ResidentId!) {
  authorizeConsent(consentId: $id, residentId: $rid) {
    consent { id status } errors { code message } }
}
"""
REVOKE = """
mutation($id: ID!, $rid: ResidentId!) {
  revokeConsent(consentId: $id, residentId: $rid) { consent { id status } errors { code message } }
}
"""
LOG = """
query($rid: ResidentId!) {
  myAccessLog(residentId: $rid, first: 50) {
    nodes { partnerType purpose outcome reason fields byIntegrityCode consentId } }
}
"""


@dataclass
class Caller:
    """A partner with a token."""

    partner_id: int
    token: str


async def caller(
    client: httpx.AsyncClient, session: AsyncSession, partner_type: PartnerType, *scopes: Scope
) -> Caller:
    """A new partner of ``partner_type`` (all its scopes unless given) and a token for it."""
    issued = await create_partner(
        session,
        partner_type=partner_type,
        name=f"{partner_type.value} {datetime.now(UTC).timestamp()}",
        scopes=frozenset(scopes) if scopes else None,
    )
    await session.commit()
    return Caller(
        issued.partner_id, await get_token(client, issued.client_id, issued.client_secret)
    )


async def call(
    client: httpx.AsyncClient, who: Caller, query: str, **variables: Any
) -> dict[str, Any]:
    """Run an operation as ``who``; return the body (asserting HTTP 200)."""
    response = await client.post(
        "/graphql",
        json={"query": query, "variables": variables},
        headers={"authorization": f"Bearer {who.token}"},
    )
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


async def audit_rows(session: AsyncSession) -> list[tuple[str, str | None]]:
    """(outcome, reason) of every audit row, oldest first."""
    result = await session.execute(text("SELECT outcome, reason FROM audit_log ORDER BY id"))
    return [(row[0], row[1]) for row in result]


async def issue_code(
    client: httpx.AsyncClient, app: Caller, resident_id: str, purpose: str, minutes: int = 5
) -> str:
    """A code from the city app."""
    body = await call(client, app, ISSUE, rid=resident_id, purpose=purpose, minutes=minutes)
    payload = body["data"]["issueIntegrityCode"]
    assert payload["errors"] == [], payload
    code: str = payload["code"]
    return code


@pytest.fixture
async def people(
    client: httpx.AsyncClient, session: AsyncSession, factory: Factory
) -> dict[str, Any]:
    """Two persons, the city app, a hospital, a mobility operator and two banks."""
    _, alice = await factory.person()
    _, bob = await factory.person()
    await session.commit()
    return {
        "alice": alice,
        "bob": bob,
        "app": await caller(client, session, PartnerType.CITIZEN_APP),
        "hospital": await caller(client, session, PartnerType.HOSPITAL),
        "mobility": await caller(client, session, PartnerType.MOBILITY_OPERATOR),
        "bank": await caller(client, session, PartnerType.BANK),
        "other_bank": await caller(client, session, PartnerType.BANK),
        "office": await caller(client, session, PartnerType.CREDIT_OFFICE),
    }


async def test_a_scanned_code_lets_the_hospital_read_once_audited(
    client: httpx.AsyncClient, session: AsyncSession, people: dict[str, Any]
) -> None:
    code = await issue_code(client, people["app"], people["alice"], "PAY_AFTER_TREATMENT")
    before = len(await audit_rows(session))
    body = await call(client, people["hospital"], PERSON, purpose="PAY_AFTER_TREATMENT", code=code)
    result = body["data"]["person"]
    assert result["denial"] is None
    assert result["person"]["name"] == "张三"  # the bill needs the name
    assert result["person"]["residentId"] == people["alice"][:6] + "********" + people["alice"][14:]
    assert await audit_rows(session) == [*(await audit_rows(session))[:before], ("ALLOWED", None)]


async def test_mobility_operator_sees_a_masked_name(
    client: httpx.AsyncClient, people: dict[str, Any]
) -> None:
    code = await issue_code(client, people["app"], people["alice"], "MOBILITY_DISCOUNT")
    body = await call(client, people["mobility"], PERSON, purpose="MOBILITY_DISCOUNT", code=code)
    assert body["data"]["person"]["person"]["name"] == "张*"


@pytest.mark.parametrize(
    ("case", "reason"),
    [
        ("none", "NO_AUTHORISATION"),
        ("tampered", "CODE_INVALID"),
        ("revoked", "CODE_REVOKED"),
        ("wrong_purpose", "WRONG_PURPOSE"),
        ("wrong_subject", "WRONG_SUBJECT"),
        ("purpose_not_for_type", "PURPOSE_NOT_ALLOWED_FOR_PARTNER_TYPE"),
    ],
)
async def test_refused_code_reads_return_no_data_and_are_audited(
    client: httpx.AsyncClient,
    session: AsyncSession,
    people: dict[str, Any],
    case: str,
    reason: str,
) -> None:
    code = await issue_code(client, people["app"], people["alice"], "PAY_AFTER_TREATMENT")
    variables: dict[str, Any] = {"purpose": "PAY_AFTER_TREATMENT", "code": code}
    who = people["hospital"]
    if case == "none":
        variables = {"purpose": "PAY_AFTER_TREATMENT", "rid": people["alice"]}
    elif case == "tampered":
        variables["code"] = ("A" if code[0] != "A" else "B") + code[1:]
    elif case == "revoked":
        revoked = await call(
            client,
            people["app"],
            "mutation($rid: ResidentId!, $c: String!) {"
            " revokeIntegrityCode(residentId: $rid, code: $c) { revoked } }",
            rid=people["alice"],
            c=code,
        )
        assert revoked["data"]["revokeIntegrityCode"]["revoked"] is True
    elif case == "wrong_purpose":
        code = await issue_code(client, people["app"], people["alice"], "MOBILITY_DISCOUNT")
        variables["code"] = code
    elif case == "wrong_subject":
        variables["rid"] = people["bob"]
    elif case == "purpose_not_for_type":
        who = people["bank"]
    before = len(await audit_rows(session))
    body = await call(client, who, PERSON, **variables)
    assert body["data"]["person"]["person"] is None
    assert body["data"]["person"]["denial"]["reason"] == reason
    assert people["alice"] not in str(body)
    assert (await audit_rows(session))[before:] == [("DENIED", reason)]


async def test_an_expired_code_is_refused(
    client: httpx.AsyncClient, session: AsyncSession, people: dict[str, Any]
) -> None:
    code = await issue_code(
        client, people["app"], people["alice"], "PAY_AFTER_TREATMENT", minutes=1
    )
    await session.execute(
        text("UPDATE integrity_codes SET issued_at = :issued, expires_at = :past"),
        {
            "issued": datetime.now(UTC) - timedelta(minutes=10),
            "past": datetime.now(UTC) - timedelta(minutes=5),
        },
    )
    await session.commit()
    body = await call(client, people["hospital"], PERSON, purpose="PAY_AFTER_TREATMENT", code=code)
    assert body["data"]["person"]["denial"]["reason"] == "CODE_EXPIRED"


async def test_consent_lifecycle_for_a_bank(
    client: httpx.AsyncClient, session: AsyncSession, people: dict[str, Any]
) -> None:
    alice = people["alice"]
    requested = await call(
        client,
        people["bank"],
        REQUEST,
        input={
            "residentId": alice,
            "permissions": ["READ_IDENTITY", "READ_CREDIT_RECORDS"],
            "purpose": "CREDIT_LOAN",
            "expiresAt": (datetime.now(UTC) + timedelta(days=90)).isoformat(),
        },
    )
    consent = requested["data"]["requestConsent"]["consent"]
    assert consent["status"] == "AWAITING_AUTHORISATION"
    read = {"purpose": "CREDIT_LOAN", "rid": alice, "consent": consent["id"]}
    waiting = await call(client, people["bank"], PERSON, **read)
    assert waiting["data"]["person"]["denial"]["reason"] == "CONSENT_NOT_AUTHORISED"
    authorised = await call(client, people["app"], ACT, id=consent["id"], rid=alice)
    assert authorised["data"]["authorizeConsent"]["consent"]["status"] == "AUTHORISED"
    allowed = await call(client, people["bank"], PERSON, **read)
    assert allowed["data"]["person"]["person"]["name"] == "张三"
    other = await call(client, people["other_bank"], PERSON, **read)
    assert other["data"]["person"]["denial"]["reason"] == "WRONG_PARTNER"
    bob = await call(client, people["bank"], PERSON, **{**read, "rid": people["bob"]})
    assert bob["data"]["person"]["denial"]["reason"] == "WRONG_SUBJECT"
    twice = await call(client, people["app"], ACT, id=consent["id"], rid=alice)
    [error] = twice["data"]["authorizeConsent"]["errors"]
    assert "AUTHORISED" in error["message"]
    revoked = await call(client, people["app"], REVOKE, id=consent["id"], rid=alice)
    assert revoked["data"]["revokeConsent"]["consent"]["status"] == "REVOKED"
    after = await call(client, people["bank"], PERSON, **read)
    assert after["data"]["person"]["denial"]["reason"] == "CONSENT_REVOKED"
    # The row rule: only the bank that asked sees its consent.
    mine = "query($id: ID!) { consent(id: $id) { id status } }"
    assert (await call(client, people["bank"], mine, id=consent["id"]))["data"]["consent"][
        "status"
    ] == "REVOKED"
    assert (await call(client, people["other_bank"], mine, id=consent["id"]))["data"][
        "consent"
    ] is None
    # The person's access log shows every attempt, allowed and refused.
    log = await call(client, people["app"], LOG, rid=alice)
    entries = log["data"]["myAccessLog"]["nodes"]
    outcomes = [(e["partnerType"], e["outcome"], e["reason"]) for e in entries]
    assert outcomes == [
        ("bank", "DENIED", "CONSENT_REVOKED"),
        ("bank", "DENIED", "WRONG_PARTNER"),
        ("bank", "ALLOWED", None),
        ("bank", "DENIED", "CONSENT_NOT_AUTHORISED"),
    ]
    assert all(e["consentId"] == consent["id"] for e in entries)
    assert entries[2]["fields"] == ["person.district", "person.name", "person.residentId"]


async def test_only_the_credit_office_sees_full_identifiers(
    client: httpx.AsyncClient, people: dict[str, Any]
) -> None:
    body = await call(
        client, people["office"], PERSON, purpose="CREDIT_SUPERVISION", rid=people["alice"]
    )
    assert body["data"]["person"]["person"]["residentId"] == people["alice"]


async def test_a_failed_audit_insert_fails_the_request_and_commits_nothing(
    client: httpx.AsyncClient,
    session: AsyncSession,
    people: dict[str, Any],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from api.db.repositories.audit import AuditRepository

    async def broken(self: AuditRepository, record: Any) -> None:
        await self._db.execute(text("INSERT INTO audit_log (id) VALUES ('not a number', 1)"))

    code = await issue_code(client, people["app"], people["alice"], "PAY_AFTER_TREATMENT")
    before = len(await audit_rows(session))
    monkeypatch.setattr(AuditRepository, "append", broken)
    body = await call(client, people["hospital"], PERSON, purpose="PAY_AFTER_TREATMENT", code=code)
    assert body["data"] is None
    assert body["errors"][0]["extensions"]["code"] == "INTERNAL_SERVER_ERROR"
    assert "could not be audited" in body["errors"][0]["message"]
    monkeypatch.undo()
    assert len(await audit_rows(session)) == before


def _resident_ids_in(text_: str) -> list[str]:
    found = []
    for candidate in re.findall(r"(?<![0-9A-Za-z])[0-9]{17}[0-9X](?![0-9A-Za-z])", text_):
        try:
            found.append(validate_resident_id(candidate))
        except IdentifierError:
            continue
    return found


async def test_no_operation_leaks_a_full_resident_id(
    client: httpx.AsyncClient, session: AsyncSession, factory: Factory, people: dict[str, Any]
) -> None:
    """The no-leak oracle: every persisted operation as every type lacking the identifier scope."""
    from graphql import parse

    from api.auth.scopes import SCOPES_BY_TYPE
    from tests.api.test_scope_matrix import OPERATIONS, _variables, _variables_for

    pool = await _variables(factory, client)
    pool["code"] = await issue_code(client, people["app"], people["alice"], "PAY_AFTER_TREATMENT")
    pool["residentId"] = people["alice"]
    for partner_type in PartnerType:
        scopes = SCOPES_BY_TYPE[partner_type] - {Scope.PERSON_READ_IDENTIFIER}
        who = await caller(client, session, partner_type, *scopes)
        for path in OPERATIONS:
            document = parse(path.read_text())
            body = await call(client, who, path.read_text(), **_variables_for(path, document, pool))
            assert _resident_ids_in(str(body)) == [], f"{path.name} as {partner_type}: {body}"
