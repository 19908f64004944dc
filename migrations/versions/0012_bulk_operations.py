"""bulk operations: a partner's JSON Lines export of one connection, and its audit rows

``bulk_operations`` holds each operation and the worker's progress (objects and bytes
written, the root connection's cursor after the last page, a lease); a partial unique index
on ``partner_id`` where the status is CREATED or RUNNING allows one such operation per
partner. ``bulk_operation_events`` is the audit of starts, cancels, downloads and endings.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-06 06:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_BIG_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
_ACTIVE = "status IN ('CREATED', 'RUNNING')"


def upgrade() -> None:
    op.create_table(
        "bulk_operations",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("partner_id", sa.Integer(), nullable=False),
        sa.Column("partner_type", sa.String(length=32), nullable=False),
        sa.Column("client_id", sa.String(length=64), nullable=False),
        sa.Column("token_id", sa.String(length=64), nullable=False),
        sa.Column("scopes", sa.Text(), nullable=False),
        sa.Column("query", sa.Text(), nullable=False),
        sa.Column("document_id", sa.String(length=80), nullable=True),
        sa.Column("root_field", sa.String(length=64), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("error_code", sa.String(length=32), nullable=True),
        sa.Column("object_count", sa.BigInteger(), nullable=False),
        sa.Column("file_size", sa.BigInteger(), nullable=False),
        sa.Column("resume_cursor", sa.Text(), nullable=True),
        sa.Column("cancel_requested", sa.Boolean(), server_default="0", nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("completed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("lease_until", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "status IN ('CREATED', 'RUNNING', 'COMPLETED', 'FAILED', 'CANCELED')",
            name=op.f("ck_bulk_operations_status"),
        ),
        sa.CheckConstraint(
            "error_code IN ('QUERY_ERROR', 'ACCESS_DENIED', 'WORKER_LOST', 'INTERNAL_ERROR')",
            name=op.f("ck_bulk_operations_error_code"),
        ),
        sa.ForeignKeyConstraint(
            ["partner_id"],
            ["partners.id"],
            name=op.f("fk_bulk_operations_partner_id_partners"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bulk_operations")),
    )
    op.create_index(
        "uq_bulk_operations_active_partner",
        "bulk_operations",
        ["partner_id"],
        unique=True,
        sqlite_where=sa.text(_ACTIVE),
        postgresql_where=sa.text(_ACTIVE),
    )
    op.create_index(
        "ix_bulk_operations_claimable",
        "bulk_operations",
        ["created_at"],
        unique=False,
        sqlite_where=sa.text(_ACTIVE),
        postgresql_where=sa.text(_ACTIVE),
    )
    op.create_index(
        "ix_bulk_operations_partner_created",
        "bulk_operations",
        ["partner_id", "created_at"],
        unique=False,
    )
    op.create_table(
        "bulk_operation_events",
        sa.Column("id", _BIG_ID, nullable=False),
        sa.Column("operation_id", sa.String(length=32), nullable=False),
        sa.Column("event", sa.String(length=16), nullable=False),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("partner_id", sa.Integer(), nullable=True),
        sa.Column("client_id", sa.String(length=64), nullable=True),
        sa.Column("token_id", sa.String(length=64), nullable=True),
        sa.Column("request_id", sa.String(length=64), nullable=True),
        sa.Column("detail", sa.String(length=500), nullable=True),
        sa.CheckConstraint(
            "event IN ('STARTED', 'CANCELED', 'DOWNLOADED', 'COMPLETED', 'FAILED')",
            name=op.f("ck_bulk_operation_events_event"),
        ),
        sa.ForeignKeyConstraint(
            ["operation_id"],
            ["bulk_operations.id"],
            name=op.f("fk_bulk_operation_events_operation_id_bulk_operations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bulk_operation_events")),
    )
    op.create_index(
        "ix_bulk_operation_events_operation",
        "bulk_operation_events",
        ["operation_id", "id"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index("ix_bulk_operation_events_operation", table_name="bulk_operation_events")
    op.drop_table("bulk_operation_events")
    op.drop_index("ix_bulk_operations_partner_created", table_name="bulk_operations")
    op.drop_index(
        "ix_bulk_operations_claimable",
        table_name="bulk_operations",
        sqlite_where=sa.text(_ACTIVE),
        postgresql_where=sa.text(_ACTIVE),
    )
    op.drop_index(
        "uq_bulk_operations_active_partner",
        table_name="bulk_operations",
        sqlite_where=sa.text(_ACTIVE),
        postgresql_where=sa.text(_ACTIVE),
    )
    op.drop_table("bulk_operations")
