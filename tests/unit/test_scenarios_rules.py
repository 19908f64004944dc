"""Scenario rules without a database: money, admission, benefits, accounts, the catalogue."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import pytest

from api.auth.scopes import PartnerType
from api.db.tables.scenarios import OPERATOR_TYPE_VALUES
from api.domain.consent.model import Purpose
from api.domain.credit.codes import IntegrityColour
from api.domain.scenarios.errors import ScenarioError, ScenarioRefusal
from api.domain.scenarios.model import (
    AccountStatus,
    Benefit,
    BenefitKind,
    DeferredAccount,
    Ineligibility,
    Scenario,
)
from api.domain.scenarios.rules import (
    PAY_AFTER_TREATMENT_SCENARIO,
    AccountAction,
    benefit_amount,
    check_charge,
    check_money,
    check_scenario,
    is_overdue,
    next_account_status,
    person_reasons,
    scenario_reasons,
)
from api.graphql.scenarios.types import OperatorType
from api.seeding.incentives import CATEGORIES, SCENARIOS

D = Decimal
PARKING = Scenario(
    id=1,
    code="parking-discount",
    category_code="parking",
    name="Parking",
    name_zh="停车",
    description="A discount.",
    operator_type="mobility_operator",
    purpose=Purpose.MOBILITY_DISCOUNT,
    lowest_colour=IntegrityColour.GREEN,
    benefit=Benefit(BenefitKind.PERCENT_DISCOUNT, D("30.00"), D("20.00")),
    colour_values=((IntegrityColour.BLUE, D("50.00")),),
    daily_limit=2,
    settle_within_days=None,
    valid_from=date(2026, 1, 1),
    valid_until=date(2026, 12, 31),
)
ACCOUNT = DeferredAccount(
    id=1,
    scenario_id=2,
    partner_id=3,
    person_id=4,
    visit_number="V-1",
    colour=IntegrityColour.GREEN,
    credit_limit=D("1500.00"),
    total=D("1200.50"),
    charge_count=1,
    status=AccountStatus.OPEN,
    opened_at=datetime(2026, 11, 1, tzinfo=UTC),
    due_on=date(2026, 11, 16),
    settled_at=None,
    settled_amount=None,
    settlement_key=None,
    overdue_on=None,
    overdue_record_id=None,
)


def _refusal(error: pytest.ExceptionInfo[ScenarioError]) -> ScenarioRefusal:
    return error.value.refusal


@pytest.mark.parametrize("text", ["0.001", "-1", "0", "NaN", "Infinity", "1000000000000.00"])
def test_money_is_positive_with_at_most_two_places(text: str) -> None:
    with pytest.raises(ScenarioError) as error:
        check_money(D(text), "amount")
    assert _refusal(error) is ScenarioRefusal.INVALID_ARGUMENT
    assert error.value.field == "amount"


def test_money_keeps_its_value() -> None:
    assert check_money(D("12.3"), "amount") == D("12.30")
    assert check_money(D("0"), "amount", allow_zero=True) == D("0.00")


def test_colour_value_and_benefit() -> None:
    assert PARKING.value_for(IntegrityColour.BLUE) == D("50.00")
    assert PARKING.value_for(IntegrityColour.GREEN) == D("30.00")
    assert benefit_amount(PARKING, D("30"), D("10.05")) == D("3.02")  # half up
    assert benefit_amount(PARKING, D("50"), D("100.00")) == D("20.00")  # capped
    fixed = replace(PARKING, benefit=Benefit(BenefitKind.FIXED_AMOUNT, D("5.00")))
    assert benefit_amount(fixed, D("5.00"), D("3.00")) == D("3.00")  # never above the order
    waiver = replace(PARKING, benefit=Benefit(BenefitKind.FEE_WAIVER, D("0"), D("30.00")))
    assert benefit_amount(waiver, D("0"), D("45.00")) == D("30.00")
    deferred = replace(PARKING, benefit=Benefit(BenefitKind.DEFERRED_PAYMENT, D("1500")))
    with pytest.raises(ScenarioError) as error:
        benefit_amount(deferred, D("1500"), D("10.00"))
    assert _refusal(error) is ScenarioRefusal.WRONG_BENEFIT_KIND


def test_admission_reasons() -> None:
    today = date(2026, 6, 1)
    assert scenario_reasons(PARKING, operator_type="mobility_operator", today=today) == []
    assert scenario_reasons(
        replace(PARKING, active=False), operator_type="hospital", today=date(2027, 1, 1)
    ) == [
        Ineligibility.SCENARIO_RETIRED,
        Ineligibility.SCENARIO_EXPIRED,
        Ineligibility.WRONG_OPERATOR_TYPE,
    ]
    assert scenario_reasons(
        PARKING, operator_type="mobility_operator", today=date(2025, 12, 31)
    ) == [Ineligibility.SCENARIO_NOT_STARTED]
    admitted = {IntegrityColour.BLUE, IntegrityColour.GREEN}
    for colour in IntegrityColour:
        reasons = person_reasons(PARKING, colour=colour, uses_today=0, has_overdue_bill=False)
        assert (reasons == []) is (colour in admitted)
    assert person_reasons(PARKING, colour=None, uses_today=2, has_overdue_bill=True) == [
        Ineligibility.NO_INTEGRITY_COLOUR,
        Ineligibility.DAILY_LIMIT_REACHED,
    ]


def test_the_deferred_account_moves_only_as_drawn() -> None:
    assert check_charge(ACCOUNT, D("299.50")) == D("1500.00")
    with pytest.raises(ScenarioError) as error:
        check_charge(ACCOUNT, D("299.51"))
    assert _refusal(error) is ScenarioRefusal.LIMIT_EXCEEDED
    settled = replace(ACCOUNT, status=AccountStatus.SETTLED)
    with pytest.raises(ScenarioError) as error:
        check_charge(settled, D("1.00"))
    assert _refusal(error) is ScenarioRefusal.ACCOUNT_NOT_OPEN
    with pytest.raises(ScenarioError) as error:
        next_account_status(AccountStatus.SETTLED, AccountAction.SETTLE)
    assert _refusal(error) is ScenarioRefusal.ALREADY_SETTLED
    assert next_account_status(AccountStatus.OVERDUE, AccountAction.SETTLE) is AccountStatus.SETTLED
    with pytest.raises(ScenarioError):
        next_account_status(AccountStatus.OVERDUE, AccountAction.CHARGE)
    assert not is_overdue(ACCOUNT, date(2026, 11, 16))
    assert is_overdue(ACCOUNT, date(2026, 11, 17))
    assert not is_overdue(settled, date(2027, 1, 1))


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"code": "Bad Code"}, "code"),
        ({"benefit": Benefit(BenefitKind.PERCENT_DISCOUNT, D("101"))}, "benefitValue"),
        ({"colour_values": ((IntegrityColour.YELLOW, D("10")),)}, "colourValues"),
        ({"daily_limit": 0}, "dailyLimit"),
        ({"settle_within_days": 15}, "settleWithinDays"),
        ({"valid_until": date(2025, 1, 1)}, "validUntil"),
        ({"benefit": Benefit(BenefitKind.DEFERRED_PAYMENT, D("1500"))}, "settleWithinDays"),
    ],
)
def test_catalogue_entries_are_checked(change: dict[str, Any], field: str) -> None:
    with pytest.raises(ScenarioError) as error:
        check_scenario(replace(PARKING, **change))
    assert error.value.field == field
    assert check_scenario(PARKING) is PARKING


def test_operator_types_are_the_partner_types() -> None:
    assert [t.value for t in OperatorType] == [t.value for t in PartnerType]
    assert tuple(t.value for t in PartnerType) == OPERATOR_TYPE_VALUES


def test_the_starting_catalogue() -> None:
    assert len(CATEGORIES) == 14
    assert len(SCENARIOS) >= 50
    assert len({s.code for s in SCENARIOS}) == len(SCENARIOS)
    assert {s.category for s in SCENARIOS} == {code for code, *_ in CATEGORIES}
    assert {s.operator_type for s in SCENARIOS} <= set(OPERATOR_TYPE_VALUES)
    pay_later = next(s for s in SCENARIOS if s.code == PAY_AFTER_TREATMENT_SCENARIO)
    assert dict(pay_later.colour_values) == {
        IntegrityColour.BLUE: "3000",
        IntegrityColour.GREEN: "1500",
    }
    assert pay_later.kind is BenefitKind.DEFERRED_PAYMENT
    assert pay_later.purpose is Purpose.PAY_AFTER_TREATMENT
