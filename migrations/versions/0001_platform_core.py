"""platform core: subjects, records, ratings, green profiles

Revision ID: 0001
Revises: (none)
Create Date: 2026-11-26 10:21:47.310583
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "departments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("name_zh", sa.String(length=100), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_departments")),
        sa.UniqueConstraint("code", name=op.f("uq_departments_code")),
    )
    op.create_table(
        "subjects",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "kind IN ('person', 'enterprise', 'merchant', 'household')",
            name=op.f("ck_subjects_kind"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_subjects")),
    )
    op.create_table(
        "credit_records",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column(
            "subject_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("department_id", sa.Integer(), nullable=False),
        sa.Column("category", sa.String(length=24), nullable=False),
        sa.Column("severity", sa.String(length=8), nullable=True),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("publicity_until", sa.Date(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("summary", sa.String(length=500), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "category IN ('commitment', 'commitment_kept', 'commitment_broken', 'honour', 'licence', 'penalty', 'enforcement', 'dishonesty_list', 'scenario_event')",
            name=op.f("ck_credit_records_category"),
        ),
        sa.CheckConstraint(
            "severity IN ('minor', 'general', 'serious')", name=op.f("ck_credit_records_severity")
        ),
        sa.CheckConstraint(
            "status IN ('active', 'repaired', 'expired', 'exempted')",
            name=op.f("ck_credit_records_status"),
        ),
        sa.ForeignKeyConstraint(
            ["department_id"],
            ["departments.id"],
            name=op.f("fk_credit_records_department_id_departments"),
        ),
        sa.ForeignKeyConstraint(
            ["subject_id"],
            ["subjects.id"],
            name=op.f("fk_credit_records_subject_id_subjects"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_credit_records")),
    )
    with op.batch_alter_table("credit_records", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_credit_records_department_id"), ["department_id"], unique=False
        )
        batch_op.create_index(
            "ix_credit_records_subject_newest", ["subject_id", "occurred_at", "id"], unique=False
        )

    op.create_table(
        "enterprises",
        sa.Column(
            "subject_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("uscc", sa.String(length=18), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("industry_code", sa.String(length=5), nullable=False),
        sa.Column("district", sa.String(length=6), nullable=False),
        sa.Column("size_class", sa.String(length=8), nullable=False),
        sa.Column("registered_on", sa.Date(), nullable=False),
        sa.Column("registered_capital", sa.Numeric(precision=18, scale=2), nullable=False),
        sa.Column("tax_grade", sa.String(length=1), nullable=True),
        sa.Column("green_class", sa.String(length=32), nullable=True),
        sa.CheckConstraint(
            "district IN ('330502', '330503', '330521', '330522', '330523')",
            name=op.f("ck_enterprises_district"),
        ),
        sa.CheckConstraint(
            "green_class IN ('energy_saving', 'environmental_protection', 'resource_recycling', 'clean_energy', 'ecological_protection', 'green_infrastructure', 'green_services', 'not_green')",
            name=op.f("ck_enterprises_green_class"),
        ),
        sa.CheckConstraint(
            "size_class IN ('micro', 'small', 'medium', 'large')",
            name=op.f("ck_enterprises_size_class"),
        ),
        sa.CheckConstraint(
            "tax_grade IN ('A', 'B', 'M', 'C', 'D')", name=op.f("ck_enterprises_tax_grade")
        ),
        sa.ForeignKeyConstraint(
            ["subject_id"],
            ["subjects.id"],
            name=op.f("fk_enterprises_subject_id_subjects"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("subject_id", name=op.f("pk_enterprises")),
        sa.UniqueConstraint("uscc", name=op.f("uq_enterprises_uscc")),
    )
    with op.batch_alter_table("enterprises", schema=None) as batch_op:
        batch_op.create_index(
            "ix_enterprises_district_id", ["district", "subject_id"], unique=False
        )
        batch_op.create_index(
            "ix_enterprises_green_class_id", ["green_class", "subject_id"], unique=False
        )
        batch_op.create_index(
            "ix_enterprises_industry_code_id", ["industry_code", "subject_id"], unique=False
        )
        batch_op.create_index("ix_enterprises_name_id", ["name", "subject_id"], unique=False)
        batch_op.create_index(
            "ix_enterprises_registered_on_id", ["registered_on", "subject_id"], unique=False
        )
        batch_op.create_index(
            "ix_enterprises_size_class_id", ["size_class", "subject_id"], unique=False
        )
        batch_op.create_index(
            "ix_enterprises_tax_grade_id", ["tax_grade", "subject_id"], unique=False
        )

    op.create_table(
        "merchants",
        sa.Column(
            "subject_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("uscc", sa.String(length=18), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("commerce_district", sa.String(length=100), nullable=False),
        sa.Column("district", sa.String(length=6), nullable=False),
        sa.CheckConstraint(
            "district IN ('330502', '330503', '330521', '330522', '330523')",
            name=op.f("ck_merchants_district"),
        ),
        sa.ForeignKeyConstraint(
            ["subject_id"],
            ["subjects.id"],
            name=op.f("fk_merchants_subject_id_subjects"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("subject_id", name=op.f("pk_merchants")),
        sa.UniqueConstraint("uscc", name=op.f("uq_merchants_uscc")),
    )
    with op.batch_alter_table("merchants", schema=None) as batch_op:
        batch_op.create_index(
            "ix_merchants_commerce_district_id", ["commerce_district", "subject_id"], unique=False
        )

    op.create_table(
        "persons",
        sa.Column(
            "subject_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("district", sa.String(length=6), nullable=False),
        sa.Column("resident_id_hash", sa.LargeBinary(length=32), nullable=False),
        sa.Column("resident_id_masked", sa.String(length=18), nullable=False),
        sa.Column("resident_id_encrypted", sa.LargeBinary(length=64), nullable=False),
        sa.CheckConstraint(
            "district IN ('330502', '330503', '330521', '330522', '330523')",
            name=op.f("ck_persons_district"),
        ),
        sa.ForeignKeyConstraint(
            ["subject_id"],
            ["subjects.id"],
            name=op.f("fk_persons_subject_id_subjects"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("subject_id", name=op.f("pk_persons")),
        sa.UniqueConstraint("resident_id_hash", name=op.f("uq_persons_resident_id_hash")),
    )
    op.create_table(
        "green_profiles",
        sa.Column(
            "enterprise_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("activity_class", sa.String(length=32), nullable=False),
        sa.Column("emissions_tonnes", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("carbon_intensity", sa.Numeric(precision=10, scale=4), nullable=False),
        sa.Column("carbon_reduction_tonnes", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("esg_score", sa.Numeric(precision=5, scale=2), nullable=False),
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.CheckConstraint(
            "activity_class IN ('energy_saving', 'environmental_protection', 'resource_recycling', 'clean_energy', 'ecological_protection', 'green_infrastructure', 'green_services', 'not_green')",
            name=op.f("ck_green_profiles_activity_class"),
        ),
        sa.ForeignKeyConstraint(
            ["enterprise_id"],
            ["enterprises.subject_id"],
            name=op.f("fk_green_profiles_enterprise_id_enterprises"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("enterprise_id", name=op.f("pk_green_profiles")),
    )
    op.create_table(
        "households",
        sa.Column(
            "subject_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("village", sa.String(length=100), nullable=False),
        sa.Column("household_number", sa.String(length=32), nullable=False),
        sa.Column("district", sa.String(length=6), nullable=False),
        sa.Column(
            "head_person_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True
        ),
        sa.Column("member_count", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "district IN ('330502', '330503', '330521', '330522', '330523')",
            name=op.f("ck_households_district"),
        ),
        sa.ForeignKeyConstraint(
            ["head_person_id"],
            ["persons.subject_id"],
            name=op.f("fk_households_head_person_id_persons"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["subject_id"],
            ["subjects.id"],
            name=op.f("fk_households_subject_id_subjects"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("subject_id", name=op.f("pk_households")),
    )
    with op.batch_alter_table("households", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_households_head_person_id"), ["head_person_id"], unique=False
        )
        batch_op.create_index(
            "uq_households_village_number", ["village", "household_number"], unique=True
        )

    op.create_table(
        "tax_credit_ratings",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column(
            "enterprise_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("grade", sa.String(length=1), nullable=False),
        sa.Column("score", sa.Numeric(precision=5, scale=2), nullable=False),
        sa.CheckConstraint(
            "grade IN ('A', 'B', 'M', 'C', 'D')", name=op.f("ck_tax_credit_ratings_grade")
        ),
        sa.ForeignKeyConstraint(
            ["enterprise_id"],
            ["enterprises.subject_id"],
            name=op.f("fk_tax_credit_ratings_enterprise_id_enterprises"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tax_credit_ratings")),
    )
    with op.batch_alter_table("tax_credit_ratings", schema=None) as batch_op:
        batch_op.create_index(
            "uq_tax_credit_ratings_enterprise_year", ["enterprise_id", "year"], unique=True
        )


def downgrade() -> None:
    with op.batch_alter_table("tax_credit_ratings", schema=None) as batch_op:
        batch_op.drop_index("uq_tax_credit_ratings_enterprise_year")

    op.drop_table("tax_credit_ratings")
    with op.batch_alter_table("households", schema=None) as batch_op:
        batch_op.drop_index("uq_households_village_number")
        batch_op.drop_index(batch_op.f("ix_households_head_person_id"))

    op.drop_table("households")
    op.drop_table("green_profiles")
    op.drop_table("persons")
    with op.batch_alter_table("merchants", schema=None) as batch_op:
        batch_op.drop_index("ix_merchants_commerce_district_id")

    op.drop_table("merchants")
    with op.batch_alter_table("enterprises", schema=None) as batch_op:
        batch_op.drop_index("ix_enterprises_tax_grade_id")
        batch_op.drop_index("ix_enterprises_size_class_id")
        batch_op.drop_index("ix_enterprises_registered_on_id")
        batch_op.drop_index("ix_enterprises_name_id")
        batch_op.drop_index("ix_enterprises_industry_code_id")
        batch_op.drop_index("ix_enterprises_green_class_id")
        batch_op.drop_index("ix_enterprises_district_id")

    op.drop_table("enterprises")
    with op.batch_alter_table("credit_records", schema=None) as batch_op:
        batch_op.drop_index("ix_credit_records_subject_newest")
        batch_op.drop_index(batch_op.f("ix_credit_records_department_id"))

    op.drop_table("credit_records")
    op.drop_table("subjects")
    op.drop_table("departments")
