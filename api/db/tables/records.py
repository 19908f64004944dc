"""The tables of reported credit records: the reporting departments and their records.

No ``from __future__ import annotations`` here: SQLModel reads the annotations at class
creation. A record points at its subject by the foreign key ``subjects.id``, named as a string.
"""

from datetime import date, datetime

from sqlalchemy import Column, ForeignKey, Index
from sqlmodel import Field, SQLModel

from api.db.tables.base import one_of
from api.db.types import BigId, UTCDateTime
from api.domain.records.model import RecordCategory, RecordStatus, Severity


class DepartmentRow(SQLModel, table=True):
    """A department that reports credit records."""

    __tablename__ = "departments"

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=32, unique=True)
    name: str = Field(max_length=200)
    name_zh: str = Field(max_length=100)


class CreditRecordRow(SQLModel, table=True):
    """One fact a department reported about a subject."""

    __tablename__ = "credit_records"
    __table_args__ = (
        one_of("category", RecordCategory),
        one_of("severity", Severity),
        one_of("status", RecordStatus),
        Index("ix_credit_records_subject_newest", "subject_id", "occurred_at", "id"),
    )

    id: int | None = Field(default=None, sa_type=BigId, primary_key=True)
    subject_id: int = Field(
        sa_column=Column(BigId, ForeignKey("subjects.id", ondelete="CASCADE"), nullable=False)
    )
    department_id: int = Field(foreign_key="departments.id", index=True)
    category: str = Field(max_length=24)
    severity: str | None = Field(default=None, max_length=8)
    occurred_at: datetime = Field(sa_type=UTCDateTime)
    publicity_until: date | None = None
    status: str = Field(max_length=16)
    summary: str = Field(max_length=500)
    created_at: datetime = Field(sa_type=UTCDateTime)


__all__ = ["CreditRecordRow", "DepartmentRow"]
