"""merchant indicators: commerce districts and their operators, indicator observations

The eleven indicator categories are data in the code (``api.domain.merchants.categories``);
the observations name them by code. The city's commerce districts are installed here, so a
district operator can be bound to one before any merchant is seeded.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-06 06:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_BIG_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
_DISTRICTS = "'330502', '330503', '330521', '330522', '330523'"
_CATEGORIES = (
    "'public_credit', 'complaints', 'inspections', 'licences', 'food_safety', 'fire_safety', "
    "'price_measurement', 'garbage_sorting', 'road_occupation', 'environmental_health', "
    "'consumer_satisfaction'"
)
#: The commerce districts of the five districts and counties (domain.md, "The city").
COMMERCE_DISTRICTS = (
    ("衣裳街", "Yishang Street", "330502"),
    ("爱山广场", "Aishan Square", "330502"),
    ("小西街", "Xiaoxi Street", "330502"),
    ("月河街", "Yuehe Street", "330502"),
    ("南浔古镇", "Nanxun Ancient Town", "330503"),
    ("双林古镇", "Shuanglin Ancient Town", "330503"),
    ("练市老街", "Lianshi Old Street", "330503"),
    ("东城时代", "Dongcheng Times", "330521"),
    ("新市古镇", "Xinshi Ancient Town", "330521"),
    ("莫干山庾村", "Yucun, Moganshan", "330521"),
    ("武康老街", "Wukang Old Street", "330521"),
    ("长兴老街", "Changxing Old Street", "330522"),
    ("水口茶文化街", "Shuikou Tea Culture Street", "330522"),
    ("太湖图影", "Taihu Tuying", "330522"),
    ("递铺老街", "Dipu Old Street", "330523"),
    ("余村两山集市", "Yucun Two Mountains Market", "330523"),
    ("孝丰老街", "Xiaofeng Old Street", "330523"),
)


def upgrade() -> None:
    districts = op.create_table(
        "commerce_districts",
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("name_en", sa.String(length=100), nullable=False),
        sa.Column("district", sa.String(length=6), nullable=False),
        sa.CheckConstraint(
            f"district IN ({_DISTRICTS})", name=op.f("ck_commerce_districts_district")
        ),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_commerce_districts")),
    )
    op.bulk_insert(
        districts,
        [{"name": n, "name_en": e, "district": d} for n, e, d in COMMERCE_DISTRICTS],
    )
    op.create_table(
        "commerce_district_operators",
        sa.Column("partner_id", sa.Integer(), nullable=False),
        sa.Column("commerce_district", sa.String(length=100), nullable=False),
        sa.ForeignKeyConstraint(
            ["partner_id"],
            ["partners.id"],
            name=op.f("fk_commerce_district_operators_partner_id_partners"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["commerce_district"],
            ["commerce_districts.name"],
            name=op.f("fk_commerce_district_operators_commerce_district_commerce_districts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "partner_id", "commerce_district", name=op.f("pk_commerce_district_operators")
        ),
    )
    op.create_index(
        op.f("ix_commerce_district_operators_commerce_district"),
        "commerce_district_operators",
        ["commerce_district"],
    )
    op.create_table(
        "merchant_indicator_observations",
        sa.Column("id", _BIG_ID, autoincrement=True, nullable=False),
        sa.Column("merchant_id", _BIG_ID, nullable=False),
        sa.Column("category", sa.String(length=32), nullable=False),
        sa.Column("department", sa.String(length=32), nullable=False),
        sa.Column("value", sa.Numeric(7, 1), nullable=False),
        sa.Column("observed_on", sa.Date(), nullable=False),
        sa.Column("note", sa.String(length=500), nullable=True),
        sa.Column("recorded_by", sa.Integer(), nullable=True),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("key_scope", sa.String(length=32), nullable=False),
        sa.Column("idempotency_key", sa.String(length=128), nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.CheckConstraint(
            f"category IN ({_CATEGORIES})",
            name=op.f("ck_merchant_indicator_observations_category"),
        ),
        sa.ForeignKeyConstraint(
            ["merchant_id"],
            ["merchants.subject_id"],
            name=op.f("fk_merchant_indicator_observations_merchant_id_merchants"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by"],
            ["partners.id"],
            name=op.f("fk_merchant_indicator_observations_recorded_by_partners"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_merchant_indicator_observations")),
    )
    op.create_index(
        "ix_merchant_indicator_observations_merchant",
        "merchant_indicator_observations",
        ["merchant_id", "category", "observed_on"],
    )
    op.create_index(
        "uq_merchant_indicator_observations_key",
        "merchant_indicator_observations",
        ["key_scope", "idempotency_key"],
        unique=True,
    )
    op.create_index(
        "ix_merchant_indicator_observations_category_day",
        "merchant_indicator_observations",
        ["category", "observed_on"],
    )


def downgrade() -> None:
    op.drop_table("merchant_indicator_observations")
    op.drop_table("commerce_district_operators")
    op.drop_table("commerce_districts")
