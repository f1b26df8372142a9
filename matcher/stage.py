"""The matching stage: an extract record in, a match record (with ranked criteria) out."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from pydantic import Field

from extract.record import ExtractRecord
from kiemchung.flags import make_flag
from kiemchung.records import ReadRecord
from kiemchung.settings import Settings
from matcher.framework import Framework
from matcher.ranking import CriterionMatch, DocumentFacts, Scorer, rank


class MatchRecord(ExtractRecord):
    criteria: list[CriterionMatch] = Field(default_factory=list)


class MatchStage:
    name = "match"

    def __init__(self, framework: Framework, threshold: float, year: int | None = None,
                 scorer: Scorer | None = None, data_dir: Path | None = None) -> None:  # fmt: skip
        """`scorer` defaults to the framework's weights fitted from reviewers' decisions when the data directory
        (`data_dir`, else the settings') holds them (matcher/feedback.py), else the hand-set weights."""
        if scorer is None:
            from matcher.feedback import load_feedback  # feedback → derive → selfassess imports this module

            framework, scorer = load_feedback(framework, data_dir or Settings().data_dir)
        self.framework, self.threshold, self.year, self.scorer = framework, threshold, year, scorer

    def run(self, record: ReadRecord) -> MatchRecord:
        result = MatchRecord(**record.model_dump())
        if not isinstance(record, ExtractRecord) or record.status == "failed":
            return result
        facts = DocumentFacts(record.doc_type, record.subject, record.issuer, record.issue_date)
        year = self.year or (record.issue_date.year if record.issue_date else date.today().year)
        result.criteria = rank(facts, self.framework, year, self.threshold, self.scorer)
        if not result.criteria:
            result.flags.append(make_flag("document.unmatched"))
        return result
