"""The credit office sets who operates a scenario and whether it is once only."""

from __future__ import annotations

from typing import Annotated

import strawberry

from api.auth.purposes import PURPOSES_BY_TYPE
from api.auth.scopes import Scope
from api.domain.incentives import services
from api.graphql.context import Info
from api.graphql.incentives.types import (
    SAVE_SCENARIO_OPERATORS,
    SaveScenarioOperatorsInput,
    SaveScenarioOperatorsPayload,
    operators_view,
)
from api.graphql.permissions import mutation_field


@mutation_field(
    Scope.INCENTIVE_WRITE,
    description="Set the partner types that may check and redeem a scenario (its own type "
    "is always kept) and whether a person may use it once only. Setting the same again "
    "changes nothing.",
    graphql_type=SaveScenarioOperatorsPayload,
)
@SAVE_SCENARIO_OPERATORS.performs
async def save_scenario_operators(
    info: Info,
    input: Annotated[
        SaveScenarioOperatorsInput, strawberry.argument(description="The scenario's operators.")
    ],
) -> SaveScenarioOperatorsPayload:
    """Set a scenario's operators."""
    saved = await services.save_scenario_operators(
        info.context.repos,
        scenario_code=input.scenario_code,
        operator_types=[str(value) for value in input.operator_types],
        once_only=input.once_only,
        purposes_by_type={t.value: purposes for t, purposes in PURPOSES_BY_TYPE.items()},
    )
    return SaveScenarioOperatorsPayload(operators=operators_view(saved), errors=[])
