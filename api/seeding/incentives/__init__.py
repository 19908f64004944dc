"""The incentive catalogue a new platform starts with: 14 categories and 54 scenarios.

domain.md, "Incentive scenarios": 14 categories, 50+ scenarios (credit loans, travel,
shopping, healthcare, ...), each with the lowest integrity colour it admits and the benefit it
gives; "green or above" unlocks most incentives. The pay-after-treatment scenario carries the
deferred-payment limit per colour: BLUE 3000 yuan, GREEN 1500 (lower colours are not admitted),
settled within 15 days. Figures are the platform's defaults; the credit office changes them
through ``saveIncentiveScenario``.

``seed_incentive_catalogue`` runs on an ``AsyncConnection`` (the seed's), inserts only the codes
not yet present and never commits: safe to run on every seed.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncConnection

from api.db.tables import metadata
from api.seeding.incentives.catalogue import CATEGORIES, VALID_FROM, VALID_UNTIL, SeedScenario
from api.seeding.incentives.everyday import EVERYDAY
from api.seeding.incentives.leisure_and_services import LEISURE_AND_SERVICES
from api.seeding.incentives.operators import seed_scenario_operators

#: The 54 scenarios, in the order they are inserted (their ids follow it).
SCENARIOS: tuple[SeedScenario, ...] = (*EVERYDAY, *LEISURE_AND_SERVICES)

__all__ = [
    "CATEGORIES",
    "SCENARIOS",
    "VALID_FROM",
    "VALID_UNTIL",
    "SeedScenario",
    "seed_incentive_catalogue",
]

_CATEGORIES = metadata.tables["incentive_categories"]
_SCENARIOS = metadata.tables["incentive_scenarios"]
_COLOUR_VALUES = metadata.tables["incentive_colour_values"]


async def seed_incentive_catalogue(connection: AsyncConnection, now: datetime) -> tuple[int, int]:
    """Insert the categories and scenarios whose codes are not present yet; never commits.

    Returns how many categories and scenarios were new (0, 0 on a second run).
    """
    known = {
        row.code: row.id
        for row in await connection.execute(select(_CATEGORIES.c.code, _CATEGORIES.c.id))
    }
    new_categories = [
        {"code": code, "name": name, "name_zh": name_zh, "description": description}
        for code, name, name_zh, description in CATEGORIES
        if code not in known
    ]
    if new_categories:
        await connection.execute(insert(_CATEGORIES), new_categories)
        known = {
            row.code: row.id
            for row in await connection.execute(select(_CATEGORIES.c.code, _CATEGORIES.c.id))
        }
    present = {row.code for row in await connection.execute(select(_SCENARIOS.c.code))}
    added = 0
    for scenario in SCENARIOS:
        if scenario.code in present:
            continue
        result = await connection.execute(
            insert(_SCENARIOS)
            .values(
                code=scenario.code,
                category_id=known[scenario.category],
                name=scenario.name,
                name_zh=scenario.name_zh,
                description=f"{scenario.name_zh} / {scenario.name}",
                operator_type=scenario.operator_type,
                purpose=scenario.purpose.value,
                lowest_colour=scenario.lowest.value,
                benefit_kind=scenario.kind.value,
                benefit_value=Decimal(scenario.value),
                benefit_cap=Decimal(scenario.cap) if scenario.cap else None,
                daily_limit=scenario.daily_limit,
                settle_within_days=scenario.settle_within_days,
                valid_from=VALID_FROM,
                valid_until=scenario.valid_until,
                active=True,
                created_at=now,
                updated_at=now,
            )
            .returning(_SCENARIOS.c.id)
        )
        scenario_id = result.scalar_one()
        if scenario.colour_values:
            await connection.execute(
                insert(_COLOUR_VALUES),
                [
                    {"scenario_id": scenario_id, "colour": colour.value, "value": Decimal(value)}
                    for colour, value in scenario.colour_values
                ],
            )
        added += 1
    await seed_scenario_operators(connection, SCENARIOS)
    return len(new_categories), added
