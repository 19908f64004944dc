"""audit chain: audit rows get a place and hashes in their day's chain, set once by a sealer

Adds ``chain_day``, ``chain_seq``, ``prev_hash`` and ``row_hash`` to ``audit_log``, NULL until
a sealer (``api.db.repositories.audit_seal``) chains the row off the request path, unique per
day and place once set, and a small partial index of the unsealed rows; the table
``audit_chain_heads`` holds each day's end (only sealers lock it). Existing rows are left
unsealed for the first seal, which chains them per day in order of id.

The append-only triggers now let one UPDATE through: setting the four chain columns of an
unsealed row (all NULL before, all set after) with every other column unchanged. Anything
else is still refused, as are DELETE (and TRUNCATE on PostgreSQL). On SQLite the trigger's
WHEN clause names every column of ``audit_log``: a migration that adds a column to the
table must add it there too.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-06 04:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_BIG_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
_CHAIN_COLUMNS = ("chain_day", "chain_seq", "prev_hash", "row_hash")
#: Every other column of audit_log (revision 0003): a seal must leave them as they are.
_OTHER_COLUMNS = (
    "id",
    "occurred_at",
    "request_id",
    "partner_id",
    "partner_type",
    "client_id",
    "token_id",
    "subject_kind",
    "subject_hash",
    "fields",
    "purpose",
    "permission",
    "code_id",
    "consent_id",
    "outcome",
    "reason",
)
_UNSEALED = " AND ".join(f"OLD.{c} IS NULL" for c in _CHAIN_COLUMNS)
_SEALED = " AND ".join(f"NEW.{c} IS NOT NULL" for c in _CHAIN_COLUMNS)
_CHAIN_ARRAY = "ARRAY[" + ", ".join(f"'{c}'" for c in _CHAIN_COLUMNS) + "]"

_PG_SEAL_ONCE = [
    f"""
    CREATE FUNCTION audit_log_seal_once() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'UPDATE' AND {_UNSEALED} AND {_SEALED}
            AND to_jsonb(NEW) - {_CHAIN_ARRAY}::text[] = to_jsonb(OLD) - {_CHAIN_ARRAY}::text[]
        THEN
            RETURN NEW;
        END IF;
        RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP
            USING ERRCODE = 'insufficient_privilege',
                  HINT = 'only sealing sets the chain columns of an unsealed row, once';
    END
    $$
    """,
    "DROP TRIGGER audit_log_append_only ON audit_log",
    """
    CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_seal_once()
    """,
]
_PG_REFUSE_ALL = [
    "DROP TRIGGER audit_log_append_only ON audit_log",
    """
    CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change()
    """,
    "DROP FUNCTION audit_log_seal_once()",
]
_SQLITE_UNCHANGED = " AND ".join(f"NEW.{c} IS OLD.{c}" for c in _OTHER_COLUMNS)
_SQLITE_SEAL_ONCE = f"""
    CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
    WHEN NOT ({_UNSEALED} AND {_SEALED} AND {_SQLITE_UNCHANGED})
    BEGIN SELECT RAISE(ABORT, 'audit_log is append-only: UPDATE refused'); END
    """
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
    postgresql = op.get_bind().dialect.name == "postgresql"
    op.create_table(
        "audit_chain_heads",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("last_seq", sa.Integer(), nullable=False),
        sa.Column("last_hash", sa.LargeBinary(length=32), nullable=False),
        sa.Column("last_id", _BIG_ID, nullable=False),
        sa.PrimaryKeyConstraint("day", name=op.f("pk_audit_chain_heads")),
    )
    op.add_column("audit_log", sa.Column("chain_day", sa.Date(), nullable=True))
    op.add_column("audit_log", sa.Column("chain_seq", sa.Integer(), nullable=True))
    op.add_column("audit_log", sa.Column("prev_hash", sa.LargeBinary(length=32), nullable=True))
    op.add_column("audit_log", sa.Column("row_hash", sa.LargeBinary(length=32), nullable=True))
    op.create_index(
        "uq_audit_log_chain",
        "audit_log",
        ["chain_day", "chain_seq"],
        unique=True,
        sqlite_where=sa.text("chain_seq IS NOT NULL"),
        postgresql_where=sa.text("chain_seq IS NOT NULL"),
    )
    op.create_index(
        "ix_audit_log_unsealed",
        "audit_log",
        ["id"],
        sqlite_where=sa.text("row_hash IS NULL"),
        postgresql_where=sa.text("row_hash IS NULL"),
    )
    if postgresql:
        for statement in _PG_SEAL_ONCE:
            op.execute(statement)
    else:
        op.execute("DROP TRIGGER audit_log_no_update")
        op.execute(_SQLITE_SEAL_ONCE)


def downgrade() -> None:
    postgresql = op.get_bind().dialect.name == "postgresql"
    if postgresql:
        for statement in _PG_REFUSE_ALL:
            op.execute(statement)
    else:
        # Its WHEN names the chain columns; the batch below copies the table anyway.
        op.execute("DROP TRIGGER IF EXISTS audit_log_no_update")
    op.drop_index("ix_audit_log_unsealed", table_name="audit_log")
    op.drop_index("uq_audit_log_chain", table_name="audit_log")
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        for name in reversed(_CHAIN_COLUMNS):
            batch_op.drop_column(name)
    if not postgresql:
        # The batch copied the table, and the copy has no triggers: create both again.
        op.execute("DROP TRIGGER IF EXISTS audit_log_no_update")
        op.execute("DROP TRIGGER IF EXISTS audit_log_no_delete")
        for statement in _SQLITE_APPEND_ONLY:
            op.execute(statement)
    op.drop_table("audit_chain_heads")
