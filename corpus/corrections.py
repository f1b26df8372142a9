"""A corrected document saved: its record and columns, its flags (reviewers' statuses kept where the same flag
comes back), its search entry, the correction as a review decision, and the old value in the audit log."""

from __future__ import annotations

from sqlalchemy import delete
from sqlmodel import Session, select

from corpus.bulk import DOCUMENT_FIELDS, body_text, child_flags, head_text, index_documents
from corpus.models import AuditEntry, Document, FlagRow, PageText, ReviewDecision, utc_now
from corpus.query import number_index_form
from corpus.repository import Corpus, user_id_for
from corpus.rows import write_rows
from model.records import ExtractRecord, Page, TextSource


def save_correction(
    corpus: Corpus, document_id: int, record: ExtractRecord, field: str, before: object, user: str
) -> None:
    with Session(corpus.engine) as session, session.begin():
        document = session.get(Document, document_id)
        assert document is not None and document.id is not None
        statuses = {(r.code, r.criterion, r.message): r for r in session.exec(select(FlagRow).where(
            FlagRow.document_id == document_id))}  # fmt: skip
        for name in DOCUMENT_FIELDS:
            if name in ("page_count", "text_source", "ocr_confidence"):
                continue
            setattr(document, name, getattr(record, name, None))
        document.number_key, document.updated_at = number_index_form(record.number), utc_now()
        document.record = record.model_dump(mode="json", exclude={"pages"})
        session.add(document)
        connection = session.connection()
        connection.execute(delete(FlagRow).where(FlagRow.document_id == document_id))  # type: ignore[arg-type]
        rows = child_flags(document_id, document.submission_id, record)
        for row in rows:
            kept = statuses.get((row["code"], row["criterion"], row["message"]))
            if kept is not None:
                row.update(
                    status=kept.status, status_by=kept.status_by, status_at=kept.status_at, note=kept.note
                )
        write_rows(connection, FlagRow, rows)
        pages = session.exec(select(PageText).where(PageText.document_id == document_id)).all()
        text = ExtractRecord(file=record.file, pages=[Page(number=p.number, text=p.text, source=TextSource(p.source))
                                                      for p in pages])  # fmt: skip
        values = {name: getattr(record, name, None) for name in ("number", "doc_type", "issuer", "parent_issuer",
                                                                 "subject")}  # fmt: skip
        index_documents(connection, [(document_id, head_text(values), body_text(text))])
        shown = str(getattr(record, field))
        session.add(ReviewDecision(document_id=document_id, user_id=user_id_for(session, user), action="correct",
                                   field=field, value=shown, extractor_version=document.extractor_version))  # fmt: skip
        session.add(AuditEntry(actor=user, action="document.corrected", entity="document", entity_id=str(document_id),
                               detail={"field": field, "before": str(before) if before is not None else None,
                                       "after": shown}))  # fmt: skip
