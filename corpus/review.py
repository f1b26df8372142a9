"""Reviewers' decisions on matches, kept in the corpus for the matcher to learn from.

A decision is about one document and the criterion the matcher proposed for it: the reviewer accepts it,
moves the document to another criterion, or rejects it. Decisions are stored with who made them (and an
audit entry), survive re-runs of the pipeline, and travel with export/import; the application layer reads
every decision on documents matched with a framework and fits that framework's weights (matcher/feedback.py).

Stored as `review_decisions` rows: `action` (accept | move | reject), `criterion` (the proposed one),
`value` (the chosen one, for a move).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, col, select

from corpus.models import AuditEntry, Document, ReviewDecision, Submission
from corpus.repository import Corpus, user_id_for
from model.errors import ReviewError
from model.review import ReviewAction


def record_decision(
    corpus: Corpus,
    document_id: int,
    action: str,
    criterion: str | None,
    user: str,
    chosen: str | None = None,
    note: str | None = None,
) -> int:
    """Store one decision by `user` (and its audit entry) and return its id."""
    if action not in {a.value for a in ReviewAction}:
        raise ReviewError("review.bad_action", repr(action), stage="corpus")
    if action == ReviewAction.move and not chosen:
        raise ReviewError("review.no_target", stage="corpus")
    with Session(corpus.engine) as session, session.begin():
        document = session.get(Document, document_id)
        if document is None:
            raise ReviewError("review.no_document", str(document_id), stage="corpus")
        decision = ReviewDecision(
            document_id=document_id, user_id=user_id_for(session, user), action=action, criterion=criterion,
            value=chosen if action == ReviewAction.move else None, note=note,
            extractor_version=document.extractor_version,
        )  # fmt: skip
        session.add(decision)
        session.flush()
        detail = {"document_id": document_id, "criterion": criterion, "chosen": chosen}
        session.add(AuditEntry(actor=user, action=f"review.{action}", entity="review_decision",
                               entity_id=str(decision.id), detail=detail))  # fmt: skip
        assert decision.id is not None
        return decision.id


@dataclass(frozen=True)
class StoredDecision:
    """A decision as the corpus keeps it, with what was extracted from its document: what learning reads."""

    doc_type: str | None
    subject: str | None
    issuer: str | None
    issue_date: date | None
    year: int
    proposed: str | None
    action: ReviewAction
    chosen: str | None


def framework_decisions(corpus: Corpus, framework_id: str) -> list[StoredDecision]:
    """Every match decision on documents matched with this framework, oldest first."""
    statement = (
        select(ReviewDecision, Document, Submission.year)
        .join(Document, col(Document.id) == ReviewDecision.document_id)
        .join(Submission, col(Submission.id) == Document.submission_id)
        .where(
            Document.framework_id == framework_id,
            col(ReviewDecision.action).in_([a.value for a in ReviewAction]),
        )
        .order_by(col(ReviewDecision.id))
    )
    with Session(corpus.engine) as session:
        return [_stored(decision, document, year) for decision, document, year in session.exec(statement)]


def _stored(decision: ReviewDecision, document: Document, year: int) -> StoredDecision:
    issued = document.issue_date
    if isinstance(issued, str):  # SQLite hands dates back as text through a join
        issued = date.fromisoformat(issued)
    return StoredDecision(document.doc_type, document.subject, document.issuer, issued, year,
                          decision.criterion, ReviewAction(decision.action), decision.value)  # fmt: skip


@dataclass(frozen=True)
class DocumentDecision:
    """A decision as the matrix applies it: on which document, what, by whom and when."""

    document_id: int
    action: str
    criterion: str | None
    chosen: str | None
    field: str | None
    value: str | None
    username: str | None
    decided_at: date


def submission_decisions(corpus: Corpus, submission_id: int) -> list[DocumentDecision]:
    """Every decision on the unit-year's documents, oldest first (a later one on the same criterion wins)."""
    from corpus.models import User

    statement = (
        select(ReviewDecision, User.username)
        .join(Document, col(Document.id) == ReviewDecision.document_id)
        .join(User, col(User.id) == ReviewDecision.user_id, isouter=True)
        .where(Document.submission_id == submission_id)
        .order_by(col(ReviewDecision.id))
    )
    with Session(corpus.engine) as session:
        return [
            DocumentDecision(row.document_id, row.action, row.criterion, row.value if row.action == "move" else None,
                             row.field, row.value, name, row.decided_at.date() if row.decided_at else date.today())
            for row, name in session.exec(statement)
        ]  # fmt: skip
