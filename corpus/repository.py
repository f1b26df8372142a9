"""Writing pipeline records into the corpus, one document per transaction.

Each document (its row, pages, matches, flags, search index entry and audit entry) is written in one
transaction after its original is safely in the store, so a run killed at any moment leaves whole documents
or none, and the next run finishes the rest. A document already read by the same versions is skipped; one
read by older versions is updated and its previous record kept in `document_versions`.
"""

from __future__ import annotations

import getpass
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from sqlalchemy import Engine, delete
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from corpus.db import open_database
from corpus.models import (
    AuditEntry,
    Document,
    DocumentVersion,
    FlagRow,
    MatchRow,
    Original,
    PageText,
    Submission,
    Unit,
    utc_now,
)
from corpus.query import number_key
from corpus.search import index_text
from corpus.store import OriginalStore
from kiemchung import __version__
from kiemchung.records import ReadRecord
from kiemchung.settings import Settings

_FIELDS = (
    "page_count", "text_source", "ocr_confidence", "number", "doc_type", "issue_date", "place", "issuer",
    "parent_issuer", "signer", "signer_title", "subject",
)  # fmt: skip


@dataclass(frozen=True)
class Versions:
    """What produced a record; a document is read again only when one of these changes."""

    extractor: str
    pipeline: str = __version__
    framework_id: str | None = None


class SaveOutcome(StrEnum):
    created = "created"
    updated = "updated"
    unchanged = "unchanged"


def current_actor() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "kiemchung"


class Corpus:
    def __init__(self, engine: Engine, store: OriginalStore) -> None:
        self.engine, self.store = engine, store

    @classmethod
    def open(cls, settings: Settings) -> Corpus:
        return cls(
            open_database(settings.effective_database_url), OriginalStore(settings.data_dir / "originals")
        )

    def close(self) -> None:
        self.engine.dispose()

    def submission(self, unit: str, year: int, framework_id: str | None = None) -> int:
        """The id of the unit-year, created on first use (safe when two runs create it at once)."""
        for _ in range(3):
            with Session(self.engine) as session:
                found = session.exec(
                    select(Submission).join(Unit).where(Unit.name == unit, Submission.year == year)
                ).first()
                if found is not None and found.id is not None:
                    if framework_id and found.framework_id != framework_id:
                        found.framework_id = framework_id
                        session.add(found)
                        session.commit()
                    return found.id
                try:
                    unit_row = session.exec(select(Unit).where(Unit.name == unit)).first() or Unit(name=unit)
                    session.add(unit_row)
                    session.flush()
                    assert unit_row.id is not None
                    session.add(Submission(unit_id=unit_row.id, year=year, framework_id=framework_id))
                    session.commit()
                except IntegrityError:
                    session.rollback()
        raise RuntimeError(f"could not create the submission {unit} {year}")

    def current_hashes(self, submission_id: int, versions: Versions) -> set[str]:
        """Originals of this unit-year already read by exactly these versions."""
        with Session(self.engine) as session:
            rows = session.exec(
                select(Document.sha256).where(
                    Document.submission_id == submission_id,
                    Document.extractor_version == versions.extractor,
                    Document.pipeline_version == versions.pipeline,
                    Document.framework_id == versions.framework_id,
                )
            )
            return set(rows)

    def save(self, submission_id: int, record: ReadRecord, size: int, versions: Versions) -> SaveOutcome:
        """Write one record whose original is already in the store. Records without bytes are not saved."""
        assert record.sha256 is not None, "a record without content has nothing to store"
        with Session(self.engine) as session, session.begin():
            if session.get(Original, record.sha256) is None:
                session.add(Original(sha256=record.sha256, size=size, first_name=record.file))
                session.flush()  # the document row refers to it
            existing = session.exec(
                select(Document).where(
                    Document.submission_id == submission_id, Document.sha256 == record.sha256
                )
            ).first()
            if existing is not None and _same_versions(existing, versions):
                return SaveOutcome.unchanged
            outcome = SaveOutcome.created if existing is None else SaveOutcome.updated
            document = existing or Document(
                submission_id=submission_id, sha256=record.sha256, file=record.file, status=record.status,
                extractor_version=versions.extractor, pipeline_version=versions.pipeline,
            )  # fmt: skip
            if existing is not None:
                _keep_previous(session, existing)
            _fill_document(document, record, versions)
            session.add(document)
            session.flush()
            assert document.id is not None
            _write_children(session, document.id, submission_id, record, versions)
            index_text(session.connection(), document.id, head_text(document), _body_text(record))
            session.add(
                AuditEntry(
                    actor=current_actor(), action=f"document.{outcome}", entity="document",
                    entity_id=str(document.id),
                    detail={"sha256": record.sha256, "file": record.file, "extractor": versions.extractor},
                )
            )  # fmt: skip
        return outcome


def _same_versions(document: Document, versions: Versions) -> bool:
    return (document.extractor_version, document.pipeline_version, document.framework_id) == (
        versions.extractor,
        versions.pipeline,
        versions.framework_id,
    )


def _keep_previous(session: Session, document: Document) -> None:
    assert document.id is not None
    session.add(
        DocumentVersion(
            document_id=document.id,
            extractor_version=document.extractor_version,
            pipeline_version=document.pipeline_version,
            record=document.record,
        )
    )
    for table in (PageText, MatchRow, FlagRow):
        session.execute(delete(table).where(table.document_id == document.id))  # type: ignore[arg-type]


def _fill_document(document: Document, record: ReadRecord, versions: Versions) -> None:
    values: dict[str, Any] = {name: getattr(record, name, None) for name in _FIELDS}
    values["page_count"] = values["page_count"] or len(record.pages)
    for name, value in values.items():
        setattr(document, name, value)
    document.file = record.file
    document.status = record.status
    document.number_key = number_key(document.number)
    document.record = record.model_dump(mode="json", exclude={"pages"})
    document.extractor_version = versions.extractor
    document.pipeline_version = versions.pipeline
    document.framework_id = versions.framework_id
    document.updated_at = utc_now()


def _write_children(
    session: Session, document_id: int, submission_id: int, record: ReadRecord, versions: Versions
) -> None:
    for page in record.pages:
        session.add(
            PageText(
                document_id=document_id, number=page.number, source=page.source,
                ocr_confidence=page.ocr_confidence, text=page.text,
            )
        )  # fmt: skip
    for rank, found in enumerate(getattr(record, "criteria", []), start=1):
        session.add(
            MatchRow(
                document_id=document_id, framework_id=versions.framework_id or "", criterion=found.code,
                score=found.score, reason=found.reason, rank=rank,
            )
        )  # fmt: skip
    for flag in getattr(record, "flags", []):
        session.add(
            FlagRow(
                document_id=document_id, submission_id=submission_id, code=flag.code, severity=flag.severity,
                message=flag.message, page=flag.page, text=flag.text, criterion=flag.criterion,
            )
        )  # fmt: skip


def head_text(document: Document) -> str:
    parts = (document.number, document.doc_type, document.issuer, document.parent_issuer, document.subject)
    return " ".join(part for part in parts if part)


def _body_text(record: ReadRecord) -> str:
    return "\n".join(page.text for page in record.pages) + "\n" + record.file
