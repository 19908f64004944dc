"""What the approvals use cases need from storage (the database layer implements it)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol

from api.domain.approvals.model import (
    ApprovalMatter,
    Commitment,
    CommitmentStatus,
    DepartmentFigures,
    Reason,
)
from api.domain.credit.ports import CreditStore
from api.domain.subjects.model import SubjectKind


@dataclass(frozen=True, slots=True)
class NewCommitment:
    """A signed commitment and its decision, about to be stored once per idempotency key."""

    reference: str
    matter_id: int
    subject_id: int
    subject_kind: SubjectKind
    partner_id: int
    idempotency_key: str
    fingerprint: str
    status: CommitmentStatus
    reasons: tuple[Reason, ...]
    signed_at: datetime
    verify_by: date | None


@dataclass(frozen=True, slots=True)
class Settlement:
    """A department's verification: the outcome, who recorded it and under which key."""

    commitment_id: int
    status: CommitmentStatus
    partner_id: int
    idempotency_key: str
    at: datetime


class CommitmentStore(Protocol):
    """Approval matters and commitments."""

    async def matter(self, code: str) -> ApprovalMatter | None:
        """The matter with this code, if any."""
        ...

    async def matters(self, department_code: str | None) -> list[ApprovalMatter]:
        """The catalogue (of one department when named), by code."""
        ...

    async def broken_since(self, subject_id: int, since: datetime) -> int:
        """How many of the subject's commitments were found broken since ``since``."""
        ...

    async def add(self, new: NewCommitment) -> bool:
        """Store the commitment; False when its key or a pending twin was taken first."""
        ...

    async def by_key(self, partner_id: int, key: str) -> tuple[Commitment, str] | None:
        """The commitment stored under this partner's key, with its fingerprint."""
        ...

    async def pending(self, subject_id: int, matter_id: int) -> Commitment | None:
        """The subject's commitment for this matter that awaits verification, if any."""
        ...

    async def by_reference(self, reference: str) -> Commitment | None:
        """The commitment with this reference, if any."""
        ...

    async def settle(self, settlement: Settlement) -> bool:
        """Record the outcome of a pending commitment; False if it was not pending."""
        ...

    async def settled_by(self, commitment_id: int) -> tuple[int, str] | None:
        """The partner and key that recorded a commitment's outcome, if any."""
        ...

    async def attach_record(self, commitment_id: int, record_id: int) -> None:
        """Link the credit record of the outcome to its commitment."""
        ...

    async def due(self, department_code: str, until: date, limit: int) -> list[Commitment]:
        """The department's pending commitments due for verification by ``until``, soonest first."""
        ...

    async def figures(self) -> list[DepartmentFigures]:
        """Each department's matters and commitments by outcome, by department code."""
        ...


class ApprovalStore(CreditStore, Protocol):
    """Everything the approvals use cases touch, on one transaction."""

    @property
    def approvals(self) -> CommitmentStore:
        """Matters and commitments."""
        ...
