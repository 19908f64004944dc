"""The SQLModel tables, one module per context, all in one ``metadata``.

``base`` holds the metadata and the enum CHECK helper; each context's module (``subjects``,
``records``, ``auth``, ``credit``, ``consent``, ``banking``, ``bulk``, ``scenarios``, ``reports``,
``usage``, ``village``, ``merchants``, ``incentive_operators``,
``approvals``, ``taxcredit``,
``ippledge``, ``industry``, ``outreach``)
imports only ``base``, ``api.db.types`` and the domain, never another table module: foreign
keys name their tables as strings. Importing this package imports every table module, so
``metadata`` is complete for Alembic, the seed and the model-versus-migration test. The
subject and record rows, once this package's only module, are re-exported here.
"""

from api.db.tables import (
    approvals,
    auth,
    banking,
    bulk,
    consent,
    credit,
    incentive_operators,
    industry,
    ippledge,
    merchants,
    outreach,
    reports,
    scenarios,
    taxcredit,
    usage,
    village,
)
from api.db.tables.base import metadata, one_of, table_of
from api.db.tables.records import CreditRecordRow, DepartmentRow
from api.db.tables.subjects import (
    EnterpriseRow,
    GreenProfileRow,
    HouseholdRow,
    MerchantRow,
    PersonRow,
    SubjectRow,
    TaxCreditRatingRow,
)

__all__ = [
    "CreditRecordRow",
    "DepartmentRow",
    "EnterpriseRow",
    "GreenProfileRow",
    "HouseholdRow",
    "MerchantRow",
    "PersonRow",
    "SubjectRow",
    "TaxCreditRatingRow",
    "approvals",
    "auth",
    "banking",
    "bulk",
    "consent",
    "credit",
    "incentive_operators",
    "industry",
    "ippledge",
    "merchants",
    "metadata",
    "one_of",
    "outreach",
    "reports",
    "scenarios",
    "table_of",
    "taxcredit",
    "usage",
    "village",
]
