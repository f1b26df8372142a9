"""Matcher benchmark: recall@1 and @3 of the real table's cited documents to the criterion that cited them,
from the citation text alone, against plain fuzzy similarity of the citation to criterion titles.

Run: `uv run python bench/matcher.py`. Needs ../shared/data (the real provincial table)."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from rapidfuzz import fuzz

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from extract.references import find_references
from matcher import load_framework
from matcher.ranking import DocumentFacts, rank

SHARED = Path(
    os.environ.get("KIEMCHUNG_SHARED_DATA") or Path(__file__).resolve().parents[2] / "shared" / "data"
)
TABLE = SHARED / "framework" / "lamdong_2025_PAR_selfassessment_table.json"


def cases() -> list[tuple[str, str, DocumentFacts]]:
    """(criterion code, citation text, facts read from the citation) for every parsed citation of a leaf row."""
    rows = json.loads(TABLE.read_text(encoding="utf-8"))["rows"]
    found = []
    for row in rows:
        for line in row["tai_lieu_kiem_chung"].split("\n"):
            for citation in find_references([line]):
                reference = citation.reference
                subject = line.split(" về ", 1)[1] if " về " in line else line
                facts = DocumentFacts(reference.doc_type, subject, reference.issuer, reference.issue_date)
                found.append((row["tt"].strip().rstrip("."), line.strip(), facts))
    return found


def main() -> None:
    if not TABLE.exists():
        print("../shared/data not found: nothing to measure")
        return
    framework = load_framework("tinh-2025")
    leaves = [c for c in framework.walk() if not c.children]
    hits = {"ours@1": 0, "ours@3": 0, "base@1": 0, "base@3": 0}
    unmatched = 0
    all_cases = cases()
    for code, text, facts in all_cases:
        ours = [match.code for match in rank(facts, framework, 2025, threshold=0.0)]
        base = [
            c.code for c in sorted(leaves, key=lambda c: -fuzz.token_set_ratio(text.lower(), c.title.lower()))
        ]
        unmatched += not rank(facts, framework, 2025, threshold=0.6)
        for name, ranked in (("ours", ours), ("base", base)):
            hits[f"{name}@1"] += code in ranked[:1]
            hits[f"{name}@3"] += code in ranked[:3]
    n = len(all_cases)
    print(f"citations of the real table matched back to their criterion, from citation text alone (n={n}):")
    print(f"  recall@1 ours {hits['ours@1'] / n:.1%}  baseline {hits['base@1'] / n:.1%}")
    print(f"  recall@3 ours {hits['ours@3'] / n:.1%}  baseline {hits['base@3'] / n:.1%}")
    print(f"  below the match threshold (would be document.unmatched): {unmatched / n:.1%}")


if __name__ == "__main__":
    main()
