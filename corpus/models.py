"""The corpus tables. Originals are kept by content hash; a document is one original in one unit-year.

The schema is owned by the Alembic migrations in `corpus/migrations`; these classes must say the same thing
(a test compares them). Full-text search lives beside these tables (`corpus/search.py`), one index per
database kind, because FTS5 and tsvector have no common SQLModel form.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import JSON, Column, UniqueConstraint
from sqlmodel import Field, SQLModel


def utc_now() -> datetime:
    return datetime.now(UTC)


class Original(SQLModel, table=True):
    """One file's bytes, stored once in the originals store under its SHA-256."""

    __tablename__ = "originals"
    sha256: str = Field(primary_key=True, max_length=64)
    size: int
    first_name: str
    stored_at: datetime = Field(default_factory=utc_now)


class Unit(SQLModel, table=True):
    __tablename__ = "units"
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(unique=True, index=True)
    # the group it is ranked in (model.people.UnitGroup): departments, special agencies, communes or districts
    group: str = Field(default="department", sa_column_kwargs={"server_default": "department"})


class Submission(SQLModel, table=True):
    """A unit's evidence for one assessment year (the PAR Index is scored per unit and year)."""

    __tablename__ = "submissions"
    __table_args__ = (UniqueConstraint("unit_id", "year"),)
    id: int | None = Field(default=None, primary_key=True)
    unit_id: int = Field(foreign_key="units.id", index=True)
    year: int = Field(index=True)
    framework_id: str | None = None
    # the published index adds points from surveys (SIPAS and the like) and from ministries, entered per unit
    survey_points: float | None = None
    ministry_points: float | None = None
    # the evidence matrix as last built (model.report.CheckReport without its documents), so lists of units need
    # not rebuild every unit's matrix; rebuilt after each ingest and review change
    matrix: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    matrix_at: datetime | None = None
    # the explanation round: after the appraisal is submitted, the unit answers the council's comments until then
    explanation_deadline: date | None = None
    # the unit's self-assessment table (its original in the store): its claimed points and citations are
    # cross-checked with the files whenever the matrix is built
    self_assessment_sha256: str | None = None
    self_assessment_name: str | None = None


class Document(SQLModel, table=True):
    """An original as filed by a unit for a year, with what the pipeline read from it."""

    __tablename__ = "documents"
    __table_args__ = (UniqueConstraint("submission_id", "sha256"),)
    id: int | None = Field(default=None, primary_key=True)
    submission_id: int = Field(foreign_key="submissions.id", index=True)
    sha256: str = Field(foreign_key="originals.sha256", index=True, max_length=64)
    file: str
    status: str
    page_count: int = 0
    text_source: str | None = None
    ocr_confidence: float | None = None
    number: str | None = None
    number_key: str = Field(default="", index=True)
    doc_type: str | None = Field(default=None, index=True)
    issue_date: date | None = Field(default=None, index=True)
    place: str | None = None
    issuer: str | None = Field(default=None, index=True)
    parent_issuer: str | None = None
    signer: str | None = None
    signer_title: str | None = None
    subject: str | None = None
    # the whole extract record without pages (evidence, references, flags, errors) as `extract --json` prints
    record: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    extractor_version: str
    pipeline_version: str
    framework_id: str | None = None
    created_at: datetime = Field(default_factory=utc_now)
    updated_at: datetime = Field(default_factory=utc_now)


class DocumentVersion(SQLModel, table=True):
    """A record a newer run replaced: re-running never loses what an earlier version read."""

    __tablename__ = "document_versions"
    id: int | None = Field(default=None, primary_key=True)
    document_id: int = Field(foreign_key="documents.id", index=True)
    extractor_version: str
    pipeline_version: str
    record: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    replaced_at: datetime = Field(default_factory=utc_now)


class PageText(SQLModel, table=True):
    __tablename__ = "pages"
    __table_args__ = (UniqueConstraint("document_id", "number"),)
    id: int | None = Field(default=None, primary_key=True)
    document_id: int = Field(foreign_key="documents.id", index=True)
    number: int
    source: str
    ocr_confidence: float | None = None
    text: str
    # the page's word boxes (OCR, or a PDF text layer), in pixels at `dpi`: where the review UI highlights a value
    dpi: int | None = None
    words: list[dict[str, Any]] | None = Field(default=None, sa_column=Column(JSON, nullable=True))


class MatchRow(SQLModel, table=True):
    __tablename__ = "matches"
    id: int | None = Field(default=None, primary_key=True)
    document_id: int = Field(foreign_key="documents.id", index=True)
    framework_id: str
    criterion: str = Field(index=True)
    score: float
    reason: str
    rank: int


class FlagRow(SQLModel, table=True):
    __tablename__ = "flags"
    id: int | None = Field(default=None, primary_key=True)
    document_id: int | None = Field(default=None, foreign_key="documents.id", index=True)
    submission_id: int = Field(foreign_key="submissions.id", index=True)
    code: str = Field(index=True)
    severity: str
    message: str
    page: int | None = None
    text: str | None = None
    criterion: str | None = None
    # unit-level flags (gaps, duplicates, citation and claim findings) have no document but may name a file
    file: str | None = None
    # what a reviewer made of it (model.review.FlagStatus), who and when, and why
    status: str = Field(default="open", sa_column_kwargs={"server_default": "open"})
    status_by: str | None = None
    status_at: datetime | None = None
    note: str | None = None


class User(SQLModel, table=True):
    __tablename__ = "users"
    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(unique=True, index=True)
    display_name: str = ""
    role: str = "reviewer"  # model.people.Role; "reviewer": a name recorded with decisions, no sign-in
    password_hash: str | None = None  # argon2; None: cannot sign in
    active: bool = Field(default=True, sa_column_kwargs={"server_default": "1"})


class UserUnit(SQLModel, table=True):
    """An agency officer's unit(s): the only ones they see."""

    __tablename__ = "user_units"
    __table_args__ = (UniqueConstraint("user_id", "unit_id"),)
    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="users.id", index=True)
    unit_id: int = Field(foreign_key="units.id", index=True)


class Assignment(SQLModel, table=True):
    """A council member assigned to a unit-year; one of them is its appraiser of record, whose points count.
    `submitted_at` set: the member has submitted the appraisal and may no longer change it."""

    __tablename__ = "assignments"
    __table_args__ = (UniqueConstraint("user_id", "submission_id"),)
    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="users.id", index=True)
    submission_id: int = Field(foreign_key="submissions.id", index=True)
    appraiser: bool = False
    submitted_at: datetime | None = None


class Appraisal(SQLModel, table=True):
    """A council member's points (never above the criterion's maximum) and comment on one criterion."""

    __tablename__ = "appraisals"
    __table_args__ = (UniqueConstraint("submission_id", "criterion", "user_id"),)
    id: int | None = Field(default=None, primary_key=True)
    submission_id: int = Field(foreign_key="submissions.id", index=True)
    criterion: str
    user_id: int = Field(foreign_key="users.id", index=True)
    points: float | None = None
    comment: str | None = None
    updated_at: datetime = Field(default_factory=utc_now)


class ReviewDecision(SQLModel, table=True):
    """A person's decision on a document (accept, move, reject a match; correct a field). Kept across re-runs."""

    __tablename__ = "review_decisions"
    id: int | None = Field(default=None, primary_key=True)
    document_id: int = Field(foreign_key="documents.id", index=True)
    user_id: int | None = Field(default=None, foreign_key="users.id")
    action: str
    field: str | None = None
    criterion: str | None = None
    value: str | None = None
    note: str | None = None
    extractor_version: str | None = None
    decided_at: datetime = Field(default_factory=utc_now)


class AuditEntry(SQLModel, table=True):
    """Append-only: the database refuses UPDATE and DELETE on this table (triggers in the migration)."""

    __tablename__ = "audit_log"
    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utc_now, index=True)
    actor: str
    action: str
    entity: str
    entity_id: str
    detail: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))


class Explanation(SQLModel, table=True):
    """An agency's answer (giải trình) to the council's comment on one criterion, in the explanation round."""

    __tablename__ = "explanations"
    id: int | None = Field(default=None, primary_key=True)
    submission_id: int = Field(foreign_key="submissions.id", index=True)
    criterion: str
    user_id: int = Field(foreign_key="users.id")
    text: str
    created_at: datetime = Field(default_factory=utc_now)


class Job(SQLModel, table=True):
    """One file to read into a unit-year: queued by a batch, an upload or a worker, worked by whichever worker
    claims it (the server's thread, the local pool, a Celery worker). Its original is in the store before the
    row exists, so an accepted file is never lost; a job whose worker died is claimed again."""

    __tablename__ = "jobs"
    id: int | None = Field(default=None, primary_key=True)
    batch: str = Field(index=True)
    submission_id: int = Field(foreign_key="submissions.id", index=True)
    name: str
    sha256: str = Field(max_length=64)
    framework_id: str | None = None
    requested_by: str
    state: str = Field(default="queued", index=True)  # queued | running | done | failed
    tries: int = 0
    worker: str | None = None
    error: str | None = None
    created_at: datetime = Field(default_factory=utc_now)
    started_at: datetime | None = None
    finished_at: datetime | None = None
    heartbeat_at: datetime | None = None  # a Celery worker's lease on the job, renewed while it reads
    # what reading it did (service.ingest.IngestSummary.as_dict), for the batch's report
    summary: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))


class LoginFailure(SQLModel, table=True):
    """A wrong password, kept in the corpus so every server process (`kiemchung serve --workers N`) counts the
    same attempts; rows older than the sign-in window are deleted as new ones come."""

    __tablename__ = "login_failures"
    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(index=True)  # casefolded
    address: str
    at: datetime = Field(default_factory=utc_now, index=True)
