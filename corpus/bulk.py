"""The fast write path for documents new to a unit-year: Core inserts, a batch at a time.

A province's year-end batch files tens of thousands of documents; the ORM's per-object work cost ~10 ms a
document, so new documents go in as multi-row inserts. Updates (rare: a new extractor version) keep the ORM
path in `corpus/repository.py`. Both run inside the caller's transaction.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, insert, select, text
from sqlmodel import col

from corpus.boilerplate import blank_boilerplate
from corpus.fold import distinct_exact_words, distinct_words, exact_words, index_form, index_words
from corpus.models import AuditEntry, Document, FlagRow, MatchRow, Original, PageText, utc_now
from corpus.query import number_index_form
from corpus.rows import (
    copy_rows,
    distinct_vector,
    insert_ignoring_duplicates,
    is_postgres,
    new_ids,
    positioned_vector,
    table_of,
    write_rows,
)
from corpus.versions import Versions
from model.records import ReadRecord

DOCUMENT_FIELDS = (
    "page_count", "text_source", "ocr_confidence", "number", "doc_type", "issue_date", "place", "issuer",
    "parent_issuer", "signer", "signer_title", "subject",
)  # fmt: skip


def document_values(record: ReadRecord, versions: Versions) -> dict[str, Any]:
    """The documents-table columns a record fills (the same for a new row and an updated one)."""
    values: dict[str, Any] = {name: getattr(record, name, None) for name in DOCUMENT_FIELDS}
    values["page_count"] = values["page_count"] or len(record.pages)
    number = values["number"]
    values.update(
        file=record.file, status=str(record.status), number_key=number_index_form(number),
        record=record.model_dump(mode="json", exclude={"pages"}), extractor_version=versions.extractor,
        pipeline_version=versions.pipeline, framework_id=versions.framework_id, updated_at=utc_now(),
    )  # fmt: skip
    return values


def head_text(values: dict[str, Any]) -> str:
    parts = (values.get(k) for k in ("number", "doc_type", "issuer", "parent_issuer", "subject"))
    return " ".join(part for part in parts if part)


def body_text(record: ReadRecord) -> str:
    return "\n".join(page.text for page in record.pages) + "\n" + record.file


def insert_documents(
    connection: Connection,
    submission_id: int,
    items: list[tuple[ReadRecord, int]],
    versions: Versions,
    actor: str,
) -> None:
    """Insert records not yet in this unit-year (their originals are in the store), children and index too."""
    if not items:
        return
    now = utc_now()
    _insert_originals(connection, items, now)
    rows = [
        {**document_values(record, versions), "submission_id": submission_id, "sha256": record.sha256,
         "created_at": now}
        for record, _ in items
    ]  # fmt: skip
    document_ids = _insert_document_rows(connection, rows)
    pages, matches, flags, audit = [], [], [], []
    for document_id, (record, _) in zip(document_ids, items, strict=True):
        pages += child_pages(document_id, record)
        matches += child_matches(document_id, record, versions)
        flags += child_flags(document_id, submission_id, record)
        detail = {"sha256": record.sha256, "file": record.file, "extractor": versions.extractor}
        audit.append({"at": now, "actor": actor, "action": "document.created", "entity": "document",
                      "entity_id": str(document_id), "detail": detail})  # fmt: skip
    for model, values in ((PageText, pages), (MatchRow, matches), (FlagRow, flags), (AuditEntry, audit)):
        write_rows(connection, model, values)
    index_documents(
        connection,
        [
            (i, head_text(row), body_text(record))
            for i, row, (record, _) in zip(document_ids, rows, items, strict=True)
        ],
        fresh=True,
    )


def _insert_document_rows(connection: Connection, rows: list[dict[str, Any]]) -> list[int]:
    """Insert document rows, returning their ids in order (PostgreSQL: ids drawn first, rows copied)."""
    if is_postgres(connection):
        ids = new_ids(connection, Document, len(rows))
        write_rows(connection, Document, [{"id": i, **row} for i, row in zip(ids, rows, strict=True)])
        return ids
    table = table_of(Document)
    returned = connection.execute(insert(table).returning(table.c.id, sort_by_parameter_order=True), rows)
    return list(returned.scalars())


def _insert_originals(connection: Connection, items: list[tuple[ReadRecord, int]], now: Any) -> None:
    shas = {record.sha256 for record, _ in items}
    known = set(
        connection.execute(select(col(Original.sha256)).where(col(Original.sha256).in_(shas))).scalars()
    )
    new: dict[str, dict[str, Any]] = {}
    for record, size in items:
        if record.sha256 not in known and record.sha256 not in new:
            new[record.sha256 or ""] = {"sha256": record.sha256, "size": size, "first_name": record.file,
                                        "stored_at": now}  # fmt: skip
    if new:  # another run may store the same original at the same moment (one row per file, whoever is first)
        connection.execute(insert_ignoring_duplicates(connection, Original), list(new.values()))


def child_pages(document_id: int, record: ReadRecord) -> list[dict[str, Any]]:
    return [
        {"document_id": document_id, "number": p.number, "source": str(p.source),
         "ocr_confidence": p.ocr_confidence, "text": p.text, "dpi": p.dpi,
         "words": [word.model_dump(mode="json") for word in p.words] if p.words else None}
        for p in record.pages
    ]  # fmt: skip


def child_matches(document_id: int, record: ReadRecord, versions: Versions) -> list[dict[str, Any]]:
    return [
        {"document_id": document_id, "framework_id": versions.framework_id or "", "criterion": found.code,
         "score": found.score, "reason": found.reason, "rank": rank}
        for rank, found in enumerate(getattr(record, "criteria", []), start=1)
    ]  # fmt: skip


def child_flags(document_id: int, submission_id: int, record: ReadRecord) -> list[dict[str, Any]]:
    return [
        {"document_id": document_id, "submission_id": submission_id, "code": flag.code,
         "severity": str(flag.severity), "message": flag.message, "page": flag.page, "text": flag.text,
         "criterion": flag.criterion, "file": None, "status": "open"}
        for flag in getattr(record, "flags", [])
    ]  # fmt: skip


def index_documents(connection: Connection, entries: list[tuple[int, str, str]], fresh: bool = False) -> None:
    """(Re)index (document id, head, body) entries: folded words, then the words typed with diacritics as they
    are (`exact_words`), head weighted above body; the body without its boilerplate (corpus/boilerplate.py).
    The exact words follow the folded ones, so a folded phrase never spans the two; the body keeps each
    exact word once (a third of the words a page has, not all of them: writing stays cheap)."""
    if not entries:
        return
    if is_postgres(connection):
        _index_postgres(connection, entries, fresh)
        return
    rows = []
    for i, head, body in entries:
        body = blank_boilerplate(body)
        exact_body = " ".join(distinct_exact_words(body))
        rows.append(
            {"id": i, "head": f"{index_form(head)} {' '.join(exact_words(head))}",
             "body": f"{index_form(body)} {exact_body}"}
        )  # fmt: skip
    for part in ("head", "body"):
        table = f"document_{part}_fts"
        if not fresh:
            connection.execute(
                text(f"DELETE FROM {table} WHERE rowid = :id"), [{"id": r["id"]} for r in rows]
            )
        connection.execute(text(f"INSERT INTO {table}(rowid, {part}) VALUES (:id, :{part})"), rows)


def _index_postgres(connection: Connection, entries: list[tuple[int, str, str]], fresh: bool) -> None:
    """Head words with positions (head phrases are matched in the index), the body's distinct words without
    (body phrases are checked in the page text, corpus/fulltext.py), both copied in tsvector input form."""
    ids = [i for i, _, _ in entries]
    if not fresh:
        for part in ("head", "body"):
            connection.execute(
                text(f"DELETE FROM document_{part}_search WHERE document_id = ANY(:ids)"), {"ids": ids}
            )
    heads = ((i, positioned_vector(index_words(head) + exact_words(head))) for i, head, _ in entries)
    copy_rows(connection, "document_head_search", ["document_id", "vector"], heads)
    bodies = ((i, _body_vector(body)) for i, _, body in entries)
    copy_rows(connection, "document_body_search", ["document_id", "vector"], bodies)


def _body_vector(body: str) -> str:
    body = blank_boilerplate(body)
    folded, exact = distinct_words(body)
    return distinct_vector(folded + exact)
