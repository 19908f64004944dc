"""The person scenarios' Core tables and their column shorthands, shared by their
repositories."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from api.db.tables import table_of
from api.db.tables.consent import ConsentRow
from api.db.tables.scenarios import (
    BenefitDailyUseRow,
    BenefitGrantRow,
    BenefitMonthlyUseRow,
    CouponBatchRow,
    CouponRow,
    DeferredAccountRow,
    DeferredChargeRow,
    IncentiveCategoryRow,
    IncentiveColourValueRow,
    IncentiveScenarioRow,
)

CATEGORIES = table_of(IncentiveCategoryRow)
SCENARIOS = table_of(IncentiveScenarioRow)
COLOUR_VALUES = table_of(IncentiveColourValueRow)
ACCOUNTS = table_of(DeferredAccountRow)
CHARGES = table_of(DeferredChargeRow)
GRANTS = table_of(BenefitGrantRow)
DAILY = table_of(BenefitDailyUseRow)
MONTHLY = table_of(BenefitMonthlyUseRow)
BATCHES = table_of(CouponBatchRow)
COUPONS = table_of(CouponRow)
CONSENTS = table_of(ConsentRow)
K = CATEGORIES.c
S = SCENARIOS.c
A = ACCOUNTS.c
H = CHARGES.c
G = GRANTS.c
U = DAILY.c
M = MONTHLY.c
B = BATCHES.c
Q = COUPONS.c
C = CONSENTS.c


def money(value: Any) -> Decimal:
    """A stored amount as an exact two-place Decimal (SQLite hands back binary floats)."""
    return Decimal(str(value)).quantize(Decimal("0.01"))
