"""The credit engine in the database, one module per job: records written and scored
(``records``), rule sets and evaluations (``evaluations``), intake keys (``intake``), the
exempt-from-penalty list (``exemptions``), repair cases and the outbox (``repairs``), over the
tables in ``tables``. Never commits.

Every public name the single module had is re-exported here, so ``api.db.repositories.credit``
keeps working as an import path.
"""

from api.db.repositories.credit.evaluations import (
    EvaluationRepository,
    evaluation_from_row,
    factors_to_json,
)
from api.db.repositories.credit.exemptions import ExemptionRepository, matter_from_row
from api.db.repositories.credit.intake import IntakeRepository
from api.db.repositories.credit.records import RecordWriterRepository
from api.db.repositories.credit.repairs import RepairRepository, repair_from_row
from api.db.repositories.credit.tables import (
    ENTERPRISES,
    EVALUATIONS,
    EXEMPTIONS,
    INTAKES,
    MATTERS,
    OUTBOX,
    RECORDS,
    REPAIRS,
    RULES,
    SC,
    SCORES,
    SUBJECTS,
    C,
    D,
    E,
    M,
    O,
    R,
    S,
    V,
    X,
)
from api.db.repositories.records import record_from_row

__all__ = [
    "ENTERPRISES",
    "EVALUATIONS",
    "EXEMPTIONS",
    "INTAKES",
    "MATTERS",
    "OUTBOX",
    "RECORDS",
    "REPAIRS",
    "RULES",
    "SC",
    "SCORES",
    "SUBJECTS",
    "C",
    "D",
    "E",
    "EvaluationRepository",
    "ExemptionRepository",
    "IntakeRepository",
    "M",
    "O",
    "R",
    "RecordWriterRepository",
    "RepairRepository",
    "S",
    "V",
    "X",
    "evaluation_from_row",
    "factors_to_json",
    "matter_from_row",
    "record_from_row",
    "repair_from_row",
]
