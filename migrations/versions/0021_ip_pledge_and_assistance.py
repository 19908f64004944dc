"""ip pledge and assistance: IP pledge loans (patents and trademarks pledged to banks)

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-06 07:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0021"
down_revision: str | None = "0020"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_BIG_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    """Create the IP pledge table."""
    op.create_table(
        "ip_pledges",
        sa.Column("id", _BIG_ID, nullable=False),
        sa.Column("bank_id", sa.Integer(), nullable=False),
        sa.Column("enterprise_id", _BIG_ID, nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("registration_number", sa.String(length=20), nullable=False),
        sa.Column("pledge_registered_on", sa.Date(), nullable=False),
        sa.Column("valuation", sa.Numeric(16, 2), nullable=False),
        sa.Column("loan_amount", sa.Numeric(16, 2), nullable=False),
        sa.Column("applied_on", sa.Date(), nullable=False),
        sa.Column("loaned_on", sa.Date(), nullable=False),
        sa.Column("idempotency_key", sa.String(length=128), nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("kind IN ('patent', 'trademark')", name=op.f("ck_ip_pledges_kind")),
        sa.CheckConstraint(
            "loan_amount <= valuation", name=op.f("ck_ip_pledges_loan_within_valuation")
        ),
        sa.CheckConstraint(
            "applied_on <= pledge_registered_on AND pledge_registered_on <= loaned_on",
            name=op.f("ck_ip_pledges_dates_in_order"),
        ),
        sa.ForeignKeyConstraint(
            ["bank_id"],
            ["partners.id"],
            name=op.f("fk_ip_pledges_bank_id_partners"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["enterprise_id"],
            ["enterprises.subject_id"],
            name=op.f("fk_ip_pledges_enterprise_id_enterprises"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ip_pledges")),
    )
    op.create_index(
        "uq_ip_pledges_bank_key", "ip_pledges", ["bank_id", "idempotency_key"], unique=True
    )
    op.create_index(
        "uq_ip_pledges_right_day",
        "ip_pledges",
        ["kind", "registration_number", "pledge_registered_on"],
        unique=True,
    )
    op.create_index("ix_ip_pledges_loaned_on", "ip_pledges", ["loaned_on"])
    op.create_index(op.f("ix_ip_pledges_enterprise_id"), "ip_pledges", ["enterprise_id"])


def downgrade() -> None:
    """Drop the IP pledge table."""
    op.drop_table("ip_pledges")
