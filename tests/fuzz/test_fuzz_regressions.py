"""What the fuzzer found, pinned on both databases: each answered as a refusal, never a 500."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from api.auth.partners import create_partner
from api.auth.scopes import PartnerType
from api.crypto import Keys
from api.graphql.banking.types import BankObject, seal_id
from api.graphql.cost import COST_CEILING
from api.graphql.ids import MAX_ROW_ID, GlobalIds, NodeType
from tests.auth.helpers import get_token
from tests.factories import Factory

DECIDE = """
mutation($id: ID!) {
  decideCreditRepair(repairId: $id, approve: false, reason: "no") {
    repairCase { id } errors { code message }
  }
}
"""
CLAIM = "mutation($id: ID!) { claimFinancingNeed(needId: $id) { errors { code message } } }"
HOUSEHOLD = """
query($v: String!, $n: String!) { household(village: $v, householdNumber: $n) { village } }
"""


async def _token(client: httpx.AsyncClient, session: AsyncSession, kind: PartnerType) -> str:
    issued = await create_partner(
        session, partner_type=kind, name=f"{kind.value} {datetime.now(UTC).timestamp()}"
    )
    await session.commit()
    return await get_token(client, issued.client_id, issued.client_secret)


async def _post(client: httpx.AsyncClient, token: str, body: dict[str, Any]) -> httpx.Response:
    return await client.post("/graphql", json=body, headers={"authorization": f"Bearer {token}"})


async def test_a_sealed_id_beyond_any_row_is_not_found(
    client: httpx.AsyncClient, session: AsyncSession, keys: Keys
) -> None:
    """Found by the fuzzer: a global ID holding 2**63 reached PostgreSQL's bigint (500)."""
    office = await _token(client, session, PartnerType.CREDIT_OFFICE)
    for row in (MAX_ROW_ID + 1, 2**64 - 1):
        repair = GlobalIds(keys.global_id).encode(NodeType.REPAIR_CASE, row)
        answer = await _post(client, office, {"query": DECIDE, "variables": {"id": repair}})
        assert answer.status_code == 200, answer.text
        assert "INTERNAL_SERVER_ERROR" not in answer.text, answer.text
        [error] = answer.json()["data"]["decideCreditRepair"]["errors"]
        assert error == {"code": "INVALID_ARGUMENT", "message": f"{repair!r} is not a valid ID"}
    node = "query($id: ID!) { node(id: $id) { id } }"
    department = GlobalIds(keys.global_id).encode(NodeType.DEPARTMENT, 2**31)
    answer = await _post(client, office, {"query": node, "variables": {"id": department}})
    assert answer.status_code == 200, answer.text
    [error] = answer.json()["errors"]  # found by the fuzzer too: departments have 32-bit ids
    assert error["extensions"]["code"] == "BAD_USER_INPUT", error
    assert error["message"] == f"{department!r} is not a valid ID"
    bank = await _token(client, session, PartnerType.BANK)
    need = seal_id(keys.global_id, BankObject.FINANCING_NEED, MAX_ROW_ID + 1)
    answer = await _post(client, bank, {"query": CLAIM, "variables": {"id": need}})
    assert answer.status_code == 200, answer.text
    [error] = answer.json()["data"]["claimFinancingNeed"]["errors"]
    assert error["code"] == "NOT_FOUND", error


async def test_a_nul_character_is_refused_at_the_door(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    """Found by the fuzzer: U+0000 in a variable reached PostgreSQL's text (500)."""
    office = await _token(client, session, PartnerType.CREDIT_OFFICE)
    answer = await _post(
        client, office, {"query": HOUSEHOLD, "variables": {"v": "余村", "n": "\x00"}}
    )
    assert answer.status_code == 400, answer.text
    assert answer.json()["errors"][0]["message"] == (
        "variables.n: text may not contain the NUL character (U+0000)"
    )
    nested = await _post(
        client, office, {"query": HOUSEHOLD, "variables": {"v": "余村", "n": ["a", {"\x00": 1}]}}
    )
    assert nested.status_code == 400, nested.text
    assert nested.json()["errors"][0]["message"].startswith("variables.n[1]: ")
    literal = '{ household(village: "余村", householdNumber: "a\\u0000") { village } }'
    answer = await _post(client, office, {"query": literal})
    body = answer.json()
    assert "INTERNAL_SERVER_ERROR" not in answer.text, body
    assert body["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED", body
    assert "NUL character" in body["errors"][0]["message"]
    got = await client.get(
        "/graphql",
        params={"query": HOUSEHOLD, "variables": '{"v": "a", "n": "\\u0000"}'},
        headers={"authorization": f"Bearer {office}"},
    )
    assert got.status_code == 400, got.text
    # Without the NUL the same query is answered (no such household).
    fine = await _post(client, office, {"query": HOUSEHOLD, "variables": {"v": "余村", "n": "1"}})
    assert fine.status_code == 200, fine.text
    assert fine.json()["data"] == {"household": None}


async def test_an_integer_literal_beyond_int_is_a_validation_error(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    """Found by the fuzzer: `first: 1174994459984545746665336733696` in a nested field made a
    cost no JSON encoder writes: a bare 500 before any GraphQL work. The cost is counted up to
    a ceiling and the operation refused as too dear."""
    bank = await _token(client, session, PartnerType.BANK)
    query = (
        '{ loanCandidates(productId: "x", first: 15682, after: "") { candidates { edges { node '
        "{ enterprise { evaluation { reasons(first: 1174994459984545746665336733696) { code } } "
        "} } } } } }"
    )
    answer = await _post(client, bank, {"query": query})
    assert answer.status_code == 200, answer.text
    [error] = answer.json()["errors"]
    assert error["extensions"] == {
        "code": "MAX_COST_EXCEEDED",
        "requestedQueryCost": COST_CEILING,
        "maximumCost": 1000,
    }
    # Variables multiply the same way.
    nested = (
        'query($n: Int!) { loanCandidates(productId: "x", first: $n) { candidates { edges '
        "{ node { enterprise { evaluation { reasons(first: $n) { code } } } } } } } }"
    )
    answer = await _post(client, bank, {"query": nested, "variables": {"n": 2**62}})
    assert answer.status_code == 200, answer.text
    assert answer.json()["errors"][0]["extensions"]["requestedQueryCost"] == COST_CEILING


async def test_a_date_time_without_an_offset_is_refused_as_input(
    client: httpx.AsyncClient, session: AsyncSession, factory: Factory
) -> None:
    """Found by the fuzzer: `expiresAt: "2000-01-01T00:00:00"` (naive) reached the consent
    rules, which compare aware instants: INTERNAL_SERVER_ERROR. Now the scalar refuses it."""
    _, resident_id = await factory.person()
    await session.commit()
    bank = await _token(client, session, PartnerType.BANK)
    request = """
    mutation($at: DateTime!, $rid: ResidentId!) {
      requestConsent(input: {residentId: $rid, permissions: [READ_IDENTITY], purpose: CREDIT_LOAN,
                             expiresAt: $at}) { consent { id } errors { code } }
    }
    """
    naive = await _post(
        client,
        bank,
        {"query": request, "variables": {"at": "2000-01-01T00:00:00", "rid": resident_id}},
    )
    assert naive.status_code == 200, naive.text
    [error] = naive.json()["errors"]
    assert error["extensions"]["code"] == "BAD_USER_INPUT", error
    assert "'2000-01-01T00:00:00' has no UTC offset: add one (+08:00 or Z)" in error["message"]
    literal = request.replace("$at: DateTime!, ", "")
    literal = literal.replace("expiresAt: $at", 'expiresAt: "2000-01-01T00:00:00"')
    answer = await _post(client, bank, {"query": literal, "variables": {"rid": resident_id}})
    assert "INTERNAL_SERVER_ERROR" not in answer.text, answer.text
    assert answer.json()["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    # With an offset, the same past expiry is the mutation's own refusal.
    aware = await _post(
        client,
        bank,
        {"query": request, "variables": {"at": "2000-01-01T00:00:00+08:00", "rid": resident_id}},
    )
    assert aware.status_code == 200, aware.text
    payload = aware.json()["data"]["requestConsent"]
    assert payload["consent"] is None
    assert [e["code"] for e in payload["errors"]] != []
