"""The tables of bulk operations: the operations and their audit rows.

No ``from __future__ import annotations`` here (SQLModel reads the annotations). One partial
unique index holds a partner to one operation CREATED or RUNNING at a time.
"""

from datetime import datetime

from sqlalchemy import BigInteger, Boolean, Column, ForeignKey, Index, Integer, String, Text, text
from sqlmodel import Field, SQLModel

from api.db.tables.base import one_of
from api.db.types import BigId, UTCDateTime
from api.domain.bulk.model import BulkEvent, BulkFailure, BulkOperationStatus

#: The statuses that hold a partner's one running slot, as SQL (the partial index's WHERE).
ACTIVE_SQL = "status IN ('CREATED', 'RUNNING')"


class BulkOperationRow(SQLModel, table=True):
    """One partner's export of one connection, and the worker's progress through it."""

    __tablename__ = "bulk_operations"
    __table_args__ = (
        one_of("status", BulkOperationStatus),
        one_of("error_code", BulkFailure),
        Index(
            "uq_bulk_operations_active_partner",
            "partner_id",
            unique=True,
            sqlite_where=text(ACTIVE_SQL),
            postgresql_where=text(ACTIVE_SQL),
        ),
        Index(
            "ix_bulk_operations_claimable",
            "created_at",
            sqlite_where=text(ACTIVE_SQL),
            postgresql_where=text(ACTIVE_SQL),
        ),
        Index("ix_bulk_operations_partner_created", "partner_id", "created_at"),
    )

    id: str = Field(sa_column=Column(String(32), primary_key=True))
    partner_id: int = Field(
        sa_column=Column(Integer, ForeignKey("partners.id", ondelete="CASCADE"), nullable=False)
    )
    partner_type: str = Field(max_length=32)
    client_id: str = Field(max_length=64)
    token_id: str = Field(max_length=64)
    #: The starting token's scopes (space-separated): the worker reads with exactly these.
    scopes: str = Field(sa_column=Column(Text, nullable=False))
    query: str = Field(sa_column=Column(Text, nullable=False))
    document_id: str | None = Field(default=None, max_length=80)
    root_field: str = Field(max_length=64)
    status: str = Field(max_length=16)
    error_code: str | None = Field(default=None, max_length=32)
    object_count: int = Field(default=0, sa_column=Column(BigInteger, nullable=False))
    file_size: int = Field(default=0, sa_column=Column(BigInteger, nullable=False))
    #: The root connection's end cursor after the last page written (where a resume starts).
    resume_cursor: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    cancel_requested: bool = Field(
        default=False, sa_column=Column(Boolean, nullable=False, server_default="0")
    )
    created_at: datetime = Field(sa_type=UTCDateTime)
    started_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    completed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    #: A RUNNING operation whose lease has passed lost its worker: another one resumes it.
    lease_until: datetime | None = Field(default=None, sa_type=UTCDateTime)


class BulkOperationEventRow(SQLModel, table=True):
    """The audit of bulk operations: started, cancelled, downloaded, completed, failed."""

    __tablename__ = "bulk_operation_events"
    __table_args__ = (
        one_of("event", BulkEvent),
        Index("ix_bulk_operation_events_operation", "operation_id", "id"),
    )

    id: int | None = Field(default=None, sa_type=BigId, primary_key=True)
    operation_id: str = Field(
        sa_column=Column(
            String(32), ForeignKey("bulk_operations.id", ondelete="CASCADE"), nullable=False
        )
    )
    event: str = Field(max_length=16)
    occurred_at: datetime = Field(sa_type=UTCDateTime)
    partner_id: int | None = Field(default=None, sa_column=Column(Integer, nullable=True))
    client_id: str | None = Field(default=None, max_length=64)
    token_id: str | None = Field(default=None, max_length=64)
    request_id: str | None = Field(default=None, max_length=64)
    detail: str | None = Field(default=None, max_length=500)


__all__ = ["ACTIVE_SQL", "BulkOperationEventRow", "BulkOperationRow"]
