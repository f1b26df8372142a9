"""Ranking the criteria a document supports, each with its reason in words.

The score is a weighted sum of named features (type, subject, issuer, date), so that reviewers' later
decisions (accept, move, reject) can fit the weights per framework without changing what the features mean:
`features()` is the stable interface a learned scorer will use; `RuleScorer` is its hand-set first version.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date

from pydantic import BaseModel
from rapidfuzz import fuzz

from matcher.framework import Criterion, Framework

WEIGHTS = {"doc_type": 0.30, "subject": 0.50, "issuer": 0.10, "date": 0.10, "period": 0.15}
PERIOD_WORDS = re.compile(r"\b(quý [ivx1-4]+|6 tháng|sáu tháng|9 tháng|năm \d{4})\b", re.IGNORECASE)
GENERIC_CAP = 0.6
SUBJECT_REQUIRED = 0.5
NO_SUBJECT_CAP = 0.5


class CriterionMatch(BaseModel):
    code: str
    score: float
    reason: str


@dataclass(frozen=True)
class DocumentFacts:
    """What matching knows of a document: its extracted metadata."""

    doc_type: str | None
    subject: str | None
    issuer: str | None
    issue_date: date | None


@dataclass
class Features:
    values: dict[str, float] = field(default_factory=dict)
    reasons: list[str] = field(default_factory=list)


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).replace("đ", "d")


def features(facts: DocumentFacts, criterion: Criterion, year: int) -> Features:
    rule = criterion.evidence
    result = Features()
    if rule is None:
        return result
    if facts.doc_type and facts.doc_type in rule.doc_types:
        rank = rule.doc_types.index(facts.doc_type)
        result.values["doc_type"] = 1.0 if rank == 0 else 0.7
        result.reasons.append(f"loại văn bản {facts.doc_type} đúng loại tiêu chí cần")
    if facts.subject and rule.phrases:
        subject = _fold(facts.subject)
        # the criterion's own title counts fully; the generic spelled-out abbreviations ("cải cách hành chính")
        # match half the framework, so they count at most GENERIC_CAP
        scored = [
            (min(fuzz.token_set_ratio(subject, _fold(p)) / 100, 1.0 if i == 0 else GENERIC_CAP), p)
            for i, p in enumerate(rule.phrases)
        ]
        best, phrase = max(scored)
        result.values["subject"] = best
        if best >= 0.6:
            result.reasons.append(f"trích yếu gần với “{phrase}” ({best:.0%})")
    if facts.subject and rule.deadlines and PERIOD_WORDS.search(facts.subject):
        result.values["period"] = 1.0
        result.reasons.append("báo cáo theo kỳ (quý, 6 tháng, năm) như tiêu chí báo cáo định kỳ cần")
    if facts.issuer and rule.issuers:
        issuer = _fold(facts.issuer)
        if any(_fold(expected) in issuer or issuer in _fold(expected) for expected in rule.issuers):
            result.values["issuer"] = 1.0
            result.reasons.append(f"cơ quan ban hành {facts.issuer} đúng cơ quan tiêu chí cần")
    if facts.issue_date and rule.window:
        start, end = rule.window.resolve(year)
        if start <= facts.issue_date <= end:
            result.values["date"] = 1.0
            result.reasons.append(f"ngày {facts.issue_date:%d/%m/%Y} trong kỳ đánh giá")
    return result


class RuleScorer:
    """Hand-set weights over the features; the learned scorer will replace WEIGHTS, not the features."""

    def __init__(self, weights: dict[str, float] | None = None) -> None:
        self.weights = weights or WEIGHTS

    def score(self, found: Features) -> float:
        total = sum(self.weights.get(name, 0.0) * value for name, value in found.values.items())
        return round(min(total, 1.0), 3)


def rank(facts: DocumentFacts, framework: Framework, year: int, threshold: float,
         scorer: RuleScorer | None = None) -> list[CriterionMatch]:  # fmt: skip
    """Criteria above the threshold, best first; a document may support several."""
    scorer = scorer or RuleScorer()
    matches = []
    for criterion in framework.walk():
        if criterion.children or criterion.evidence is None:
            continue
        found = features(facts, criterion, year)
        score = scorer.score(found)
        if found.values.get("subject", 0.0) < SUBJECT_REQUIRED:
            score = min(score, NO_SUBJECT_CAP)  # type, issuer and date alone fit too many criteria
        if score >= threshold:
            reason = "; ".join(found.reasons) or "khớp yếu"
            matches.append(
                CriterionMatch(code=criterion.code, score=score, reason=reason[0].upper() + reason[1:])
            )
    return sorted(matches, key=lambda match: (-match.score, match.code))
