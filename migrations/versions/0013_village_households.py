"""village households: village rules in versions, household files and members, civility
entries and their corrections, model-household nominations and the honours they gave, and the
idempotency keys of village writes

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-06 06:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_BIG_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    """Create the village tables; every existing household head becomes a member."""
    op.create_table(
        "village_writes",
        sa.Column("partner_id", sa.Integer(), nullable=False),
        sa.Column("idempotency_key", sa.String(length=128), nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("result_id", _BIG_ID, nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["partner_id"],
            ["partners.id"],
            name=op.f("fk_village_writes_partner_id_partners"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("partner_id", "idempotency_key", name=op.f("pk_village_writes")),
    )
    op.create_table(
        "villages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("name_pinyin", sa.String(length=100), nullable=False),
        sa.Column("district", sa.String(length=6), nullable=False),
        sa.Column("township", sa.String(length=100), nullable=False),
        sa.Column("committee_partner_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "district IN ('330502', '330503', '330521', '330522', '330523')",
            name=op.f("ck_villages_district"),
        ),
        sa.ForeignKeyConstraint(
            ["committee_partner_id"],
            ["partners.id"],
            name=op.f("fk_villages_committee_partner_id_partners"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_villages")),
        sa.UniqueConstraint("committee_partner_id", name=op.f("uq_villages_committee_partner_id")),
        sa.UniqueConstraint("name", name=op.f("uq_villages_name")),
    )
    op.create_table(
        "village_rules",
        sa.Column("id", _BIG_ID, nullable=False),
        sa.Column("village_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("description", sa.String(length=200), nullable=False),
        sa.Column("points", sa.Integer(), nullable=False),
        sa.Column("yearly_cap", sa.Integer(), nullable=True),
        sa.Column("valid_from", sa.DateTime(timezone=True), nullable=False),
        sa.Column("retired_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("points <> 0", name=op.f("ck_village_rules_points_not_zero")),
        sa.ForeignKeyConstraint(
            ["village_id"],
            ["villages.id"],
            name=op.f("fk_village_rules_village_id_villages"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_village_rules")),
    )
    op.create_index(
        "uq_village_rules_village_code_version",
        "village_rules",
        ["village_id", "code", "version"],
        unique=True,
    )
    op.create_table(
        "household_files",
        sa.Column("household_id", _BIG_ID, nullable=False),
        sa.Column("village_id", sa.Integer(), nullable=False),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["household_id"],
            ["households.subject_id"],
            name=op.f("fk_household_files_household_id_households"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["village_id"],
            ["villages.id"],
            name=op.f("fk_household_files_village_id_villages"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("household_id", name=op.f("pk_household_files")),
    )
    op.create_index(
        op.f("ix_household_files_village_id"), "household_files", ["village_id"], unique=False
    )
    op.create_table(
        "household_members",
        sa.Column("household_id", _BIG_ID, nullable=False),
        sa.Column("person_id", _BIG_ID, nullable=False),
        sa.Column("relation", sa.String(length=16), nullable=False),
        sa.ForeignKeyConstraint(
            ["household_id"],
            ["households.subject_id"],
            name=op.f("fk_household_members_household_id_households"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["persons.subject_id"],
            name=op.f("fk_household_members_person_id_persons"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("household_id", "person_id", name=op.f("pk_household_members")),
        sa.UniqueConstraint("person_id", name=op.f("uq_household_members_person_id")),
    )
    op.create_table(
        "model_household_nominations",
        sa.Column("id", _BIG_ID, nullable=False),
        sa.Column("household_id", _BIG_ID, nullable=False),
        sa.Column("village_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("points", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("nominated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decision_reason", sa.String(length=500), nullable=True),
        sa.CheckConstraint(
            "status IN ('nominated', 'approved', 'rejected')",
            name=op.f("ck_model_household_nominations_status"),
        ),
        sa.ForeignKeyConstraint(
            ["household_id"],
            ["households.subject_id"],
            name=op.f("fk_model_household_nominations_household_id_households"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["village_id"],
            ["villages.id"],
            name=op.f("fk_model_household_nominations_village_id_villages"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_model_household_nominations")),
    )
    op.create_index(
        "ix_model_household_nominations_year_status",
        "model_household_nominations",
        ["year", "status"],
        unique=False,
    )
    op.create_index(
        "uq_model_household_nominations_household_year",
        "model_household_nominations",
        ["household_id", "year"],
        unique=True,
    )
    op.create_table(
        "civility_entries",
        sa.Column("id", _BIG_ID, nullable=False),
        sa.Column("household_id", _BIG_ID, nullable=False),
        sa.Column("village_id", sa.Integer(), nullable=False),
        sa.Column("rule_id", _BIG_ID, nullable=False),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("points", sa.Integer(), nullable=False),
        sa.Column("requested_points", sa.Integer(), nullable=False),
        sa.Column("occurred_on", sa.Date(), nullable=False),
        sa.Column("note", sa.String(length=500), nullable=False),
        sa.Column("evidence_reference", sa.String(length=200), nullable=True),
        sa.Column("recorded_by", sa.String(length=64), nullable=False),
        sa.Column("partner_id", sa.Integer(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("corrects_entry_id", _BIG_ID, nullable=True),
        sa.Column("corrected_by_entry_id", _BIG_ID, nullable=True),
        sa.CheckConstraint(
            "kind IN ('points', 'dispute_settlement', 'correction')",
            name=op.f("ck_civility_entries_kind"),
        ),
        sa.ForeignKeyConstraint(
            ["corrects_entry_id"],
            ["civility_entries.id"],
            name=op.f("fk_civility_entries_corrects_entry_id_civility_entries"),
        ),
        sa.ForeignKeyConstraint(
            ["household_id"],
            ["household_files.household_id"],
            name=op.f("fk_civility_entries_household_id_household_files"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["partner_id"], ["partners.id"], name=op.f("fk_civility_entries_partner_id_partners")
        ),
        sa.ForeignKeyConstraint(
            ["rule_id"],
            ["village_rules.id"],
            name=op.f("fk_civility_entries_rule_id_village_rules"),
        ),
        sa.ForeignKeyConstraint(
            ["village_id"],
            ["villages.id"],
            name=op.f("fk_civility_entries_village_id_villages"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_civility_entries")),
        sa.UniqueConstraint(
            "corrects_entry_id", name=op.f("uq_civility_entries_corrects_entry_id")
        ),
    )
    op.create_index(
        "ix_civility_entries_household_day",
        "civility_entries",
        ["household_id", "occurred_on", "id"],
        unique=False,
    )
    op.create_index(
        op.f("ix_civility_entries_partner_id"), "civility_entries", ["partner_id"], unique=False
    )
    op.create_index(
        op.f("ix_civility_entries_rule_id"), "civility_entries", ["rule_id"], unique=False
    )
    op.create_index(
        "ix_civility_entries_village_day",
        "civility_entries",
        ["village_id", "occurred_on"],
        unique=False,
    )
    op.create_table(
        "model_household_honours",
        sa.Column("nomination_id", _BIG_ID, nullable=False),
        sa.Column("record_id", _BIG_ID, nullable=False),
        sa.ForeignKeyConstraint(
            ["nomination_id"],
            ["model_household_nominations.id"],
            name=op.f("fk_model_household_honours_nomination_id_model_household_nominations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["record_id"],
            ["credit_records.id"],
            name=op.f("fk_model_household_honours_record_id_credit_records"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "nomination_id", "record_id", name=op.f("pk_model_household_honours")
        ),
    )
    op.execute(
        "INSERT INTO household_members (household_id, person_id, relation) "
        "SELECT subject_id, head_person_id, 'head' FROM households "
        "WHERE head_person_id IS NOT NULL"
    )


def downgrade() -> None:
    """Drop the village tables."""
    op.drop_table("model_household_honours")
    op.drop_index("ix_civility_entries_village_day", table_name="civility_entries")
    op.drop_index(op.f("ix_civility_entries_rule_id"), table_name="civility_entries")
    op.drop_index(op.f("ix_civility_entries_partner_id"), table_name="civility_entries")
    op.drop_index("ix_civility_entries_household_day", table_name="civility_entries")
    op.drop_table("civility_entries")
    op.drop_index(
        "uq_model_household_nominations_household_year", table_name="model_household_nominations"
    )
    op.drop_index(
        "ix_model_household_nominations_year_status", table_name="model_household_nominations"
    )
    op.drop_table("model_household_nominations")
    op.drop_table("household_members")
    op.drop_index(op.f("ix_household_files_village_id"), table_name="household_files")
    op.drop_table("household_files")
    op.drop_index("uq_village_rules_village_code_version", table_name="village_rules")
    op.drop_table("village_rules")
    op.drop_table("villages")
    op.drop_table("village_writes")
