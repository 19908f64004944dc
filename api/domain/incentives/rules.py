"""The incentive operators' pure rules: which types may operate, what counts as money saved.

domain.md, "Incentive scenarios": each scenario names the operator types that may check and
redeem it, and has its own rules (lowest colour, a limit per day, one use per order, once only,
a benefit amount or rate). Statistics count a benefit as money saved only when it is a
discount, a fixed amount or a waiver; a deferred payment (pay after treatment) is paid in full
later, so it is counted apart as deferred, never as saved.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal

from api.domain.consent.model import Purpose
from api.domain.incentives.model import Saving
from api.domain.scenarios.errors import invalid
from api.domain.scenarios.model import BenefitKind

#: The partner types that may operate an incentive scenario (the platform's own offices and
#: the citizen app grant none).
OPERATING_TYPES = frozenset(
    {
        "bank",
        "hospital",
        "mobility_operator",
        "commerce_district",
        "village_committee",
        "regulator",
        "credit_office",
    }
)


def check_operator_types(
    own_type: str,
    operator_types: Iterable[str],
    *,
    purpose: Purpose,
    purposes_by_type: Mapping[str, frozenset[Purpose]],
) -> frozenset[str]:
    """A scenario's operator types: operating types that may name its purpose, its own among them.

    ``purposes_by_type`` is the platform's table of the purposes each partner type may name
    (``api.auth.purposes``): a type that may not name the scenario's purpose could never have a
    scan admitted, so it is refused here rather than at every scan.
    """
    chosen = frozenset(operator_types) | {own_type}
    unknown = sorted(chosen - OPERATING_TYPES)
    if unknown:
        raise invalid(
            "these partner types cannot operate an incentive: " + ", ".join(unknown),
            "operatorTypes",
        )
    mute = sorted(
        t for t in chosen - {own_type} if purpose not in purposes_by_type.get(t, frozenset())
    )
    if mute:
        raise invalid(
            f"these partner types may not name the purpose {purpose.value}: " + ", ".join(mute),
            "operatorTypes",
        )
    return chosen


#: The benefit kinds whose grants are paid in full later: counted as deferred, never as saved.
DEFERRED_KINDS = frozenset({BenefitKind.DEFERRED_PAYMENT})


def split_benefit(total: Decimal, deferred: Decimal) -> Saving:
    """A group's benefit split into money saved and deferred (``deferred`` summed by kind)."""
    return Saving(saved=total - deferred, deferred=deferred)


def saving_of(kind: BenefitKind, benefit_amount: Decimal) -> Saving:
    """What one grant of a scenario of this kind saved; a deferred kind saves nothing."""
    zero = Decimal("0.00")
    if kind in DEFERRED_KINDS:
        return Saving(saved=zero, deferred=benefit_amount)
    return Saving(saved=benefit_amount, deferred=zero)
