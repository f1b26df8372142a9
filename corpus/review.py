"""Reviewers' decisions on matches, kept in the corpus and turned into what the matcher learns from.

A decision is about one document and the criterion the matcher proposed for it: the reviewer accepts it,
moves the document to another criterion, or rejects it. Decisions are stored with who made them (and an
audit entry), survive re-runs of the pipeline, and travel with export/import; `learn_weights` reads every
decision on documents matched with a framework and fits that framework's weights (matcher/feedback.py).

Stored as `review_decisions` rows: `action` (accept | move | reject), `criterion` (the proposed one),
`value` (the chosen one, for a move).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlmodel import Session, col, select

from corpus.models import AuditEntry, Document, ReviewDecision, Submission
from corpus.repository import Corpus, current_actor, user_id_for
from matcher.feedback import Action, Decision, FittedWeights, fit_weights, save_weights
from matcher.framework import Framework
from matcher.ranking import DocumentFacts


class ReviewError(ValueError):
    """A decision that cannot be recorded; the message (Vietnamese: reviewers read it) says what to change."""


def record_decision(
    corpus: Corpus,
    document_id: int,
    action: str,
    criterion: str | None,
    chosen: str | None = None,
    user: str | None = None,
    note: str | None = None,
) -> int:
    """Store one decision (and its audit entry) and return its id."""
    if action not in {a.value for a in Action}:
        choices = ", ".join(a.value for a in Action)
        raise ReviewError(f"Thao tác {action!r} không hợp lệ: chọn một trong {choices}.")
    if action == Action.move and not chosen:
        raise ReviewError("Chuyển văn bản sang tiêu chí khác cần ghi rõ tiêu chí chuyển đến.")
    username = user or current_actor()
    with Session(corpus.engine) as session, session.begin():
        document = session.get(Document, document_id)
        if document is None:
            raise ReviewError(f"Không có văn bản mã {document_id} trong kho lưu trữ.")
        decision = ReviewDecision(
            document_id=document_id, user_id=user_id_for(session, username), action=action, criterion=criterion,
            value=chosen if action == Action.move else None, note=note,
            extractor_version=document.extractor_version,
        )  # fmt: skip
        session.add(decision)
        session.flush()
        detail = {"document_id": document_id, "criterion": criterion, "chosen": chosen}
        session.add(AuditEntry(actor=username, action=f"review.{action}", entity="review_decision",
                               entity_id=str(decision.id), detail=detail))  # fmt: skip
        assert decision.id is not None
        return decision.id


def framework_decisions(corpus: Corpus, framework_id: str) -> list[Decision]:
    """Every match decision on documents matched with this framework, as the matcher's feedback reads them."""
    statement = (
        select(ReviewDecision, Document, Submission.year)
        .join(Document, col(Document.id) == ReviewDecision.document_id)
        .join(Submission, col(Submission.id) == Document.submission_id)
        .where(
            Document.framework_id == framework_id, col(ReviewDecision.action).in_([a.value for a in Action])
        )
        .order_by(col(ReviewDecision.id))
    )
    with Session(corpus.engine) as session:
        return [
            _as_decision(decision, document, year) for decision, document, year in session.exec(statement)
        ]


def _as_decision(decision: ReviewDecision, document: Document, year: int) -> Decision:
    issued = document.issue_date
    if isinstance(issued, str):  # SQLite hands dates back as text through a join
        issued = date.fromisoformat(issued)
    facts = DocumentFacts(document.doc_type, document.subject, document.issuer, issued)
    return Decision(facts, year, decision.criterion, Action(decision.action), decision.value)


@dataclass(frozen=True)
class Learned:
    fitted: FittedWeights | None
    path: Path | None
    decisions: int


def learn_weights(corpus: Corpus, framework: Framework, data_dir: Path) -> Learned:
    """Fit the framework's weights from the corpus's decisions and save them where matching finds them."""
    decisions = framework_decisions(corpus, framework.id)
    fitted = fit_weights(decisions, framework) if decisions else None
    path = save_weights(fitted, data_dir) if fitted is not None else None
    return Learned(fitted, path, len(decisions))
