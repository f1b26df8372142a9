"""Reviewers' decisions (accept, move, reject) turned into per-framework feature weights for the ranking.

Why: the hand-set weights of `ranking.WEIGHTS` are a guess; a council that keeps moving documents from one
criterion to another is telling us which features matter for its framework. The learned part is kept small and
explainable: a logistic regression over the same named features (`ranking.features`), so a match's reason still
lists the type, subject phrase, keywords, field, issuer and date that fired, and the fitted weights are a short
YAML file a person can read. Weights alone cannot tell two criteria whose features look alike (1.3.1 and 1.3.2
both want inspection notices), so the subjects of documents reviewers placed at a criterion also become phrases
of its rule, as the subjects a province's table cites do (matcher/derive.py), listed in the same file:
`<data dir>/frameworks/weights/<framework id>.yaml`, beside the imported frameworks, in a folder of its own so
it is never mistaken for one.

The interface for the application layer (which reads decisions from the corpus and calls this):
    decisions = [Decision(facts, year=2025, proposed="3.4.1", action=ReviewAction.move, chosen="3.4.2"), ...]
    fitted = fit_weights(decisions, framework)        # None when there is nothing to learn from
    save_weights(fitted, data_dir)                    # MatchStage loads it next time (load_feedback)
"""

from __future__ import annotations

import logging
import math
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import yaml

from matcher.derive import cited_phrase
from matcher.framework import Framework
from matcher.ranking import WEIGHTS, DocumentFacts, Features, FrameworkIndex, RuleScorer, features, rank
from model.review import ReviewAction

log = logging.getLogger(__name__)
FEATURES = tuple(WEIGHTS)  # the named features, in a fixed order for the regression
PRIOR_SCALE = 6.0  # the hand-set weights, times this, are the prior the fit starts from and is pulled to
PRIOR_CENTRE = 0.6
MAX_PHRASES = 5
MIN_PLACED = 2  # one placement may be a slip; two are a habit
# how many decisions' worth of weight the hand-set weights keep (chosen among 0.3, 1, 3, 10 on bench/matcher.py's
# 5-fold run, where 10 did best)
PRIOR_STRENGTH = 10.0
SHOWN_NEGATIVES = 3  # the top criteria shown besides the chosen one, which the reviewer passed over: a "no"


@dataclass(frozen=True)
class Decision:
    """One reviewer decision about one document: what the matcher knew of it, what it proposed, what the
    reviewer did and which criterion the reviewer chose (none for a rejection)."""

    facts: DocumentFacts
    year: int
    proposed: str | None
    action: ReviewAction
    chosen: str | None = None

    @property
    def kept(self) -> str | None:
        """The criterion the reviewer kept the document at (none for a rejection)."""
        return self.proposed if self.action == ReviewAction.accept else self.chosen


@dataclass
class FittedWeights:
    framework: str
    weights: dict[str, float]
    bias: float
    decisions: int
    fitted_at: str
    phrases: dict[str, list[str]] = field(default_factory=dict)  # criterion → subjects reviewers placed there
    doc_types: dict[str, list[str]] = field(default_factory=dict)  # criterion → document types placed there
    issuers: dict[str, list[str]] = field(default_factory=dict)  # criterion → issuing bodies placed there

    def to_yaml(self) -> str:
        header = (
            "# Feature weights fitted from reviewers' decisions (matcher/feedback.py): score = sigmoid(bias + sum of\n"
            "# weight × feature); features and their reasons are those of matcher/ranking.py. Delete to go back.\n"
        )
        body = {"framework": self.framework, "fitted_at": self.fitted_at, "decisions": self.decisions,
                "bias": round(self.bias, 4), "weights": {k: round(v, 4) for k, v in self.weights.items()},
                "phrases": self.phrases, "doc_types": self.doc_types, "issuers": self.issuers}  # fmt: skip
        return header + yaml.safe_dump(body, allow_unicode=True, sort_keys=False)

    @classmethod
    def from_yaml(cls, text: str) -> FittedWeights:
        data = yaml.safe_load(text)
        weights = {name: float(data["weights"].get(name, 0.0)) for name in FEATURES}
        placed = {
            name: {
                str(code): [str(value) for value in found] for code, found in (data.get(name) or {}).items()
            }
            for name in ("phrases", "doc_types", "issuers")
        }
        return cls(data["framework"], weights, float(data["bias"]), int(data["decisions"]), str(data["fitted_at"]),
                   placed["phrases"], placed["doc_types"], placed["issuers"])  # fmt: skip


class LearnedScorer:
    """The probability that a reviewer keeps the criterion, from the same features: at the match threshold
    (0.6 by default) it proposes what reviewers would more likely accept than not."""

    def __init__(self, fitted: FittedWeights) -> None:
        self.fitted = fitted

    def score(self, found: Features) -> float:
        total = self.fitted.bias + sum(self.fitted.weights.get(k, 0.0) * v for k, v in found.values.items())
        return round(1.0 / (1.0 + math.exp(-total)), 3)


def _vector(found: Features) -> list[float]:
    return [found.values.get(name, 0.0) for name in FEATURES]


def training_rows(decisions: list[Decision], framework: Framework) -> tuple[np.ndarray, np.ndarray]:
    """(features, kept) rows: the chosen criterion is a yes; the proposed one, when moved or rejected, is a
    no, and so are the others the hand-set ranking showed at the top (the reviewer passed them over)."""
    index = FrameworkIndex(framework)
    leaves = {criterion.code: criterion for criterion in index.leaves}
    rows: list[tuple[list[float], float]] = []
    for decision in decisions:
        chosen = decision.kept
        wrong = {decision.proposed} if decision.action != ReviewAction.accept and decision.proposed else set()
        if chosen in leaves:
            ranked = [m.code for m in rank(decision.facts, framework, decision.year, 0.0, index=index)]
            wrong |= {code for code in ranked[: SHOWN_NEGATIVES + 1] if code != chosen}
        for code, kept in [(chosen, 1.0)] + [(code, 0.0) for code in sorted(wrong)]:
            if code in leaves:
                rows.append((_vector(features(decision.facts, leaves[code], decision.year, index)), kept))
    if not rows:
        return np.zeros((0, len(FEATURES))), np.zeros(0)
    return np.array([row for row, _ in rows]), np.array([kept for _, kept in rows])


def fit_weights(decisions: list[Decision], framework: Framework, strength: float = PRIOR_STRENGTH, steps: int = 2000,
                rate: float = 0.5) -> FittedWeights | None:  # fmt: skip
    """Logistic regression by gradient descent, pulled towards the hand-set weights (scaled) and bias with L2 of
    the given strength: a handful of decisions nudges the ranking, many decisions can overturn it. Each decision
    gives one kept criterion and up to four passed over, so the two classes weigh the same: otherwise the fit
    learns that most criteria are wrong, every score sinks below the match threshold and nothing is matched."""
    x, y = training_rows(decisions, framework)
    if len(y) == 0:
        return None
    prior = np.array([PRIOR_SCALE * WEIGHTS[name] for name in FEATURES])
    # the prior bias keeps the threshold's meaning: a hand-set sum of PRIOR_CENTRE scores PRIOR_CENTRE
    prior_bias = math.log(PRIOR_CENTRE / (1 - PRIOR_CENTRE)) - PRIOR_SCALE * PRIOR_CENTRE
    kept = max(1.0, float(y.sum()))
    balance = np.where(y > 0, len(y) / (2 * kept), len(y) / (2 * max(1.0, len(y) - kept)))
    w, b = prior.copy(), prior_bias
    for _ in range(steps):
        error = balance * (1.0 / (1.0 + np.exp(-(x @ w + b))) - y)
        w -= rate * (x.T @ error / len(y) + strength * (w - prior) / len(y))
        b -= rate * (float(np.mean(error)) + strength * (b - prior_bias) / len(y))
    stamp = datetime.now(UTC).isoformat(timespec="seconds")
    weights = {name: float(value) for name, value in zip(FEATURES, w, strict=True)}
    return FittedWeights(
        framework.id, weights, float(b), len(decisions), stamp, placed_phrases(decisions),
        placed_values(decisions, "doc_type"), placed_values(decisions, "issuer"),
    )  # fmt: skip


def placed_phrases(decisions: list[Decision]) -> dict[str, list[str]]:
    """Per criterion, the subjects (made general, as cited ones are) of documents reviewers kept or moved there,
    most frequent first."""
    counts: dict[str, Counter[str]] = {}
    for decision in decisions:
        chosen = decision.kept
        phrase = cited_phrase(decision.facts.subject) if decision.facts.subject else None
        if chosen and phrase:
            counts.setdefault(chosen, Counter())[phrase] += 1
    return {code: [p for p, _ in found.most_common(MAX_PHRASES)] for code, found in sorted(counts.items())}


def placed_values(decisions: list[Decision], name: str) -> dict[str, list[str]]:
    """Per criterion, the document types (or issuers) of documents reviewers kept or moved there at least
    MIN_PLACED times: an inspection plan of the provincial committee moved to inspection coverage, twice,
    teaches that such plans and such a body count there too."""
    counts: dict[str, Counter[str]] = {}
    for decision in decisions:
        chosen = decision.kept
        value = getattr(decision.facts, name)
        if chosen and value:
            counts.setdefault(chosen, Counter())[value] += 1
    placed = {
        code: [v for v, count in found.most_common() if count >= MIN_PLACED] for code, found in counts.items()
    }
    return {code: values for code, values in sorted(placed.items()) if values}


def apply_phrases(framework: Framework, fitted: FittedWeights) -> Framework:
    """The framework with the placed subjects, document types and issuers added to its criteria's rules (a
    copy; the YAML is untouched). Placed types come after the rule's own: they count as a second choice."""
    copy = framework.model_copy(deep=True)
    for code, phrases in fitted.phrases.items():
        criterion = copy.find(code)
        if criterion is not None and criterion.evidence is not None:
            criterion.evidence.phrases = list(dict.fromkeys([*criterion.evidence.phrases, *phrases]))
    for placed, attribute in ((fitted.doc_types, "doc_types"), (fitted.issuers, "issuers")):
        for code, values in placed.items():
            criterion = copy.find(code)
            if criterion is not None and criterion.evidence is not None:
                known = getattr(criterion.evidence, attribute)
                setattr(criterion.evidence, attribute, list(dict.fromkeys([*known, *values])))
    return copy


def weights_path(framework_id: str, data_dir: Path) -> Path:
    return data_dir / "frameworks" / "weights" / f"{framework_id}.yaml"


def save_weights(fitted: FittedWeights, data_dir: Path) -> Path:
    path = weights_path(fitted.framework, data_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(fitted.to_yaml(), encoding="utf-8")
    return path


def load_feedback(
    framework: Framework, data_dir: Path | None
) -> tuple[Framework, LearnedScorer | RuleScorer]:
    """The framework with its placed phrases and the fitted scorer when the weights file exists; else the
    framework as it is and the hand-set scorer."""
    if data_dir is not None:
        path = weights_path(framework.id, data_dir)
        if path.is_file():
            try:
                fitted = FittedWeights.from_yaml(path.read_text(encoding="utf-8"))
            except (yaml.YAMLError, KeyError, TypeError, ValueError, AttributeError) as error:
                # a hand-edited file gone wrong must not stop matching: the hand-set weights still work
                log.warning("ignoring %s: %s", path, error)
                return framework, RuleScorer()
            return apply_phrases(framework, fitted), LearnedScorer(fitted)
    return framework, RuleScorer()
