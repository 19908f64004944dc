"""Admission to a scenario from a scanned integrity code: the consent gate, then the rules.

A scanned code is the person's authorisation for one scenario for a short time, and every
read is logged where the person can see it (domain.md, "Rules that bind the data"): the scan
goes through the consent gate (``api.domain.consent.access``), which writes the audit row
whether the scan is admitted or not. Only then is the person's colour read and judged.
"""

from __future__ import annotations

from datetime import datetime

from api.domain.clock import city_today
from api.domain.consent.access import authorise_read
from api.domain.consent.model import Accessor, ConsentPermission, DenialReason
from api.domain.consent.ports import AccessCrypto
from api.domain.credit.codes import IntegrityColour
from api.domain.scenarios.errors import NotEligibleError, not_found
from api.domain.scenarios.model import Eligibility, Ineligibility, Scenario
from api.domain.scenarios.ports import ScenarioStore
from api.domain.scenarios.rules import person_reasons, scenario_reasons

#: What a scan reads of the person, as the audit row names it.
SCAN_FIELDS = ("person.integrityColour",)


async def require_scenario(store: ScenarioStore, code: str) -> Scenario:
    """The scenario with this code; NOT_FOUND otherwise."""
    scenario = await store.incentives.scenario(code.strip())
    if scenario is None:
        raise not_found(f"no incentive scenario {code!r}", "scenarioCode")
    return scenario


async def judge(
    store: ScenarioStore,
    scenario: Scenario,
    *,
    person_id: int,
    operator_type: str,
    now: datetime,
    operators: frozenset[str] | None = None,
    once_used: bool = False,
) -> Eligibility:
    """Judge an authorised person against a scenario (colour, period, operator, daily limit).

    ``operators`` are the partner types that may operate it (None: its own type only);
    ``once_used`` says a once-only scenario was used by the person already.
    """
    today = city_today(now)
    current = await store.evaluations.current([person_id])
    stored = current.get(person_id)
    colour = stored.evaluation.colour if stored else None
    uses = await store.benefits.uses_on(scenario.id, person_id, today)
    overdue = await store.deferred_accounts.has_overdue(person_id)
    integrity = colour if isinstance(colour, IntegrityColour) else None
    reasons = scenario_reasons(
        scenario, operator_type=operator_type, today=today, operators=operators
    )
    reasons += person_reasons(scenario, colour=integrity, uses_today=uses, has_overdue_bill=overdue)
    if once_used:
        reasons.append(Ineligibility.ONCE_ONLY_USED)
    return Eligibility(
        scenario=scenario,
        eligible=not reasons,
        reasons=tuple(reasons),
        denial=None,
        person_id=person_id,
        colour=integrity,
        value=scenario.value_for(integrity) if integrity and not reasons else None,
        uses_today=uses,
    )


async def scan(
    store: ScenarioStore,
    crypto: AccessCrypto,
    *,
    accessor: Accessor,
    scenario: Scenario,
    code: str,
    request_id: str,
    now: datetime,
    operators: frozenset[str] | None = None,
    once_only: bool = False,
) -> Eligibility:
    """Gate and audit a scanned code for the scenario's purpose, then judge the person.

    ``operators`` and ``once_only`` are the scenario's operator types and once-only rule
    (``api.domain.incentives``); without them only its own type operates it, uses unbounded.
    """
    decision = await authorise_read(
        store,
        crypto,
        accessor=accessor,
        subject=None,
        purpose=scenario.purpose,
        permission=ConsentPermission.READ_INTEGRITY_CODE,
        fields=SCAN_FIELDS,
        code=code,
        request_id=request_id,
        now=now,
    )
    if not decision.allowed or decision.subject is None:
        reasons = scenario_reasons(
            scenario,
            operator_type=accessor.partner_type,
            today=city_today(now),
            operators=operators,
        )
        return Eligibility(
            scenario=scenario,
            eligible=False,
            reasons=(*reasons, Ineligibility.NOT_AUTHORISED),
            denial=decision.reason or DenialReason.NO_AUTHORISATION,
            person_id=None,
            colour=None,
            value=None,
            uses_today=None,
        )
    once_used = once_only and await store.incentive_operators.used_once(
        scenario.id, decision.subject.id
    )
    return await judge(
        store,
        scenario,
        person_id=decision.subject.id,
        operator_type=accessor.partner_type,
        now=now,
        operators=operators,
        once_used=once_used,
    )


def require_eligible(eligibility: Eligibility) -> int:
    """The admitted person's id; NotEligibleError with every reason otherwise."""
    if eligibility.eligible and eligibility.person_id is not None:
        return eligibility.person_id
    codes = eligibility.codes()
    raise NotEligibleError(codes, "not admitted to this scenario: " + ", ".join(codes))
