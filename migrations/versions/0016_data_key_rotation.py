"""data key rotation: the data-key version of each resident-ID ciphertext

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-06 06:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Every existing ciphertext was made under data key 1; the index serves the rotation."""
    with op.batch_alter_table("persons") as batch:
        batch.add_column(
            sa.Column(
                "resident_id_key_version",
                sa.SmallInteger(),
                nullable=False,
                server_default=sa.text("1"),
            )
        )
    op.create_index("ix_persons_resident_id_key_version", "persons", ["resident_id_key_version"])


def downgrade() -> None:
    """Back to one data key: only safe once every row is at version 1 again."""
    bind = op.get_bind()
    newer = bind.execute(
        sa.text("SELECT count(*) FROM persons WHERE resident_id_key_version <> 1")
    ).scalar_one()
    if newer:
        raise RuntimeError(
            f"{newer} resident IDs are encrypted under a data key newer than 1: rotate them "
            "back (CREDIT_DATA_KEY_VERSION=1, `credit-platform keys rotate-data`) first"
        )
    op.drop_index("ix_persons_resident_id_key_version", table_name="persons")
    with op.batch_alter_table("persons") as batch:
        batch.drop_column("resident_id_key_version")
