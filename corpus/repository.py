"""Writing pipeline records into the corpus, a document or a batch per transaction.

Each document (its row, pages, matches, flags, search index entry and audit entry) is written in one
transaction after its original is safely in the store, so a run killed at any moment leaves whole documents
or none, and the next run finishes the rest. A document already read by the same versions is skipped; one
read by older versions is updated and its previous record kept in `document_versions`.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Engine, delete
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from corpus.bulk import (
    body_text,
    child_flags,
    child_matches,
    child_pages,
    document_values,
    head_text,
    index_documents,
    insert_documents,
)
from corpus.db import open_database
from corpus.models import (
    AuditEntry,
    Document,
    DocumentVersion,
    FlagRow,
    MatchRow,
    PageText,
    Submission,
    Unit,
    User,
    utc_now,
)
from corpus.rows import write_rows
from corpus.store import OriginalStore
from corpus.versions import SaveOutcome, Versions
from model.errors import DatabaseError, NotFoundError
from model.records import MatchRecord, Page, ReadRecord, TextSource, Word
from model.settings import Settings

SAVE_ATTEMPTS = 5  # a concurrent writer can win the unique constraint once per document; then it is there


def user_id_for(session: Session, username: str | None) -> int | None:
    """The id of the user with this name, created on first use (reviewers arrive with their decisions)."""
    if not username:
        return None
    user = session.exec(select(User).where(User.username == username)).first()
    if user is None:
        user = User(username=username)
        session.add(user)
        session.flush()
    return user.id


def submission_row(session: Session, unit: str, year: int) -> Submission | None:
    """The unit-year's row, by the unit's name and the year (None when nothing was filed for it)."""
    return session.exec(
        select(Submission).join(Unit).where(Unit.name == unit, Submission.year == year)
    ).first()


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
                found = submission_row(session, unit, year)
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
        raise DatabaseError(
            "database.unavailable", f"không tạo được hồ sơ {unit}, năm {year}", stage="corpus"
        )

    def find_submission(self, unit: str, year: int) -> Submission:
        """The stored unit-year; NotFoundError when nothing was ingested for it."""
        with Session(self.engine) as session:
            found = submission_row(session, unit, year)
        if found is None:
            raise NotFoundError("submission.not_found", f"{unit}, năm {year}", stage="corpus")
        return found

    def load_records(
        self, submission_id: int, pages: bool = False, document_id: int | None = None
    ) -> list[MatchRecord]:
        """The unit-year's documents (or the one asked for) as the typed records the pipeline wrote (criteria
        empty when they were not matched), in the order they were filed; with their pages when asked."""
        statement = select(Document).where(Document.submission_id == submission_id)
        if document_id is not None:
            statement = statement.where(Document.id == document_id)
        with Session(self.engine) as session:
            documents = session.exec(statement.order_by(col(Document.id))).all()
            records = [MatchRecord.model_validate(document.record) for document in documents]
            if pages:
                for document, record in zip(documents, records, strict=True):
                    rows = session.exec(
                        select(PageText)
                        .where(PageText.document_id == document.id)
                        .order_by(col(PageText.number))
                    )
                    record.pages = [Page(number=row.number, text=row.text, source=TextSource(row.source),
                                         ocr_confidence=row.ocr_confidence, dpi=row.dpi,
                                         words=[Word.model_validate(w) for w in row.words] if row.words else None)
                                    for row in rows]  # fmt: skip
        return records

    def save_matrix(self, submission_id: int, matrix: dict) -> None:
        """Keep the unit-year's matrix as last built (lists of units read it instead of rebuilding it)."""
        with Session(self.engine) as session, session.begin():
            submission = session.get(Submission, submission_id)
            if submission is not None:
                submission.matrix, submission.matrix_at = matrix, utc_now()
                session.add(submission)

    def stored_matrix(self, submission_id: int) -> tuple[dict | None, str | None]:
        """The unit-year's matrix as last kept (None: never built) and its framework id."""
        with Session(self.engine) as session:
            submission = session.get(Submission, submission_id)
            return (submission.matrix, submission.framework_id) if submission else (None, None)

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

    def save(
        self, submission_id: int, record: ReadRecord, size: int, versions: Versions, actor: str
    ) -> SaveOutcome:
        """Write one record whose original is already in the store, on behalf of `actor` (the audit log's
        user). Records without bytes are not saved."""
        return self.save_many(submission_id, [(record, size)], versions, actor)[0]

    def save_many(
        self, submission_id: int, records: Sequence[tuple[ReadRecord, int]], versions: Versions, actor: str
    ) -> list[SaveOutcome]:
        """Write (record, original size) pairs in one transaction: all of them or none. Another run saving the
        same originals at the same moment (two officers, an upload beside a batch) wins the unique constraint;
        this one then tries again, finds them stored, and counts them unchanged or updates them."""
        assert all(record.sha256 for record, _ in records), "a record without content has nothing to store"
        for attempt in range(SAVE_ATTEMPTS):
            try:
                return self._save_once(submission_id, records, versions, actor)
            except IntegrityError:
                if attempt == SAVE_ATTEMPTS - 1:
                    raise
        raise AssertionError("unreachable")

    def _save_once(
        self, submission_id: int, records: Sequence[tuple[ReadRecord, int]], versions: Versions, actor: str
    ) -> list[SaveOutcome]:
        outcomes: list[SaveOutcome] = []
        new: list[tuple[ReadRecord, int]] = []
        with Session(self.engine) as session, session.begin():
            shas = {record.sha256 for record, _ in records}
            existing = {
                document.sha256: document
                for document in session.exec(
                    select(Document).where(
                        Document.submission_id == submission_id,
                        col(Document.sha256).in_(shas),
                    )
                )
            }
            seen: set[str] = set()
            for record, size in records:
                sha256 = record.sha256 or ""
                document = existing.get(sha256)
                if sha256 in seen or (document is not None and _same_versions(document, versions)):
                    outcomes.append(SaveOutcome.unchanged)
                elif document is None:
                    new.append((record, size))
                    outcomes.append(SaveOutcome.created)
                else:
                    _update(session, document, record, versions, actor)
                    outcomes.append(SaveOutcome.updated)
                seen.add(sha256)
            insert_documents(session.connection(), submission_id, new, versions, actor)
        return outcomes


def _same_versions(document: Document, versions: Versions) -> bool:
    return (document.extractor_version, document.pipeline_version, document.framework_id) == (
        versions.extractor,
        versions.pipeline,
        versions.framework_id,
    )


def _update(session: Session, document: Document, record: ReadRecord, versions: Versions, actor: str) -> None:
    """A newer run of a document already filed: keep the old record, replace the rest, reindex."""
    assert document.id is not None
    session.add(
        DocumentVersion(
            document_id=document.id,
            extractor_version=document.extractor_version,
            pipeline_version=document.pipeline_version,
            record=document.record,
        )
    )
    values = document_values(record, versions)
    for name, value in values.items():
        setattr(document, name, value)
    session.add(document)
    session.flush()
    connection = session.connection()
    for table in (PageText, MatchRow, FlagRow):
        connection.execute(delete(table).where(table.document_id == document.id))  # type: ignore[arg-type]
    for model, rows in (
        (PageText, child_pages(document.id, record)),
        (MatchRow, child_matches(document.id, record, versions)),
        (FlagRow, child_flags(document.id, document.submission_id, record)),
    ):
        write_rows(connection, model, rows)
    index_documents(connection, [(document.id, head_text(values), body_text(record))])
    session.add(
        AuditEntry(
            actor=actor, action="document.updated", entity="document", entity_id=str(document.id),
            detail={"sha256": record.sha256, "file": record.file, "extractor": versions.extractor},
        )
    )  # fmt: skip
