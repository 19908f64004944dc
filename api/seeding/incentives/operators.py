"""Who operates each scenario of the starting catalogue besides its own type, and once-only ones.

A pharmacy sits in a district or inside a hospital; home care for the elderly is run by a
hospital or by the village committee; a library or museum desk may sit in a commerce
district. Each extra type must be one that may name the scenario's purpose (a test checks).
A person uses a once-only scenario once ever (a broadband line is installed free once, a
trade-in subsidy is paid once).
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncConnection

from api.db.tables import metadata
from api.seeding.incentives.catalogue import SeedScenario

#: Partner types that may operate a scenario besides its own ``operator_type``, by code.
EXTRA_OPERATORS: Mapping[str, frozenset[str]] = MappingProxyType(
    {
        "pharmacy-discount": frozenset({"hospital"}),
        "civility-points-store": frozenset({"commerce_district"}),
        "agricultural-supplies-discount": frozenset({"commerce_district"}),
        "elderly-care-discount": frozenset({"village_committee"}),
        "theatre-ticket-discount": frozenset({"credit_office"}),
        "moving-service-voucher": frozenset({"mobility_operator"}),
        "library-deposit-waiver": frozenset({"commerce_district"}),
        "museum-guide-free": frozenset({"commerce_district"}),
    }
)

#: Scenarios a person may use once ever.
ONCE_ONLY: frozenset[str] = frozenset(
    {
        "appliance-trade-in",
        "broadband-install-free",
        "utility-deposit-waiver",
        "talent-card-service",
        "library-deposit-waiver",
        "rental-deposit-waiver",
    }
)

_SCENARIOS = metadata.tables["incentive_scenarios"]
_OPERATORS = metadata.tables["incentive_scenario_operators"]
_USE_RULES = metadata.tables["incentive_use_rules"]


async def seed_scenario_operators(
    connection: AsyncConnection, scenarios: tuple[SeedScenario, ...]
) -> int:
    """Add the missing operator rows and once-only rules of the catalogue; never commits.

    Returns how many operator rows were new (0 on a second run).
    """
    ids = {
        row.code: row.id
        for row in await connection.execute(select(_SCENARIOS.c.code, _SCENARIOS.c.id))
    }
    have = {
        (row.scenario_id, row.operator_type)
        for row in await connection.execute(
            select(_OPERATORS.c.scenario_id, _OPERATORS.c.operator_type)
        )
    }
    ruled = {row[0] for row in await connection.execute(select(_USE_RULES.c.scenario_id))}
    operator_rows = [
        {"scenario_id": ids[s.code], "operator_type": operator_type}
        for s in scenarios
        if s.code in ids
        for operator_type in sorted({s.operator_type, *EXTRA_OPERATORS.get(s.code, ())})
        if (ids[s.code], operator_type) not in have
    ]
    if operator_rows:
        await connection.execute(insert(_OPERATORS), operator_rows)
    rule_rows = [
        {"scenario_id": ids[code], "once_only": True}
        for code in sorted(ONCE_ONLY)
        if code in ids and ids[code] not in ruled
    ]
    if rule_rows:
        await connection.execute(insert(_USE_RULES), rule_rows)
    return len(operator_rows)
