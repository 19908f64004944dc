"""Every incentive operator: the generic check and redemption, and who operates each scenario."""

from api.graphql.incentives.mutations import IncentiveOperatorMutation
from api.graphql.incentives.queries import IncentiveOperatorQuery

__all__ = ["IncentiveOperatorMutation", "IncentiveOperatorQuery"]
