"""Reviewers' decisions refit the ranking of a framework (matcher/feedback.py): moving documents from one
criterion to another changes which comes first, the reasons still name the features, the file round-trips and
the matching stage picks it up from the data directory."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from matcher import load_framework
from matcher.feedback import (
    Decision,
    FittedWeights,
    LearnedScorer,
    ReviewAction,
    apply_phrases,
    fit_weights,
    load_feedback,
    save_weights,
    weights_path,
)
from matcher.ranking import DocumentFacts, RuleScorer, rank
from matcher.stage import MatchStage
from model.records import ExtractRecord

FRAMEWORK = load_framework("tinh-2025")


def _notice(month: int, place: str = "xã Tánh Linh") -> DocumentFacts:
    """An inspection conclusion: 1.3.1 (share of units inspected) and 1.3.2 (problems handled) both want it."""
    subject = f"Kết luận kiểm tra công tác cải cách hành chính tại {place}"
    return DocumentFacts("Kết luận", subject, "Sở Nội vụ tỉnh Lai Châu", date(2025, month, 10))


def _top_two(facts: DocumentFacts, framework=FRAMEWORK, scorer=None) -> list[str]:
    return [match.code for match in rank(facts, framework, 2025, 0.0, scorer)[:2]]


def test_moves_from_a_to_b_put_b_first() -> None:
    first, second = _top_two(_notice(5))
    assert {first, second} == {"1.3.1", "1.3.2"}
    decisions = [Decision(_notice(m), 2025, first, ReviewAction.move, second) for m in range(1, 13)]
    fitted = fit_weights(decisions, FRAMEWORK)
    assert fitted is not None and fitted.decisions == 12 and second in fitted.phrases
    learned = apply_phrases(FRAMEWORK, fitted)
    fresh = _notice(6, "xã Di Linh")  # a document no decision was about
    assert _top_two(fresh, learned, LearnedScorer(fitted))[0] == second
    assert _top_two(fresh)[0] == first  # the bundled framework itself is untouched
    best = rank(fresh, learned, 2025, 0.0, LearnedScorer(fitted))[0]
    assert "loại văn bản" in best.reason.lower() and "trích yếu" in best.reason.lower()


def test_accepts_keep_the_order_and_rejections_lower_the_score() -> None:
    first = _top_two(_notice(5))[0]
    kept = fit_weights(
        [Decision(_notice(m), 2025, first, ReviewAction.accept) for m in range(1, 7)], FRAMEWORK
    )
    assert kept is not None
    assert _top_two(_notice(8), apply_phrases(FRAMEWORK, kept), LearnedScorer(kept))[0] == first
    rejected = fit_weights(
        [Decision(_notice(m), 2025, first, ReviewAction.reject) for m in range(1, 7)], FRAMEWORK
    )
    assert rejected is not None and rejected.phrases == {}
    # both fits lower every score (each accept also brings criteria passed over, the twin among them), so what
    # rejections must do is bring the rejected criterion down towards the rest: its lead over the best criterion
    # outside the twin pair shrinks
    assert _lead(first, LearnedScorer(rejected)) < _lead(first, LearnedScorer(kept))


def _lead(code: str, scorer: LearnedScorer) -> float:
    scores = {m.code: m.score for m in rank(_notice(8), FRAMEWORK, 2025, 0.0, scorer)}
    return scores[code] - max(score for other, score in scores.items() if other not in ("1.3.1", "1.3.2"))


def test_nothing_to_learn_from() -> None:
    assert fit_weights([], FRAMEWORK) is None
    assert isinstance(load_feedback(FRAMEWORK, None)[1], RuleScorer)


def test_weights_file_round_trips_and_the_stage_loads_it(tmp_path: Path) -> None:
    first, second = _top_two(_notice(5))
    fitted = fit_weights(
        [Decision(_notice(m), 2025, first, ReviewAction.move, second) for m in range(1, 13)], FRAMEWORK
    )
    assert fitted is not None
    path = save_weights(fitted, tmp_path)
    assert path == weights_path("tinh-2025", tmp_path) and path.parent.name == "weights"
    again = FittedWeights.from_yaml(path.read_text(encoding="utf-8"))
    assert again.phrases == fitted.phrases and set(again.weights) == set(fitted.weights)
    record = ExtractRecord(file="kl.docx", pages=[], status="ok", doc_type="Kết luận",
                           subject=_notice(6).subject, issuer=_notice(6).issuer, issue_date=date(2025, 6, 10))  # fmt: skip
    plain = MatchStage(FRAMEWORK, 0.0, 2025).run(record)
    framework, scorer = load_feedback(FRAMEWORK, tmp_path)
    learned = MatchStage(framework, 0.0, 2025, scorer).run(record)
    assert plain.criteria[0].code == first and learned.criteria[0].code == second


def test_a_broken_weights_file_falls_back_to_the_hand_set_weights(tmp_path: Path) -> None:
    path = weights_path("tinh-2025", tmp_path)
    path.parent.mkdir(parents=True)
    path.write_text("weights: [not, a, mapping", encoding="utf-8")
    framework, scorer = load_feedback(FRAMEWORK, tmp_path)
    assert framework is FRAMEWORK and isinstance(scorer, RuleScorer)
