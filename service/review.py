"""Reviewers' work: decisions on proposed matches, and learning the ranking's weights from them."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from service.context import AppContext

if TYPE_CHECKING:
    from matcher.feedback import FittedWeights


def record_decision(
    context: AppContext,
    document_id: int,
    action: str,
    criterion: str | None,
    user: str,
    chosen: str | None = None,
    note: str | None = None,
) -> int:
    """Store `user`'s decision on the criterion proposed for a document (accept, move to `chosen`, reject)
    with its audit entry; a decision that cannot be kept raises ReviewError (Vietnamese message)."""
    from corpus.review import record_decision as store_decision

    return store_decision(context.corpus, document_id, action, criterion, user, chosen, note)


@dataclass(frozen=True)
class Learned:
    """What learning produced: the fitted weights (None: no decisions yet), where they were saved, from how
    many decisions."""

    fitted: FittedWeights | None
    path: Path | None
    decisions: int


def learn_weights(context: AppContext, framework_id: str) -> Learned:
    """Fit the framework's weights from every decision the corpus holds on documents matched with it, and
    save them where matching finds them (every later match and check uses them)."""
    from corpus.review import framework_decisions
    from matcher import load_framework
    from matcher.feedback import Decision, fit_weights, save_weights
    from matcher.ranking import DocumentFacts

    data_dir = context.settings.data_dir
    framework = load_framework(framework_id, data_dir)
    decisions = [
        Decision(facts, stored.year, stored.proposed, stored.action, stored.chosen)
        for stored in framework_decisions(context.corpus, framework_id)
        for facts in [DocumentFacts(stored.doc_type, stored.subject, stored.issuer, stored.issue_date)]
    ]
    fitted = fit_weights(decisions, framework) if decisions else None
    path = save_weights(fitted, data_dir) if fitted is not None else None
    return Learned(fitted, path, len(decisions))
