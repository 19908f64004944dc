"""person scenarios: incentive catalogue, deferred accounts, benefit grants, coupons

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-26 13:31:56.558825
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_BIG_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "incentive_categories",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("name_zh", sa.String(length=100), nullable=False),
        sa.Column("description", sa.String(length=500), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_incentive_categories")),
        sa.UniqueConstraint("code", name=op.f("uq_incentive_categories_code")),
    )
    op.create_table(
        "incentive_scenarios",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=48), nullable=False),
        sa.Column("category_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("name_zh", sa.String(length=100), nullable=False),
        sa.Column("description", sa.String(length=500), nullable=False),
        sa.Column("operator_type", sa.String(length=32), nullable=False),
        sa.Column("purpose", sa.String(length=32), nullable=False),
        sa.Column("lowest_colour", sa.String(length=8), nullable=False),
        sa.Column("benefit_kind", sa.String(length=24), nullable=False),
        sa.Column("benefit_value", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("benefit_cap", sa.Numeric(precision=14, scale=2), nullable=True),
        sa.Column("daily_limit", sa.Integer(), nullable=True),
        sa.Column("settle_within_days", sa.Integer(), nullable=True),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("valid_until", sa.Date(), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "benefit_kind IN ('percent_discount', 'fixed_amount', 'deferred_payment', 'fee_waiver')",
            name=op.f("ck_incentive_scenarios_benefit_kind"),
        ),
        sa.CheckConstraint(
            "lowest_colour IN ('blue', 'green', 'yellow', 'orange', 'red')",
            name=op.f("ck_incentive_scenarios_lowest_colour"),
        ),
        sa.CheckConstraint(
            "operator_type IN ('bank', 'hospital', 'mobility_operator', 'commerce_district', 'village_committee', 'tax_bureau', 'regulator', 'credit_office', 'citizen_app')",
            name=op.f("ck_incentive_scenarios_operator_type"),
        ),
        sa.CheckConstraint(
            "purpose IN ('pay_after_treatment', 'mobility_discount', 'credit_loan', 'tax_credit_loan', 'green_loan_matching', 'post_loan_monitoring', 'incentive_eligibility', 'credit_supervision', 'subject_self_service')",
            name=op.f("ck_incentive_scenarios_purpose"),
        ),
        sa.CheckConstraint("benefit_value >= 0", name=op.f("ck_incentive_scenarios_benefit_value")),
        sa.CheckConstraint(
            "daily_limit IS NULL OR daily_limit > 0",
            name=op.f("ck_incentive_scenarios_daily_limit"),
        ),
        sa.ForeignKeyConstraint(
            ["category_id"],
            ["incentive_categories.id"],
            name=op.f("fk_incentive_scenarios_category_id_incentive_categories"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_incentive_scenarios")),
        sa.UniqueConstraint("code", name=op.f("uq_incentive_scenarios_code")),
    )
    with op.batch_alter_table("incentive_scenarios", schema=None) as batch_op:
        batch_op.create_index(
            "ix_incentive_scenarios_category_id_code", ["category_id", "code"], unique=False
        )
        batch_op.create_index(
            "ix_incentive_scenarios_operator_type_code", ["operator_type", "code"], unique=False
        )

    op.create_table(
        "benefit_daily_uses",
        sa.Column("scenario_id", sa.Integer(), nullable=False),
        sa.Column("person_id", _BIG_ID, nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("uses", sa.Integer(), nullable=False),
        sa.CheckConstraint("uses > 0", name=op.f("ck_benefit_daily_uses_uses_positive")),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["persons.subject_id"],
            name=op.f("fk_benefit_daily_uses_person_id_persons"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["scenario_id"],
            ["incentive_scenarios.id"],
            name=op.f("fk_benefit_daily_uses_scenario_id_incentive_scenarios"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "scenario_id", "person_id", "day", name=op.f("pk_benefit_daily_uses")
        ),
    )
    op.create_table(
        "coupon_batches",
        sa.Column("id", _BIG_ID, nullable=False),
        sa.Column("partner_id", sa.Integer(), nullable=False),
        sa.Column("scenario_id", sa.Integer(), nullable=False),
        sa.Column("idempotency_key", sa.String(length=128), nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("issued_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("issued_count", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["partner_id"],
            ["partners.id"],
            name=op.f("fk_coupon_batches_partner_id_partners"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["scenario_id"],
            ["incentive_scenarios.id"],
            name=op.f("fk_coupon_batches_scenario_id_incentive_scenarios"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_coupon_batches")),
    )
    with op.batch_alter_table("coupon_batches", schema=None) as batch_op:
        batch_op.create_index(
            "uq_coupon_batches_partner_key", ["partner_id", "idempotency_key"], unique=True
        )

    op.create_table(
        "deferred_accounts",
        sa.Column("id", _BIG_ID, nullable=False),
        sa.Column("scenario_id", sa.Integer(), nullable=False),
        sa.Column("partner_id", sa.Integer(), nullable=False),
        sa.Column("person_id", _BIG_ID, nullable=False),
        sa.Column("visit_number", sa.String(length=64), nullable=False),
        sa.Column("colour", sa.String(length=8), nullable=False),
        sa.Column("credit_limit", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("total", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("charge_count", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=8), nullable=False),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("settled_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("settled_amount", sa.Numeric(precision=14, scale=2), nullable=True),
        sa.Column("settlement_key", sa.String(length=128), nullable=True),
        sa.Column("overdue_on", sa.Date(), nullable=True),
        sa.Column("overdue_record_id", _BIG_ID, nullable=True),
        sa.CheckConstraint(
            "colour IN ('blue', 'green', 'yellow', 'orange', 'red')",
            name=op.f("ck_deferred_accounts_colour"),
        ),
        sa.CheckConstraint(
            "status IN ('open', 'settled', 'overdue')", name=op.f("ck_deferred_accounts_status")
        ),
        sa.CheckConstraint(
            "total >= 0 AND total <= credit_limit",
            name=op.f("ck_deferred_accounts_total_within_limit"),
        ),
        sa.ForeignKeyConstraint(
            ["overdue_record_id"],
            ["credit_records.id"],
            name=op.f("fk_deferred_accounts_overdue_record_id_credit_records"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["partner_id"],
            ["partners.id"],
            name=op.f("fk_deferred_accounts_partner_id_partners"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["persons.subject_id"],
            name=op.f("fk_deferred_accounts_person_id_persons"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["scenario_id"],
            ["incentive_scenarios.id"],
            name=op.f("fk_deferred_accounts_scenario_id_incentive_scenarios"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_deferred_accounts")),
    )
    with op.batch_alter_table("deferred_accounts", schema=None) as batch_op:
        batch_op.create_index(
            "ix_deferred_accounts_person_status", ["person_id", "status"], unique=False
        )
        batch_op.create_index(
            "ix_deferred_accounts_status_due_on", ["status", "due_on"], unique=False
        )
        batch_op.create_index(
            "uq_deferred_accounts_partner_visit", ["partner_id", "visit_number"], unique=True
        )

    op.create_table(
        "incentive_colour_values",
        sa.Column("scenario_id", sa.Integer(), nullable=False),
        sa.Column("colour", sa.String(length=8), nullable=False),
        sa.Column("value", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.CheckConstraint(
            "colour IN ('blue', 'green', 'yellow', 'orange', 'red')",
            name=op.f("ck_incentive_colour_values_colour"),
        ),
        sa.ForeignKeyConstraint(
            ["scenario_id"],
            ["incentive_scenarios.id"],
            name=op.f("fk_incentive_colour_values_scenario_id_incentive_scenarios"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("scenario_id", "colour", name=op.f("pk_incentive_colour_values")),
    )
    op.create_table(
        "coupons",
        sa.Column("id", _BIG_ID, nullable=False),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("batch_id", _BIG_ID, nullable=False),
        sa.Column("scenario_id", sa.Integer(), nullable=False),
        sa.Column("partner_id", sa.Integer(), nullable=False),
        sa.Column("person_id", _BIG_ID, nullable=False),
        sa.Column("colour", sa.String(length=8), nullable=False),
        sa.Column("face_value", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("issued_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(length=8), nullable=False),
        sa.Column("redeemed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("redemption_key", sa.String(length=128), nullable=True),
        sa.CheckConstraint(
            "colour IN ('blue', 'green', 'yellow', 'orange', 'red')", name=op.f("ck_coupons_colour")
        ),
        sa.CheckConstraint("status IN ('issued', 'redeemed')", name=op.f("ck_coupons_status")),
        sa.ForeignKeyConstraint(
            ["batch_id"],
            ["coupon_batches.id"],
            name=op.f("fk_coupons_batch_id_coupon_batches"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["partner_id"],
            ["partners.id"],
            name=op.f("fk_coupons_partner_id_partners"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["persons.subject_id"],
            name=op.f("fk_coupons_person_id_persons"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["scenario_id"],
            ["incentive_scenarios.id"],
            name=op.f("fk_coupons_scenario_id_incentive_scenarios"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_coupons")),
        sa.UniqueConstraint("code", name=op.f("uq_coupons_code")),
    )
    with op.batch_alter_table("coupons", schema=None) as batch_op:
        batch_op.create_index("ix_coupons_batch_id", ["batch_id", "id"], unique=False)
        batch_op.create_index(
            "ix_coupons_holder", ["partner_id", "scenario_id", "person_id", "status"], unique=False
        )

    op.create_table(
        "deferred_charges",
        sa.Column("id", _BIG_ID, nullable=False),
        sa.Column("account_id", _BIG_ID, nullable=False),
        sa.Column("amount", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("item", sa.String(length=100), nullable=False),
        sa.Column("department", sa.String(length=100), nullable=False),
        sa.Column("idempotency_key", sa.String(length=128), nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("charged_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("amount > 0", name=op.f("ck_deferred_charges_amount_positive")),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["deferred_accounts.id"],
            name=op.f("fk_deferred_charges_account_id_deferred_accounts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_deferred_charges")),
    )
    with op.batch_alter_table("deferred_charges", schema=None) as batch_op:
        batch_op.create_index(
            "uq_deferred_charges_account_key", ["account_id", "idempotency_key"], unique=True
        )

    op.create_table(
        "benefit_grants",
        sa.Column("id", _BIG_ID, nullable=False),
        sa.Column("scenario_id", sa.Integer(), nullable=False),
        sa.Column("category_id", sa.Integer(), nullable=False),
        sa.Column("partner_id", sa.Integer(), nullable=False),
        sa.Column("operator_type", sa.String(length=32), nullable=False),
        sa.Column("person_id", _BIG_ID, nullable=False),
        sa.Column("district", sa.String(length=6), nullable=True),
        sa.Column("source", sa.String(length=24), nullable=False),
        sa.Column("order_reference", sa.String(length=64), nullable=False),
        sa.Column("order_amount", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("benefit_amount", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("idempotency_key", sa.String(length=128), nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("granted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("granted_on", sa.Date(), nullable=False),
        sa.Column("coupon_id", _BIG_ID, nullable=True),
        sa.Column("account_id", _BIG_ID, nullable=True),
        sa.CheckConstraint(
            "district IN ('330502', '330503', '330521', '330522', '330523')",
            name=op.f("ck_benefit_grants_district"),
        ),
        sa.CheckConstraint(
            "operator_type IN ('bank', 'hospital', 'mobility_operator', 'commerce_district', 'village_committee', 'tax_bureau', 'regulator', 'credit_office', 'citizen_app')",
            name=op.f("ck_benefit_grants_operator_type"),
        ),
        sa.CheckConstraint(
            "source IN ('discount', 'coupon', 'deferred_payment')",
            name=op.f("ck_benefit_grants_source"),
        ),
        sa.CheckConstraint("benefit_amount >= 0", name=op.f("ck_benefit_grants_benefit_amount")),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["deferred_accounts.id"],
            name=op.f("fk_benefit_grants_account_id_deferred_accounts"),
        ),
        sa.ForeignKeyConstraint(
            ["category_id"],
            ["incentive_categories.id"],
            name=op.f("fk_benefit_grants_category_id_incentive_categories"),
        ),
        sa.ForeignKeyConstraint(
            ["coupon_id"], ["coupons.id"], name=op.f("fk_benefit_grants_coupon_id_coupons")
        ),
        sa.ForeignKeyConstraint(
            ["partner_id"],
            ["partners.id"],
            name=op.f("fk_benefit_grants_partner_id_partners"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["persons.subject_id"],
            name=op.f("fk_benefit_grants_person_id_persons"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["scenario_id"],
            ["incentive_scenarios.id"],
            name=op.f("fk_benefit_grants_scenario_id_incentive_scenarios"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_benefit_grants")),
    )
    with op.batch_alter_table("benefit_grants", schema=None) as batch_op:
        batch_op.create_index(
            "ix_benefit_grants_category_day", ["category_id", "granted_on"], unique=False
        )
        batch_op.create_index(
            "ix_benefit_grants_district_day", ["district", "granted_on"], unique=False
        )
        batch_op.create_index("ix_benefit_grants_granted_on", ["granted_on"], unique=False)
        batch_op.create_index(
            "ix_benefit_grants_operator_day", ["operator_type", "granted_on"], unique=False
        )
        batch_op.create_index(
            "ix_benefit_grants_partner_day", ["partner_id", "granted_on"], unique=False
        )
        batch_op.create_index(
            "ix_benefit_grants_scenario_day", ["scenario_id", "granted_on"], unique=False
        )
        batch_op.create_index(
            "uq_benefit_grants_account",
            ["account_id"],
            unique=True,
            sqlite_where=sa.text("account_id IS NOT NULL"),
            postgresql_where=sa.text("account_id IS NOT NULL"),
        )
        batch_op.create_index(
            "uq_benefit_grants_coupon",
            ["coupon_id"],
            unique=True,
            sqlite_where=sa.text("coupon_id IS NOT NULL"),
            postgresql_where=sa.text("coupon_id IS NOT NULL"),
        )
        batch_op.create_index(
            "uq_benefit_grants_partner_key", ["partner_id", "idempotency_key"], unique=True
        )
        batch_op.create_index(
            "uq_benefit_grants_partner_scenario_order",
            ["partner_id", "scenario_id", "order_reference"],
            unique=True,
        )

    op.create_table(
        "benefit_monthly_uses",
        sa.Column("person_id", _BIG_ID, nullable=False),
        sa.Column("scenario_id", sa.Integer(), nullable=False),
        sa.Column("partner_id", sa.Integer(), nullable=False),
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column("district", sa.String(length=6), nullable=False),
        sa.Column("category_id", sa.Integer(), nullable=False),
        sa.Column("operator_type", sa.String(length=32), nullable=False),
        sa.Column("uses", sa.Integer(), nullable=False),
        sa.Column("benefit", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.CheckConstraint(
            "operator_type IN ('bank', 'hospital', 'mobility_operator', 'commerce_district', 'village_committee', 'tax_bureau', 'regulator', 'credit_office', 'citizen_app')",
            name=op.f("ck_benefit_monthly_uses_operator_type"),
        ),
        sa.CheckConstraint("uses > 0", name=op.f("ck_benefit_monthly_uses_uses_positive")),
        sa.ForeignKeyConstraint(
            ["category_id"],
            ["incentive_categories.id"],
            name=op.f("fk_benefit_monthly_uses_category_id_incentive_categories"),
        ),
        sa.ForeignKeyConstraint(
            ["partner_id"],
            ["partners.id"],
            name=op.f("fk_benefit_monthly_uses_partner_id_partners"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["persons.subject_id"],
            name=op.f("fk_benefit_monthly_uses_person_id_persons"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["scenario_id"],
            ["incentive_scenarios.id"],
            name=op.f("fk_benefit_monthly_uses_scenario_id_incentive_scenarios"),
        ),
        sa.PrimaryKeyConstraint(
            "person_id",
            "scenario_id",
            "partner_id",
            "month",
            "district",
            name=op.f("pk_benefit_monthly_uses"),
        ),
    )
    with op.batch_alter_table("benefit_monthly_uses", schema=None) as batch_op:
        batch_op.create_index("ix_benefit_monthly_uses_month", ["month"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("benefit_monthly_uses", schema=None) as batch_op:
        batch_op.drop_index("ix_benefit_monthly_uses_month")

    op.drop_table("benefit_monthly_uses")
    with op.batch_alter_table("benefit_grants", schema=None) as batch_op:
        batch_op.drop_index("uq_benefit_grants_partner_scenario_order")
        batch_op.drop_index("uq_benefit_grants_partner_key")
        batch_op.drop_index(
            "uq_benefit_grants_coupon",
            sqlite_where=sa.text("coupon_id IS NOT NULL"),
            postgresql_where=sa.text("coupon_id IS NOT NULL"),
        )
        batch_op.drop_index(
            "uq_benefit_grants_account",
            sqlite_where=sa.text("account_id IS NOT NULL"),
            postgresql_where=sa.text("account_id IS NOT NULL"),
        )
        batch_op.drop_index("ix_benefit_grants_scenario_day")
        batch_op.drop_index("ix_benefit_grants_partner_day")
        batch_op.drop_index("ix_benefit_grants_operator_day")
        batch_op.drop_index("ix_benefit_grants_granted_on")
        batch_op.drop_index("ix_benefit_grants_district_day")
        batch_op.drop_index("ix_benefit_grants_category_day")

    op.drop_table("benefit_grants")
    with op.batch_alter_table("deferred_charges", schema=None) as batch_op:
        batch_op.drop_index("uq_deferred_charges_account_key")

    op.drop_table("deferred_charges")
    with op.batch_alter_table("coupons", schema=None) as batch_op:
        batch_op.drop_index("ix_coupons_holder")
        batch_op.drop_index("ix_coupons_batch_id")

    op.drop_table("coupons")
    op.drop_table("incentive_colour_values")
    with op.batch_alter_table("deferred_accounts", schema=None) as batch_op:
        batch_op.drop_index("uq_deferred_accounts_partner_visit")
        batch_op.drop_index("ix_deferred_accounts_status_due_on")
        batch_op.drop_index("ix_deferred_accounts_person_status")

    op.drop_table("deferred_accounts")
    with op.batch_alter_table("coupon_batches", schema=None) as batch_op:
        batch_op.drop_index("uq_coupon_batches_partner_key")

    op.drop_table("coupon_batches")
    op.drop_table("benefit_daily_uses")
    with op.batch_alter_table("incentive_scenarios", schema=None) as batch_op:
        batch_op.drop_index("ix_incentive_scenarios_operator_type_code")
        batch_op.drop_index("ix_incentive_scenarios_category_id_code")

    op.drop_table("incentive_scenarios")
    op.drop_table("incentive_categories")
