"""tax credit inputs: the idempotency keys of the tax bureau's tax credit rating reports, and
banks' monthly lending volumes (for the green share of all lending)

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-06 07:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0019"
down_revision: str | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_BIG_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    """Create ``tax_rating_writes`` and ``bank_lending_volumes``."""
    op.create_table(
        "tax_rating_writes",
        sa.Column("partner_id", sa.Integer(), nullable=False),
        sa.Column("idempotency_key", sa.String(length=128), nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("rating_id", _BIG_ID, nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["partner_id"],
            ["partners.id"],
            name=op.f("fk_tax_rating_writes_partner_id_partners"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["rating_id"],
            ["tax_credit_ratings.id"],
            name=op.f("fk_tax_rating_writes_rating_id_tax_credit_ratings"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("partner_id", "idempotency_key", name=op.f("pk_tax_rating_writes")),
    )
    op.create_table(
        "bank_lending_volumes",
        sa.Column("bank_id", sa.Integer(), nullable=False),
        sa.Column("period", sa.String(length=7), nullable=False),
        sa.Column("total_amount", sa.Numeric(18, 2), nullable=False),
        sa.Column("green_amount", sa.Numeric(18, 2), nullable=False),
        sa.Column("reported_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "green_amount >= 0 AND green_amount <= total_amount",
            name=op.f("ck_bank_lending_volumes_green_part"),
        ),
        sa.ForeignKeyConstraint(
            ["bank_id"],
            ["partners.id"],
            name=op.f("fk_bank_lending_volumes_bank_id_partners"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("bank_id", "period", name=op.f("pk_bank_lending_volumes")),
    )


def downgrade() -> None:
    """Drop ``bank_lending_volumes`` and ``tax_rating_writes``."""
    op.drop_table("bank_lending_volumes")
    op.drop_table("tax_rating_writes")
