"""PostgreSQL search index: separate head and body vectors, so ranking reads only the small head entries.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

from __future__ import annotations

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return  # SQLite's FTS5 table has had separate head and body columns from the start
    op.execute("ALTER TABLE document_search ADD COLUMN head TSVECTOR, ADD COLUMN body TSVECTOR")
    op.execute("UPDATE document_search SET head = ts_filter(vector, '{a}'), body = ts_filter(vector, '{d}')")
    op.execute("ALTER TABLE document_search ALTER COLUMN head SET NOT NULL, ALTER COLUMN body SET NOT NULL")
    op.execute("UPDATE document_search SET head = setweight(head, 'D')")
    op.execute("DROP INDEX ix_document_search_vector")
    op.execute("ALTER TABLE document_search DROP COLUMN vector")
    op.execute("CREATE INDEX ix_document_search_head ON document_search USING GIN (head)")
    op.execute("CREATE INDEX ix_document_search_body ON document_search USING GIN (body)")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("ALTER TABLE document_search ADD COLUMN vector TSVECTOR")
    op.execute("UPDATE document_search SET vector = setweight(head, 'A') || setweight(body, 'D')")
    op.execute("ALTER TABLE document_search ALTER COLUMN vector SET NOT NULL")
    op.execute("DROP INDEX ix_document_search_head")
    op.execute("DROP INDEX ix_document_search_body")
    op.execute("ALTER TABLE document_search DROP COLUMN head, DROP COLUMN body")
    op.execute("CREATE INDEX ix_document_search_vector ON document_search USING GIN (vector)")
