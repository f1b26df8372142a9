"""Ranking the criteria a document supports, each with its reason in words.

The score is a weighted sum of named features (type, subject, issuer, date), so that reviewers' later
decisions (accept, move, reject) can fit the weights per framework without changing what the features mean:
`features()` is the stable interface a learned scorer will use; `RuleScorer` is its hand-set first version.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Protocol

from rapidfuzz import fuzz

from matcher.framework import Criterion, Framework
from matcher.phrases import Word, segment, shared_phrases
from matcher.terms import ABBREVIATIONS, TermIndex, expand, fold, terms
from matcher.thesaurus import Entry, entries, found_in, holds, normal
from model.records import CriterionMatch

# hand-set; doc_type, subject and keywords were chosen among a few combinations on bench/matcher.py's held-out
# run (README says so): reviewers' decisions refit them per framework (matcher/feedback.py)
WEIGHTS = {"doc_type": 0.15, "subject": 0.50, "keywords": 0.70, "field": 0.20, "issuer": 0.10, "date": 0.10,
           "period": 0.15, "thesaurus": 0.30}  # fmt: skip
PERIOD_WORDS = re.compile(r"\b(quý [ivx1-4]+|6 tháng|sáu tháng|9 tháng|năm \d{4})\b", re.IGNORECASE)
PERIODIC_TYPE = "Báo cáo"
GENERIC_CAP = 0.6
SIBLING_CAP = 0.8
SUBJECT_REQUIRED = 0.5
KEYWORDS_REQUIRED = 0.3
NO_SUBJECT_CAP = 0.5
SATURATION = 0.6
ANY_ISSUER = 0.5
# a phrase in the rules of this many criteria or more (the year's TTHC report, cited for 14 rows, gives them all
# its subject) tells little which of them a document backs: it counts at most GENERIC_CAP, as a spelled-out
# abbreviation does, and the criteria's own words decide
SHARED_SPREAD = 3
THESAURUS_FIELD = 0.5  # a thesaurus word found only in the titles above a criterion: its field, not itself
GENERIC_PHRASES = frozenset(fold(long) for long in ABBREVIATIONS.values())


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
    # a reason quotes the subject (a phrase near it, keywords it shares, a thesaurus word it writes): what a
    # suggestion below the threshold must have to be shown (ranking.suggest)
    quotes_subject: bool = False


class FrameworkIndex:
    """What ranking precomputes once per framework: each leaf's phrases folded, and the word weights of the
    leaves (title and phrases) and of their fields (the titles above them), so a generic report still lands in
    the right field."""

    def __init__(
        self, framework: Framework, thesaurus: tuple[Entry, ...] | None = None, shared: bool = True
    ) -> None:
        # the domain thesaurus (matcher/thesaurus.yaml); () to rank without it (bench/matcher_recall.py)
        self.thesaurus = entries() if thesaurus is None else thesaurus
        self.leaves: list[Criterion] = []
        self.phrases: dict[str, list[tuple[str, str, float]]] = {}
        # how many criteria's rules hold each phrase; 0 to count every phrase fully (bench/matcher_recall.py)
        self.spread = _spread(framework) if shared else Counter()
        criteria: dict[str, list[str]] = {}
        fields: dict[str, list[str]] = {}
        self._walk(framework.criteria, [], criteria, fields)
        self.criteria = TermIndex.build(criteria)
        self.titles = TermIndex.build({code: texts[:1] for code, texts in criteria.items()})
        self.fields = TermIndex.build(fields)
        # each heading above the leaves (a field's title, a criterion's above its sub-criteria) on its own
        self.headings_of = fields
        self.headings = TermIndex.build(
            {heading: [heading] for texts in fields.values() for heading in texts}
        )
        # the same texts cut into words, to quote what a subject shares with them (matcher.phrases)
        self.worded = {code: [segment(text) for text in texts] for code, texts in criteria.items()}
        self.worded_fields = {code: [segment(text) for text in texts] for code, texts in fields.items()}
        # the same texts as matcher.thesaurus compares them, to find the framework's words it names
        self.normal = {code: [normal(text) for text in texts] for code, texts in criteria.items()}
        self.normal_fields = {code: [normal(text) for text in texts] for code, texts in fields.items()}

    def _walk(
        self,
        nodes: list[Criterion],
        above: list[str],
        criteria: dict[str, list[str]],
        fields: dict[str, list[str]],
    ) -> None:
        for node in nodes:
            if node.children:
                self._walk(node.children, [*above, node.title], criteria, fields)
                continue
            if node.evidence is None:
                continue
            self.leaves.append(node)
            # the title and the phrases of documents cited for it count fully; a generic spelled-out
            # abbreviation ("cải cách hành chính") matches half the framework, so it counts at most GENERIC_CAP,
            # and so does a phrase SHARED_SPREAD criteria or more share
            folded = [(fold(expand(p)), p) for p in node.evidence.phrases]
            self.phrases[node.code] = [(text, phrase, self.cap(text)) for text, phrase in folded]
            if len(above) > 1:  # a sub-criterion: what backs its siblings often backs it too, if less surely
                self.phrases[node.code] += [
                    (text, phrase, min(cap, self.cap(text)))
                    for text, phrase, cap in _sibling_phrases(node, nodes)
                ]
            criteria[node.code] = [node.title] + [p for t, p in folded if t not in GENERIC_PHRASES]
            fields[node.code] = above or [node.title]

    def cap(self, text: str) -> float:
        """The most a folded phrase can count: GENERIC_CAP for a generic one or one SHARED_SPREAD criteria share."""
        return GENERIC_CAP if text in GENERIC_PHRASES or self.spread[text] >= SHARED_SPREAD else 1.0


def _spread(framework: Framework) -> Counter[str]:
    """How many criteria's rules hold each phrase (folded)."""
    found: Counter[str] = Counter()
    for criterion in framework.walk():
        if criterion.evidence is not None and not criterion.children:
            found.update({fold(expand(phrase)) for phrase in criterion.evidence.phrases})
    return found


def _sibling_phrases(node: Criterion, siblings: list[Criterion]) -> list[tuple[str, str, float]]:
    """The other sub-criteria's phrases, counting at most SIBLING_CAP: the real table cites one document for
    several sub-criteria of a criterion (1.3.1 and 1.3.2, 6.3.1 and 6.3.2), so a document like those cited for
    one sibling is a candidate for the others, behind the sibling it fits best."""
    found = []
    for other in siblings:
        if other is node or other.evidence is None:
            continue
        folded = [(fold(expand(phrase)), phrase) for phrase in other.evidence.phrases]
        found += [(text, phrase, SIBLING_CAP) for text, phrase in folded if text not in GENERIC_PHRASES]
    return found


_INDEXES: dict[str, FrameworkIndex] = {}
INDEXES_KEPT = 8


def framework_index(framework: Framework) -> FrameworkIndex:
    """The framework's index, built once per content of the framework: every load is a copy of its own (a batch
    worker loads it for each document), and building costs ~40 ms where the content's digest costs ~0.3 ms. The
    few most recent are kept, so a server loading a framework per request does not grow without end."""
    key = hashlib.sha256(framework.model_dump_json().encode()).hexdigest()
    index = _INDEXES.pop(key, None)
    if index is None:
        index = FrameworkIndex(framework)
    _INDEXES[key] = index  # most recent last
    while len(_INDEXES) > INDEXES_KEPT:
        del _INDEXES[next(iter(_INDEXES))]
    return index


@dataclass(frozen=True)
class _Subject:
    """A document's subject prepared once for comparing with every criterion."""

    folded: str
    words: dict[str, float]
    title_words: dict[str, float]
    field_words: dict[str, float]
    terms: frozenset[str]
    worded: list[list[Word]]
    thesaurus: list[Entry]


def _phrase_similarity(subject: str, phrase: str) -> float:
    """Token-set similarity (a phrase inside a longer subject counts), tempered by token-sort similarity so a
    short phrase inside a subject about something more (`tổ chức thi hành pháp luật` inside `kiểm tra công
    tác tổ chức thi hành pháp luật`) is not a perfect match."""
    return (3 * fuzz.token_set_ratio(subject, phrase) + fuzz.token_sort_ratio(subject, phrase)) / 400


def _phrase_feature(subject: _Subject, code: str, index: FrameworkIndex, result: Features) -> None:
    """The subject against the criterion's nearest phrase, each counting at most its cap; the reason quotes it
    with its similarity, and says when many criteria share it (SHARED_SPREAD)."""
    scored = [
        (min(similarity, cap), similarity, phrase, text)
        for text, phrase, cap in index.phrases.get(code, [])
        for similarity in [_phrase_similarity(subject.folded, text)]
    ]
    if not scored:
        return
    best, similarity, phrase, text = max(scored)
    # below SUBJECT_REQUIRED any two Vietnamese administrative phrases share that much: it counts nothing
    result.values["subject"] = round(max(0.0, (best - SUBJECT_REQUIRED) / (1 - SUBJECT_REQUIRED)), 3)
    # quoted only when the two share a whole word: folded syllables alone make `Ban Chỉ đạo về dữ liệu` 62% like
    # `đơn vị sự nghiệp công lập tự bảo đảm chi thường xuyên` (`chỉ`/`chi`, `lập`), which no reviewer can check
    if best >= 0.6 and shared_phrases(subject.worded, [segment(phrase)], limit=1):
        spread = index.spread[text]
        many = f", cụm từ có ở {spread} tiêu chí" if spread >= SHARED_SPREAD else ""
        result.reasons.append(f"trích yếu gần với “{phrase}” ({similarity:.0%}{many})")
        result.quotes_subject = True


def _subject_features(
    subject: _Subject, criterion: Criterion, index: FrameworkIndex, result: Features
) -> None:
    _phrase_feature(subject, criterion.code, index, result)
    # everything the rule says, and the title alone (what tells twin criteria apart), count half each
    similarity = index.criteria.similarity(subject.words, criterion.code)[0]
    similarity = (similarity + index.titles.similarity(subject.title_words, criterion.code)[0]) / 2
    result.values["keywords"] = round(similarity, 3)
    shared = (
        shared_phrases(subject.worded, index.worded[criterion.code])
        if similarity >= KEYWORDS_REQUIRED
        else []
    )
    if shared:
        result.reasons.append("cùng từ khóa " + ", ".join(f"“{phrase}”" for phrase in shared))
        result.quotes_subject = True
    # the field: the subject against the headings above the criterion together, or covering one of them
    in_field = index.fields.similarity(subject.field_words, criterion.code)[0]
    for heading in index.headings_of.get(criterion.code, []):
        in_field = max(in_field, index.headings.coverage(subject.terms, heading)[0])
    result.values["field"] = round(in_field, 3)
    field_words = (
        shared_phrases(subject.worded, index.worded_fields[criterion.code], limit=2)
        if in_field >= 0.2
        else []
    )
    if field_words:
        result.reasons.append("cùng lĩnh vực (" + ", ".join(f"“{phrase}”" for phrase in field_words) + ")")


def _prepare(facts: DocumentFacts, index: FrameworkIndex) -> _Subject | None:
    """The subject folded for phrase matching; its words, with the type's ("Kế hoạch" + "CCHC năm 2025"
    reads as the plan a criterion titled "Thực hiện kế hoạch CCHC" asks for), for keyword matching."""
    if not facts.subject:
        return None
    worded = f"{facts.doc_type or ''} {facts.subject}"
    return _Subject(fold(expand(facts.subject)), index.criteria.vector(worded), index.titles.vector(worded),
                    index.fields.vector(worded), frozenset(terms(worded)), segment(worded),
                    found_in(facts.subject, index.thesaurus))  # fmt: skip


def features(facts: DocumentFacts, criterion: Criterion, year: int, index: FrameworkIndex | None = None,
             subject: _Subject | None = None) -> Features:  # fmt: skip
    """The named features of one document against one criterion, each with its reason in words. This is the
    stable interface scorers (hand-set or fitted from reviewers' decisions) weigh."""
    rule = criterion.evidence
    result = Features()
    if rule is None:
        return result
    if facts.doc_type and facts.doc_type in rule.doc_types:
        rank = rule.doc_types.index(facts.doc_type)
        result.values["doc_type"] = 1.0 if rank == 0 else 0.7
        result.reasons.append(f"loại văn bản {facts.doc_type} đúng loại tiêu chí cần")
    index = index or _index_of_one(criterion)
    subject = subject or _prepare(facts, index)
    if subject is not None:
        _subject_features(subject, criterion, index, result)
        _thesaurus_feature(subject, criterion.code, index, result)
    _period_feature(facts, rule.deadlines, result)
    if facts.issuer and not rule.issuers:
        result.values["issuer"] = ANY_ISSUER  # the rule names no body: any issuer, neither for nor against
    elif facts.issuer and rule.issuers:
        issuer = fold(facts.issuer)
        if any(fold(expected) in issuer or issuer in fold(expected) for expected in rule.issuers):
            result.values["issuer"] = 1.0
            result.reasons.append(f"cơ quan ban hành {facts.issuer} đúng cơ quan tiêu chí cần")
    # the criterion's own window, not the grace its reports get (DateWindow.reports_to): a report of January
    # Y+1 is admissible for every criterion, but dated where few criteria's evidence falls it tells them apart
    if facts.issue_date and rule.window:
        start, end = rule.window.resolve(year)
        if start <= facts.issue_date <= end:
            result.values["date"] = 1.0
            result.reasons.append(f"ngày {facts.issue_date:%d/%m/%Y} trong kỳ đánh giá")
    return result


def _thesaurus_feature(subject: _Subject, code: str, index: FrameworkIndex, result: Features) -> None:
    """The other names of the framework's words the subject writes (matcher/thesaurus.yaml), where the word
    stands in this criterion's own title or phrases (fully) or only in the titles above it (THESAURUS_FIELD)."""
    best, quoted = 0.0, []
    for entry in subject.thesaurus:
        if any(holds(text, entry.normal_term) for text in index.normal.get(code, [])):
            strength = 1.0
        elif any(holds(text, entry.normal_term) for text in index.normal_fields.get(code, [])):
            strength = THESAURUS_FIELD
        else:
            continue
        best = max(best, strength)
        quoted.append(entry.reason())
    if best:
        result.values["thesaurus"] = best
        result.reasons += quoted[:2]
        result.quotes_subject = True


def _period_feature(facts: DocumentFacts, deadlines: list, result: Features) -> None:
    """A report of a period (quarter, half-year, year) for a criterion on periodic reports. Only a report is
    one: an invitation to the year's review meeting or a conclusion notice names the period too, and the reason
    must not call them reports. A document of unknown type counts, its reason saying only what the subject
    names."""
    period = PERIOD_WORDS.search(facts.subject or "") if deadlines else None
    if period is None or (facts.doc_type and facts.doc_type != PERIODIC_TYPE):
        return
    result.values["period"] = 1.0
    if facts.doc_type == PERIODIC_TYPE:
        result.reasons.append("báo cáo theo kỳ (quý, 6 tháng, năm) như tiêu chí báo cáo định kỳ cần")
    else:
        result.reasons.append(f"trích yếu nêu kỳ “{period.group(0)}” như tiêu chí báo cáo định kỳ cần")


def _index_of_one(criterion: Criterion) -> FrameworkIndex:
    """A criterion compared outside any framework (tests, tools): an index of itself alone."""
    return FrameworkIndex(Framework(id="one", title=criterion.title, level="province", criteria=[criterion]))


class RuleScorer:
    """Hand-set weights over the features; a fitted scorer (matcher/feedback.py) replaces the weights, not the
    features."""

    def __init__(self, weights: dict[str, float] | None = None) -> None:
        self.weights = weights or WEIGHTS

    def score(self, found: Features) -> float:
        total = sum(self.weights.get(name, 0.0) * value for name, value in found.values.items())
        return saturate(total)


def saturate(total: float) -> float:
    """The weighted sum as a score in 0..1: itself up to SATURATION, then bending smoothly towards 1. The
    weights sum above 1, and a hard cap at 1 would tie two close criteria (a document on the communes'
    processing times against the departments' twin criterion); this keeps them apart and keeps the match
    threshold's meaning."""
    if total <= SATURATION:
        return round(total, 3)
    room = 1.0 - SATURATION
    return round(SATURATION + room * (1.0 - math.exp(-(total - SATURATION) / room)), 3)


class Scorer(Protocol):
    def score(self, found: Features) -> float: ...


# a criterion's score, its code and the features it was scored on
Scored = tuple[float, str, Features]


def rank(facts: DocumentFacts, framework: Framework, year: int, threshold: float,
         scorer: Scorer | None = None, index: FrameworkIndex | None = None) -> list[CriterionMatch]:  # fmt: skip
    """Criteria above the threshold, best first; a document may support several."""
    return placed(score_all(facts, framework, year, scorer, index), threshold)


def placed(scored: list[Scored], threshold: float) -> list[CriterionMatch]:
    """The criteria of `score_all` at the threshold or above, best first, each with its reason."""
    return [_match(code, score, found) for score, code, found in scored if score >= threshold]


def nearest(scored: list[Scored], floor: float, limit: int = 3) -> list[CriterionMatch]:
    """The nearest criteria of a document nothing placed, for the reviewer who must place it by hand: those of
    `score_all` at `floor` or above whose reason quotes the subject (a phrase near it, keywords or a thesaurus
    word it shares: type, issuer and date alone fit too many criteria, and a faint likeness of phrases says
    nothing a reviewer can check), best first."""
    near = [(score, code, found) for score, code, found in scored if found.quotes_subject and score >= floor]
    return [_match(code, score, found) for score, code, found in near[:limit]]


def score_all(facts: DocumentFacts, framework: Framework, year: int, scorer: Scorer | None = None,
              index: FrameworkIndex | None = None) -> list[Scored]:  # fmt: skip
    """Every criterion's score, code and features, best first (a score the subject did not tell at all, by
    phrase, keywords or thesaurus, is held to NO_SUBJECT_CAP): scored once, then placed and, when nothing is,
    searched for the nearest."""
    scorer = scorer or RuleScorer()
    index = index or framework_index(framework)
    subject = _prepare(facts, index)
    scored = []
    for criterion in index.leaves:
        found = features(facts, criterion, year, index, subject)
        score = scorer.score(found)
        values = found.values
        if (values.get("subject", 0.0) <= 0.0 and values.get("keywords", 0.0) < KEYWORDS_REQUIRED
                and not values.get("thesaurus")):  # fmt: skip
            score = min(score, NO_SUBJECT_CAP)  # type, issuer and date alone fit too many criteria
        scored.append((score, criterion.code, found))
    return sorted(scored, key=lambda item: (-item[0], item[1]))


def _match(code: str, score: float, found: Features) -> CriterionMatch:
    """The match a record keeps: its reason in words (only for the criteria kept, not every one scored)."""
    reason = "; ".join(found.reasons) or "khớp yếu"
    return CriterionMatch(code=code, score=score, reason=reason[0].upper() + reason[1:])
