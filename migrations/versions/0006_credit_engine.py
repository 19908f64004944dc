"""credit engine: rule sets, evaluations and current scores, intake keys, exemptions, repair, outbox

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-26 12:59:55.923717
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_BIG_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")

#: The first rule set, frozen here as published (the domain's DEFAULT_RULE_SET at 2026.1).
_FIRST_RULE_SET = (
    '{"base_score": 700, "category_weights": {"commitment_broken": "0.8", "criminal_record": '
    '"2.0", "dishonesty_list": "1.5", "enforcement": "1.2", "penalty": "1.0"}, "colour_floors'
    '": [["blue", 820], ["green", 680], ["yellow", 560], ["orange", 420], ["red", 0]], "descr'
    'iption": "Initial public credit evaluation, aligned with the 2026 credit repair measures'
    '.", "effective_from": "2026-04-01", "grade_floors": [["A", 800], ["B", 650], ["C", 500],'
    ' ["D", 0]], "merchant_floors": [["green", 760], ["blue", 640], ["yellow", 480], ["red", '
    '0]], "negative_points": {"general": 80, "minor": 15, "serious": 220}, "positive_cap": 20'
    '0, "positive_points": {"commitment": 5, "commitment_kept": 20, "honour": 40, "voluntary_'
    'service": 12}, "positive_window_months": 36, "residual_weight": "0.5", "tax_grade_points'
    '": {"A": 60, "B": 30, "C": -40, "D": -120, "M": 10}, "version": "2026.1"}'
)


def upgrade() -> None:
    op.create_table(
        "exempt_matters",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("description", sa.String(length=500), nullable=False),
        sa.Column("conditions", sa.String(length=1000), nullable=False),
        sa.Column("guidance", sa.String(length=1000), nullable=False),
        sa.Column("window_months", sa.Integer(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("retired_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_exempt_matters")),
        sa.UniqueConstraint("code", name=op.f("uq_exempt_matters_code")),
    )
    op.create_table(
        "rule_sets",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sa.String(length=32), nullable=False),
        sa.Column("effective_from", sa.Date(), nullable=False),
        sa.Column("parameters", sa.Text(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("published_by_client_id", sa.String(length=64), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rule_sets")),
        sa.UniqueConstraint("version", name=op.f("uq_rule_sets_version")),
    )
    with op.batch_alter_table("rule_sets", schema=None) as batch_op:
        batch_op.create_index(
            "uq_rule_sets_active",
            ["active"],
            unique=True,
            sqlite_where=sa.text("active"),
            postgresql_where=sa.text("active"),
        )

    op.create_table(
        "evaluations",
        sa.Column("id", _BIG_ID, nullable=False),
        sa.Column("subject_id", _BIG_ID, nullable=False),
        sa.Column("rule_set_version", sa.String(length=32), nullable=False),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("grade", sa.String(length=1), nullable=False),
        sa.Column("colour", sa.String(length=8), nullable=True),
        sa.Column("red_flag", sa.Boolean(), nullable=False),
        sa.Column("base_score", sa.Integer(), nullable=False),
        sa.Column("factors", sa.Text(), nullable=False),
        sa.Column("evaluated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("cause", sa.String(length=24), nullable=False),
        sa.CheckConstraint(
            "cause IN ('record_added', 'repair_approved', 'records_imported', 'full_run', 'seed')",
            name=op.f("ck_evaluations_cause"),
        ),
        sa.CheckConstraint(
            "colour IN ('blue', 'green', 'yellow', 'orange', 'red')",
            name=op.f("ck_evaluations_colour"),
        ),
        sa.CheckConstraint("grade IN ('A', 'B', 'C', 'D')", name=op.f("ck_evaluations_grade")),
        sa.ForeignKeyConstraint(
            ["subject_id"],
            ["subjects.id"],
            name=op.f("fk_evaluations_subject_id_subjects"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_evaluations")),
    )
    with op.batch_alter_table("evaluations", schema=None) as batch_op:
        batch_op.create_index("ix_evaluations_subject_newest", ["subject_id", "id"], unique=False)

    op.create_table(
        "exemptions",
        sa.Column("record_id", _BIG_ID, nullable=False),
        sa.Column("matter_id", sa.Integer(), nullable=False),
        sa.Column("subject_id", _BIG_ID, nullable=False),
        sa.Column("occurred_on", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(
            ["matter_id"],
            ["exempt_matters.id"],
            name=op.f("fk_exemptions_matter_id_exempt_matters"),
        ),
        sa.ForeignKeyConstraint(
            ["record_id"],
            ["credit_records.id"],
            name=op.f("fk_exemptions_record_id_credit_records"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["subject_id"],
            ["subjects.id"],
            name=op.f("fk_exemptions_subject_id_subjects"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("record_id", name=op.f("pk_exemptions")),
    )
    with op.batch_alter_table("exemptions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_exemptions_matter_id"), ["matter_id"], unique=False)
        batch_op.create_index(
            "ix_exemptions_subject_matter_day",
            ["subject_id", "matter_id", "occurred_on"],
            unique=False,
        )

    op.create_table(
        "record_intakes",
        sa.Column("id", _BIG_ID, nullable=False),
        sa.Column("partner_id", sa.Integer(), nullable=False),
        sa.Column("idempotency_key", sa.String(length=128), nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("record_id", _BIG_ID, nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["partner_id"],
            ["partners.id"],
            name=op.f("fk_record_intakes_partner_id_partners"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["record_id"],
            ["credit_records.id"],
            name=op.f("fk_record_intakes_record_id_credit_records"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_record_intakes")),
    )
    with op.batch_alter_table("record_intakes", schema=None) as batch_op:
        batch_op.create_index(
            "uq_record_intakes_partner_key", ["partner_id", "idempotency_key"], unique=True
        )

    op.create_table(
        "repair_cases",
        sa.Column("id", _BIG_ID, nullable=False),
        sa.Column("record_id", _BIG_ID, nullable=False),
        sa.Column("subject_id", _BIG_ID, nullable=False),
        sa.Column("severity", sa.String(length=8), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("opened_on", sa.Date(), nullable=False),
        sa.Column("eligible_on", sa.Date(), nullable=False),
        sa.Column("commitment", sa.Text(), nullable=True),
        sa.Column("applied_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("applied_by_client_id", sa.String(length=64), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decided_by_client_id", sa.String(length=64), nullable=True),
        sa.Column("decision_reason", sa.Text(), nullable=True),
        sa.Column("follow_up_due_on", sa.Date(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "severity IN ('minor', 'general', 'serious')", name=op.f("ck_repair_cases_severity")
        ),
        sa.CheckConstraint(
            "state IN ('awaiting', 'applied', 'repaired', 'rejected')",
            name=op.f("ck_repair_cases_state"),
        ),
        sa.ForeignKeyConstraint(
            ["record_id"],
            ["credit_records.id"],
            name=op.f("fk_repair_cases_record_id_credit_records"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["subject_id"],
            ["subjects.id"],
            name=op.f("fk_repair_cases_subject_id_subjects"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_repair_cases")),
        sa.UniqueConstraint("record_id", name=op.f("uq_repair_cases_record_id")),
    )
    with op.batch_alter_table("repair_cases", schema=None) as batch_op:
        batch_op.create_index(
            "ix_repair_cases_state_eligible", ["state", "eligible_on"], unique=False
        )
        batch_op.create_index(
            "ix_repair_cases_state_follow_up", ["state", "follow_up_due_on"], unique=False
        )
        batch_op.create_index("ix_repair_cases_subject_id", ["subject_id", "id"], unique=False)

    op.create_table(
        "subject_scores",
        sa.Column("subject_id", _BIG_ID, nullable=False),
        sa.Column("evaluation_id", _BIG_ID, nullable=False),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("grade", sa.String(length=1), nullable=False),
        sa.Column("colour", sa.String(length=8), nullable=True),
        sa.Column("evaluated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "colour IN ('blue', 'green', 'yellow', 'orange', 'red')",
            name=op.f("ck_subject_scores_colour"),
        ),
        sa.CheckConstraint("grade IN ('A', 'B', 'C', 'D')", name=op.f("ck_subject_scores_grade")),
        sa.ForeignKeyConstraint(
            ["evaluation_id"],
            ["evaluations.id"],
            name=op.f("fk_subject_scores_evaluation_id_evaluations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["subject_id"],
            ["subjects.id"],
            name=op.f("fk_subject_scores_subject_id_subjects"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("subject_id", name=op.f("pk_subject_scores")),
    )
    with op.batch_alter_table("subject_scores", schema=None) as batch_op:
        batch_op.create_index("ix_subject_scores_colour_id", ["colour", "subject_id"], unique=False)
        batch_op.create_index("ix_subject_scores_grade_id", ["grade", "subject_id"], unique=False)

    op.create_table(
        "outbox",
        sa.Column("id", _BIG_ID, nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("dedupe_key", sa.String(length=96), nullable=False),
        sa.Column("subject_id", _BIG_ID, nullable=False),
        sa.Column("repair_id", _BIG_ID, nullable=True),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("delivered_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "kind IN ('repair_notice', 'repair_reminder', 'repair_follow_up')",
            name=op.f("ck_outbox_kind"),
        ),
        sa.ForeignKeyConstraint(
            ["repair_id"],
            ["repair_cases.id"],
            name=op.f("fk_outbox_repair_id_repair_cases"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["subject_id"],
            ["subjects.id"],
            name=op.f("fk_outbox_subject_id_subjects"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbox")),
        sa.UniqueConstraint("dedupe_key", name=op.f("uq_outbox_dedupe_key")),
    )
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.create_index("ix_outbox_undelivered", ["delivered_at", "id"], unique=False)
    rule_sets = sa.table(
        "rule_sets",
        sa.column("version", sa.String),
        sa.column("effective_from", sa.Date),
        sa.column("parameters", sa.Text),
        sa.column("active", sa.Boolean),
        sa.column("published_at", sa.DateTime(timezone=True)),
    )
    op.bulk_insert(
        rule_sets,
        [
            {
                "version": "2026.1",
                "effective_from": date(2026, 4, 1),
                "parameters": _FIRST_RULE_SET,
                "active": True,
                "published_at": datetime(2026, 4, 1, tzinfo=UTC),
            }
        ],
    )


def downgrade() -> None:
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_index("ix_outbox_undelivered")

    op.drop_table("outbox")
    with op.batch_alter_table("subject_scores", schema=None) as batch_op:
        batch_op.drop_index("ix_subject_scores_grade_id")
        batch_op.drop_index("ix_subject_scores_colour_id")

    op.drop_table("subject_scores")
    with op.batch_alter_table("repair_cases", schema=None) as batch_op:
        batch_op.drop_index("ix_repair_cases_subject_id")
        batch_op.drop_index("ix_repair_cases_state_follow_up")
        batch_op.drop_index("ix_repair_cases_state_eligible")

    op.drop_table("repair_cases")
    with op.batch_alter_table("record_intakes", schema=None) as batch_op:
        batch_op.drop_index("uq_record_intakes_partner_key")

    op.drop_table("record_intakes")
    with op.batch_alter_table("exemptions", schema=None) as batch_op:
        batch_op.drop_index("ix_exemptions_subject_matter_day")
        batch_op.drop_index(batch_op.f("ix_exemptions_matter_id"))

    op.drop_table("exemptions")
    with op.batch_alter_table("evaluations", schema=None) as batch_op:
        batch_op.drop_index("ix_evaluations_subject_newest")

    op.drop_table("evaluations")
    with op.batch_alter_table("rule_sets", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_rule_sets_active",
            sqlite_where=sa.text("active"),
            postgresql_where=sa.text("active"),
        )

    op.drop_table("rule_sets")
    op.drop_table("exempt_matters")
