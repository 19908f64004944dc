"""The credit engine's Core tables and their column shorthands, shared by its repositories."""

from __future__ import annotations

from api.db.tables import CreditRecordRow, DepartmentRow, EnterpriseRow, SubjectRow, table_of
from api.db.tables.credit import (
    EvaluationRow,
    ExemptionRow,
    ExemptMatterRow,
    OutboxRow,
    RecordIntakeRow,
    RepairCaseRow,
    RuleSetRow,
    SubjectScoreRow,
)

RECORDS = table_of(CreditRecordRow)
R = RECORDS.c
DEPARTMENTS = table_of(DepartmentRow)
D = DEPARTMENTS.c
SUBJECTS = table_of(SubjectRow)
ENTERPRISES = table_of(EnterpriseRow)
S = SUBJECTS.c
E = ENTERPRISES.c
RULES = table_of(RuleSetRow)
EVALUATIONS = table_of(EvaluationRow)
SCORES = table_of(SubjectScoreRow)
INTAKES = table_of(RecordIntakeRow)
MATTERS = table_of(ExemptMatterRow)
EXEMPTIONS = table_of(ExemptionRow)
REPAIRS = table_of(RepairCaseRow)
OUTBOX = table_of(OutboxRow)
V = EVALUATIONS.c
SC = SCORES.c
M = MATTERS.c
X = EXEMPTIONS.c
C = REPAIRS.c
O = OUTBOX.c  # noqa: E741
