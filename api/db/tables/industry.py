"""The tables of industry credit evaluations: the evaluated subjects and their observations.

No ``from __future__ import annotations`` here (SQLModel reads the annotations). The schemes
are data in ``api.domain.industry.schemes``; a subject names its industry and an observation
its indicator by code. ``industry_observations`` is append-only (inspection results are
observations of the scheme's inspection indicator); its unique index on (key scope,
idempotency key) is what makes a retried write record nothing twice.
"""

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Column, ForeignKey, Index, Integer, Numeric
from sqlmodel import Field, SQLModel

from api.db.tables.base import one_of
from api.db.types import BigId, UTCDateTime
from api.domain.industry.model import Industry
from api.domain.subjects.model import District


class IndustrySubjectRow(SQLModel, table=True):
    """A wharf, live-streaming room or catering shop under an industry scheme."""

    __tablename__ = "industry_subjects"
    __table_args__ = (
        one_of("industry", Industry),
        one_of("district", District),
        Index("uq_industry_subjects_code", "code", unique=True),
        Index("ix_industry_subjects_industry_code", "industry", "code"),
    )

    id: int | None = Field(default=None, sa_type=BigId, primary_key=True)
    industry: str = Field(max_length=16)
    code: str = Field(max_length=32)
    name: str = Field(max_length=200)
    district: str = Field(max_length=6)
    enterprise_id: int | None = Field(
        default=None,
        sa_column=Column(
            BigId, ForeignKey("enterprises.subject_id", ondelete="SET NULL"), nullable=True
        ),
    )


class IndustryObservationRow(SQLModel, table=True):
    """One indicator observation (or inspection result) of a subject, by a department."""

    __tablename__ = "industry_observations"
    __table_args__ = (
        Index("ix_industry_observations_subject", "subject_id", "indicator", "observed_on"),
        Index("uq_industry_observations_key", "key_scope", "idempotency_key", unique=True),
    )

    id: int | None = Field(default=None, sa_type=BigId, primary_key=True)
    subject_id: int = Field(
        sa_column=Column(
            BigId, ForeignKey("industry_subjects.id", ondelete="CASCADE"), nullable=False
        )
    )
    indicator: str = Field(max_length=32)
    department: str = Field(max_length=32)
    value: Decimal = Field(sa_column=Column(Numeric(7, 1), nullable=False))
    observed_on: date
    note: str | None = Field(default=None, max_length=500)
    recorded_by: int | None = Field(
        default=None,
        sa_column=Column(Integer, ForeignKey("partners.id", ondelete="SET NULL"), nullable=True),
    )
    recorded_at: datetime = Field(sa_type=UTCDateTime)
    #: Whose keys these are: ``partner:<id>``, or ``platform`` for the command line and seed.
    key_scope: str = Field(max_length=32)
    idempotency_key: str = Field(max_length=128)
    fingerprint: str = Field(max_length=64)


__all__ = ["IndustryObservationRow", "IndustrySubjectRow"]
