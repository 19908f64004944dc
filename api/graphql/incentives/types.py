"""The operators of a scenario, and the inputs of the generic redemption and of the operators."""

from __future__ import annotations

from decimal import Decimal

import strawberry

from api.domain.incentives.model import ScenarioOperators
from api.domain.scenarios.errors import ScenarioRefusal
from api.graphql.base_mutation import MutationError, errors_field, typed_mutation
from api.graphql.scalars import decimal_field
from api.graphql.scenarios.inputs import MONEY
from api.graphql.scenarios.types import OperatorType, OperatorTypeEnum


@strawberry.type(
    name="ScenarioOperators",
    description="The partner types that may check and redeem a scenario, and its once rule.",
)
class ScenarioOperatorsType:
    """A scenario's own operator type is always among ``operatorTypes``."""

    scenario_code: str = strawberry.field(description="The scenario.")
    operator_types: list[OperatorTypeEnum] = strawberry.field(  # type: ignore[valid-type]  # strawberry enum used as a type
        description="Every partner type that may check and redeem it, sorted."
    )
    once_only: bool = strawberry.field(description="Whether a person may use it once ever.")


def operators_view(operators: ScenarioOperators) -> ScenarioOperatorsType:
    """A scenario's operators as the schema shows them."""
    return ScenarioOperatorsType(
        scenario_code=operators.scenario_code,
        operator_types=[OperatorType(value) for value in sorted(operators.operator_types)],
        once_only=operators.once_only,
    )


@strawberry.input(description="Redeem any scenario's benefit on one order for a scanned code.")
class RedeemIncentiveInput:
    """Once per key and per order; within the daily limit; once ever for a once-only scenario."""

    scenario_code: str = strawberry.field(description="The scenario, e.g. library-deposit-waiver.")
    integrity_code: str = strawberry.field(description="The code the person showed.")
    order_reference: str = strawberry.field(description="Your order (1-64 characters).")
    order_amount: Decimal = decimal_field("The order's amount, yuan.", MONEY)
    idempotency_key: str = strawberry.field(description="8-128 characters; a retry replays.")


@strawberry.input(description="Who may operate a scenario, and whether it is once only.")
class SaveScenarioOperatorsInput:
    """The scenario's own operator type is always kept; setting the same again changes nothing."""

    scenario_code: str = strawberry.field(description="The scenario.")
    operator_types: list[OperatorTypeEnum] = strawberry.field(  # type: ignore[valid-type]  # strawberry enum used as a type
        description="The partner types that may check and redeem it (besides its own)."
    )
    once_only: bool = strawberry.field(default=False, description="A person may use it once ever.")


SAVE_SCENARIO_OPERATORS = typed_mutation(
    "SaveScenarioOperators",
    (ScenarioRefusal.INVALID_ARGUMENT, ScenarioRefusal.NOT_FOUND),
    lambda errors: SaveScenarioOperatorsPayload(operators=None, errors=errors),
    field="scenarioCode",
)


@strawberry.type(description="A scenario's operators as now set, or why not.")
class SaveScenarioOperatorsPayload:
    """Checks and redemptions use them from the next request."""

    operators: ScenarioOperatorsType | None = strawberry.field(
        description="The scenario's operators."
    )
    errors: list[MutationError] = errors_field(SAVE_SCENARIO_OPERATORS, "Why nothing changed.")
