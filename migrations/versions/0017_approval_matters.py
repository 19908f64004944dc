"""approval matters: 信易批 approval matters and the commitments signed for them, with the
fast-track decision, the verified outcome and the credit record it became

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-06 07:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_BIG_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
_PENDING = "status = 'pending'"


def upgrade() -> None:
    """Create the catalogue of approval matters and the commitments table."""
    op.create_table(
        "approval_matters",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("department_code", sa.String(length=32), nullable=False),
        sa.Column("subject_kinds", sa.String(length=64), nullable=False),
        sa.Column("commitment", sa.Text(), nullable=False),
        sa.Column("waived", sa.Text(), nullable=False),
        sa.Column("standard_days", sa.Integer(), nullable=False),
        sa.Column("fast_track_days", sa.Integer(), nullable=False),
        sa.Column("verify_within_days", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_approval_matters")),
        sa.UniqueConstraint("code", name=op.f("uq_approval_matters_code")),
    )
    op.create_index(
        op.f("ix_approval_matters_department_code"),
        "approval_matters",
        ["department_code"],
        unique=False,
    )
    op.create_table(
        "approval_commitments",
        sa.Column("id", _BIG_ID, nullable=False),
        sa.Column("reference", sa.String(length=32), nullable=False),
        sa.Column("matter_id", sa.Integer(), nullable=False),
        sa.Column("subject_id", _BIG_ID, nullable=False),
        sa.Column("subject_kind", sa.String(length=16), nullable=False),
        sa.Column("partner_id", sa.Integer(), nullable=False),
        sa.Column("idempotency_key", sa.String(length=128), nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("reasons", sa.Text(), nullable=False),
        sa.Column("signed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("verify_by", sa.Date(), nullable=True),
        sa.Column("verified_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("verified_by_partner_id", sa.Integer(), nullable=True),
        sa.Column("outcome_key", sa.String(length=128), nullable=True),
        sa.Column("record_id", _BIG_ID, nullable=True),
        sa.CheckConstraint(
            "status IN ('refused', 'pending', 'kept', 'broken')",
            name=op.f("ck_approval_commitments_status"),
        ),
        sa.CheckConstraint(
            "subject_kind IN ('person', 'enterprise', 'merchant', 'household')",
            name=op.f("ck_approval_commitments_subject_kind"),
        ),
        sa.ForeignKeyConstraint(
            ["matter_id"],
            ["approval_matters.id"],
            name=op.f("fk_approval_commitments_matter_id_approval_matters"),
        ),
        sa.ForeignKeyConstraint(
            ["subject_id"],
            ["subjects.id"],
            name=op.f("fk_approval_commitments_subject_id_subjects"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["partner_id"],
            ["partners.id"],
            name=op.f("fk_approval_commitments_partner_id_partners"),
        ),
        sa.ForeignKeyConstraint(
            ["verified_by_partner_id"],
            ["partners.id"],
            name=op.f("fk_approval_commitments_verified_by_partner_id_partners"),
        ),
        sa.ForeignKeyConstraint(
            ["record_id"],
            ["credit_records.id"],
            name=op.f("fk_approval_commitments_record_id_credit_records"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_approval_commitments")),
        sa.UniqueConstraint("reference", name=op.f("uq_approval_commitments_reference")),
    )
    op.create_index(
        "uq_approval_commitments_partner_key",
        "approval_commitments",
        ["partner_id", "idempotency_key"],
        unique=True,
    )
    op.create_index(
        "uq_approval_commitments_pending",
        "approval_commitments",
        ["subject_id", "matter_id"],
        unique=True,
        sqlite_where=sa.text(_PENDING),
        postgresql_where=sa.text(_PENDING),
    )
    op.create_index(
        "ix_approval_commitments_due",
        "approval_commitments",
        ["status", "verify_by"],
        unique=False,
    )
    op.create_index(
        "ix_approval_commitments_subject_status",
        "approval_commitments",
        ["subject_id", "status"],
        unique=False,
    )


def downgrade() -> None:
    """Drop the commitments, then the catalogue."""
    op.drop_index("ix_approval_commitments_subject_status", table_name="approval_commitments")
    op.drop_index("ix_approval_commitments_due", table_name="approval_commitments")
    op.drop_index(
        "uq_approval_commitments_pending",
        table_name="approval_commitments",
        sqlite_where=sa.text(_PENDING),
        postgresql_where=sa.text(_PENDING),
    )
    op.drop_index("uq_approval_commitments_partner_key", table_name="approval_commitments")
    op.drop_table("approval_commitments")
    op.drop_index(op.f("ix_approval_matters_department_code"), table_name="approval_matters")
    op.drop_table("approval_matters")
