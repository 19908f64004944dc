"""Pure rules of the scenarios: money, admission, benefits, the deferred account's states.

domain.md, "What the platform computes": "green or above" unlocks most incentives, lower
colours unlock none; "Incentive scenarios": each scenario has the lowest colour it admits and
the benefit it gives; "Who uses it": a hospital records every charge during the visit and
settles once afterwards, an unpaid bill becomes a credit record.

The deferred (pay-after-treatment) account:

    OPEN --charge--> OPEN            (only while the running total stays within the limit)
    OPEN --settle--> SETTLED         (once: the whole total)
    OPEN --mark overdue--> OVERDUE   (not settled by its due day: a credit record is made)
    OVERDUE --settle--> SETTLED      (the overdue state clears; the record follows repair)
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from enum import StrEnum
from types import MappingProxyType

from api.domain.consent.model import Purpose
from api.domain.credit.codes import IntegrityColour, colour_admits
from api.domain.credit.intake import MAX_KEY_LENGTH, is_idempotency_key
from api.domain.scenarios.errors import ScenarioError, ScenarioRefusal, invalid
from api.domain.scenarios.model import (
    AccountStatus,
    BenefitKind,
    DeferredAccount,
    Ineligibility,
    Scenario,
    ScenarioDraft,
)

CENT = Decimal("0.01")
#: The largest amount a Numeric(14, 2) column holds.
MAX_MONEY = Decimal("999999999999.99")
MAX_REFERENCE_LENGTH = 64
MAX_TEXT_LENGTH = 100
MAX_COUPON_BATCH = 1000
#: The catalogue's pay-after-treatment scenario, which hospitals use unless they name another.
PAY_AFTER_TREATMENT_SCENARIO = "pay-after-treatment"
#: The department whose name an overdue pay-after-treatment record carries.
OVERDUE_DEPARTMENT = "health"
_CODE = re.compile(r"^[a-z0-9][a-z0-9-]{1,47}$")


def check_money(value: Decimal, field: str, *, allow_zero: bool = False) -> Decimal:
    """A yuan amount: finite, at most two places, positive (or zero), within Numeric(14,2)."""
    try:
        exact = value.quantize(CENT)
    except InvalidOperation:
        raise invalid(f"{field} must be a number of yuan", field) from None
    if not value.is_finite() or exact != value:
        raise invalid(f"{field} has at most two decimal places (fen)", field)
    if exact < 0 or (exact == 0 and not allow_zero):
        raise invalid(f"{field} must be more than zero", field)
    if exact > MAX_MONEY:
        raise invalid(f"{field} is too large", field)
    return exact


def check_key(key: str, field: str = "idempotencyKey") -> str:
    """An idempotency key is 8 to 128 printable ASCII characters (a UUID is typical)."""
    if not is_idempotency_key(key):
        raise invalid(f"{field} is 8 to {MAX_KEY_LENGTH} printable ASCII characters", field)
    return key


def check_reference(value: str, field: str) -> str:
    """A visit number or order reference: 1 to 64 printable ASCII characters, no spaces around."""
    text = value.strip()
    if not 1 <= len(text) <= MAX_REFERENCE_LENGTH or not text.isascii() or not text.isprintable():
        raise invalid(f"{field} is 1 to {MAX_REFERENCE_LENGTH} printable ASCII characters", field)
    return text


def check_text(value: str, field: str, limit: int = MAX_TEXT_LENGTH) -> str:
    """A short free text (an item, a department, a name): 1 to ``limit`` characters."""
    text = value.strip()
    if not 1 <= len(text) <= limit:
        raise invalid(f"{field} must be 1 to {limit} characters", field)
    return text


def fingerprint(**parts: object) -> str:
    """A stable hash of a request as sent, to tell a retry from a different request."""
    canonical = {name: str(value) if value is not None else None for name, value in parts.items()}
    text = json.dumps(canonical, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def check_scenario(draft: ScenarioDraft) -> ScenarioDraft:
    """A catalogue entry that makes sense: code, texts, benefit, colours, limits and period."""
    if not _CODE.match(draft.code):
        raise invalid("a scenario code is 2-48 lowercase letters, digits and hyphens", "code")
    for field, text, limit in (
        ("name", draft.name, 100),
        ("nameZh", draft.name_zh, 100),
        ("description", draft.description, 500),
    ):
        check_text(text, field, limit)
    benefit = draft.benefit
    kind = benefit.kind
    value = check_money(benefit.value, "benefitValue", allow_zero=kind is BenefitKind.FEE_WAIVER)
    if kind is BenefitKind.PERCENT_DISCOUNT and value > 100:
        raise invalid("a percentage discount is at most 100", "benefitValue")
    if benefit.cap is not None:
        check_money(benefit.cap, "benefitCap")
    if kind is BenefitKind.DEFERRED_PAYMENT:
        if draft.settle_within_days is None or not 1 <= draft.settle_within_days <= 90:
            raise invalid("a deferred payment is settled within 1 to 90 days", "settleWithinDays")
    elif draft.settle_within_days is not None:
        raise invalid("only a deferred payment has settleWithinDays", "settleWithinDays")
    for colour, colour_value in draft.colour_values:
        if not colour_admits(colour, draft.lowest_colour):
            raise invalid(f"{colour.value} is below the lowest colour admitted", "colourValues")
        check_money(colour_value, "colourValues")
        if kind is BenefitKind.PERCENT_DISCOUNT and colour_value > 100:
            raise invalid("a percentage discount is at most 100", "colourValues")
    if len({colour for colour, _ in draft.colour_values}) != len(draft.colour_values):
        raise invalid("name each colour once", "colourValues")
    if draft.daily_limit is not None and not 1 <= draft.daily_limit <= 100:
        raise invalid("a daily limit is 1 to 100 uses per person", "dailyLimit")
    if draft.valid_until is not None and draft.valid_until < draft.valid_from:
        raise invalid("validUntil is before validFrom", "validUntil")
    return draft


def scenario_reasons(
    scenario: Scenario,
    *,
    operator_type: str,
    today: date,
    operators: frozenset[str] | None = None,
) -> list[Ineligibility]:
    """Why the scenario itself cannot be used today by this operator (none: it can).

    ``operators`` are the partner types the catalogue lets operate the scenario
    (``incentive_scenario_operators``); without them only the scenario's own type may.
    """
    reasons: list[Ineligibility] = []
    if not scenario.active:
        reasons.append(Ineligibility.SCENARIO_RETIRED)
    if today < scenario.valid_from:
        reasons.append(Ineligibility.SCENARIO_NOT_STARTED)
    if scenario.valid_until is not None and today > scenario.valid_until:
        reasons.append(Ineligibility.SCENARIO_EXPIRED)
    if operator_type not in (operators or frozenset({scenario.operator_type})):
        reasons.append(Ineligibility.WRONG_OPERATOR_TYPE)
    return reasons


def person_reasons(
    scenario: Scenario,
    *,
    colour: IntegrityColour | None,
    uses_today: int,
    has_overdue_bill: bool,
) -> list[Ineligibility]:
    """Why this person is not admitted: colour below the lowest, daily limit, unpaid bill."""
    reasons: list[Ineligibility] = []
    if colour is None:
        reasons.append(Ineligibility.NO_INTEGRITY_COLOUR)
    elif not colour_admits(colour, scenario.lowest_colour):
        reasons.append(Ineligibility.COLOUR_BELOW_LOWEST)
    if scenario.daily_limit is not None and uses_today >= scenario.daily_limit:
        reasons.append(Ineligibility.DAILY_LIMIT_REACHED)
    if has_overdue_bill and scenario.benefit.kind is BenefitKind.DEFERRED_PAYMENT:
        reasons.append(Ineligibility.UNSETTLED_OVERDUE_BILL)
    return reasons


def benefit_amount(scenario: Scenario, value: Decimal, order_amount: Decimal) -> Decimal:
    """What one use gives on an order: never more than the order, nor than the cap."""
    kind = scenario.benefit.kind
    if kind is BenefitKind.PERCENT_DISCOUNT:
        amount = (order_amount * value / 100).quantize(CENT, rounding=ROUND_HALF_UP)
    elif kind is BenefitKind.FIXED_AMOUNT:
        amount = value
    elif kind is BenefitKind.FEE_WAIVER:
        amount = order_amount
    else:
        raise ScenarioError(
            ScenarioRefusal.WRONG_BENEFIT_KIND,
            "a deferred payment is used through a deferred account, not redeemed",
            field="scenarioCode",
        )
    if scenario.benefit.cap is not None:
        amount = min(amount, scenario.benefit.cap)
    return min(amount, order_amount)


class AccountAction(StrEnum):
    """What happens to a deferred account."""

    CHARGE = "charge"
    SETTLE = "settle"
    MARK_OVERDUE = "mark_overdue"


ACCOUNT_TRANSITIONS: Mapping[tuple[AccountStatus, AccountAction], AccountStatus] = MappingProxyType(
    {
        (AccountStatus.OPEN, AccountAction.CHARGE): AccountStatus.OPEN,
        (AccountStatus.OPEN, AccountAction.SETTLE): AccountStatus.SETTLED,
        (AccountStatus.OPEN, AccountAction.MARK_OVERDUE): AccountStatus.OVERDUE,
        (AccountStatus.OVERDUE, AccountAction.SETTLE): AccountStatus.SETTLED,
    }
)


def next_account_status(status: AccountStatus, action: AccountAction) -> AccountStatus:
    """The status after ``action``; a refused step names the current status."""
    following = ACCOUNT_TRANSITIONS.get((status, action))
    if following is not None:
        return following
    if action is AccountAction.SETTLE:
        raise ScenarioError(
            ScenarioRefusal.ALREADY_SETTLED, "this visit was settled already", field="visitNumber"
        )
    raise ScenarioError(
        ScenarioRefusal.ACCOUNT_NOT_OPEN,
        f"the account is {status.value.upper()}: no more charges",
        field="visitNumber",
    )


def check_charge(account: DeferredAccount, amount: Decimal) -> Decimal:
    """The running total after a charge; LIMIT_EXCEEDED when it would pass the limit."""
    next_account_status(account.status, AccountAction.CHARGE)
    total = account.total + amount
    if total > account.credit_limit:
        raise ScenarioError(
            ScenarioRefusal.LIMIT_EXCEEDED,
            f"the charge of {amount} would pass the limit of {account.credit_limit}: "
            f"{account.remaining} remains",
            field="amount",
        )
    return total


def settle_by(opened_on: date, days: int) -> date:
    """The last day a visit opened on ``opened_on`` may be settled without becoming overdue."""
    return opened_on + timedelta(days=days)


def is_overdue(account: DeferredAccount, today: date) -> bool:
    """An open account past its last day to settle."""
    return account.status is AccountStatus.OPEN and account.due_on < today


#: The purposes under which a standing consent admits a person to an operator's coupons.
COUPON_CONSENT_PURPOSES = frozenset({Purpose.MOBILITY_DISCOUNT, Purpose.INCENTIVE_ELIGIBILITY})
