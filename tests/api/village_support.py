"""The village part of the scope matrix's pool: 余村 with its rules, a household the pool's
person heads, and the committee link for a village-committee caller."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from api.db.tables import metadata
from api.domain.clock import city_today
from api.graphql.ids import GlobalIds, NodeType
from tests.factories import Factory

VILLAGE = "余村"


async def village_variables(factory: Factory, person_id: int) -> dict[str, Any]:
    """余村 with rules, a household headed by the pool's person, and the village inputs."""
    await factory.village(VILLAGE, rules=(("GY-01", 5, 20), ("WS-01", -3, None)))
    household_id, _ = await factory.household(VILLAGE, "MATRIX-1", head_id=person_id)
    await factory.session.commit()
    household = GlobalIds(factory.keys.global_id).encode(NodeType.HOUSEHOLD, household_id)
    today = city_today(datetime.now(UTC))
    return {
        "year": today.year,
        "villageRule": {
            "village": VILLAGE,
            "code": "MATRIX",
            "description": "矩阵规则",
            "points": 2,
            "yearlyCap": 10,
            "idempotencyKey": str(uuid.uuid4()),
        },
        "civilityEntry": {
            "householdId": household,
            "ruleCode": "GY-01",
            "occurredOn": today.isoformat(),
            "recordedBy": "矩阵",
            "idempotencyKey": str(uuid.uuid4()),
        },
        "civilityCorrection": {
            "entryId": "not-an-entry",
            "reason": "矩阵",
            "recordedBy": "矩阵",
            "idempotencyKey": str(uuid.uuid4()),
        },
        "nomination": {
            "householdId": household,
            "year": today.year,
            "idempotencyKey": str(uuid.uuid4()),
        },
        "nominationDecision": {
            "nominationId": "not-a-nomination",
            "approve": True,
            "reason": "矩阵",
            "department": "matrix",
            "idempotencyKey": str(uuid.uuid4()),
        },
    }


async def link_committee(session: AsyncSession, client_id: str) -> None:
    """Make the partner behind ``client_id`` the committee of 余村."""
    clients, villages = metadata.tables["oauth_clients"], metadata.tables["villages"]
    partner = await session.scalar(
        select(clients.c.partner_id).where(clients.c.client_id == client_id)
    )
    await session.execute(
        update(villages).where(villages.c.name == VILLAGE).values(committee_partner_id=partner)
    )
    await session.commit()
