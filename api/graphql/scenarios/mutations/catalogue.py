"""The incentive catalogue: the credit office saves categories and scenarios."""

from __future__ import annotations

from typing import Annotated, cast

import strawberry

from api.auth.scopes import Scope
from api.domain.consent.model import Purpose
from api.domain.credit.codes import IntegrityColour
from api.domain.scenarios import catalogue
from api.domain.scenarios.errors import ScenarioRefusal
from api.domain.scenarios.model import Benefit, BenefitKind, ScenarioDraft
from api.graphql.base_mutation import own_payload
from api.graphql.context import Info
from api.graphql.permissions import mutation_field
from api.graphql.scalars import DecimalLimits
from api.graphql.scenarios.inputs import SaveIncentiveCategoryInput, SaveIncentiveScenarioInput
from api.graphql.scenarios.types import (
    IncentiveCategoryPayload,
    IncentiveCategoryType,
    IncentiveScenarioPayload,
    IncentiveScenarioType,
    OperatorType,
)

SAVE_CATEGORY, SavedIncentiveCategoryPayload = own_payload(
    "SaveIncentiveCategory",
    (ScenarioRefusal.INVALID_ARGUMENT,),
    IncentiveCategoryPayload,
    lambda payload, errors: payload(category=None, errors=errors),
    description="A category after a change, or why not.",
    payload_name="IncentiveCategoryPayload",
)


SAVE_SCENARIO, SavedIncentiveScenarioPayload = own_payload(
    "SaveIncentiveScenario",
    (ScenarioRefusal.INVALID_ARGUMENT, ScenarioRefusal.NOT_FOUND),
    IncentiveScenarioPayload,
    lambda payload, errors: payload(scenario=None, errors=errors),
    description="A scenario after a change, or why not.",
    payload_name="IncentiveScenarioPayload",
)


@mutation_field(
    Scope.INCENTIVE_WRITE,
    description="Add or change a category of incentives.",
    graphql_type=SavedIncentiveCategoryPayload,
)
@SAVE_CATEGORY.performs
async def save_incentive_category(
    info: Info,
    input: Annotated[SaveIncentiveCategoryInput, strawberry.argument(description="The category.")],
) -> IncentiveCategoryPayload:
    """Add or change a category."""

    category = await catalogue.save_category(
        info.context.repos,
        code=input.code.strip(),
        name=input.name,
        name_zh=input.name_zh,
        description=input.description,
    )
    category_type = cast(IncentiveCategoryType, category)
    return SavedIncentiveCategoryPayload(category=category_type, errors=[])


@mutation_field(
    Scope.INCENTIVE_WRITE,
    description="Add or change a scenario: operator type, lowest colour admitted, "
    "benefit, per-colour values, daily limit, validity (active: false retires it).",
    extra=[DecimalLimits()],
    graphql_type=SavedIncentiveScenarioPayload,
)
async def save_incentive_scenario(
    info: Info,
    input: Annotated[SaveIncentiveScenarioInput, strawberry.argument(description="The scenario.")],
) -> IncentiveScenarioPayload:
    """Add or change a scenario."""
    draft = ScenarioDraft(
        code=input.code.strip(),
        category_code=input.category_code.strip(),
        name=input.name,
        name_zh=input.name_zh,
        description=input.description,
        operator_type=OperatorType(input.operator_type).value,
        purpose=Purpose(input.purpose),
        lowest_colour=IntegrityColour(input.lowest_colour),
        benefit=Benefit(BenefitKind(input.benefit_kind), input.benefit_value, input.benefit_cap),
        colour_values=tuple((IntegrityColour(c.colour), c.value) for c in input.colour_values),
        daily_limit=input.daily_limit,
        settle_within_days=input.settle_within_days,
        valid_from=input.valid_from,
        valid_until=input.valid_until,
        active=input.active,
    )

    async def perform() -> IncentiveScenarioPayload:
        scenario = await catalogue.save_scenario(info.context.repos, draft, info.context.now)
        scenario_type = cast(IncentiveScenarioType, scenario)
        return SavedIncentiveScenarioPayload(scenario=scenario_type, errors=[])

    return await SAVE_SCENARIO.run(info, perform)
