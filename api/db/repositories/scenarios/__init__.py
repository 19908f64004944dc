"""Person scenarios in the database, one module per job: the incentive catalogue
(``catalogue``), pay-after-treatment accounts (``deferred``), benefits granted (``benefits``)
and their statistics (``statistics``), coupons (``coupons``) and savepoints (``savepoints``),
over the tables in ``tables``. Never commits.

The invariants under concurrency rest on single statements the database runs atomically:
raising a deferred account's total is an ``UPDATE ... WHERE total + amount <= credit_limit``
(PostgreSQL re-checks the condition on the newest row version after waiting for a concurrent
writer); settling and marking overdue are ``UPDATE ... WHERE status = ...``; a grant, a charge
and a batch are ``INSERT ... ON CONFLICT DO NOTHING`` on their unique indexes; the daily limit is
an ``INSERT ... ON CONFLICT DO UPDATE SET uses = uses + 1 WHERE uses < limit``.

Every public name the single module had is re-exported here, so
``api.db.repositories.scenarios`` keeps working as an import path.
"""

from api.db.repositories.scenarios.benefits import BenefitRepository
from api.db.repositories.scenarios.catalogue import IncentiveCatalogueRepository
from api.db.repositories.scenarios.coupons import CouponRepository
from api.db.repositories.scenarios.deferred import DeferredAccountRepository
from api.db.repositories.scenarios.savepoints import SavepointRepository
from api.db.repositories.scenarios.statistics import GrantStatistics
from api.db.repositories.scenarios.tables import (
    ACCOUNTS,
    BATCHES,
    CATEGORIES,
    CHARGES,
    COLOUR_VALUES,
    CONSENTS,
    COUPONS,
    DAILY,
    GRANTS,
    MONTHLY,
    SCENARIOS,
    A,
    B,
    C,
    G,
    H,
    K,
    M,
    Q,
    S,
    U,
)

__all__ = [
    "ACCOUNTS",
    "BATCHES",
    "CATEGORIES",
    "CHARGES",
    "COLOUR_VALUES",
    "CONSENTS",
    "COUPONS",
    "DAILY",
    "GRANTS",
    "MONTHLY",
    "SCENARIOS",
    "A",
    "B",
    "BenefitRepository",
    "C",
    "CouponRepository",
    "DeferredAccountRepository",
    "G",
    "GrantStatistics",
    "H",
    "IncentiveCatalogueRepository",
    "K",
    "M",
    "Q",
    "S",
    "SavepointRepository",
    "U",
]
