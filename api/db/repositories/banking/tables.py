"""The bank context's Core tables and their column shorthands, shared by its repositories."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from api.db.tables import EnterpriseRow, GreenProfileRow, table_of
from api.db.tables.banking import (
    BorrowerSubscriptionRow,
    CreditLineRow,
    FinancingNeedRow,
    GreenClassificationRow,
    LoanProductRow,
    MatchFactsRow,
    NeedClaimRow,
    NeedNoticeRow,
    TaxPaidRow,
    WebhookDeliveryRow,
    WebhookEndpointRow,
)
from api.db.tables.credit import EvaluationRow, SubjectScoreRow

PRODUCTS = table_of(LoanProductRow)
FACTS = table_of(MatchFactsRow)
GREEN = table_of(GreenClassificationRow)
PROFILES = table_of(GreenProfileRow)
ENTERPRISES = table_of(EnterpriseRow)
SCORES = table_of(SubjectScoreRow)
EVALUATIONS = table_of(EvaluationRow)
NEEDS = table_of(FinancingNeedRow)
NOTICES = table_of(NeedNoticeRow)
CLAIMS = table_of(NeedClaimRow)
LINES = table_of(CreditLineRow)
TAX_PAID = table_of(TaxPaidRow)
ENDPOINTS = table_of(WebhookEndpointRow)
SUBSCRIPTIONS = table_of(BorrowerSubscriptionRow)
DELIVERIES = table_of(WebhookDeliveryRow)
P = PRODUCTS.c
F = FACTS.c
E = ENTERPRISES.c
G = GREEN.c
GP = PROFILES.c
N = NEEDS.c
C = CLAIMS.c
L = LINES.c
S = SUBSCRIPTIONS.c
W = DELIVERIES.c


def decimal_or_none(value: Any) -> Decimal | None:
    """A stored optional amount as a Decimal."""
    return None if value is None else Decimal(value)
