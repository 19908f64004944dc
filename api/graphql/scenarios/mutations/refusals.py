"""What the scenario mutations share: their common refusals and the granted benefit."""

from __future__ import annotations

from api.domain.consent.model import DenialReason
from api.domain.scenarios.errors import ScenarioRefusal
from api.domain.scenarios.model import BenefitGrant, GrantOutcome, Ineligibility
from api.graphql.base_mutation import MutationError
from api.graphql.scenarios.types import BenefitGrantPayload, BenefitGrantType


def grant_view(grant: BenefitGrant | None) -> BenefitGrantType | None:
    """A granted benefit as the schema shows it (None stays None)."""
    if grant is None:
        return None
    return BenefitGrantType(
        scenario_code=grant.scenario_code,
        source=grant.source,
        order_reference=grant.order_reference,
        order_amount=grant.order_amount,
        benefit_amount=grant.benefit_amount,
        granted_at=grant.granted_at,
    )


def no_grant(
    payload: type[BenefitGrantPayload], errors: list[MutationError]
) -> BenefitGrantPayload:
    """A benefit payload that grants nothing, with the refusal's errors."""
    return payload(grant=None, replayed=False, errors=errors)


def grant_payload(payload: type[BenefitGrantPayload], outcome: GrantOutcome) -> BenefitGrantPayload:
    """A benefit payload from the use case's outcome."""
    return payload(grant=grant_view(outcome.grant), replayed=outcome.replayed, errors=[])


#: Every operation may find something missing, a bad input, or a concurrent writer.
ANY_REFUSAL = (
    ScenarioRefusal.INVALID_ARGUMENT,
    ScenarioRefusal.NOT_FOUND,
    ScenarioRefusal.CONFLICT,
)


#: A scenario the operator cannot use today (``scenario_reasons``).
SCENARIO_REASONS = (
    Ineligibility.SCENARIO_RETIRED,
    Ineligibility.SCENARIO_NOT_STARTED,
    Ineligibility.SCENARIO_EXPIRED,
    Ineligibility.WRONG_OPERATOR_TYPE,
)


#: A scanned code: the consent gate's reason, or every reason the person is not admitted.
SCAN_REASONS = (*DenialReason, *Ineligibility)


GRANT_DESCRIPTION = "A benefit granted by {}, or why not."
