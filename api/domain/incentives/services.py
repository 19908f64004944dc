"""One check-and-redeem flow for every incentive operator, and who operates each scenario.

domain.md, "Incentive scenarios": libraries, scenic spots, shops, public transport, banks,
hospitals and more check a person's code and grant the scenario's benefit with its own rules.
The check is the same audited scan as the mobility discount, judged with the scenario's
operator types and once-only rule; the redemption is the same grant (once per key, per order,
within the daily limit, atomically once for a once-only scenario). These use cases never
commit.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from decimal import Decimal

from api.domain.consent.model import Accessor, Purpose
from api.domain.consent.ports import AccessCrypto
from api.domain.incentives.model import ScenarioOperators
from api.domain.incentives.rules import check_operator_types
from api.domain.scenarios import mobility
from api.domain.scenarios.admission import require_scenario, scan
from api.domain.scenarios.errors import ScenarioError, ScenarioRefusal
from api.domain.scenarios.model import BenefitKind, Eligibility, GrantOutcome, Scenario
from api.domain.scenarios.ports import ScenarioStore


def _redeemable(scenario: Scenario) -> Scenario:
    """A scenario whose benefit is redeemed on an order (a deferred payment is not)."""
    if scenario.benefit.kind is BenefitKind.DEFERRED_PAYMENT:
        raise ScenarioError(
            ScenarioRefusal.WRONG_BENEFIT_KIND,
            "a deferred payment is used through a deferred account, not redeemed",
            field="scenarioCode",
        )
    return scenario


async def scenario_operators(store: ScenarioStore, scenario: Scenario) -> ScenarioOperators:
    """The partner types that operate a scenario (its own type at least) and its once rule."""
    stored = await store.incentive_operators.operators(scenario.id)
    return ScenarioOperators(
        scenario_code=scenario.code,
        operator_types=stored | {scenario.operator_type},
        once_only=await store.incentive_operators.once_only(scenario.id),
    )


async def operators_of_scenario(store: ScenarioStore, scenario_code: str) -> ScenarioOperators:
    """Who operates the scenario with this code; NOT_FOUND when there is none."""
    return await scenario_operators(store, await require_scenario(store, scenario_code))


async def save_scenario_operators(
    store: ScenarioStore,
    *,
    scenario_code: str,
    operator_types: Iterable[str],
    once_only: bool,
    purposes_by_type: Mapping[str, frozenset[Purpose]],
) -> ScenarioOperators:
    """Set the partner types that operate a scenario and its once-only rule (credit office)."""
    await store.savepoints.begin_writing()
    scenario = await require_scenario(store, scenario_code)
    chosen = check_operator_types(
        scenario.operator_type,
        operator_types,
        purpose=scenario.purpose,
        purposes_by_type=purposes_by_type,
    )
    await store.incentive_operators.set_operators(scenario.id, chosen)
    await store.incentive_operators.set_once_only(scenario.id, once_only)
    return ScenarioOperators(scenario.code, chosen, once_only)


async def incentive_eligibility(
    store: ScenarioStore,
    crypto: AccessCrypto,
    *,
    accessor: Accessor,
    scenario_code: str,
    code: str,
    request_id: str,
    now: datetime,
) -> Eligibility:
    """Check a scanned code for any scenario this partner's type operates (the scan is audited)."""
    scenario = _redeemable(await require_scenario(store, scenario_code))
    operators = await scenario_operators(store, scenario)
    return await scan(
        store,
        crypto,
        accessor=accessor,
        scenario=scenario,
        code=code,
        request_id=request_id,
        now=now,
        operators=operators.operator_types,
        once_only=operators.once_only,
    )


async def redeem_incentive(
    store: ScenarioStore,
    crypto: AccessCrypto,
    *,
    accessor: Accessor,
    scenario_code: str,
    code: str,
    order_reference: str,
    order_amount: Decimal,
    idempotency_key: str,
    request_id: str,
    now: datetime,
) -> GrantOutcome:
    """Grant any scenario's benefit on one order by its rules: once per key, order and person."""
    await store.savepoints.begin_writing()
    scenario = _redeemable(await require_scenario(store, scenario_code))
    operators = await scenario_operators(store, scenario)
    return await mobility.redeem_discount(
        store,
        crypto,
        accessor=accessor,
        scenario_code=scenario.code,
        code=code,
        order_reference=order_reference,
        order_amount=order_amount,
        idempotency_key=idempotency_key,
        request_id=request_id,
        now=now,
        operators=operators.operator_types,
        once_only=operators.once_only,
    )
