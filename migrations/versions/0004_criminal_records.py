"""credit records: the voluntary_service and criminal_record categories

Voluntary service counts for a subject's evaluation; special credit reports cover criminal
records.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-26 13:10:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_BEFORE = (
    "'commitment', 'commitment_kept', 'commitment_broken', 'honour', 'licence', 'penalty', "
    "'enforcement', 'dishonesty_list', 'scenario_event'"
)
_AFTER = (
    "'commitment', 'commitment_kept', 'commitment_broken', 'honour', 'voluntary_service', "
    "'licence', 'penalty', "
    "'enforcement', 'dishonesty_list', 'criminal_record', 'scenario_event'"
)


def _category_check(values: str) -> None:
    with op.batch_alter_table("credit_records") as batch:
        batch.drop_constraint(op.f("ck_credit_records_category"), type_="check")
        batch.create_check_constraint("category", f"category IN ({values})")


def upgrade() -> None:
    _category_check(_AFTER)


def downgrade() -> None:
    op.execute(
        "DELETE FROM credit_records WHERE category IN ('criminal_record', 'voluntary_service')"
    )
    _category_check(_BEFORE)
