"""Matcher benchmark: recall@1 and @3 of the real table's cited documents to the criterion that cited them,
from the citation text alone, against plain fuzzy similarity of the citation to criterion titles; citation
parsing accuracy on every citation of the real table against the hand-checked key, against a naive baseline;
recall and precision of each flag code on a generated unit with planted faults (self-assessment included).

Run: `uv run python bench/matcher.py`. Needs ../shared/data (the real provincial table)."""

from __future__ import annotations

import contextlib
import json
import os
import re
import sys
import time
from datetime import date
from pathlib import Path

from rapidfuzz import fuzz

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from extract.references import find_references
from matcher import load_framework
from matcher.citations import parse_citations
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


def _generated_unit(folder: Path, every: int) -> tuple[dict[str, set[str]], list, float, int]:
    """plant()'s unit read, extracted and matched: (expected flags, match records, seconds after reading, files)."""
    import time

    from bench.faults import plant
    from ingest import FileReader
    from kiemchung.pipeline import STAGES, run_stages
    from kiemchung.settings import Settings
    from matcher.stage import MatchRecord, MatchStage

    framework, settings = load_framework("tinh-2025"), Settings()
    expected = plant(folder, framework, 2025, every)
    files = sorted(folder.iterdir())
    with FileReader(settings) as reader:
        read = list(reader.read_paths(files))
    start = time.perf_counter()
    stages = [*STAGES, MatchStage(framework, settings.match_threshold, 2025)]
    matched = [r for r in (run_stages(record, stages) for record in read) if isinstance(r, MatchRecord)]
    return expected, matched, time.perf_counter() - start, len(files)


def _score(rows: list[tuple[str, set[str], set[str]]]) -> None:
    """One line per flag code: recall and precision of what was flagged against what was planted."""
    for code, truth, flagged in rows:
        hits = len(truth & flagged)
        recall = hits / len(truth) if truth else 1.0
        precision = hits / len(flagged) if flagged else 1.0
        print(f"  {code:<22} recall {recall:6.1%}  precision {precision:6.1%}  (planted {len(truth)})")
        for missed in sorted(truth - flagged):
            print(f"    missed: {missed}")
        for extra in sorted(flagged - truth):
            print(f"    unplanted: {extra}")


def planted_faults() -> None:
    """Recall and precision of each flag code on a generated unit whose faults are known by construction."""
    import tempfile

    from matcher.check import build_report

    framework = load_framework("tinh-2025")
    with tempfile.TemporaryDirectory(prefix="kiemchung-faults-") as tmp:
        expected, matched, elapsed, files = _generated_unit(Path(tmp), 3)
        start = time.perf_counter()
        report = build_report(matched, framework, 2025, None, Path(tmp))
        elapsed += time.perf_counter() - start
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
    print(f"generated unit with planted faults ({files} documents; check after reading {elapsed:.2f} s):")
    _score([(code, truth, found[code]) for code, truth in expected.items()])


def planted_self_assessment(everies: tuple[int, ...] = (2, 3, 4)) -> None:
    """The same kind of unit (a document for every 2nd, 3rd, 4th criterion) with its self-assessment table
    written as DOCX and read back, planted citation and claim faults counted over the three units."""
    import tempfile

    from bench.faults import CLAIM_CODES, plant_self_assessment
    from matcher.check import build_report
    from matcher.selfassess import read_claims

    framework = load_framework("tinh-2025")
    truth: dict[str, set[str]] = {code: set() for code in CLAIM_CODES}
    flagged: dict[str, set[str]] = {code: set() for code in CLAIM_CODES}
    for every in everies:
        with tempfile.TemporaryDirectory(prefix="kiemchung-claims-") as tmp:
            folder = Path(tmp) / "unit"
            folder.mkdir()
            _, matched, _, _ = _generated_unit(folder, every)
            planted = plant_self_assessment(Path(tmp) / "bang-tu-danh-gia.docx", framework, 2025, every)
            claims = read_claims(Path(tmp) / "bang-tu-danh-gia.docx")
            report = build_report(matched, framework, 2025, None, folder, claims)
        for code, criteria in planted.items():
            truth[code] |= {f"{every}:{criterion}" for criterion in criteria}
        for flag in report.flags + [f for item in report.criteria for f in item.flags]:
            if flag.code in flagged:
                flagged[flag.code].add(f"{every}:{flag.criterion}")
    print(
        f"self-assessment tables with planted faults (units with a document for every {everies} criterion):"
    )
    _score([(code, truth[code], flagged[code]) for code in CLAIM_CODES])


NAIVE_NUMBER = re.compile(r"\d+/[A-ZĐ][^\s,;.)]*")
NAIVE_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
KEY = Path(__file__).resolve().parents[1] / "tests" / "data" / "matcher" / "citation_key.json"


def _naive(line: str) -> dict[str, str | None]:
    """The baseline: the first `digits/LETTER…` token of the citation's line and the first date on it."""
    number = NAIVE_NUMBER.search(line)
    found = NAIVE_DATE.search(line)
    issued = None
    if found:
        with contextlib.suppress(ValueError):
            issued = date(int(found.group(3)), int(found.group(2)), int(found.group(1))).isoformat()
    kind = re.search(
        r"(Kế hoạch|Báo cáo|Quyết định|Thông báo|Công văn|Kết luận|Nghị quyết|Nghị định|Tờ trình)", line
    )
    issuer = re.search(r"của (.+?)(?: về |[;.]|$)", line)
    return {"number": number.group(0) if number else None, "issue_date": issued,
            "doc_type": kind.group(1) if kind else None, "issuer": issuer.group(1) if issuer else None}  # fmt: skip


def citation_accuracy() -> None:
    """Every citation of the real table against the hand-checked key: ours (matcher.citations) and the naive
    baseline, field by field (a citation ours does not find counts wrong on every field)."""
    key = json.loads(KEY.read_text(encoding="utf-8"))
    cells = {row["tt"].strip(): row["tai_lieu_kiem_chung"] for row in json.loads(TABLE.read_text())["rows"]}
    fields = ("number", "issue_date", "doc_type", "issuer")
    right = {name: dict.fromkeys(fields, 0) for name in ("ours", "base")}
    for entry in key["entries"]:
        found = {c.offset: c for c in parse_citations(cells[entry["criterion"]], home=key["home"])}
        citation = found.get(entry["offset"])
        ours: dict[str, str | None] = {}
        if citation:
            issued = citation.issue_date.isoformat() if citation.issue_date else None
            ours = {"number": citation.number, "doc_type": citation.doc_type, "issuer": citation.issuer,
                    "issue_date": issued}  # fmt: skip
        for name, values in (("ours", ours), ("base", _naive(entry["line"]))):
            for field in fields:
                right[name][field] += field in values and values[field] == entry[field]
    n = len(key["entries"])
    print(f"citation parsing on every citation of the real table, hand-checked key (n={n}):")
    for field in fields:
        print(f"  {field:<11} ours {right['ours'][field] / n:6.1%}  baseline {right['base'][field] / n:6.1%}")
    ours_extra = sum(len(parse_citations(cell)) for cell in cells.values()) - n
    print(f"  citations ours found that the key does not have: {ours_extra}")


def main() -> None:
    planted_faults()
    planted_self_assessment()
    if not TABLE.exists():
        print("../shared/data not found: nothing more to measure")
        return
    citation_accuracy()
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
