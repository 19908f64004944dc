"""The tables of merchant indicators: commerce districts, their operators, the observations.

No ``from __future__ import annotations`` here (SQLModel reads the annotations). The eleven
indicator categories are data in ``api.domain.merchants.categories``; a row names its category
by code (a CHECK keeps it to the eleven). ``merchant_indicator_observations`` is append-only:
an assessment reads, per category, the latest observation; its unique index on (key scope,
idempotency key) is what makes a retried write record nothing twice.
"""

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Column, ForeignKey, Index, Integer, Numeric, String
from sqlmodel import Field, SQLModel

from api.db.tables.base import one_of
from api.db.types import BigId, UTCDateTime
from api.domain.merchants.model import IndicatorCategoryCode
from api.domain.subjects.model import District


class CommerceDistrictRow(SQLModel, table=True):
    """A commerce district (商圈): its name, as merchants name it, and its district."""

    __tablename__ = "commerce_districts"
    __table_args__ = (one_of("district", District),)

    name: str = Field(max_length=100, primary_key=True)
    name_en: str = Field(max_length=100)
    district: str = Field(max_length=6)


class CommerceDistrictOperatorRow(SQLModel, table=True):
    """A partner of type commerce_district that operates a commerce district."""

    __tablename__ = "commerce_district_operators"

    partner_id: int = Field(
        sa_column=Column(Integer, ForeignKey("partners.id", ondelete="CASCADE"), primary_key=True)
    )
    commerce_district: str = Field(
        sa_column=Column(
            String(100),
            ForeignKey("commerce_districts.name", ondelete="CASCADE"),
            primary_key=True,
            index=True,
        )
    )


class MerchantIndicatorObservationRow(SQLModel, table=True):
    """One indicator observation of a merchant, by a department, on a day."""

    __tablename__ = "merchant_indicator_observations"
    __table_args__ = (
        one_of("category", IndicatorCategoryCode),
        Index(
            "ix_merchant_indicator_observations_merchant",
            "merchant_id",
            "category",
            "observed_on",
        ),
        Index(
            "uq_merchant_indicator_observations_key",
            "key_scope",
            "idempotency_key",
            unique=True,
        ),
        Index("ix_merchant_indicator_observations_category_day", "category", "observed_on"),
    )

    id: int | None = Field(default=None, sa_type=BigId, primary_key=True)
    merchant_id: int = Field(
        sa_column=Column(
            BigId, ForeignKey("merchants.subject_id", ondelete="CASCADE"), nullable=False
        )
    )
    category: str = Field(max_length=32)
    department: str = Field(max_length=32)
    value: Decimal = Field(sa_column=Column(Numeric(7, 1), nullable=False))
    observed_on: date
    note: str | None = Field(default=None, max_length=500)
    recorded_by: int | None = Field(
        default=None,
        sa_column=Column(Integer, ForeignKey("partners.id", ondelete="SET NULL"), nullable=True),
    )
    recorded_at: datetime = Field(sa_type=UTCDateTime)
    #: Whose keys these are: ``partner:<id>``, or ``platform`` for the command line.
    key_scope: str = Field(max_length=32)
    idempotency_key: str = Field(max_length=128)
    fingerprint: str = Field(max_length=64)


__all__ = [
    "CommerceDistrictOperatorRow",
    "CommerceDistrictRow",
    "MerchantIndicatorObservationRow",
]
