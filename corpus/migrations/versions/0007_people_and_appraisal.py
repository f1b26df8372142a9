"""Who uses the review UI and what the council decides: users sign in (argon2 hashes), officers belong to units,
council members are assigned unit-years (one the appraiser of record), appraised points and comments per
criterion, units' ranking groups, and the survey and ministry points of the published index.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

TEXT = sqlmodel.sql.sqltypes.AutoString


def upgrade() -> None:
    with op.batch_alter_table("units") as batch:
        batch.add_column(sa.Column("group", TEXT(), nullable=False, server_default="department"))
    with op.batch_alter_table("submissions") as batch:
        batch.add_column(sa.Column("survey_points", sa.Float(), nullable=True))
        batch.add_column(sa.Column("ministry_points", sa.Float(), nullable=True))
        batch.add_column(sa.Column("matrix", sa.JSON(), nullable=True))
        batch.add_column(sa.Column("matrix_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("password_hash", TEXT(), nullable=True))
        batch.add_column(sa.Column("active", sa.Boolean(), nullable=False, server_default=sa.true()))
    op.create_table(
        "user_units",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("users.id"), nullable=False, index=True),
        sa.Column("unit_id", sa.Integer(), sa.ForeignKey("units.id"), nullable=False, index=True),
        sa.UniqueConstraint("user_id", "unit_id"),
    )
    op.create_table(
        "assignments",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("users.id"), nullable=False, index=True),
        sa.Column("submission_id", sa.Integer(), sa.ForeignKey("submissions.id"), nullable=False, index=True),
        sa.Column("appraiser", sa.Boolean(), nullable=False),
        sa.Column("submitted_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.UniqueConstraint("user_id", "submission_id"),
    )
    op.create_table(
        "appraisals",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("submission_id", sa.Integer(), sa.ForeignKey("submissions.id"), nullable=False, index=True),
        sa.Column("criterion", TEXT(), nullable=False),
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("users.id"), nullable=False, index=True),
        sa.Column("points", sa.Float(), nullable=True),
        sa.Column("comment", TEXT(), nullable=True),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.UniqueConstraint("submission_id", "criterion", "user_id"),
    )


def downgrade() -> None:
    for table in ("appraisals", "assignments", "user_units"):
        op.drop_table(table)
    # plain DROP COLUMN (SQLite 3.35+): a batch copy of these tables would break the keys that point at them
    for table, column in (("users", "active"), ("users", "password_hash"), ("submissions", "matrix_at"),
                          ("submissions", "matrix"), ("submissions", "ministry_points"),
                          ("submissions", "survey_points"), ("units", "group")):  # fmt: skip
        op.drop_column(table, column)
