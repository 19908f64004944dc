"""incentive operators: operator types per incentive scenario, once-only use rules

Adds ``incentive_scenario_operators`` (every partner type that may check and redeem a
scenario), filled with each scenario's own ``operator_type``; ``incentive_use_rules`` (a
scenario used once per person ever) and ``incentive_once_uses`` (that one use, its primary key
refusing a second).

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-06 07:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0020"
down_revision: str | None = "0019"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_BIG_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
_OPERATOR_TYPES = (
    "bank",
    "hospital",
    "mobility_operator",
    "commerce_district",
    "village_committee",
    "tax_bureau",
    "regulator",
    "credit_office",
    "citizen_app",
)


def _scenario_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["scenario_id"],
        ["incentive_scenarios.id"],
        name=op.f(f"fk_{table}_scenario_id_incentive_scenarios"),
        ondelete="CASCADE",
    )


def upgrade() -> None:
    """Create the operator, use-rule and once-use tables; each scenario's own type operates it."""
    values = ", ".join(f"'{value}'" for value in _OPERATOR_TYPES)
    op.create_table(
        "incentive_scenario_operators",
        sa.Column("scenario_id", sa.Integer(), nullable=False),
        sa.Column("operator_type", sa.String(length=32), nullable=False),
        sa.CheckConstraint(
            f"operator_type IN ({values})",
            name=op.f("ck_incentive_scenario_operators_operator_type"),
        ),
        _scenario_fk("incentive_scenario_operators"),
        sa.PrimaryKeyConstraint(
            "scenario_id", "operator_type", name=op.f("pk_incentive_scenario_operators")
        ),
    )
    op.create_table(
        "incentive_use_rules",
        sa.Column("scenario_id", sa.Integer(), nullable=False),
        sa.Column("once_only", sa.Boolean(), nullable=False),
        _scenario_fk("incentive_use_rules"),
        sa.PrimaryKeyConstraint("scenario_id", name=op.f("pk_incentive_use_rules")),
    )
    op.create_table(
        "incentive_once_uses",
        sa.Column("scenario_id", sa.Integer(), nullable=False),
        sa.Column("person_id", _BIG_ID, nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=False),
        _scenario_fk("incentive_once_uses"),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["persons.subject_id"],
            name=op.f("fk_incentive_once_uses_person_id_persons"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("scenario_id", "person_id", name=op.f("pk_incentive_once_uses")),
    )
    op.execute(
        "INSERT INTO incentive_scenario_operators (scenario_id, operator_type) "
        "SELECT id, operator_type FROM incentive_scenarios"
    )


def downgrade() -> None:
    """Drop the three tables."""
    op.drop_table("incentive_once_uses")
    op.drop_table("incentive_use_rules")
    op.drop_table("incentive_scenario_operators")
