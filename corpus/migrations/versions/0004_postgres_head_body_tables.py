"""PostgreSQL search index: head and body vectors in separate tables.

With both in one table, each row carried its body vector inline (a few kB of distinct words), so ranking the
head matches of a common word visited thousands of wide heap pages. A narrow head table is read in a fraction
of the pages.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23
"""

from __future__ import annotations

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for part in ("head", "body"):
        op.execute(
            f"CREATE TABLE document_{part}_search (document_id INTEGER PRIMARY KEY"
            f" REFERENCES documents(id) ON DELETE CASCADE, vector TSVECTOR NOT NULL)"
        )
        op.execute(f"INSERT INTO document_{part}_search SELECT document_id, {part} FROM document_search")
        op.execute(f"CREATE INDEX ix_document_{part}_search ON document_{part}_search USING GIN (vector)")
    op.execute("DROP TABLE document_search")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(
        "CREATE TABLE document_search (document_id INTEGER PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,"
        " head TSVECTOR NOT NULL, body TSVECTOR NOT NULL)"
    )
    op.execute(
        "INSERT INTO document_search SELECT h.document_id, h.vector, b.vector"
        " FROM document_head_search h JOIN document_body_search b USING (document_id)"
    )
    op.execute("CREATE INDEX ix_document_search_head ON document_search USING GIN (head)")
    op.execute("CREATE INDEX ix_document_search_body ON document_search USING GIN (body)")
    op.execute("DROP TABLE document_head_search")
    op.execute("DROP TABLE document_body_search")
