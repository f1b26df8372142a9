"""Units and their unit-years as the review UI lists them: groups, document counts, survey and ministry points."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from corpus.models import AuditEntry, Document, FlagRow, Submission, Unit
from corpus.repository import Corpus


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
    """Search results name (sha256, unit, year); the document page needs the id. One query for all of them."""
    if not keys:
        return {}
    statement = (
        select(Document.id, Document.sha256, Unit.name, Submission.year)
        .join(Submission, col(Submission.id) == Document.submission_id)
        .join(Unit, col(Unit.id) == Submission.unit_id)
        .where(col(Document.sha256).in_({sha for sha, _, _ in keys}))
    )
    wanted = {f"{sha}:{unit}:{year}" for sha, unit, year in keys}
    with Session(corpus.engine) as session:
        found = {
            f"{sha}:{unit}:{year}": int(doc_id)
            for doc_id, sha, unit, year in session.exec(statement)
            if doc_id
        }
    return {key: value for key, value in found.items() if key in wanted}


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


@dataclass
class UnitFacts:
    """What the dashboard shows of one unit-year, read for every unit at once."""

    documents: int = 0
    open_flags: dict[str, int] | None = None  # open flags by severity
    survey_points: float | None = None
    ministry_points: float | None = None
    framework: str | None = None
    summary: dict | None = None  # the stored matrix's summary
    appraised: float | None = None  # the appraiser of record's points


def unit_facts(corpus: Corpus, submission_ids: list[int]) -> dict[int, UnitFacts]:
    """The dashboard's figures for many unit-years in a handful of grouped queries (not a few per unit)."""
    from corpus.models import Appraisal, Assignment, FlagRow

    facts = {sid: UnitFacts(open_flags={}) for sid in submission_ids}
    if not facts:
        return facts
    wanted = list(facts)
    with Session(corpus.engine) as session:
        for sid, count in session.exec(select(Document.submission_id, func.count()).where(
                col(Document.submission_id).in_(wanted)).group_by(col(Document.submission_id))):  # fmt: skip
            facts[sid].documents = int(count)
        flags = (
            select(FlagRow.submission_id, FlagRow.severity, func.count())
            .where(col(FlagRow.submission_id).in_(wanted), FlagRow.status == "open")
            .group_by(col(FlagRow.submission_id), col(FlagRow.severity))
        )
        for sid, severity, count in session.exec(flags):
            facts[sid].open_flags[severity] = int(count)  # type: ignore[index]
        # the matrix's summary only: the whole stored matrix of a hundred units is megabytes of JSON to parse
        table = Submission.__table__  # type: ignore[attr-defined]
        summaries = sa_select(table.c.id, table.c.survey_points, table.c.ministry_points, table.c.framework_id,
                              table.c.matrix["summary"]).where(table.c.id.in_(wanted))  # fmt: skip
        for sid, survey, ministry, framework, summary in session.execute(summaries):
            fact = facts[int(sid)]
            fact.survey_points, fact.ministry_points, fact.framework, fact.summary = (
                survey,
                ministry,
                framework,
                summary,
            )
        points = (
            select(Appraisal.submission_id, func.sum(Appraisal.points))
            .join(Assignment, (col(Assignment.submission_id) == Appraisal.submission_id)
                  & (col(Assignment.user_id) == Appraisal.user_id) & col(Assignment.appraiser))
            .where(col(Appraisal.submission_id).in_(wanted), col(Appraisal.points).is_not(None))
            .group_by(col(Appraisal.submission_id))
        )  # fmt: skip
        for sid, total in session.exec(points):
            facts[sid].appraised = round(float(total), 3) if total is not None else None
    return facts


def submitted_appraisals(corpus: Corpus, submission_ids: list[int]) -> set[int]:
    """The unit-years whose appraiser of record has submitted the appraisal."""
    from corpus.models import Assignment

    with Session(corpus.engine) as session:
        rows = session.exec(select(Assignment.submission_id).where(
            col(Assignment.submission_id).in_(submission_ids), col(Assignment.appraiser),
            col(Assignment.submitted_at).is_not(None)))  # fmt: skip
        return set(rows)


def latest_year_of(corpus: Corpus, unit: str) -> int | None:
    with Session(corpus.engine) as session:
        found = session.exec(
            select(func.max(Submission.year))
            .join(Unit, col(Unit.id) == Submission.unit_id)
            .where(Unit.name == unit)
        ).one()
        return int(found) if found is not None else None


def unit_names(corpus: Corpus) -> list[str]:
    """Every unit the corpus knows, of any year, by name."""
    with Session(corpus.engine) as session:
        return list(session.exec(select(Unit.name).order_by(col(Unit.name))))


def set_framework(corpus: Corpus, submission_id: int, framework_id: str, actor: str) -> None:
    """The criteria framework a unit-year is matched and appraised against."""
    with Session(corpus.engine) as session, session.begin():
        row = session.get(Submission, submission_id)
        if row is None:
            return
        before, row.framework_id = row.framework_id, framework_id
        session.add(row)
        session.add(AuditEntry(actor=actor, action="submission.framework", entity="submission",
                               entity_id=str(submission_id), detail={"before": before, "after": framework_id}))  # fmt: skip


def frameworks_in_use(corpus: Corpus, year: int | None = None) -> list[tuple[int, str, int, str | None]]:
    """Every unit-year (of `year`, or of every year) with its framework: (submission id, unit, year, framework
    id or None)."""
    query = (
        select(Submission.id, Unit.name, Submission.year, Submission.framework_id)
        .join(Unit, col(Unit.id) == Submission.unit_id)
        .order_by(col(Submission.year).desc(), col(Unit.name))
    )
    if year is not None:
        query = query.where(Submission.year == year)
    with Session(corpus.engine) as session:
        rows = session.exec(query)
        return [
            (int(sid), name, int(year), framework) for sid, name, year, framework in rows if sid is not None
        ]


def record_framework_saved(corpus: Corpus, framework_id: str, detail: dict, actor: str) -> None:
    with Session(corpus.engine) as session, session.begin():
        session.add(AuditEntry(actor=actor, action="framework.save", entity="framework",
                               entity_id=framework_id, detail=detail))  # fmt: skip
