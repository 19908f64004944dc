"""What the credit engine needs from storage (``api.db.repositories.Repositories`` provides it)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Protocol

from api.domain.credit.exemptions import ExemptMatter
from api.domain.credit.model import EvaluationCause, IntakeClaim, StoredEvaluation
from api.domain.credit.repair import RepairCase, RepairState
from api.domain.credit.rules import RuleSet
from api.domain.credit.scoring import Evaluation, SubjectFacts
from api.domain.records.model import (
    CreditRecord,
    Department,
    RecordCategory,
    RecordStatus,
    Severity,
)


class RecordWriter(Protocol):
    """Credit records: add one, change its status, read what scoring needs."""

    async def add(
        self,
        *,
        subject_id: int,
        department_id: int,
        category: RecordCategory,
        severity: Severity | None,
        occurred_at: datetime,
        publicity_until: date | None,
        status: RecordStatus,
        summary: str,
        now: datetime,
    ) -> CreditRecord:
        """Store a new record and return it with its id."""
        ...

    async def get(self, record_id: int) -> CreditRecord | None:
        """One record by id, whatever its status."""
        ...

    async def set_status(self, record_id: int, status: RecordStatus) -> None:
        """Change a record's status (repair, expiry)."""
        ...

    async def department_by_code(self, code: str) -> Department | None:
        """The department with this code, if any."""
        ...

    async def subject_facts(self, subject_id: int) -> SubjectFacts | None:
        """Every record of the subject (all statuses) and its tax grade; None if no subject."""
        ...


class EvaluationStore(Protocol):
    """Rule sets and evaluations (history and current)."""

    async def active_rule_set(self) -> RuleSet:
        """The rule set evaluations use now."""
        ...

    async def lock_subject(self, subject_id: int) -> None:
        """Hold the subject for this transaction, so its evaluations follow one another."""
        ...

    async def save(
        self, evaluation: Evaluation, *, evaluated_at: datetime, cause: EvaluationCause
    ) -> StoredEvaluation:
        """Append to the history and make it the subject's current evaluation."""
        ...

    async def current(self, subject_ids: Sequence[int]) -> dict[int, StoredEvaluation]:
        """The current evaluation of each subject that has one."""
        ...


class IntakeLedger(Protocol):
    """Idempotency keys of record intake, per partner."""

    async def claim(self, claim: IntakeClaim, now: datetime) -> bool:
        """Take the key for this request; False when it was taken already (no error)."""
        ...

    async def get(self, partner_id: int, key: str) -> IntakeClaim | None:
        """The claim on a key, if any."""
        ...

    async def attach(self, partner_id: int, key: str, record_id: int) -> None:
        """Name the record a claimed key produced."""
        ...


class ExemptionStore(Protocol):
    """The exempt-from-penalty list and the exemptions granted under it."""

    async def matter_by_code(self, code: str) -> ExemptMatter | None:
        """A listed matter by code, active or retired."""
        ...

    async def count_exempted(self, subject_id: int, matter_id: int, since: date) -> int:
        """How many exemptions of this matter the subject had on or after ``since``."""
        ...

    async def add_exemption(
        self, *, record_id: int, matter_id: int, subject_id: int, occurred_on: date
    ) -> None:
        """Remember that a record was exempted under a matter."""
        ...

    async def guidance_for(self, record_ids: Sequence[int]) -> dict[int, tuple[str, str]]:
        """For exempted records: the matter code and its guidance."""
        ...


class RepairStore(Protocol):
    """Repair cases."""

    async def open(
        self,
        *,
        record_id: int,
        subject_id: int,
        severity: Severity,
        opened_on: date,
        eligible_on: date,
        now: datetime,
    ) -> RepairCase:
        """Open the case of a new repairable record (AWAITING)."""
        ...

    async def get(self, repair_id: int) -> RepairCase | None:
        """One case by id."""
        ...

    async def by_record(self, record_id: int) -> RepairCase | None:
        """The case of a record, if it has one."""
        ...

    async def move(
        self,
        case: RepairCase,
        state: RepairState,
        *,
        now: datetime,
        commitment: str | None = None,
        applied_by: str | None = None,
        decided_by: str | None = None,
        reason: str | None = None,
        follow_up_due_on: date | None = None,
    ) -> RepairCase | None:
        """Compare-and-set the case from its read version; None when someone moved it first."""
        ...


class BorrowerWatch(Protocol):
    """Lending's hook on evaluations: re-index the subject, tell the banks that follow it.

    Implemented by ``api.db.repositories.borrower_watch.BorrowerWatchRepository``; it runs in
    the evaluation's transaction, so what it writes (the outbox) commits with the evaluation.
    Each bank is told what worsened since the evaluation it last saw.
    """

    async def evaluated(self, current: StoredEvaluation, *, now: datetime) -> None:
        """Runs after every saved evaluation of the subject."""
        ...


class CreditStore(Protocol):
    """Everything the credit engine's use cases touch, on one transaction."""

    @property
    def record_writer(self) -> RecordWriter:
        """Credit records."""
        ...

    @property
    def evaluations(self) -> EvaluationStore:
        """Rule sets and evaluations."""
        ...

    @property
    def intakes(self) -> IntakeLedger:
        """Idempotency keys."""
        ...

    @property
    def exemptions(self) -> ExemptionStore:
        """The exemption list."""
        ...

    @property
    def repairs(self) -> RepairStore:
        """Repair cases."""
        ...

    @property
    def borrower_watch(self) -> BorrowerWatch:
        """Lending's hook on evaluations."""
        ...
