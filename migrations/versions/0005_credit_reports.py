"""credit reports: issued special credit reports (number, subject, period, hash, signing key)

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-27 10:05:00.000000

A report keeps what verifying it needs (its content hash and the kid of the key that signed
it), not its content. The foreign key to ``signing_keys`` refuses to delete a key while a
report relies on it.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_BIG_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
_PURPOSES = "purpose IN ('pay_after_treatment', 'mobility_discount', 'credit_loan', 'tax_credit_loan', 'green_loan_matching', 'post_loan_monitoring', 'incentive_eligibility', 'credit_supervision', 'subject_self_service')"


def upgrade() -> None:
    op.create_table(
        "credit_reports",
        sa.Column("number", sa.String(length=32), nullable=False),
        sa.Column("subject_id", _BIG_ID, nullable=False),
        sa.Column("subject_kind", sa.String(length=16), nullable=False),
        sa.Column("period_from", sa.Date(), nullable=False),
        sa.Column("period_until", sa.Date(), nullable=False),
        sa.Column("domains", sa.String(length=200), nullable=False),
        sa.Column("issued_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("valid_until", sa.DateTime(timezone=True), nullable=False),
        sa.Column("content_hash", sa.LargeBinary(length=32), nullable=False),
        sa.Column("key_id", sa.String(length=64), nullable=False),
        sa.Column("purpose", sa.String(length=32), nullable=False),
        sa.Column("issuer_partner_id", sa.Integer(), nullable=False),
        sa.Column("issuer_client_id", sa.String(length=64), nullable=False),
        sa.CheckConstraint(
            "subject_kind IN ('person', 'enterprise')", name=op.f("ck_credit_reports_subject_kind")
        ),
        sa.CheckConstraint(_PURPOSES, name=op.f("ck_credit_reports_purpose")),
        sa.CheckConstraint(
            "period_until >= period_from", name=op.f("ck_credit_reports_period_in_order")
        ),
        sa.CheckConstraint(
            "valid_until > issued_at", name=op.f("ck_credit_reports_valid_after_issue")
        ),
        sa.ForeignKeyConstraint(
            ["subject_id"],
            ["subjects.id"],
            name=op.f("fk_credit_reports_subject_id_subjects"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["key_id"],
            ["signing_keys.kid"],
            name=op.f("fk_credit_reports_key_id_signing_keys"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("number", name=op.f("pk_credit_reports")),
    )
    with op.batch_alter_table("credit_reports", schema=None) as batch_op:
        batch_op.create_index(
            "ix_credit_reports_subject_issued", ["subject_id", "issued_at"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("credit_reports", schema=None) as batch_op:
        batch_op.drop_index("ix_credit_reports_subject_issued")
    op.drop_table("credit_reports")
