"""bank scenarios: green classes, matching index, loan products, needs and claims, credit lines,
webhooks and their delivery outbox

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-27 10:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_BIG_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "loan_products",
        sa.Column("id", _BIG_ID, nullable=False),
        sa.Column("bank_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("criteria", sa.Text(), nullable=False),
        sa.Column("amount_min", sa.Numeric(precision=16, scale=2), nullable=False),
        sa.Column("amount_max", sa.Numeric(precision=16, scale=2), nullable=False),
        sa.Column("rate_min", sa.Numeric(precision=6, scale=3), nullable=False),
        sa.Column("rate_max", sa.Numeric(precision=6, scale=3), nullable=False),
        sa.Column("tax_multiple", sa.Numeric(precision=6, scale=2), nullable=True),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("valid_until", sa.Date(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "kind IN ('green_loan', 'tax_credit_loan', 'credit_loan')",
            name=op.f("ck_loan_products_kind"),
        ),
        sa.CheckConstraint(
            "status IN ('draft', 'published', 'retired')", name=op.f("ck_loan_products_status")
        ),
        sa.ForeignKeyConstraint(
            ["bank_id"],
            ["partners.id"],
            name=op.f("fk_loan_products_bank_id_partners"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_loan_products")),
    )
    op.create_index("ix_loan_products_bank_id", "loan_products", ["bank_id", "id"], unique=False)
    op.create_index(
        "ix_loan_products_status_kind", "loan_products", ["status", "kind"], unique=False
    )
    op.create_table(
        "webhook_endpoints",
        sa.Column("bank_id", sa.Integer(), nullable=False),
        sa.Column("url", sa.String(length=2000), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["bank_id"],
            ["partners.id"],
            name=op.f("fk_webhook_endpoints_bank_id_partners"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("bank_id", name=op.f("pk_webhook_endpoints")),
    )
    op.create_table(
        "borrower_subscriptions",
        sa.Column("id", _BIG_ID, nullable=False),
        sa.Column("bank_id", sa.Integer(), nullable=False),
        sa.Column("enterprise_id", _BIG_ID, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["bank_id"],
            ["partners.id"],
            name=op.f("fk_borrower_subscriptions_bank_id_partners"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["enterprise_id"],
            ["enterprises.subject_id"],
            name=op.f("fk_borrower_subscriptions_enterprise_id_enterprises"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_borrower_subscriptions")),
    )
    op.create_index(
        "ix_borrower_subscriptions_enterprise",
        "borrower_subscriptions",
        ["enterprise_id"],
        unique=False,
    )
    op.create_index(
        "uq_borrower_subscriptions_bank_enterprise",
        "borrower_subscriptions",
        ["bank_id", "enterprise_id"],
        unique=True,
    )
    op.create_table(
        "credit_lines",
        sa.Column("id", _BIG_ID, nullable=False),
        sa.Column("bank_id", sa.Integer(), nullable=False),
        sa.Column("reference", sa.String(length=128), nullable=False),
        sa.Column("enterprise_id", _BIG_ID, nullable=False),
        sa.Column("product_id", _BIG_ID, nullable=False),
        sa.Column("amount", sa.Numeric(precision=16, scale=2), nullable=False),
        sa.Column("granted_on", sa.Date(), nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("reported_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["bank_id"],
            ["partners.id"],
            name=op.f("fk_credit_lines_bank_id_partners"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["enterprise_id"],
            ["enterprises.subject_id"],
            name=op.f("fk_credit_lines_enterprise_id_enterprises"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["product_id"],
            ["loan_products.id"],
            name=op.f("fk_credit_lines_product_id_loan_products"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_credit_lines")),
    )
    op.create_index(
        "ix_credit_lines_bank_enterprise",
        "credit_lines",
        ["bank_id", "enterprise_id"],
        unique=False,
    )
    op.create_index("ix_credit_lines_granted_on", "credit_lines", ["granted_on"], unique=False)
    op.create_index(
        "uq_credit_lines_bank_reference", "credit_lines", ["bank_id", "reference"], unique=True
    )
    op.create_table(
        "financing_needs",
        sa.Column("id", _BIG_ID, nullable=False),
        sa.Column("enterprise_id", _BIG_ID, nullable=False),
        sa.Column("amount", sa.Numeric(precision=16, scale=2), nullable=False),
        sa.Column("purpose", sa.String(length=500), nullable=False),
        sa.Column("term_months", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("claim_count", sa.Integer(), nullable=False),
        sa.Column("posted_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "status IN ('open', 'fully_claimed', 'withdrawn')",
            name=op.f("ck_financing_needs_status"),
        ),
        sa.CheckConstraint(
            "claim_count BETWEEN 0 AND 3", name=op.f("ck_financing_needs_claim_count")
        ),
        sa.ForeignKeyConstraint(
            ["enterprise_id"],
            ["enterprises.subject_id"],
            name=op.f("fk_financing_needs_enterprise_id_enterprises"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_financing_needs")),
    )
    op.create_index(
        "ix_financing_needs_enterprise_id", "financing_needs", ["enterprise_id", "id"], unique=False
    )
    op.create_table(
        "green_classifications",
        sa.Column("enterprise_id", _BIG_ID, nullable=False),
        sa.Column("version", sa.String(length=32), nullable=False),
        sa.Column("is_green", sa.Boolean(), nullable=False),
        sa.Column("tier", sa.String(length=16), nullable=False),
        sa.Column("carbon_band", sa.String(length=16), nullable=False),
        sa.Column("reasons", sa.Text(), nullable=False),
        sa.Column("profile_as_of", sa.Date(), nullable=False),
        sa.Column("classified_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "carbon_band IN ('dark_green', 'light_green', 'yellow', 'red')",
            name=op.f("ck_green_classifications_carbon_band"),
        ),
        sa.CheckConstraint(
            "tier IN ('deep_green', 'green', 'light_green', 'not_green')",
            name=op.f("ck_green_classifications_tier"),
        ),
        sa.ForeignKeyConstraint(
            ["enterprise_id"],
            ["enterprises.subject_id"],
            name=op.f("fk_green_classifications_enterprise_id_enterprises"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("enterprise_id", name=op.f("pk_green_classifications")),
    )
    op.create_table(
        "match_facts",
        sa.Column("enterprise_id", _BIG_ID, nullable=False),
        sa.Column("district", sa.String(length=6), nullable=False),
        sa.Column("industry_code", sa.String(length=5), nullable=False),
        sa.Column("size_class", sa.String(length=8), nullable=False),
        sa.Column("tax_rank", sa.SmallInteger(), nullable=False),
        sa.Column("credit_rank", sa.SmallInteger(), nullable=False),
        sa.Column("credit_score", sa.Integer(), nullable=True),
        sa.Column("red_flag", sa.Boolean(), nullable=False),
        sa.Column("tier_rank", sa.SmallInteger(), nullable=False),
        sa.Column("band_rank", sa.SmallInteger(), nullable=False),
        sa.Column("esg_score", sa.Numeric(precision=5, scale=2), nullable=True),
        sa.Column("carbon_reduction_tonnes", sa.Numeric(precision=14, scale=2), nullable=True),
        sa.Column("strength_green", sa.Integer(), nullable=False),
        sa.Column("strength_tax", sa.Integer(), nullable=False),
        sa.Column("strength_credit", sa.Integer(), nullable=False),
        sa.Column("refreshed_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "district IN ('330502', '330503', '330521', '330522', '330523')",
            name=op.f("ck_match_facts_district"),
        ),
        sa.CheckConstraint(
            "size_class IN ('micro', 'small', 'medium', 'large')",
            name=op.f("ck_match_facts_size_class"),
        ),
        sa.ForeignKeyConstraint(
            ["enterprise_id"],
            ["enterprises.subject_id"],
            name=op.f("fk_match_facts_enterprise_id_enterprises"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("enterprise_id", name=op.f("pk_match_facts")),
    )
    op.create_index(
        "ix_match_facts_strength_credit",
        "match_facts",
        ["strength_credit", "enterprise_id"],
        unique=False,
    )
    op.create_index(
        "ix_match_facts_strength_green",
        "match_facts",
        ["strength_green", "enterprise_id"],
        unique=False,
    )
    op.create_index(
        "ix_match_facts_strength_tax",
        "match_facts",
        ["strength_tax", "enterprise_id"],
        unique=False,
    )
    op.create_table(
        "tax_paid",
        sa.Column("enterprise_id", _BIG_ID, nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("amount", sa.Numeric(precision=16, scale=2), nullable=False),
        sa.ForeignKeyConstraint(
            ["enterprise_id"],
            ["enterprises.subject_id"],
            name=op.f("fk_tax_paid_enterprise_id_enterprises"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("enterprise_id", "year", name=op.f("pk_tax_paid")),
    )
    op.create_table(
        "need_claims",
        sa.Column("need_id", _BIG_ID, nullable=False),
        sa.Column("bank_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("position BETWEEN 1 AND 3", name=op.f("ck_need_claims_position")),
        sa.ForeignKeyConstraint(
            ["bank_id"],
            ["partners.id"],
            name=op.f("fk_need_claims_bank_id_partners"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["need_id"],
            ["financing_needs.id"],
            name=op.f("fk_need_claims_need_id_financing_needs"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("need_id", "bank_id", name=op.f("pk_need_claims")),
    )
    op.create_index("ix_need_claims_bank_need", "need_claims", ["bank_id", "need_id"], unique=False)
    op.create_index(
        "uq_need_claims_need_position", "need_claims", ["need_id", "position"], unique=True
    )
    op.create_table(
        "need_notices",
        sa.Column("need_id", _BIG_ID, nullable=False),
        sa.Column("bank_id", sa.Integer(), nullable=False),
        sa.Column("product_id", _BIG_ID, nullable=False),
        sa.ForeignKeyConstraint(
            ["bank_id"],
            ["partners.id"],
            name=op.f("fk_need_notices_bank_id_partners"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["need_id"],
            ["financing_needs.id"],
            name=op.f("fk_need_notices_need_id_financing_needs"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["product_id"],
            ["loan_products.id"],
            name=op.f("fk_need_notices_product_id_loan_products"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("need_id", "bank_id", name=op.f("pk_need_notices")),
    )
    op.create_index(
        "ix_need_notices_bank_need", "need_notices", ["bank_id", "need_id"], unique=False
    )
    op.create_table(
        "webhook_deliveries",
        sa.Column("id", _BIG_ID, nullable=False),
        sa.Column("event_id", sa.String(length=36), nullable=False),
        sa.Column("bank_id", sa.Integer(), nullable=False),
        sa.Column("subscription_id", _BIG_ID, nullable=True),
        sa.Column("event_type", sa.String(length=48), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("delivered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_error", sa.String(length=500), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["bank_id"],
            ["partners.id"],
            name=op.f("fk_webhook_deliveries_bank_id_partners"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["subscription_id"],
            ["borrower_subscriptions.id"],
            name=op.f("fk_webhook_deliveries_subscription_id_borrower_subscriptions"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_webhook_deliveries")),
        sa.UniqueConstraint("event_id", name=op.f("uq_webhook_deliveries_event_id")),
    )
    op.create_index(
        "ix_webhook_deliveries_bank", "webhook_deliveries", ["bank_id", "id"], unique=False
    )
    op.create_index(
        "ix_webhook_deliveries_due",
        "webhook_deliveries",
        ["next_attempt_at", "id"],
        unique=False,
        sqlite_where=sa.text("delivered_at IS NULL"),
        postgresql_where=sa.text("delivered_at IS NULL"),
    )


def downgrade() -> None:
    op.drop_index(
        "ix_webhook_deliveries_due",
        table_name="webhook_deliveries",
        sqlite_where=sa.text("delivered_at IS NULL"),
        postgresql_where=sa.text("delivered_at IS NULL"),
    )
    op.drop_index("ix_webhook_deliveries_bank", table_name="webhook_deliveries")
    op.drop_table("webhook_deliveries")
    op.drop_index("ix_need_notices_bank_need", table_name="need_notices")
    op.drop_table("need_notices")
    op.drop_index("uq_need_claims_need_position", table_name="need_claims")
    op.drop_index("ix_need_claims_bank_need", table_name="need_claims")
    op.drop_table("need_claims")
    op.drop_table("tax_paid")
    op.drop_index("ix_match_facts_strength_tax", table_name="match_facts")
    op.drop_index("ix_match_facts_strength_green", table_name="match_facts")
    op.drop_index("ix_match_facts_strength_credit", table_name="match_facts")
    op.drop_table("match_facts")
    op.drop_table("green_classifications")
    op.drop_index("ix_financing_needs_enterprise_id", table_name="financing_needs")
    op.drop_table("financing_needs")
    op.drop_index("uq_credit_lines_bank_reference", table_name="credit_lines")
    op.drop_index("ix_credit_lines_granted_on", table_name="credit_lines")
    op.drop_index("ix_credit_lines_bank_enterprise", table_name="credit_lines")
    op.drop_table("credit_lines")
    op.drop_index("uq_borrower_subscriptions_bank_enterprise", table_name="borrower_subscriptions")
    op.drop_index("ix_borrower_subscriptions_enterprise", table_name="borrower_subscriptions")
    op.drop_table("borrower_subscriptions")
    op.drop_table("webhook_endpoints")
    op.drop_index("ix_loan_products_status_kind", table_name="loan_products")
    op.drop_index("ix_loan_products_bank_id", table_name="loan_products")
    op.drop_table("loan_products")
