"""SQLite search index: separate FTS5 tables for head and body.

FTS5 keeps one position list per word across all columns, so a query limited to the head column still read
every body position of common words ("tỉnh", "cải cách"). Two tables make head queries read head entries only.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23
"""

from __future__ import annotations

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return  # PostgreSQL has kept head and body apart since 0002
    op.execute("CREATE VIRTUAL TABLE document_head_fts USING fts5(head, tokenize='unicode61')")
    op.execute("CREATE VIRTUAL TABLE document_body_fts USING fts5(body, tokenize='unicode61')")
    op.execute("INSERT INTO document_head_fts(rowid, head) SELECT rowid, head FROM document_fts")
    op.execute("INSERT INTO document_body_fts(rowid, body) SELECT rowid, body FROM document_fts")
    op.execute("DROP TABLE document_fts")


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    op.execute("CREATE VIRTUAL TABLE document_fts USING fts5(head, body, tokenize='unicode61')")
    op.execute(
        "INSERT INTO document_fts(rowid, head, body) SELECT h.rowid, h.head, b.body"
        " FROM document_head_fts h JOIN document_body_fts b ON b.rowid = h.rowid"
    )
    op.execute("DROP TABLE document_head_fts")
    op.execute("DROP TABLE document_body_fts")
