"""The tables of the subjects that hold credit: the subject supertype and its four kinds,
with the tax credit ratings and green profiles of enterprises.

No ``from __future__ import annotations`` here: SQLModel reads the annotations at class
creation. Enumerated columns are strings guarded by CHECK constraints built from the
domain's enums, so the database refuses a value the domain does not know.
"""

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Column, ForeignKey, Index, LargeBinary, Numeric, SmallInteger, text
from sqlmodel import Field, SQLModel

from api.db.tables.base import one_of
from api.db.types import BigId, UTCDateTime
from api.domain.subjects.model import (
    District,
    GreenActivityClass,
    SizeClass,
    SubjectKind,
    TaxGrade,
)


class SubjectRow(SQLModel, table=True):
    """The supertype of everything that holds credit; records point here."""

    __tablename__ = "subjects"
    __table_args__ = (one_of("kind", SubjectKind),)

    id: int | None = Field(default=None, sa_type=BigId, primary_key=True)
    kind: str = Field(max_length=16)
    created_at: datetime = Field(sa_type=UTCDateTime)


def subject_fk() -> Column[int]:
    """The primary key of a subtype table, which is also its subject's id."""
    return Column(BigId, ForeignKey("subjects.id", ondelete="CASCADE"), primary_key=True)


class PersonRow(SQLModel, table=True):
    """A natural person; the resident ID is kept only encrypted, hashed and masked."""

    __tablename__ = "persons"
    __table_args__ = (one_of("district", District),)

    subject_id: int = Field(sa_column=subject_fk())
    name: str = Field(max_length=64)
    district: str = Field(max_length=6)
    resident_id_hash: bytes = Field(sa_column=Column(LargeBinary(32), nullable=False, unique=True))
    resident_id_masked: str = Field(max_length=18)
    resident_id_encrypted: bytes = Field(sa_column=Column(LargeBinary(64), nullable=False))
    #: The data-key version ``resident_id_encrypted`` is encrypted under (``keys rotate-data``).
    resident_id_key_version: int = Field(
        default=1,
        sa_column=Column(SmallInteger, nullable=False, server_default=text("1"), index=True),
    )


class EnterpriseRow(SQLModel, table=True):
    """A market entity; ``tax_grade`` and ``green_class`` mirror the latest rating and profile."""

    __tablename__ = "enterprises"
    __table_args__ = (
        one_of("district", District),
        one_of("size_class", SizeClass),
        one_of("tax_grade", TaxGrade),
        one_of("green_class", GreenActivityClass),
        Index("ix_enterprises_district_id", "district", "subject_id"),
        Index("ix_enterprises_size_class_id", "size_class", "subject_id"),
        Index("ix_enterprises_tax_grade_id", "tax_grade", "subject_id"),
        Index("ix_enterprises_green_class_id", "green_class", "subject_id"),
        Index("ix_enterprises_industry_code_id", "industry_code", "subject_id"),
        Index("ix_enterprises_name_id", "name", "subject_id"),
        Index("ix_enterprises_registered_on_id", "registered_on", "subject_id"),
    )

    subject_id: int = Field(sa_column=subject_fk())
    uscc: str = Field(max_length=18, unique=True)
    name: str = Field(max_length=200)
    industry_code: str = Field(max_length=5)
    district: str = Field(max_length=6)
    size_class: str = Field(max_length=8)
    registered_on: date
    registered_capital: Decimal = Field(sa_column=Column(Numeric(18, 2), nullable=False))
    tax_grade: str | None = Field(default=None, max_length=1)
    green_class: str | None = Field(default=None, max_length=32)


class MerchantRow(SQLModel, table=True):
    """An individual merchant in a commerce district."""

    __tablename__ = "merchants"
    __table_args__ = (
        one_of("district", District),
        Index("ix_merchants_commerce_district_id", "commerce_district", "subject_id"),
    )

    subject_id: int = Field(sa_column=subject_fk())
    uscc: str = Field(max_length=18, unique=True)
    name: str = Field(max_length=200)
    commerce_district: str = Field(max_length=100)
    district: str = Field(max_length=6)


class HouseholdRow(SQLModel, table=True):
    """A village household; its head is a person."""

    __tablename__ = "households"
    __table_args__ = (
        one_of("district", District),
        Index("uq_households_village_number", "village", "household_number", unique=True),
    )

    subject_id: int = Field(sa_column=subject_fk())
    village: str = Field(max_length=100)
    household_number: str = Field(max_length=32)
    district: str = Field(max_length=6)
    head_person_id: int | None = Field(
        default=None,
        sa_column=Column(BigId, ForeignKey("persons.subject_id", ondelete="SET NULL"), index=True),
    )
    member_count: int = Field(default=1, ge=1)


class TaxCreditRatingRow(SQLModel, table=True):
    """One year's tax credit rating of an enterprise, from the tax bureau."""

    __tablename__ = "tax_credit_ratings"
    __table_args__ = (
        one_of("grade", TaxGrade),
        Index("uq_tax_credit_ratings_enterprise_year", "enterprise_id", "year", unique=True),
    )

    id: int | None = Field(default=None, sa_type=BigId, primary_key=True)
    enterprise_id: int = Field(
        sa_column=Column(
            BigId, ForeignKey("enterprises.subject_id", ondelete="CASCADE"), nullable=False
        )
    )
    year: int
    grade: str = Field(max_length=1)
    score: Decimal = Field(sa_column=Column(Numeric(5, 2), nullable=False))


class GreenProfileRow(SQLModel, table=True):
    """An enterprise's green profile as of a date (one current profile per enterprise)."""

    __tablename__ = "green_profiles"
    __table_args__ = (one_of("activity_class", GreenActivityClass),)

    enterprise_id: int = Field(
        sa_column=Column(
            BigId, ForeignKey("enterprises.subject_id", ondelete="CASCADE"), primary_key=True
        )
    )
    activity_class: str = Field(max_length=32)
    emissions_tonnes: Decimal = Field(sa_column=Column(Numeric(14, 2), nullable=False))
    carbon_intensity: Decimal = Field(sa_column=Column(Numeric(10, 4), nullable=False))
    carbon_reduction_tonnes: Decimal = Field(sa_column=Column(Numeric(14, 2), nullable=False))
    esg_score: Decimal = Field(sa_column=Column(Numeric(5, 2), nullable=False))
    as_of: date


__all__ = [
    "EnterpriseRow",
    "GreenProfileRow",
    "HouseholdRow",
    "MerchantRow",
    "PersonRow",
    "SubjectRow",
    "TaxCreditRatingRow",
    "subject_fk",
]
