"""The tables of repair outreach: acknowledgements of notices and the results of follow-ups.

No ``from __future__ import annotations`` here (SQLModel reads the annotations). The notices
themselves are the credit engine's ``outbox`` rows; foreign keys name tables as strings.
"""

from datetime import datetime

from sqlalchemy import Column, ForeignKey, String, Text
from sqlmodel import Field, SQLModel

from api.db.tables.base import one_of
from api.db.types import BigId, UTCDateTime
from api.domain.outreach.model import Channel, FollowUpResult


class NoticeAcknowledgementRow(SQLModel, table=True):
    """A notice acknowledged once: by the person in the citizen app, or by the office."""

    __tablename__ = "notice_acknowledgements"
    __table_args__ = (one_of("via", Channel),)

    notice_id: int = Field(
        sa_column=Column(BigId, ForeignKey("outbox.id", ondelete="CASCADE"), primary_key=True)
    )
    via: str = Field(max_length=16)
    acknowledged_at: datetime = Field(sa_type=UTCDateTime)


class FollowUpResultRow(SQLModel, table=True):
    """What a repair's follow-up visit found; one per repair case."""

    __tablename__ = "repair_follow_up_results"
    __table_args__ = (one_of("result", FollowUpResult),)

    repair_id: int = Field(
        sa_column=Column(BigId, ForeignKey("repair_cases.id", ondelete="CASCADE"), primary_key=True)
    )
    result: str = Field(max_length=16)
    note: str = Field(sa_column=Column(Text, nullable=False))
    recorded_by_client_id: str = Field(max_length=64)
    idempotency_key: str = Field(sa_column=Column(String(128), nullable=False))
    recorded_at: datetime = Field(sa_type=UTCDateTime)
