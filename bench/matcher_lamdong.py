"""Issue 15's measure on the real dossiers of ../shared/data/lamdong: of the documents a person would place under a
criterion (the hand-made key tests/data/matcher/lamdong_key.json, which says how it was made), the share that end
`document.unmatched`, and, for those labelled with a criterion, whether it is in the top 3; against the fuzzy-title
baseline of bench/matcher_recall.py in the same run. Documents the key labels outside the framework that are
placed under a criterion anyway are counted too (a matcher that places everything has no unmatched documents).

The key is split by dossier into a tuning half and a measured half; only the tuning half's misses are listed, so
changes are guided by it and the measured half stays held out.

Run through `bench/matcher.py`, or alone: `uv run python bench/matcher_lamdong.py`.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from rapidfuzz import fuzz

from bench.matcher_recall import SHARED
from matcher import load_framework
from matcher.unmatched import why_unmatched
from model.records import MatchRecord

KEY = Path(__file__).resolve().parents[1] / "tests" / "data" / "matcher" / "lamdong_key.json"
# the baseline places a document when a criterion title is this similar (the matcher's threshold is 0.6)
BASELINE_PLACES = 60
HALVES = ("tuning", "measured")


@dataclass(frozen=True)
class Outcome:
    """What one matcher said of one labelled document: placed or not, its top 3, and, when not placed, whether
    it is left for a human (a `document.unmatched` warning, not info)."""

    placed: bool
    top3: list[str]
    for_human: bool = True
    why: str = ""  # matcher.unmatched.Why.kind, when not placed


def _baseline(record: MatchRecord, leaves: list) -> Outcome:
    """Fuzzy similarity of type and subject to the criterion titles (bench/matcher_recall.py's baseline); placed
    when the best reaches BASELINE_PLACES."""
    line = f"{record.doc_type or ''} {record.subject or ''}".lower()
    if not (record.subject or "").strip():
        return Outcome(False, [])
    scored = sorted(((fuzz.token_set_ratio(line, c.title.lower()), c.code) for c in leaves), reverse=True)
    return Outcome(scored[0][0] >= BASELINE_PLACES, [code for _, code in scored[:3]])


def _ours(record: MatchRecord, home: str) -> Outcome:
    unmatched = [flag for flag in record.flags if flag.code == "document.unmatched"]
    top3 = [match.code for match in record.criteria[:3]]
    why = why_unmatched(record, home).kind if unmatched else ""
    return Outcome(not unmatched, top3, any(flag.severity == "warning" for flag in unmatched), why)


def matched_records(key: dict) -> dict[str, MatchRecord]:
    """Every file the key names, read, extracted and matched as `kiemchung match` does (each document's own
    year, the unit's province from the key), by its path in the key."""
    from ingest import FileReader
    from matcher.stage import MatchStage
    from model.settings import Settings
    from service.pipeline import STAGES, run_stages

    settings = Settings()
    stages = [*STAGES, MatchStage(load_framework("tinh-2025"), settings.match_threshold, home=key["home"])]
    by_file = {str(SHARED / doc["path"]): doc["path"] for doc in key["documents"]}
    found: dict[str, MatchRecord] = {}
    with FileReader(settings) as reader:
        for record in reader.read_paths([Path(name) for name in by_file]):
            matched = run_stages(record, stages)
            if isinstance(matched, MatchRecord):
                found[by_file[str(record.file)]] = matched
    return found


def _half_rows(half: str, documents: list[dict], said: dict[str, dict[str, Outcome]]) -> None:
    evidence = [doc for doc in documents if doc["label"] == "evidence"]
    placed_ones = [doc for doc in evidence if doc["criteria"]]
    outside = [doc for doc in documents if doc["label"] != "evidence"]
    print(f"  {half} half ({len(documents)} documents; {len(evidence)} a person would place, "
          f"{len(placed_ones)} of them under a named criterion; {len(outside)} outside):")  # fmt: skip
    for name, outcomes in said.items():
        unmatched = sum(not outcomes[doc["path"]].placed for doc in evidence)
        top3 = sum(bool(set(doc["criteria"]) & set(outcomes[doc["path"]].top3)) for doc in placed_ones)
        wrongly = sum(outcomes[doc["path"]].placed for doc in outside)
        print(f"    {name:<24} unmatched {unmatched}/{len(evidence)} = {unmatched / max(len(evidence), 1):6.1%} "
              f"(goal < 15%)  criterion in top 3 {top3}/{len(placed_ones)}  outside placed anyway "
              f"{wrongly}/{len(outside)}")  # fmt: skip
    ours = said["ours"]
    left = [doc for doc in outside if not ours[doc["path"]].placed]
    silenced = sum(not ours[doc["path"]].placed and not ours[doc["path"]].for_human for doc in evidence)
    kinds = Counter(ours[doc["path"]].why for doc in left)
    print(f"    unmatched outside documents left for a human (warning): {sum(ours[d['path']].for_human for d in left)}"
          f"/{len(left)}; why: {', '.join(f'{kind} {n}' for kind, n in kinds.most_common())}; documents a person "
          f"would place told to need no one: {silenced}")  # fmt: skip
    if half == "tuning":
        _misses(evidence, outside, ours)


def _misses(evidence: list[dict], outside: list[dict], ours: dict[str, Outcome]) -> None:
    """The tuning half's misses by name: what changes may look at."""
    for doc in evidence:
        said = ours[doc["path"]]
        if not said.placed or not set(doc["criteria"]) <= set(said.top3):
            print(f"      miss: {Path(doc['path']).name} {doc['criteria']} → {said.top3}")
    for doc in outside:
        if ours[doc["path"]].placed:
            print(f"      placed anyway ({doc['kind']}): {Path(doc['path']).name} → {ours[doc['path']].top3}")


def lamdong_rows() -> None:
    key = json.loads(KEY.read_text(encoding="utf-8"))
    if not all((SHARED / doc["path"]).exists() for doc in key["documents"]):
        print("../shared/data/lamdong not found: the real-dossier unmatched row is skipped")
        return
    records = matched_records(key)
    leaves = [c for c in load_framework("tinh-2025").walk() if not c.children]
    said = {
        "ours": {path: _ours(record, key["home"]) for path, record in records.items()},
        "baseline: fuzzy titles": {path: _baseline(record, leaves) for path, record in records.items()},
    }
    print(f"real dossiers of ../shared/data/lamdong against the hand-made key (tests/data/matcher/lamdong_key.json, "
          f"{len(key['documents'])} documents):")  # fmt: skip
    for half in HALVES:
        _half_rows(half, [doc for doc in key["documents"] if doc["half"] == half], said)


if __name__ == "__main__":
    lamdong_rows()
