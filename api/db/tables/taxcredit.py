"""The tables of the tax-credit inputs: the idempotency keys of the tax bureau's rating reports.

No ``from __future__ import annotations`` here (SQLModel reads the annotations). The ratings
themselves are ``tax_credit_ratings`` (one per enterprise and year, in ``subjects``).
"""

from datetime import datetime

from sqlalchemy import Column, ForeignKey, Integer, PrimaryKeyConstraint
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


__all__ = ["TaxRatingWriteRow", "metadata"]
