"""The tables of IP pledge financing: a bank's registered pledges and the loans they secured.

No ``from __future__ import annotations`` here (SQLModel reads the annotations). Foreign keys
name their tables as strings; this module imports only ``base``, the column types and the
domain.
"""

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import CheckConstraint, Column, ForeignKey, Index, Integer, Numeric
from sqlmodel import Field, SQLModel

from api.db.tables.base import one_of
from api.db.types import BigId, UTCDateTime
from api.domain.ippledge.model import IpKind


class IpPledgeRow(SQLModel, table=True):
    """A patent or trademark pledged to a bank, with its loan; one per right and day."""

    __tablename__ = "ip_pledges"
    __table_args__ = (
        one_of("kind", IpKind),
        Index("uq_ip_pledges_bank_key", "bank_id", "idempotency_key", unique=True),
        Index(
            "uq_ip_pledges_right_day",
            "kind",
            "registration_number",
            "pledge_registered_on",
            unique=True,
        ),
        Index("ix_ip_pledges_loaned_on", "loaned_on"),
        CheckConstraint("loan_amount <= valuation", name="loan_within_valuation"),
        CheckConstraint(
            "applied_on <= pledge_registered_on AND pledge_registered_on <= loaned_on",
            name="dates_in_order",
        ),
    )

    id: int | None = Field(default=None, sa_type=BigId, primary_key=True)
    bank_id: int = Field(
        sa_column=Column(Integer, ForeignKey("partners.id", ondelete="CASCADE"), nullable=False)
    )
    enterprise_id: int = Field(
        sa_column=Column(
            BigId,
            ForeignKey("enterprises.subject_id", ondelete="CASCADE"),
            nullable=False,
            index=True,
        )
    )
    kind: str = Field(max_length=16)
    registration_number: str = Field(max_length=20)
    pledge_registered_on: date
    valuation: Decimal = Field(sa_column=Column(Numeric(16, 2), nullable=False))
    loan_amount: Decimal = Field(sa_column=Column(Numeric(16, 2), nullable=False))
    applied_on: date
    loaned_on: date
    idempotency_key: str = Field(max_length=128)
    fingerprint: str = Field(max_length=64)
    created_at: datetime = Field(sa_type=UTCDateTime)
