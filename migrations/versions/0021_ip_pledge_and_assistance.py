"""ip pledge and assistance: IP pledge loans (patents and trademarks pledged to banks), and
the department each exempt-from-penalty matter covers (seeded matters get theirs)

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

#: The department each matter of the starting list covers (as seeded at this revision).
MATTER_DEPARTMENTS = {
    "SJ-001": "market_supervision",
    "SJ-002": "market_supervision",
    "SJ-003": "market_supervision",
    "SJ-004": "market_supervision",
    "SJ-005": "market_supervision",
    "SW-001": "tax",
    "SW-002": "tax",
    "JT-001": "transport",
    "WS-001": "health",
    "ZF-001": "law_enforcement",
    "ZF-002": "law_enforcement",
    "ZF-003": "law_enforcement",
    "HB-001": "ecology_environment",
    "HB-002": "ecology_environment",
    "RS-001": "human_resources",
    "ZJ-001": "housing",
    "YJ-001": "emergency_management",
    "GA-001": "public_security",
    "SW-003": "commerce",
    "NY-001": "agriculture_rural",
}


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
    with op.batch_alter_table("exempt_matters") as batch:
        batch.add_column(sa.Column("department_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            op.f("fk_exempt_matters_department_id_departments"),
            "departments",
            ["department_id"],
            ["id"],
        )
    for code, department in MATTER_DEPARTMENTS.items():
        op.execute(
            sa.text(
                "UPDATE exempt_matters SET department_id = "
                "(SELECT id FROM departments WHERE code = :department) WHERE code = :code"
            ).bindparams(code=code, department=department)
        )


def downgrade() -> None:
    """Drop the IP pledge table and the matters' department."""
    with op.batch_alter_table("exempt_matters") as batch:
        batch.drop_constraint(
            op.f("fk_exempt_matters_department_id_departments"), type_="foreignkey"
        )
        batch.drop_column("department_id")
    op.drop_table("ip_pledges")
