"""Incentive-operator queries: the generic check of a scanned code, a scenario's operators."""

from __future__ import annotations

from typing import Annotated

import strawberry

from api.auth.purposes import accessor_for
from api.auth.scopes import Scope
from api.domain.incentives import services
from api.domain.scenarios.errors import ScenarioError
from api.graphql.context import Info
from api.graphql.incentives.types import ScenarioOperatorsType, operators_view
from api.graphql.permissions import caller, query_field
from api.graphql.scenarios.queries import bad_input
from api.graphql.scenarios.types import ScenarioEligibilityType


@query_field(
    Scope.INCENTIVE_REDEEM,
    description="Check a scanned integrity code for any scenario your partner type operates "
    "(library, scenic spot, shop, bank, hospital, ...): admitted or not, and why. The scan "
    "is in the person's access log.",
)
async def incentive_eligibility(
    info: Info,
    scenario_code: Annotated[str, strawberry.argument(description="The scenario.")],
    integrity_code: Annotated[str, strawberry.argument(description="The code the person showed.")],
) -> ScenarioEligibilityType:
    """Check a scanned code for a scenario."""
    context = info.context
    try:
        result = await services.incentive_eligibility(
            context.repos,
            context.crypto,
            accessor=accessor_for(caller(info)),
            scenario_code=scenario_code,
            code=integrity_code,
            request_id=context.request_id,
            now=context.now,
        )
    except ScenarioError as error:
        raise bad_input(error) from None
    return ScenarioEligibilityType(
        scenario_code=result.scenario.code,
        eligible=result.eligible,
        reasons=list(result.reasons),
        denial=result.denial,
        colour=result.colour,
        value=result.value,
        uses_today=result.uses_today,
    )


@query_field(
    Scope.INCENTIVE_READ,
    description="The partner types that may check and redeem a scenario, and its once rule.",
)
async def incentive_scenario_operators(
    info: Info,
    scenario_code: Annotated[str, strawberry.argument(description="The scenario.")],
) -> ScenarioOperatorsType:
    """Who operates a scenario."""
    try:
        found = await services.operators_of_scenario(info.context.repos, scenario_code)
    except ScenarioError as error:
        raise bad_input(error) from None
    return operators_view(found)


@strawberry.type(description="Every incentive operator: checks and the scenarios' operators.")
class IncentiveOperatorQuery:
    """Merged into the query root."""

    incentive_eligibility = incentive_eligibility
    incentive_scenario_operators = incentive_scenario_operators
