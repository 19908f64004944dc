"""The tables of commitment-based fast-track approval (信易批): the catalogue of approval
matters and the commitments signed for them, with the decision and the verified outcome.

No ``from __future__ import annotations`` here (SQLModel reads the annotations). Foreign keys
name their tables as strings; this module imports only ``base``, the column types and the
domain.
"""

from datetime import date, datetime

from sqlalchemy import Column, ForeignKey, Index, Integer, Text, text
from sqlmodel import Field, SQLModel

from api.db.tables.base import one_of
from api.db.types import BigId, UTCDateTime
from api.domain.approvals.model import CommitmentStatus
from api.domain.subjects.model import SubjectKind

#: The rows the one-pending-commitment-per-matter rule covers.
PENDING_SQL = "status = 'pending'"


class ApprovalMatterRow(SQLModel, table=True):
    """An approval matter decided on a commitment, and what its fast track waives."""

    __tablename__ = "approval_matters"

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=32, unique=True)
    name: str = Field(max_length=200)
    department_code: str = Field(max_length=32, index=True)
    #: Comma-separated subject kinds the matter accepts.
    subject_kinds: str = Field(max_length=64)
    commitment: str = Field(sa_column=Column(Text, nullable=False))
    #: JSON list of the documents or steps the fast track waives.
    waived: str = Field(sa_column=Column(Text, nullable=False))
    standard_days: int
    fast_track_days: int
    verify_within_days: int


class ApprovalCommitmentRow(SQLModel, table=True):
    """A commitment a subject signed for a matter, the decision, and the verified outcome."""

    __tablename__ = "approval_commitments"
    __table_args__ = (
        one_of("status", CommitmentStatus),
        one_of("subject_kind", SubjectKind),
        Index("uq_approval_commitments_partner_key", "partner_id", "idempotency_key", unique=True),
        Index(
            "uq_approval_commitments_pending",
            "subject_id",
            "matter_id",
            unique=True,
            sqlite_where=text(PENDING_SQL),
            postgresql_where=text(PENDING_SQL),
        ),
        Index("ix_approval_commitments_due", "status", "verify_by"),
        Index("ix_approval_commitments_subject_status", "subject_id", "status"),
    )

    id: int | None = Field(default=None, sa_type=BigId, primary_key=True)
    reference: str = Field(max_length=32, unique=True)
    matter_id: int = Field(
        sa_column=Column(Integer, ForeignKey("approval_matters.id"), nullable=False)
    )
    subject_id: int = Field(
        sa_column=Column(BigId, ForeignKey("subjects.id", ondelete="CASCADE"), nullable=False)
    )
    subject_kind: str = Field(max_length=16)
    partner_id: int = Field(sa_column=Column(Integer, ForeignKey("partners.id"), nullable=False))
    idempotency_key: str = Field(max_length=128)
    fingerprint: str = Field(max_length=64)
    status: str = Field(max_length=16)
    #: JSON list of [code, message] pairs: why the fast track was granted or refused.
    reasons: str = Field(sa_column=Column(Text, nullable=False))
    signed_at: datetime = Field(sa_type=UTCDateTime)
    verify_by: date | None = None
    verified_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    verified_by_partner_id: int | None = Field(
        default=None, sa_column=Column(Integer, ForeignKey("partners.id"), nullable=True)
    )
    outcome_key: str | None = Field(default=None, max_length=128)
    record_id: int | None = Field(
        default=None, sa_column=Column(BigId, ForeignKey("credit_records.id"), nullable=True)
    )
