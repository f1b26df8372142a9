"""The matching stage: an extract record in, a match record (with ranked criteria) out."""

from __future__ import annotations

from datetime import date

from pydantic import Field

from extract.record import ExtractRecord
from kiemchung.flags import make_flag
from kiemchung.records import ReadRecord
from matcher.framework import Framework
from matcher.ranking import CriterionMatch, DocumentFacts, rank


class MatchRecord(ExtractRecord):
    criteria: list[CriterionMatch] = Field(default_factory=list)


class MatchStage:
    name = "match"

    def __init__(self, framework: Framework, threshold: float, year: int | None = None) -> None:
        self.framework, self.threshold, self.year = framework, threshold, year

    def run(self, record: ReadRecord) -> MatchRecord:
        result = MatchRecord(**record.model_dump())
        if not isinstance(record, ExtractRecord) or record.status == "failed":
            return result
        facts = DocumentFacts(record.doc_type, record.subject, record.issuer, record.issue_date)
        year = self.year or (record.issue_date.year if record.issue_date else date.today().year)
        result.criteria = rank(facts, self.framework, year, self.threshold)
        if not result.criteria:
            result.flags.append(make_flag("document.unmatched"))
        return result
