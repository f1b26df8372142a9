"""Rebuilding the full-text index from the stored documents and pages, a batch at a time.

The index is derived data: when what it holds changes (exact words beside folded ones, boilerplate left out),
existing corpora are re-indexed from what they already store, by migration, in the migration's transaction.
"""

from __future__ import annotations

from sqlalchemy import BindParameter, Connection, bindparam, text

from corpus.bulk import head_text, index_documents

SQLITE_TOKENIZER = "unicode61 remove_diacritics 0"  # exact words keep their diacritics in the index
BATCH = 500


def create_sqlite_tables(connection: Connection, tokenizer: str = SQLITE_TOKENIZER) -> None:
    """(Re)create SQLite's head and body FTS5 tables, empty, with `tokenizer`."""
    for part in ("head", "body"):
        connection.execute(text(f"DROP TABLE IF EXISTS document_{part}_fts"))
        connection.execute(
            text(f"CREATE VIRTUAL TABLE document_{part}_fts USING fts5({part}, tokenize='{tokenizer}')")
        )


def reindex_all(connection: Connection) -> int:
    """Index every document again from its stored fields and page text; returns how many were indexed.
    SQLite tables are expected empty (just created); PostgreSQL's are emptied here."""
    if connection.dialect.name != "sqlite":
        connection.execute(text("DELETE FROM document_head_search"))
        connection.execute(text("DELETE FROM document_body_search"))
    ids = list(connection.execute(text("SELECT id FROM documents ORDER BY id")).scalars())
    for start in range(0, len(ids), BATCH):
        index_documents(connection, stored_entries(connection, ids[start : start + BATCH]), fresh=True)
    return len(ids)


def stored_entries(connection: Connection, ids: list[int]) -> list[tuple[int, str, str]]:
    """(id, head, body) as the write path builds them (`head_text`, pages joined, then the file name)."""
    ids_param: BindParameter[list[int]] = bindparam("ids", expanding=True)
    fields = connection.execute(
        text(
            "SELECT id, number, doc_type, issuer, parent_issuer, subject, file FROM documents WHERE id IN :ids"
        ).bindparams(ids_param),
        {"ids": ids},
    ).fetchall()
    pages: dict[int, list[str]] = {}
    rows = connection.execute(
        text("SELECT document_id, text FROM pages WHERE document_id IN :ids ORDER BY document_id, number")
        .bindparams(ids_param),
        {"ids": ids},
    )  # fmt: skip
    for document_id, page_text in rows:
        pages.setdefault(document_id, []).append(page_text or "")
    entries = []
    for row in fields:
        values = dict(
            zip(("number", "doc_type", "issuer", "parent_issuer", "subject"), row[1:6], strict=True)
        )
        body = "\n".join(pages.get(row[0], [])) + "\n" + row[6]
        entries.append((int(row[0]), head_text(values), body))
    return entries
