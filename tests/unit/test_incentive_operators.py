"""The incentive operators' pure rules, and the starting catalogue's operators."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from api.auth.purposes import PURPOSES_BY_TYPE
from api.auth.scopes import SCOPES_BY_TYPE, PartnerType, Scope
from api.db.tables.incentive_operators import OPERATOR_TYPES
from api.domain.consent.model import Purpose
from api.domain.incentives.rules import (
    OPERATING_TYPES,
    check_operator_types,
    saving_of,
    split_benefit,
)
from api.domain.scenarios.errors import ScenarioError
from api.domain.scenarios.model import BenefitKind
from api.seeding.incentives import SCENARIOS
from api.seeding.incentives.operators import EXTRA_OPERATORS, ONCE_ONLY

PURPOSES = {t.value: purposes for t, purposes in PURPOSES_BY_TYPE.items()}
money = st.decimals(min_value=0, max_value=Decimal("999999999999.99"), places=2)


def test_the_table_spells_every_partner_type() -> None:
    assert tuple(t.value for t in PartnerType) == OPERATOR_TYPES


def test_every_operating_type_may_redeem_and_name_incentive_eligibility() -> None:
    for value in OPERATING_TYPES:
        partner_type = PartnerType(value)
        assert Scope.INCENTIVE_REDEEM in SCOPES_BY_TYPE[partner_type], value
        assert Purpose.INCENTIVE_ELIGIBILITY in PURPOSES_BY_TYPE[partner_type], value
    for partner_type in PartnerType:
        if partner_type.value not in OPERATING_TYPES:
            assert Scope.INCENTIVE_REDEEM not in SCOPES_BY_TYPE[partner_type], partner_type


def test_the_seeded_extra_operators_may_name_their_scenario_s_purpose() -> None:
    by_code = {s.code: s for s in SCENARIOS}
    assert set(EXTRA_OPERATORS) <= set(by_code)
    assert set(ONCE_ONLY) <= set(by_code)
    for code, extra in EXTRA_OPERATORS.items():
        scenario = by_code[code]
        chosen = check_operator_types(
            scenario.operator_type, extra, purpose=scenario.purpose, purposes_by_type=PURPOSES
        )
        assert chosen == extra | {scenario.operator_type}


def _acceptable(wanted: set[str], purpose: Purpose) -> bool:
    others = wanted - {"commerce_district"}
    return wanted <= OPERATING_TYPES and all(purpose in PURPOSES[t] for t in others)


@given(st.sets(st.sampled_from([t.value for t in PartnerType])))
def test_operator_types_always_keep_the_own_type_and_refuse_what_cannot_operate(
    wanted: set[str],
) -> None:
    purpose = Purpose.INCENTIVE_ELIGIBILITY
    if not _acceptable(wanted | {"commerce_district"}, purpose):
        with pytest.raises(ScenarioError) as refused:
            check_operator_types(
                "commerce_district", wanted, purpose=purpose, purposes_by_type=PURPOSES
            )
        assert refused.value.field == "operatorTypes"
        return
    chosen = check_operator_types(
        "commerce_district", wanted, purpose=purpose, purposes_by_type=PURPOSES
    )
    assert chosen == frozenset(wanted) | {"commerce_district"}
    assert chosen <= OPERATING_TYPES


def test_a_type_that_cannot_name_the_purpose_is_refused() -> None:
    with pytest.raises(ScenarioError, match="mobility_discount: hospital"):
        check_operator_types(
            "mobility_operator",
            {"hospital"},
            purpose=Purpose.MOBILITY_DISCOUNT,
            purposes_by_type=PURPOSES,
        )
    with pytest.raises(ScenarioError, match="citizen_app"):
        check_operator_types(
            "bank", {"citizen_app"}, purpose=Purpose.CREDIT_LOAN, purposes_by_type=PURPOSES
        )


@given(st.sampled_from(list(BenefitKind)), money)
def test_a_deferred_payment_is_never_money_saved(kind: BenefitKind, amount: Decimal) -> None:
    saving = saving_of(kind, amount)
    assert saving.saved + saving.deferred == amount
    assert split_benefit(amount, saving.deferred) == saving
    if kind is BenefitKind.DEFERRED_PAYMENT:
        assert saving.saved == 0
        assert saving.deferred == amount
    else:
        assert saving.deferred == 0
        assert saving.saved == amount
