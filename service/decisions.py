"""Reviewers' decisions applied to a unit-year's matrix: a document moved to another criterion counts there,
a rejected match no longer counts, an accepted one says so; every such change names who made it and when.

The ranking learns from the same decisions (`kiemchung framework learn`); here they take effect at once, for
this unit-year, whatever the ranking would propose."""

from __future__ import annotations

from typing import TYPE_CHECKING

from model.records import CriterionMatch, MatchRecord

if TYPE_CHECKING:
    from corpus.review import DocumentDecision


def apply_decisions(
    records: list[MatchRecord], ids: dict[str, int], decisions: list[DocumentDecision]
) -> None:
    """Change each record's criteria by the decisions on its document (records are named as `ids` names them)."""
    by_document: dict[int, list[DocumentDecision]] = {}
    for decision in decisions:
        if decision.action in ("accept", "move", "reject"):
            by_document.setdefault(decision.document_id, []).append(decision)
    for record in records:
        for decision in by_document.get(ids.get(record.file, -1), []):
            _apply(record, decision)


def _apply(record: MatchRecord, decision: DocumentDecision) -> None:
    who = f"{decision.username or 'người thẩm định'}, {decision.decided_at:%d/%m/%Y}"
    kept = [match for match in record.criteria if match.code != decision.criterion]
    found = next((match for match in record.criteria if match.code == decision.criterion), None)
    if decision.action == "reject":
        record.criteria = kept
    elif decision.action == "move" and decision.chosen:
        reason = f"Hội đồng chuyển từ tiêu chí {decision.criterion} sang tiêu chí này ({who})"
        record.criteria = [CriterionMatch(code=decision.chosen, score=1.0, reason=reason)] + [
            match for match in kept if match.code != decision.chosen
        ]
    elif decision.action == "accept" and found is not None:
        confirmed = CriterionMatch(
            code=found.code, score=1.0, reason=f"Hội đồng xác nhận ({who}); {found.reason}"
        )
        record.criteria = [confirmed, *kept]
