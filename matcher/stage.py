"""The matching stage: an extract record in, a match record (with ranked criteria) out."""

from __future__ import annotations

from datetime import date

from matcher.framework import Framework
from matcher.period import other_year, other_year_detail
from matcher.ranking import DocumentFacts, RuleScorer, Scorer, nearest, placed, score_all
from matcher.unmatched import WORKING_PAPERS, unmatched_flag, why_unmatched
from model.flags import make_flag
from model.records import ExtractRecord, MatchRecord, ReadRecord

UNMATCHED = "document.unmatched"
# how near a criterion must come to be suggested for a document a human must place (the match threshold is 0.6
# by default): held out, a cited document's own criterion is in its top 3 at 0.4 or above for 61% of citations,
# at the threshold for 53% (bench/matcher_recall.py)
SUGGESTION_FLOOR = 0.4
OTHER_YEAR = "document.other_year"
# the flags this stage makes: a record matched again gets this run's, not the last run's
OWN_FLAGS = frozenset({UNMATCHED, OTHER_YEAR})


class MatchStage:
    """Ranks a document's criteria. Everything it depends on is given: the framework, the threshold, the
    assessment year (None: each document's own year), the scorer (hand-set weights unless the application
    layer loaded the weights fitted from reviewers' decisions, matcher/feedback.py) and the unit's province
    (`home`, when known: another province's document is rightly outside the framework)."""

    name = "match"

    def __init__(
        self,
        framework: Framework,
        threshold: float,
        year: int | None = None,
        scorer: Scorer | None = None,
        home: str | None = None,
    ) -> None:
        self.framework, self.threshold, self.year, self.home = framework, threshold, year, home
        self.scorer = scorer or RuleScorer()

    def run(self, record: ReadRecord) -> MatchRecord:
        """A record matched before (read back from the corpus) is matched afresh: its criteria and the
        unmatched flag are this run's."""
        result = MatchRecord(**record.model_dump(exclude={"criteria", "suggestions"}))
        result.flags = [flag for flag in result.flags if flag.code not in OWN_FLAGS]
        if not isinstance(record, ExtractRecord) or record.status == "failed":
            return result
        facts = DocumentFacts(record.doc_type, record.subject, record.issuer, record.issue_date)
        year = self.year or (record.issue_date.year if record.issue_date else date.today().year)
        # scored once, for placing and for the nearest; a routing slip is never evidence, whatever it is about
        scored = (
            [] if record.doc_type in WORKING_PAPERS else score_all(facts, self.framework, year, self.scorer)
        )
        result.criteria = placed(scored, self.threshold)
        if not result.criteria:
            why = why_unmatched(record, self.home)
            if why.needs_human:
                result.suggestions = nearest(scored, min(SUGGESTION_FLOOR, self.threshold))
            result.flags.append(unmatched_flag(record, why, result.suggestions))
        about = other_year(record.subject, record.issue_date, self.year) if self.year else None
        if about is not None and self.year is not None:
            source = record.evidence.get("subject")
            flag = make_flag(OTHER_YEAR, other_year_detail(about, self.year), page=source.page if source else None,
                             text=source.text if source else record.subject)  # fmt: skip
            result.flags.append(flag)
        return result
