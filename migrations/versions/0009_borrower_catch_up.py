"""post-loan tracking catches up: each subscription remembers the evaluation its bank last saw;
evaluations record the records_expired cause

A bulk re-evaluation (``evaluate --all``, a new rule set) bypasses the per-subject hook; the
banks that follow a borrower are told afterwards by comparing its current evaluation with the
one each last saw. Existing subscriptions start from the borrower's current evaluation.

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-26 16:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_BIG_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
_CAUSES_BEFORE = "'record_added', 'repair_approved', 'records_imported', 'full_run', 'seed'"
_CAUSES_AFTER = (
    "'record_added', 'repair_approved', 'records_imported', 'full_run', 'records_expired', 'seed'"
)


def _cause_check(values: str) -> None:
    with op.batch_alter_table("evaluations") as batch:
        batch.drop_constraint(op.f("ck_evaluations_cause"), type_="check")
        batch.create_check_constraint("cause", f"cause IN ({values})")


def upgrade() -> None:
    op.add_column("borrower_subscriptions", sa.Column("seen_evaluation_id", _BIG_ID, nullable=True))
    op.execute(
        "UPDATE borrower_subscriptions SET seen_evaluation_id = (SELECT s.evaluation_id "
        "FROM subject_scores s WHERE s.subject_id = borrower_subscriptions.enterprise_id)"
    )
    _cause_check(_CAUSES_AFTER)


def downgrade() -> None:
    op.execute("UPDATE evaluations SET cause = 'full_run' WHERE cause = 'records_expired'")
    _cause_check(_CAUSES_BEFORE)
    with op.batch_alter_table("borrower_subscriptions") as batch:
        batch.drop_column("seen_evaluation_id")
