"""partner quotas: per-partner quota overrides and daily usage (filled by the quota work)

``partner_usage`` holds each partner's requests, cost points and throttled requests per day
(the city's calendar day); the workers add to it with atomic upserts. ``partner_quotas``
holds the buckets the credit office gives single partners instead of their type's.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-06 06:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Create ``partner_usage`` and ``partner_quotas``."""
    op.create_table(
        "partner_usage",
        sa.Column("partner_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("requests", sa.BigInteger(), nullable=False),
        sa.Column("cost", sa.BigInteger(), nullable=False),
        sa.Column("throttled", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["partner_id"],
            ["partners.id"],
            name=op.f("fk_partner_usage_partner_id_partners"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("partner_id", "day", name=op.f("pk_partner_usage")),
    )
    op.create_index(op.f("ix_partner_usage_day"), "partner_usage", ["day"])
    op.create_table(
        "partner_quotas",
        sa.Column("partner_id", sa.Integer(), nullable=False),
        sa.Column("bucket_size", sa.Integer(), nullable=False),
        sa.Column("restore_rate", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.Text(), nullable=True),
        sa.CheckConstraint("bucket_size >= 1", name=op.f("ck_partner_quotas_bucket_size")),
        sa.CheckConstraint(
            "restore_rate >= 1 AND restore_rate <= bucket_size",
            name=op.f("ck_partner_quotas_restore_rate"),
        ),
        sa.ForeignKeyConstraint(
            ["partner_id"],
            ["partners.id"],
            name=op.f("fk_partner_quotas_partner_id_partners"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("partner_id", name=op.f("pk_partner_quotas")),
    )


def downgrade() -> None:
    """Drop both tables."""
    op.drop_table("partner_quotas")
    op.drop_index(op.f("ix_partner_usage_day"), table_name="partner_usage")
    op.drop_table("partner_usage")
