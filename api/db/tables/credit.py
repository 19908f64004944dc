"""The tables of the credit engine: rule sets, evaluations, intake keys, exemptions, repair, outbox.

No ``from __future__ import annotations`` here (SQLModel reads the annotations). Evaluations
are a history (one row per evaluation); ``subject_scores`` holds each subject's current one, the
row partners read and banks filter on.
"""

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    text,
)
from sqlmodel import Field, SQLModel

from api.db.tables.base import one_of
from api.db.types import BigId, UTCDateTime
from api.domain.credit.codes import CreditGrade
from api.domain.credit.model import EvaluationCause
from api.domain.credit.repair import NoticeKind, RepairState
from api.domain.records.model import Severity

#: Every colour a current evaluation can carry (integrity and merchant codes share names).
COLOUR_VALUES = ("blue", "green", "yellow", "orange", "red")


def _colour_check() -> CheckConstraint:
    values = ", ".join(f"'{value}'" for value in COLOUR_VALUES)
    return CheckConstraint(f"colour IN ({values})", name="colour")


def _fk(target: str, *, nullable: bool = False, ondelete: str = "CASCADE") -> Column[int]:
    return Column(BigId, ForeignKey(target, ondelete=ondelete), nullable=nullable)


class RuleSetRow(SQLModel, table=True):
    """A published rule set; at most one is active (a partial unique index says so)."""

    __tablename__ = "rule_sets"
    __table_args__ = (
        Index(
            "uq_rule_sets_active",
            "active",
            unique=True,
            sqlite_where=text("active"),
            postgresql_where=text("active"),
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    version: str = Field(max_length=32, unique=True)
    effective_from: date
    parameters: str = Field(sa_column=Column(Text, nullable=False))
    active: bool = Field(sa_column=Column(Boolean, nullable=False))
    published_at: datetime = Field(sa_type=UTCDateTime)
    published_by_client_id: str | None = Field(default=None, max_length=64)


class EvaluationRow(SQLModel, table=True):
    """One evaluation of a subject, kept forever (the history)."""

    __tablename__ = "evaluations"
    __table_args__ = (
        one_of("grade", CreditGrade),
        one_of("cause", EvaluationCause),
        _colour_check(),
        Index("ix_evaluations_subject_newest", "subject_id", "id"),
    )

    id: int | None = Field(default=None, sa_type=BigId, primary_key=True)
    subject_id: int = Field(sa_column=_fk("subjects.id"))
    rule_set_version: str = Field(max_length=32)
    score: int
    grade: str = Field(max_length=1)
    colour: str | None = Field(default=None, max_length=8)
    red_flag: bool = Field(sa_column=Column(Boolean, nullable=False))
    base_score: int
    #: JSON list of [code, points, record_id, detail], largest effect first.
    factors: str = Field(sa_column=Column(Text, nullable=False))
    evaluated_at: datetime = Field(sa_type=UTCDateTime)
    cause: str = Field(max_length=24)


class SubjectScoreRow(SQLModel, table=True):
    """A subject's current evaluation (a copy of its newest history row, for fast reads)."""

    __tablename__ = "subject_scores"
    __table_args__ = (
        one_of("grade", CreditGrade),
        _colour_check(),
        Index("ix_subject_scores_grade_id", "grade", "subject_id"),
        Index("ix_subject_scores_colour_id", "colour", "subject_id"),
    )

    subject_id: int = Field(
        sa_column=Column(BigId, ForeignKey("subjects.id", ondelete="CASCADE"), primary_key=True)
    )
    evaluation_id: int = Field(sa_column=_fk("evaluations.id"))
    score: int
    grade: str = Field(max_length=1)
    colour: str | None = Field(default=None, max_length=8)
    evaluated_at: datetime = Field(sa_type=UTCDateTime)


class RecordIntakeRow(SQLModel, table=True):
    """An idempotency key of record intake: first use wins, a retry replays its record."""

    __tablename__ = "record_intakes"
    __table_args__ = (
        Index("uq_record_intakes_partner_key", "partner_id", "idempotency_key", unique=True),
    )

    id: int | None = Field(default=None, sa_type=BigId, primary_key=True)
    partner_id: int = Field(
        sa_column=Column(Integer, ForeignKey("partners.id", ondelete="CASCADE"), nullable=False)
    )
    idempotency_key: str = Field(max_length=128)
    fingerprint: str = Field(max_length=64)
    record_id: int | None = Field(
        default=None, sa_column=_fk("credit_records.id", nullable=True, ondelete="SET NULL")
    )
    created_at: datetime = Field(sa_type=UTCDateTime)


class ExemptMatterRow(SQLModel, table=True):
    """A matter on the exempt-from-penalty list."""

    __tablename__ = "exempt_matters"

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=32, unique=True)
    description: str = Field(max_length=500)
    conditions: str = Field(max_length=1000)
    guidance: str = Field(max_length=1000)
    window_months: int = Field(ge=1)
    active: bool = Field(sa_column=Column(Boolean, nullable=False))
    created_at: datetime = Field(sa_type=UTCDateTime)
    retired_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    #: The department whose penalties the matter covers; null for any department's.
    department_id: int | None = Field(
        default=None,
        sa_column=Column(Integer, ForeignKey("departments.id"), nullable=True),
    )


class ExemptionRow(SQLModel, table=True):
    """A record exempted under a listed matter (the window counts these)."""

    __tablename__ = "exemptions"
    __table_args__ = (
        Index("ix_exemptions_subject_matter_day", "subject_id", "matter_id", "occurred_on"),
    )

    record_id: int = Field(
        sa_column=Column(
            BigId, ForeignKey("credit_records.id", ondelete="CASCADE"), primary_key=True
        )
    )
    matter_id: int = Field(
        sa_column=Column(Integer, ForeignKey("exempt_matters.id"), nullable=False, index=True)
    )
    subject_id: int = Field(sa_column=_fk("subjects.id"))
    occurred_on: date


class RepairCaseRow(SQLModel, table=True):
    """The repair case of one repairable record; ``version`` guards every transition."""

    __tablename__ = "repair_cases"
    __table_args__ = (
        one_of("severity", Severity),
        one_of("state", RepairState),
        Index("ix_repair_cases_state_eligible", "state", "eligible_on"),
        Index("ix_repair_cases_state_follow_up", "state", "follow_up_due_on"),
        Index("ix_repair_cases_subject_id", "subject_id", "id"),
    )

    id: int | None = Field(default=None, sa_type=BigId, primary_key=True)
    record_id: int = Field(
        sa_column=Column(
            BigId, ForeignKey("credit_records.id", ondelete="CASCADE"), nullable=False, unique=True
        )
    )
    subject_id: int = Field(sa_column=_fk("subjects.id"))
    severity: str = Field(max_length=8)
    state: str = Field(max_length=16)
    opened_on: date
    eligible_on: date
    commitment: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    applied_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    applied_by_client_id: str | None = Field(default=None, max_length=64)
    decided_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    decided_by_client_id: str | None = Field(default=None, max_length=64)
    decision_reason: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    follow_up_due_on: date | None = None
    version: int = 1
    updated_at: datetime = Field(sa_type=UTCDateTime)


class OutboxRow(SQLModel, table=True):
    """A message due to a subject; ``dedupe_key`` makes every notice exist once."""

    __tablename__ = "outbox"
    __table_args__ = (
        one_of("kind", NoticeKind),
        Index("ix_outbox_undelivered", "delivered_at", "id"),
    )

    id: int | None = Field(default=None, sa_type=BigId, primary_key=True)
    kind: str = Field(max_length=32)
    dedupe_key: str = Field(sa_column=Column(String(96), nullable=False, unique=True))
    subject_id: int = Field(sa_column=_fk("subjects.id"))
    repair_id: int | None = Field(
        default=None, sa_column=_fk("repair_cases.id", nullable=True, ondelete="CASCADE")
    )
    due_on: date
    payload: str = Field(sa_column=Column(Text, nullable=False))
    created_at: datetime = Field(sa_type=UTCDateTime)
    delivered_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
