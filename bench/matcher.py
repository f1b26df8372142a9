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


def planted_faults() -> None:
    """Recall and precision of each flag code on a generated unit whose faults are known by construction."""
    import tempfile
    import time

    from bench.faults import plant
    from ingest import FileReader
    from kiemchung.pipeline import STAGES, run_stages
    from kiemchung.settings import Settings
    from matcher.check import build_report
    from matcher.stage import MatchRecord, MatchStage

    framework = load_framework("tinh-2025")
    settings = Settings()
    with tempfile.TemporaryDirectory(prefix="kiemchung-faults-") as tmp:
        folder = Path(tmp)
        expected = plant(folder, framework, 2025)
        files = sorted(folder.iterdir())
        with FileReader(settings) as reader:
            read = list(reader.read_paths(files))
        start = time.perf_counter()
        stages = [*STAGES, MatchStage(framework, settings.match_threshold, 2025)]
        records = [run_stages(record, stages) for record in read]
        report = build_report(
            [r for r in records if isinstance(r, MatchRecord)], framework, 2025, None, folder
        )
        elapsed = time.perf_counter() - start
    found: dict[str, set[str]] = {code: set() for code in expected}
    for flag in report.flags + [f for item in report.criteria for f in item.flags]:
        if flag.code in found:
            found[flag.code].add(
                flag.criterion if flag.code == "evidence.gap" else Path(flag.file or "").name
            )
    for document in report.documents:
        for flag in document["flags"]:
            if flag["code"] in found:
                found[flag["code"]].add(document["file"])
    print(
        f"generated unit with planted faults ({len(files)} documents; check after reading {elapsed:.2f} s):"
    )
    for code, truth in expected.items():
        hits = len(truth & found[code])
        recall = hits / len(truth) if truth else 1.0
        precision = hits / len(found[code]) if found[code] else 1.0
        print(f"  {code:<22} recall {recall:6.1%}  precision {precision:6.1%}  (planted {len(truth)})")


def main() -> None:
    planted_faults()
    if not TABLE.exists():
        print("../shared/data not found: nothing more to measure")
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
