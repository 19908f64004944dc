"""The tables of the tax-credit inputs: the idempotency keys of the tax bureau's rating reports,
and the banks' monthly lending volumes.

No ``from __future__ import annotations`` here (SQLModel reads the annotations). The ratings
themselves are ``tax_credit_ratings`` (one per enterprise and year, in ``subjects``).
"""

from datetime import datetime
from decimal import Decimal

from sqlalchemy import (
    CheckConstraint,
    Column,
    ForeignKey,
    Integer,
    Numeric,
    PrimaryKeyConstraint,
    String,
)
from sqlmodel import Field, SQLModel

# The shared metadata's naming convention must be set before these tables name constraints.
from api.db.tables.base import metadata
from api.db.types import BigId, UTCDateTime


class TaxRatingWriteRow(SQLModel, table=True):
    """An idempotency key of a rating report, and the rating it stored."""

    __tablename__ = "tax_rating_writes"
    __table_args__ = (PrimaryKeyConstraint("partner_id", "idempotency_key"),)

    partner_id: int = Field(
        sa_column=Column(Integer, ForeignKey("partners.id", ondelete="CASCADE"), nullable=False)
    )
    idempotency_key: str = Field(max_length=128)
    fingerprint: str = Field(max_length=64)
    rating_id: int | None = Field(
        default=None,
        sa_column=Column(BigId, ForeignKey("tax_credit_ratings.id", ondelete="CASCADE")),
    )
    created_at: datetime = Field(sa_type=UTCDateTime)


class BankLendingVolumeRow(SQLModel, table=True):
    """A bank's lending granted in one month and the green part of it, from its own books."""

    __tablename__ = "bank_lending_volumes"
    __table_args__ = (
        PrimaryKeyConstraint("bank_id", "period"),
        CheckConstraint("green_amount >= 0 AND green_amount <= total_amount", name="green_part"),
    )

    bank_id: int = Field(
        sa_column=Column(Integer, ForeignKey("partners.id", ondelete="CASCADE"), nullable=False)
    )
    #: The month, YYYY-MM.
    period: str = Field(sa_column=Column(String(7), nullable=False))
    total_amount: Decimal = Field(sa_column=Column(Numeric(18, 2), nullable=False))
    green_amount: Decimal = Field(sa_column=Column(Numeric(18, 2), nullable=False))
    reported_at: datetime = Field(sa_type=UTCDateTime)


__all__ = ["BankLendingVolumeRow", "TaxRatingWriteRow", "metadata"]
