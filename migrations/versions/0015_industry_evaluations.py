"""industry evaluations: industry schemes, evaluations and graded supervision

The three schemes (green wharves, live-streaming rooms, catering) are versioned data in the
code (``api.domain.industry.schemes``); the evaluated subjects and their observations are
tables. An inspection result is an observation of its scheme's inspection indicator.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-06 06:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_BIG_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
_DISTRICTS = "'330502', '330503', '330521', '330522', '330523'"
_INDUSTRIES = "'green_wharf', 'live_streaming', 'catering'"


def upgrade() -> None:
    """Create the subjects and observations tables."""
    op.create_table(
        "industry_subjects",
        sa.Column("id", _BIG_ID, autoincrement=True, nullable=False),
        sa.Column("industry", sa.String(length=16), nullable=False),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("district", sa.String(length=6), nullable=False),
        sa.Column("enterprise_id", _BIG_ID, nullable=True),
        sa.CheckConstraint(
            f"industry IN ({_INDUSTRIES})", name=op.f("ck_industry_subjects_industry")
        ),
        sa.CheckConstraint(
            f"district IN ({_DISTRICTS})", name=op.f("ck_industry_subjects_district")
        ),
        sa.ForeignKeyConstraint(
            ["enterprise_id"],
            ["enterprises.subject_id"],
            name=op.f("fk_industry_subjects_enterprise_id_enterprises"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_industry_subjects")),
    )
    op.create_index("uq_industry_subjects_code", "industry_subjects", ["code"], unique=True)
    op.create_index("ix_industry_subjects_industry_code", "industry_subjects", ["industry", "code"])
    op.create_table(
        "industry_observations",
        sa.Column("id", _BIG_ID, autoincrement=True, nullable=False),
        sa.Column("subject_id", _BIG_ID, nullable=False),
        sa.Column("indicator", sa.String(length=32), nullable=False),
        sa.Column("department", sa.String(length=32), nullable=False),
        sa.Column("value", sa.Numeric(7, 1), nullable=False),
        sa.Column("observed_on", sa.Date(), nullable=False),
        sa.Column("note", sa.String(length=500), nullable=True),
        sa.Column("recorded_by", sa.Integer(), nullable=True),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("key_scope", sa.String(length=32), nullable=False),
        sa.Column("idempotency_key", sa.String(length=128), nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["subject_id"],
            ["industry_subjects.id"],
            name=op.f("fk_industry_observations_subject_id_industry_subjects"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by"],
            ["partners.id"],
            name=op.f("fk_industry_observations_recorded_by_partners"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_industry_observations")),
    )
    op.create_index(
        "ix_industry_observations_subject",
        "industry_observations",
        ["subject_id", "indicator", "observed_on"],
    )
    op.create_index(
        "uq_industry_observations_key",
        "industry_observations",
        ["key_scope", "idempotency_key"],
        unique=True,
    )


def downgrade() -> None:
    """Drop them."""
    op.drop_table("industry_observations")
    op.drop_table("industry_subjects")
