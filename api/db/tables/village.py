"""The tables of village households and civility points: villages and their committees, the
point rules in versions, household files and members, entries, model-household nominations,
and the idempotency keys of village writes.

No ``from __future__ import annotations`` here (SQLModel reads the annotations). Foreign keys
name their tables as strings; this module imports only ``base``, the column types and the
domain.
"""

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Column, ForeignKey, Index, Integer, PrimaryKeyConstraint
from sqlmodel import Field, SQLModel

from api.db.tables.base import one_of
from api.db.types import BigId, UTCDateTime
from api.domain.subjects.model import District
from api.domain.village.model import EntryKind, NominationStatus


class VillageRow(SQLModel, table=True):
    """A village that keeps civility files, and the committee partner that runs it."""

    __tablename__ = "villages"
    __table_args__ = (one_of("district", District),)

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=100, unique=True)
    name_pinyin: str = Field(max_length=100)
    district: str = Field(max_length=6)
    township: str = Field(max_length=100)
    committee_partner_id: int | None = Field(
        default=None,
        sa_column=Column(
            Integer, ForeignKey("partners.id", ondelete="SET NULL"), nullable=True, unique=True
        ),
    )


class HouseholdMemberRow(SQLModel, table=True):
    """A person in a household (one household per person); the head is listed too."""

    __tablename__ = "household_members"
    __table_args__ = (PrimaryKeyConstraint("household_id", "person_id"),)

    household_id: int = Field(
        sa_column=Column(
            BigId, ForeignKey("households.subject_id", ondelete="CASCADE"), nullable=False
        )
    )
    person_id: int = Field(
        sa_column=Column(
            BigId,
            ForeignKey("persons.subject_id", ondelete="CASCADE"),
            nullable=False,
            unique=True,
        )
    )
    relation: str = Field(max_length=16)


class VillageRuleRow(SQLModel, table=True):
    """One version of a village rule (村规民约) with its points and yearly cap."""

    __tablename__ = "village_rules"
    __table_args__ = (
        Index(
            "uq_village_rules_village_code_version", "village_id", "code", "version", unique=True
        ),
        CheckConstraint("points <> 0", name="points_not_zero"),
    )

    id: int | None = Field(default=None, sa_type=BigId, primary_key=True)
    village_id: int = Field(
        sa_column=Column(Integer, ForeignKey("villages.id", ondelete="CASCADE"), nullable=False)
    )
    code: str = Field(max_length=32)
    version: int
    description: str = Field(max_length=200)
    points: int
    yearly_cap: int | None = None
    valid_from: datetime = Field(sa_type=UTCDateTime)
    retired_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class HouseholdFileRow(SQLModel, table=True):
    """One household, one file: opened once, held while an entry is written to it."""

    __tablename__ = "household_files"

    household_id: int = Field(
        sa_column=Column(
            BigId, ForeignKey("households.subject_id", ondelete="CASCADE"), primary_key=True
        )
    )
    village_id: int = Field(
        sa_column=Column(
            Integer, ForeignKey("villages.id", ondelete="CASCADE"), nullable=False, index=True
        )
    )
    opened_at: datetime = Field(sa_type=UTCDateTime)


class CivilityEntryRow(SQLModel, table=True):
    """An entry of a household's file: points under a rule version, or a correction of one."""

    __tablename__ = "civility_entries"
    __table_args__ = (
        one_of("kind", EntryKind),
        Index("ix_civility_entries_household_day", "household_id", "occurred_on", "id"),
        Index("ix_civility_entries_village_day", "village_id", "occurred_on"),
    )

    id: int | None = Field(default=None, sa_type=BigId, primary_key=True)
    household_id: int = Field(
        sa_column=Column(
            BigId,
            ForeignKey("household_files.household_id", ondelete="CASCADE"),
            nullable=False,
        )
    )
    village_id: int = Field(
        sa_column=Column(Integer, ForeignKey("villages.id", ondelete="CASCADE"), nullable=False)
    )
    rule_id: int = Field(
        sa_column=Column(BigId, ForeignKey("village_rules.id"), nullable=False, index=True)
    )
    kind: str = Field(max_length=24)
    points: int
    requested_points: int
    occurred_on: date
    note: str = Field(max_length=500)
    evidence_reference: str | None = Field(default=None, max_length=200)
    recorded_by: str = Field(max_length=64)
    partner_id: int = Field(
        sa_column=Column(Integer, ForeignKey("partners.id"), nullable=False, index=True)
    )
    recorded_at: datetime = Field(sa_type=UTCDateTime)
    corrects_entry_id: int | None = Field(
        default=None,
        sa_column=Column(BigId, ForeignKey("civility_entries.id"), nullable=True, unique=True),
    )
    corrected_by_entry_id: int | None = Field(default=None, sa_type=BigId)


class ModelHouseholdNominationRow(SQLModel, table=True):
    """A household nominated as a year's model household (诚信示范户), and the decision."""

    __tablename__ = "model_household_nominations"
    __table_args__ = (
        one_of("status", NominationStatus),
        Index("uq_model_household_nominations_household_year", "household_id", "year", unique=True),
        Index("ix_model_household_nominations_year_status", "year", "status"),
    )

    id: int | None = Field(default=None, sa_type=BigId, primary_key=True)
    household_id: int = Field(
        sa_column=Column(
            BigId, ForeignKey("households.subject_id", ondelete="CASCADE"), nullable=False
        )
    )
    village_id: int = Field(
        sa_column=Column(Integer, ForeignKey("villages.id", ondelete="CASCADE"), nullable=False)
    )
    year: int
    points: int
    status: str = Field(max_length=16)
    nominated_at: datetime = Field(sa_type=UTCDateTime)
    decided_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    decision_reason: str | None = Field(default=None, max_length=500)


class ModelHouseholdHonourRow(SQLModel, table=True):
    """The honour record an approval gave one member of a model household."""

    __tablename__ = "model_household_honours"
    __table_args__ = (PrimaryKeyConstraint("nomination_id", "record_id"),)

    nomination_id: int = Field(
        sa_column=Column(
            BigId,
            ForeignKey("model_household_nominations.id", ondelete="CASCADE"),
            nullable=False,
        )
    )
    record_id: int = Field(
        sa_column=Column(BigId, ForeignKey("credit_records.id", ondelete="CASCADE"), nullable=False)
    )


class VillageWriteRow(SQLModel, table=True):
    """An idempotency key of a village write, and the id of what it produced."""

    __tablename__ = "village_writes"
    __table_args__ = (PrimaryKeyConstraint("partner_id", "idempotency_key"),)

    partner_id: int = Field(
        sa_column=Column(Integer, ForeignKey("partners.id", ondelete="CASCADE"), nullable=False)
    )
    idempotency_key: str = Field(max_length=128)
    fingerprint: str = Field(max_length=64)
    result_id: int | None = Field(default=None, sa_type=BigId)
    created_at: datetime = Field(sa_type=UTCDateTime)


__all__ = [
    "CivilityEntryRow",
    "HouseholdFileRow",
    "HouseholdMemberRow",
    "ModelHouseholdHonourRow",
    "ModelHouseholdNominationRow",
    "VillageRow",
    "VillageRuleRow",
    "VillageWriteRow",
]
