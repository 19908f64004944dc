"""Helpers of the merchant indicator tests: a district operator's token, observations."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from api.auth.partners import create_partner
from api.auth.scopes import PartnerType
from api.db.repositories import Repositories
from api.domain.merchants.rules import category_of
from tests.auth.helpers import get_token

RECORD = """
mutation Record($input: RecordMerchantIndicatorInput!) {
  recordMerchantIndicator(input: $input) {
    observation { category department value observedOn note }
    replayed
    errors { field code errorCode message }
  }
}
"""
ASSESS = """
query Assess($uscc: UnifiedSocialCreditCode!, $asOf: Date) {
  merchantAssessment(uscc: $uscc, asOf: $asOf) {
    assessment {
      uscc name commerceDistrict asOf colour score reasons
      indicators { category status weight points value asOf department redLine }
    }
    errors { field code message }
  }
}
"""


async def partner_with_token(
    client: httpx.AsyncClient,
    session: AsyncSession,
    partner_type: PartnerType,
    *districts: str,
) -> tuple[int, str]:
    """A new partner of ``partner_type`` operating ``districts``: (partner id, token)."""
    issued = await create_partner(
        session, partner_type=partner_type, name=f"Test {partner_type.value} {uuid.uuid4()}"
    )
    repos = Repositories(session)
    for district in districts:
        await repos.merchant_indicators.bind_operator(issued.partner_id, district)
    await session.commit()
    return issued.partner_id, await get_token(client, issued.client_id, issued.client_secret)


def observation(
    uscc: str,
    category: str,
    value: str,
    observed_on: date,
    department: str | None = None,
    key: str | None = None,
) -> dict[str, Any]:
    """A RecordMerchantIndicatorInput (the category's first department unless given)."""
    return {
        "uscc": uscc,
        "category": category,
        "department": department or category_of(category).departments[0],
        "value": value,
        "observedOn": observed_on.isoformat(),
        "idempotencyKey": key or str(uuid.uuid4()),
    }


#: Values that make every category score 100 (a green merchant).
GOOD = {
    "public_credit": "95",
    "complaints": "0",
    "inspections": "92",
    "licences": "1",
    "food_safety": "90",
    "fire_safety": "1",
    "price_measurement": "0",
    "garbage_sorting": "96",
    "road_occupation": "0",
    "environmental_health": "90",
    "consumer_satisfaction": "93",
}
