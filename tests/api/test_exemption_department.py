"""The exempt-from-penalty list checks the recording department: a matter of the list covers
the penalties of its own department only; another department's penalty is penalised, with the
reason said."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from api.auth.scopes import PartnerType
from api.seeding.departments import ensure_departments
from api.seeding.exempt_matters import ensure_exempt_matters
from tests.auth.helpers import create_partner_client, get_token
from tests.factories import Factory
from tests.gql import gql

PENALTY = """
mutation Penalty($input: PenaltyInput!) {
  recordPenalty(input: $input) {
    record { status } exempted guidance errors { field code message }
  }
}
"""
MATTERS = """
query { exemptMatters { code departmentCode } }
"""


def penalty(uscc: str, department: str) -> dict[str, Any]:
    """A minor penalty naming matter SJ-001 (market supervision's), dated yesterday."""
    return {
        "input": {
            "subject": {"uscc": uscc},
            "department": department,
            "occurredAt": (datetime.now(UTC) - timedelta(days=1)).isoformat(),
            "summary": "未按规定公示年度报告",
            "severity": "MINOR",
            "matterCode": "SJ-001",
            "idempotencyKey": str(uuid.uuid4()),
        }
    }


async def test_a_matter_exempts_only_its_own_department_s_penalty(
    client: httpx.AsyncClient, session: AsyncSession, factory: Factory
) -> None:
    connection = await session.connection()
    await ensure_departments(connection)
    await ensure_exempt_matters(connection, datetime.now(UTC))
    _, uscc = await factory.enterprise(tax_grade=None)
    await session.commit()
    client_id, secret = await create_partner_client(session, PartnerType.REGULATOR)
    regulator = await get_token(client, client_id, secret)

    listed = (await gql(client, MATTERS, token=regulator))["data"]["exemptMatters"]
    assert {"code": "SJ-001", "departmentCode": "market_supervision"} in listed
    assert {"code": "SW-001", "departmentCode": "tax"} in listed

    other = (await gql(client, PENALTY, penalty(uscc, "tax"), token=regulator))["data"]
    assert other["recordPenalty"]["exempted"] is False
    assert other["recordPenalty"]["record"]["status"] == "ACTIVE"
    assert other["recordPenalty"]["errors"] == []

    own = (await gql(client, PENALTY, penalty(uscc, "market_supervision"), token=regulator))["data"]
    assert own["recordPenalty"]["exempted"] is True
    assert own["recordPenalty"]["record"]["status"] == "EXEMPTED"
