"""Search index: words typed with diacritics kept as typed beside the folded ones; header boilerplate left out.

A query typed with diacritics means them (`mời` is not `mới`): the index now holds each word's exact form too,
which SQLite's tokenizer must not fold (`remove_diacritics 0`, so its FTS5 tables are made again). The body
leaves out the national name, the motto and the recipients list (corpus/boilerplate.py). Every stored
document is indexed again from its fields and page text (corpus/reindex.py).

Revision ID: 0014
Revises: 0013
Create Date: 2026-11-29
"""

from __future__ import annotations

from alembic import op

from corpus.reindex import create_sqlite_tables, reindex_all

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    connection = op.get_bind()
    if connection.dialect.name == "sqlite":
        create_sqlite_tables(connection)
    reindex_all(connection)


def downgrade() -> None:
    """The older tokenizer folds the exact words into folded ones again: the older search reads the same
    words, a few counted twice."""
    connection = op.get_bind()
    if connection.dialect.name == "sqlite":
        create_sqlite_tables(connection, "unicode61")
        reindex_all(connection)
