"""Units and their unit-years as the review UI lists them: groups, document counts, survey and ministry points."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func
from sqlmodel import Session, select

from corpus.models import AuditEntry, Document, FlagRow, Submission, Unit
from corpus.repository import Corpus


@dataclass(frozen=True)
class SubmissionFacts:
    documents: int
    survey_points: float | None
    ministry_points: float | None


def submission_facts(corpus: Corpus, submission_id: int) -> SubmissionFacts:
    with Session(corpus.engine) as session:
        submission = session.get(Submission, submission_id)
        count = session.exec(select(func.count()).where(Document.submission_id == submission_id)).one()
        if submission is None:
            return SubmissionFacts(0, None, None)
        return SubmissionFacts(int(count), submission.survey_points, submission.ministry_points)


def set_unit_group(corpus: Corpus, unit: str, group: str, actor: str) -> None:
    with Session(corpus.engine) as session, session.begin():
        row = session.exec(select(Unit).where(Unit.name == unit)).first() or Unit(name=unit)
        before, row.group = row.group, group
        session.add(row)
        session.flush()
        session.add(AuditEntry(actor=actor, action="unit.group", entity="unit", entity_id=str(row.id),
                               detail={"before": before, "after": group}))  # fmt: skip


def set_external_points(
    corpus: Corpus, submission_id: int, survey: float | None, ministry: float | None, actor: str
) -> None:
    with Session(corpus.engine) as session, session.begin():
        row = session.get(Submission, submission_id)
        if row is None:
            return
        before = {"survey": row.survey_points, "ministry": row.ministry_points}
        row.survey_points, row.ministry_points = survey, ministry
        session.add(row)
        session.add(AuditEntry(actor=actor, action="submission.points", entity="submission",
                               entity_id=str(submission_id), detail={"before": before,
                               "after": {"survey": survey, "ministry": ministry}}))  # fmt: skip


@dataclass(frozen=True)
class Owner:
    """The unit-year a document or a flag belongs to: what decides who may see it."""

    submission_id: int
    unit: str
    year: int


def _owner(corpus: Corpus, table: type[Document] | type[FlagRow], row_id: int) -> Owner | None:
    """The unit-year a document or a flag row is filed under."""
    with Session(corpus.engine) as session:
        row = session.exec(
            select(Submission.id, Unit.name, Submission.year)
            .join(table, table.submission_id == Submission.id)  # type: ignore[arg-type]
            .join(Unit, Unit.id == Submission.unit_id)  # type: ignore[arg-type]
            .where(table.id == row_id)
        ).first()
    return Owner(int(row[0]), row[1], int(row[2])) if row and row[0] is not None else None


def document_owner(corpus: Corpus, document_id: int) -> Owner | None:
    return _owner(corpus, Document, document_id)


def flag_owner(corpus: Corpus, flag_id: int) -> Owner | None:
    return _owner(corpus, FlagRow, flag_id)


@dataclass(frozen=True)
class StoredDocument:
    id: int
    sha256: str
    file: str
    record: dict
    extractor_version: str


def stored_document(corpus: Corpus, document_id: int) -> StoredDocument | None:
    with Session(corpus.engine) as session:
        row = session.get(Document, document_id)
        if row is None or row.id is None:
            return None
        return StoredDocument(row.id, row.sha256, row.file, row.record, row.extractor_version)


def document_ids(corpus: Corpus, submission_id: int) -> dict[str, int]:
    """File name → document id of a unit-year (the matrix names files; pages link to documents)."""
    with Session(corpus.engine) as session:
        rows = session.exec(select(Document.file, Document.id).where(Document.submission_id == submission_id))
        return {file: int(document_id) for file, document_id in rows if document_id is not None}


def latest_year(corpus: Corpus) -> int | None:
    with Session(corpus.engine) as session:
        found = session.exec(select(func.max(Submission.year))).one()
        return int(found) if found is not None else None


def document_id_by_hash(corpus: Corpus, keys: list[tuple[str, str, int]]) -> dict[str, int]:
    """Search results name (sha256, unit, year); the document page needs the id."""
    found: dict[str, int] = {}
    with Session(corpus.engine) as session:
        for sha256, unit, year in keys:
            row = session.exec(
                select(Document.id)
                .join(Submission, Submission.id == Document.submission_id)  # type: ignore[arg-type]
                .join(Unit, Unit.id == Submission.unit_id)  # type: ignore[arg-type]
                .where(Document.sha256 == sha256, Unit.name == unit, Submission.year == year)
            ).first()
            if row is not None:
                found[f"{sha256}:{unit}:{year}"] = int(row)
    return found


def set_self_assessment(corpus: Corpus, submission_id: int, sha256: str, name: str, actor: str) -> None:
    with Session(corpus.engine) as session, session.begin():
        row = session.get(Submission, submission_id)
        if row is None:
            return
        row.self_assessment_sha256, row.self_assessment_name = sha256, name
        session.add(row)
        session.add(AuditEntry(actor=actor, action="self_assessment.uploaded", entity="submission",
                               entity_id=str(submission_id), detail={"file": name, "sha256": sha256}))  # fmt: skip


def self_assessment_of(corpus: Corpus, submission_id: int) -> tuple[str, str] | None:
    """(file name, sha256) of the unit-year's self-assessment table, if one was uploaded."""
    with Session(corpus.engine) as session:
        row = session.get(Submission, submission_id)
        if row is None or not row.self_assessment_sha256:
            return None
        return row.self_assessment_name or "bang-tu-danh-gia", row.self_assessment_sha256


def document_versions(corpus: Corpus, document_id: int) -> list[tuple[str, str, datetime]]:
    """Earlier readings of a document a newer pipeline replaced: (extractor version, number read, when)."""
    from corpus.models import DocumentVersion

    with Session(corpus.engine) as session:
        rows = session.exec(select(DocumentVersion).where(DocumentVersion.document_id == document_id))
        return [
            (row.extractor_version, str(row.record.get("number") or "—"), row.replaced_at) for row in rows
        ]
