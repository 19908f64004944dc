"""The bank scenarios in the database, one module per job: products (``products``), the matching
index (``matching``) and its candidate SQL (``candidates``), green profiles and classifications
(``green``), financing needs and claims (``claims``), credit lines (``credit_lines``), webhooks
and the outbox (``webhooks``), over the tables in ``tables``. Never commits.

Every name the single module had is re-exported here, so ``api.db.repositories.banking`` keeps
working as an import path.
"""

from api.db.repositories.banking.candidates import (
    FACT_COLUMNS,
    STRENGTH_COLUMN,
    candidates_statement,
    criteria_clauses,
    criterion_clause,
    facts_from_row,
)
from api.db.repositories.banking.claims import MAX_CLAIMS, FinancingRepository
from api.db.repositories.banking.credit_lines import CreditLineRepository
from api.db.repositories.banking.green import GreenRepository
from api.db.repositories.banking.matching import (
    MatchingRepository,
    facts_values,
    live_facts_from_row,
    live_facts_statement,
)
from api.db.repositories.banking.products import LoanProductRepository, product_from_row
from api.db.repositories.banking.tables import (
    CLAIMS,
    DELIVERIES,
    ENDPOINTS,
    ENTERPRISES,
    EVALUATIONS,
    FACTS,
    GP,
    GREEN,
    LINES,
    NEEDS,
    NOTICES,
    PRODUCTS,
    PROFILES,
    SCORES,
    SUBSCRIPTIONS,
    TAX_PAID,
    C,
    E,
    F,
    G,
    L,
    N,
    P,
    S,
    W,
)
from api.db.repositories.banking.webhooks import WebhookRepository
from api.db.repositories.subjects import ENTERPRISE_COLUMNS, enterprise_from_row

__all__ = [
    "CLAIMS",
    "DELIVERIES",
    "ENDPOINTS",
    "ENTERPRISES",
    "ENTERPRISE_COLUMNS",
    "EVALUATIONS",
    "FACTS",
    "FACT_COLUMNS",
    "GP",
    "GREEN",
    "LINES",
    "MAX_CLAIMS",
    "NEEDS",
    "NOTICES",
    "PRODUCTS",
    "PROFILES",
    "SCORES",
    "STRENGTH_COLUMN",
    "SUBSCRIPTIONS",
    "TAX_PAID",
    "C",
    "CreditLineRepository",
    "E",
    "F",
    "FinancingRepository",
    "G",
    "GreenRepository",
    "L",
    "LoanProductRepository",
    "MatchingRepository",
    "N",
    "P",
    "S",
    "W",
    "WebhookRepository",
    "candidates_statement",
    "criteria_clauses",
    "criterion_clause",
    "enterprise_from_row",
    "facts_from_row",
    "facts_values",
    "live_facts_from_row",
    "live_facts_statement",
    "product_from_row",
]
