"""The tables of partners' usage: daily counts per partner, and the credit office's quota overrides.

No ``from __future__ import annotations`` here (SQLModel reads the annotations).
"""

from datetime import date, datetime

from sqlalchemy import BigInteger, CheckConstraint, Column, Date, ForeignKey, Integer, Text
from sqlmodel import Field, SQLModel

# The shared metadata's naming convention must be set before these tables name constraints.
from api.db.tables.base import metadata
from api.db.types import UTCDateTime


class PartnerUsageRow(SQLModel, table=True):
    """One partner's requests, cost points and throttled requests on one day (city time)."""

    __tablename__ = "partner_usage"

    partner_id: int = Field(
        sa_column=Column(Integer, ForeignKey("partners.id", ondelete="CASCADE"), primary_key=True)
    )
    day: date = Field(sa_column=Column(Date, primary_key=True, index=True))
    requests: int = Field(sa_column=Column(BigInteger, nullable=False))
    cost: int = Field(sa_column=Column(BigInteger, nullable=False))
    throttled: int = Field(sa_column=Column(BigInteger, nullable=False))


class PartnerQuotaRow(SQLModel, table=True):
    """A partner's own bucket of cost points, set by the credit office over its type's."""

    __tablename__ = "partner_quotas"
    __table_args__ = (
        CheckConstraint("bucket_size >= 1", name="bucket_size"),
        CheckConstraint("restore_rate >= 1 AND restore_rate <= bucket_size", name="restore_rate"),
    )

    partner_id: int = Field(
        sa_column=Column(Integer, ForeignKey("partners.id", ondelete="CASCADE"), primary_key=True)
    )
    bucket_size: int = Field(sa_column=Column(Integer, nullable=False))
    restore_rate: int = Field(sa_column=Column(Integer, nullable=False))
    updated_at: datetime = Field(sa_type=UTCDateTime)
    updated_by: str | None = Field(default=None, sa_column=Column(Text, nullable=True))


__all__ = ["PartnerQuotaRow", "PartnerUsageRow", "metadata"]
