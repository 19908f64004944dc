"""Incentive-operator mutations: the generic redemption, and who operates each scenario."""

from __future__ import annotations

import strawberry

from api.graphql.incentives.mutations import operators, redeem


@strawberry.type(description="Every incentive operator: redemptions and the scenarios' operators.")
class IncentiveOperatorMutation:
    """Merged into the mutation root."""

    redeem_incentive = redeem.redeem_incentive
    save_scenario_operators = operators.save_scenario_operators
