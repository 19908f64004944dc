"""consent and audit: integrity codes, standing consents, an append-only audit log

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-27 09:12:05.000000

The audit log refuses UPDATE and DELETE in the database itself: a PL/pgSQL trigger on
PostgreSQL (and TRUNCATE too), ``RAISE(ABORT, ...)`` triggers on SQLite.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_PURPOSES = "purpose IN ('pay_after_treatment', 'mobility_discount', 'credit_loan', 'tax_credit_loan', 'green_loan_matching', 'post_loan_monitoring', 'incentive_eligibility', 'credit_supervision', 'subject_self_service')"
_SUBJECT_KINDS = "subject_kind IN ('person', 'enterprise')"
_BIG_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")

_PG_APPEND_ONLY = [
    """
    CREATE FUNCTION audit_log_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP
            USING ERRCODE = 'insufficient_privilege';
    END
    $$
    """,
    """
    CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change()
    """,
    """
    CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change()
    """,
]

_SQLITE_APPEND_ONLY = [
    """
    CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
    BEGIN SELECT RAISE(ABORT, 'audit_log is append-only: UPDATE refused'); END
    """,
    """
    CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
    BEGIN SELECT RAISE(ABORT, 'audit_log is append-only: DELETE refused'); END
    """,
]


def upgrade() -> None:
    op.create_table(
        "integrity_codes",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("person_id", _BIG_ID, nullable=False),
        sa.Column("purpose", sa.String(length=32), nullable=False),
        sa.Column("issued_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("issued_by_client_id", sa.String(length=64), nullable=True),
        sa.CheckConstraint(_PURPOSES, name=op.f("ck_integrity_codes_purpose")),
        sa.CheckConstraint(
            "expires_at > issued_at", name=op.f("ck_integrity_codes_expires_after_issue")
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["persons.subject_id"],
            name=op.f("fk_integrity_codes_person_id_persons"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_integrity_codes")),
    )
    with op.batch_alter_table("integrity_codes", schema=None) as batch_op:
        batch_op.create_index(
            "ix_integrity_codes_person_issued", ["person_id", "issued_at"], unique=False
        )

    op.create_table(
        "consents",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("subject_id", _BIG_ID, nullable=False),
        sa.Column("subject_kind", sa.String(length=16), nullable=False),
        sa.Column("partner_id", sa.Integer(), nullable=False),
        sa.Column("permissions", sa.String(length=200), nullable=False),
        sa.Column("purpose", sa.String(length=32), nullable=False),
        sa.Column("status", sa.String(length=24), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status_updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by_client_id", sa.String(length=64), nullable=True),
        sa.CheckConstraint(_PURPOSES, name=op.f("ck_consents_purpose")),
        sa.CheckConstraint(
            "status IN ('AWAITING_AUTHORISATION', 'AUTHORISED', 'REJECTED', 'REVOKED', 'EXPIRED')",
            name=op.f("ck_consents_status"),
        ),
        sa.CheckConstraint(_SUBJECT_KINDS, name=op.f("ck_consents_subject_kind")),
        sa.CheckConstraint(
            "expires_at > created_at", name=op.f("ck_consents_expires_after_creation")
        ),
        sa.ForeignKeyConstraint(
            ["partner_id"],
            ["partners.id"],
            name=op.f("fk_consents_partner_id_partners"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["subject_id"],
            ["subjects.id"],
            name=op.f("fk_consents_subject_id_subjects"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consents")),
    )
    with op.batch_alter_table("consents", schema=None) as batch_op:
        batch_op.create_index(
            "ix_consents_partner_newest", ["partner_id", "created_at", "id"], unique=False
        )
        batch_op.create_index(
            "ix_consents_subject_newest", ["subject_id", "created_at", "id"], unique=False
        )

    op.create_table(
        "audit_log",
        sa.Column("id", _BIG_ID, nullable=False),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("request_id", sa.String(length=64), nullable=False),
        sa.Column("partner_id", sa.Integer(), nullable=False),
        sa.Column("partner_type", sa.String(length=32), nullable=False),
        sa.Column("client_id", sa.String(length=64), nullable=False),
        sa.Column("token_id", sa.String(length=64), nullable=True),
        sa.Column("subject_kind", sa.String(length=16), nullable=True),
        sa.Column("subject_hash", sa.LargeBinary(length=32), nullable=True),
        sa.Column("fields", sa.Text(), nullable=False),
        sa.Column("purpose", sa.String(length=32), nullable=False),
        sa.Column("permission", sa.String(length=32), nullable=False),
        sa.Column("code_id", sa.String(length=32), nullable=True),
        sa.Column("consent_id", sa.String(length=36), nullable=True),
        sa.Column("outcome", sa.String(length=8), nullable=False),
        sa.Column("reason", sa.String(length=40), nullable=True),
        sa.CheckConstraint(
            "(outcome = 'ALLOWED' AND reason IS NULL AND subject_hash IS NOT NULL) OR (outcome = 'DENIED' AND reason IS NOT NULL)",
            name=op.f("ck_audit_log_outcome_reason"),
        ),
        sa.CheckConstraint("outcome IN ('ALLOWED', 'DENIED')", name=op.f("ck_audit_log_outcome")),
        sa.CheckConstraint(
            "permission IN ('READ_IDENTITY', 'READ_INTEGRITY_CODE', 'READ_CREDIT_RECORDS', 'READ_EVALUATION', 'READ_ENTERPRISE_NON_PUBLIC')",
            name=op.f("ck_audit_log_permission"),
        ),
        sa.CheckConstraint(_PURPOSES, name=op.f("ck_audit_log_purpose")),
        sa.CheckConstraint(
            "reason IN ('NO_AUTHORISATION', 'CODE_INVALID', 'CODE_EXPIRED', 'CODE_REVOKED', 'CONSENT_NOT_FOUND', 'CONSENT_NOT_AUTHORISED', 'CONSENT_EXPIRED', 'CONSENT_REVOKED', 'WRONG_PURPOSE', 'WRONG_PARTNER', 'WRONG_SUBJECT', 'PERMISSION_NOT_GRANTED', 'PURPOSE_NOT_ALLOWED_FOR_PARTNER_TYPE', 'SUBJECT_NOT_FOUND')",
            name=op.f("ck_audit_log_reason"),
        ),
        sa.CheckConstraint(_SUBJECT_KINDS, name=op.f("ck_audit_log_subject_kind")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_log")),
    )
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.create_index("ix_audit_log_newest", ["occurred_at", "id"], unique=False)
        batch_op.create_index(
            "ix_audit_log_outcome_newest", ["outcome", "occurred_at", "id"], unique=False
        )
        batch_op.create_index(
            "ix_audit_log_partner_newest", ["partner_id", "occurred_at", "id"], unique=False
        )
        batch_op.create_index(
            "ix_audit_log_subject_newest",
            ["subject_kind", "subject_hash", "occurred_at", "id"],
            unique=False,
        )

    # Created last: on SQLite a batch operation that copies the table would drop its triggers.
    statements = (
        _PG_APPEND_ONLY if op.get_bind().dialect.name == "postgresql" else _SQLITE_APPEND_ONLY
    )
    for statement in statements:
        op.execute(statement)


def downgrade() -> None:
    # Dropping the table drops its triggers (DROP is neither UPDATE, DELETE nor TRUNCATE).
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.drop_index("ix_audit_log_subject_newest")
        batch_op.drop_index("ix_audit_log_partner_newest")
        batch_op.drop_index("ix_audit_log_outcome_newest")
        batch_op.drop_index("ix_audit_log_newest")

    op.drop_table("audit_log")
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION audit_log_refuse_change()")
    with op.batch_alter_table("consents", schema=None) as batch_op:
        batch_op.drop_index("ix_consents_subject_newest")
        batch_op.drop_index("ix_consents_partner_newest")

    op.drop_table("consents")
    with op.batch_alter_table("integrity_codes", schema=None) as batch_op:
        batch_op.drop_index("ix_integrity_codes_person_issued")

    op.drop_table("integrity_codes")
