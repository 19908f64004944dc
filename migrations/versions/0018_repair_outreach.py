"""repair outreach: acknowledgements of repair notices and the results of follow-up visits

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-06 07:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0018"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_BIG_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    """Create the acknowledgement and follow-up result tables."""
    op.create_table(
        "notice_acknowledgements",
        sa.Column("notice_id", _BIG_ID, nullable=False),
        sa.Column("via", sa.String(length=16), nullable=False),
        sa.Column("acknowledged_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "via IN ('citizen_app', 'office_queue')", name=op.f("ck_notice_acknowledgements_via")
        ),
        sa.ForeignKeyConstraint(
            ["notice_id"],
            ["outbox.id"],
            name=op.f("fk_notice_acknowledgements_notice_id_outbox"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("notice_id", name=op.f("pk_notice_acknowledgements")),
    )
    op.create_table(
        "repair_follow_up_results",
        sa.Column("repair_id", _BIG_ID, nullable=False),
        sa.Column("result", sa.String(length=16), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("recorded_by_client_id", sa.String(length=64), nullable=False),
        sa.Column("idempotency_key", sa.String(length=128), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "result IN ('kept', 'relapsed', 'unreachable')",
            name=op.f("ck_repair_follow_up_results_result"),
        ),
        sa.ForeignKeyConstraint(
            ["repair_id"],
            ["repair_cases.id"],
            name=op.f("fk_repair_follow_up_results_repair_id_repair_cases"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("repair_id", name=op.f("pk_repair_follow_up_results")),
    )


def downgrade() -> None:
    """Drop them."""
    op.drop_table("repair_follow_up_results")
    op.drop_table("notice_acknowledgements")
