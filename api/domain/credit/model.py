"""What the credit engine stores and returns: intakes, stored evaluations, outcomes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from api.domain.credit.exemptions import ExemptionDecision
from api.domain.credit.repair import RepairCase
from api.domain.credit.scoring import Evaluation
from api.domain.records.model import CreditRecord, RecordCategory, Severity
from api.domain.subjects.model import SubjectKind


class EvaluationCause(StrEnum):
    """Why a subject was evaluated again (kept with every evaluation in the history)."""

    RECORD_ADDED = "record_added"
    REPAIR_APPROVED = "repair_approved"
    RECORDS_IMPORTED = "records_imported"
    FULL_RUN = "full_run"
    RECORDS_EXPIRED = "records_expired"
    SEED = "seed"


@dataclass(frozen=True, slots=True)
class RecordIntake:
    """A department's report of one fact about a subject, before it is stored."""

    subject_id: int
    subject_kind: SubjectKind
    department_code: str
    category: RecordCategory
    severity: Severity | None
    occurred_at: datetime
    publicity_until: date | None
    summary: str
    matter_code: str | None = None


@dataclass(frozen=True, slots=True)
class StoredEvaluation:
    """An evaluation as kept in the history, with when and why it was made."""

    id: int
    evaluation: Evaluation
    evaluated_at: datetime
    cause: EvaluationCause


@dataclass(frozen=True, slots=True)
class IntakeClaim:
    """An idempotency key's first use: who, which request (fingerprint), which record."""

    partner_id: int
    key: str
    fingerprint: str
    record_id: int | None


@dataclass(frozen=True, slots=True)
class StoredFact:
    """A stored fact before its subject is re-evaluated: the record, exemption and repair case."""

    record: CreditRecord
    exemption: ExemptionDecision | None
    repair: RepairCase | None
    #: True when the idempotency key had been used already and this is the first fact again.
    replayed: bool


@dataclass(frozen=True, slots=True)
class IntakeOutcome:
    """What recording a fact did: the record, the subject's evaluation, exemption and repair."""

    record: CreditRecord
    evaluation: StoredEvaluation | None
    exemption: ExemptionDecision | None
    repair: RepairCase | None
    #: True when the idempotency key had been used already and this is the first result again.
    replayed: bool
