"""tax credit inputs: the idempotency keys of the tax bureau's tax credit rating reports

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
    """Create ``tax_rating_writes`` (one row per tax bureau and idempotency key)."""
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


def downgrade() -> None:
    """Drop ``tax_rating_writes``."""
    op.drop_table("tax_rating_writes")
