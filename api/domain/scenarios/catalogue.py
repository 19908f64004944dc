"""The incentive catalogue (incentive:write for the credit office) and its statistics.

domain.md, "Incentive scenarios": 14 categories, 50+ scenarios, each with the lowest colour
it admits and the benefit it gives; "Who uses it": the city credit office reads "how many
people benefited, how much was saved". These use cases never commit.
"""

from __future__ import annotations

import re
from datetime import datetime

from api.domain.scenarios.errors import invalid, not_found
from api.domain.scenarios.model import (
    Category,
    Scenario,
    ScenarioDraft,
    Statistics,
    StatisticsFilter,
)
from api.domain.scenarios.ports import ScenarioStore
from api.domain.scenarios.rules import check_scenario, check_text

_CATEGORY_CODE = re.compile(r"^[a-z][a-z0-9_]{1,31}$")
#: Statistics group by at most this many dimensions at once.
MAX_GROUP_DIMENSIONS = 3


async def save_category(
    store: ScenarioStore, *, code: str, name: str, name_zh: str, description: str
) -> Category:
    """Add a category of incentives, or change the texts of the one with this code."""
    if not _CATEGORY_CODE.match(code):
        raise invalid("a category code is 2-32 lowercase letters, digits and underscores", "code")
    return await store.incentives.save_category(
        code=code,
        name=check_text(name, "name"),
        name_zh=check_text(name_zh, "nameZh"),
        description=check_text(description, "description", 500),
    )


async def save_scenario(store: ScenarioStore, draft: ScenarioDraft, now: datetime) -> Scenario:
    """Add a scenario to the catalogue, or change the one with this code (checked first)."""
    saved = await store.incentives.save_scenario(check_scenario(draft), now)
    if saved is None:
        raise not_found(f"no category {draft.category_code!r}", "categoryCode")
    return saved


async def incentive_statistics(store: ScenarioStore, spec: StatisticsFilter) -> Statistics:
    """Beneficiaries (distinct persons), uses and benefit granted, by the requested groups."""
    if spec.granted_from and spec.granted_until and spec.granted_until < spec.granted_from:
        raise invalid("grantedUntil is before grantedFrom", "grantedUntil")
    if len(set(spec.group_by)) != len(spec.group_by) or len(spec.group_by) > MAX_GROUP_DIMENSIONS:
        raise invalid(f"group by up to {MAX_GROUP_DIMENSIONS} different dimensions", "groupBy")
    return await store.benefits.statistics(spec)
