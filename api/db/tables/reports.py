"""The table of issued special credit reports: what verifying one needs, not its content.

No ``from __future__ import annotations`` here (SQLModel reads the annotations). A report
keeps the kid of the key that signed it, with a foreign key that refuses to delete a signing
key while a report relies on it: reports outlive the keys' time in token verification. The
issuing partner and client are kept as the token said, without foreign keys (like the audit
log, a report outlives the partner that asked for it).
"""

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Column, ForeignKey, Index, LargeBinary, String
from sqlmodel import Field, SQLModel

from api.db.tables.base import one_of
from api.db.types import BigId, UTCDateTime
from api.domain.consent.model import Purpose
from api.domain.subjects.model import SubjectKind

#: The kinds of subject a report can be about.
REPORT_SUBJECT_KINDS = (SubjectKind.PERSON.value, SubjectKind.ENTERPRISE.value)


class CreditReportRow(SQLModel, table=True):
    """One issued report: number, subject, period, domains, validity, content hash, key."""

    __tablename__ = "credit_reports"
    __table_args__ = (
        CheckConstraint(
            "subject_kind IN (" + ", ".join(f"'{kind}'" for kind in REPORT_SUBJECT_KINDS) + ")",
            name="subject_kind",
        ),
        one_of("purpose", Purpose),
        CheckConstraint("period_until >= period_from", name="period_in_order"),
        CheckConstraint("valid_until > issued_at", name="valid_after_issue"),
        Index("ix_credit_reports_subject_issued", "subject_id", "issued_at"),
    )

    number: str = Field(max_length=32, primary_key=True)
    subject_id: int = Field(
        sa_column=Column(BigId, ForeignKey("subjects.id", ondelete="CASCADE"), nullable=False)
    )
    subject_kind: str = Field(max_length=16)
    period_from: date
    period_until: date
    domains: str = Field(max_length=200)
    issued_at: datetime = Field(sa_type=UTCDateTime)
    valid_until: datetime = Field(sa_type=UTCDateTime)
    content_hash: bytes = Field(sa_column=Column(LargeBinary(32), nullable=False))
    key_id: str = Field(
        sa_column=Column(
            String(64), ForeignKey("signing_keys.kid", ondelete="RESTRICT"), nullable=False
        )
    )
    purpose: str = Field(max_length=32)
    issuer_partner_id: int
    issuer_client_id: str = Field(max_length=64)


__all__ = ["REPORT_SUBJECT_KINDS", "CreditReportRow"]
