"""Wrong passwords kept in the corpus, so the sign-in limit holds across several server processes.

Self-contained (one new table, no other table touched): it can be renumbered if another migration lands first.

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

TEXT = sqlmodel.sql.sqltypes.AutoString


def upgrade() -> None:
    op.create_table(
        "login_failures",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("username", TEXT(), nullable=False, index=True),
        sa.Column("address", TEXT(), nullable=False),
        sa.Column("at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False, index=True),
    )


def downgrade() -> None:
    op.drop_table("login_failures")
