"""Matcher benchmark: recall@1 and @3 of the real table's cited documents to the criterion that cited them,
from the citation text alone, per citation and per document (bench/matcher_recall.py), against plain fuzzy
similarity of the citation to criterion titles; citation
parsing accuracy on every citation of the real table against the hand-checked key, against a naive baseline;
recall and precision of each flag code on a generated unit with planted faults (self-assessment included);
the classes of issue 15 (other year, reasons, unmatched reasons, versions, number slips) on generated examples
against the behaviour before and a naive baseline (bench/matcher_classes.py); on the real lamdong dossiers, the
share of documents a person would place that end document.unmatched, against a hand-made key
(bench/matcher_lamdong.py).

Run: `uv run python bench/matcher.py`. Needs ../shared/data (the real provincial table)."""

from __future__ import annotations

import contextlib
import json
import re
import sys
import time
from collections import Counter
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.matcher_classes import class_rows
from bench.matcher_lamdong import lamdong_rows
from bench.matcher_recall import HOME, TABLE, cases, matching_recall, rederived, table_rows
from extract.citations import parse_citations
from matcher import load_framework
from matcher.ranking import DocumentFacts, rank

YEAR = 2025


def _generated_unit(
    folder: Path, every: int, start: int = 0, medium: str = "docx"
) -> tuple[dict[str, set[str]], list, float, int]:
    """plant()'s unit read, extracted and matched: (expected flags, match records, seconds after reading, files)."""
    from bench.faults import plant
    from ingest import FileReader
    from matcher.stage import MatchStage
    from model.records import MatchRecord
    from model.settings import Settings
    from service.pipeline import STAGES, run_stages

    framework, settings = load_framework("tinh-2025"), Settings()
    expected = plant(folder, framework, 2025, every, start, medium)
    files = sorted(folder.iterdir())
    with FileReader(settings) as reader:
        read = list(reader.read_paths(files))
    began = time.perf_counter()
    stages = [*STAGES, MatchStage(framework, settings.match_threshold, 2025)]
    matched = [r for r in (run_stages(record, stages) for record in read) if isinstance(r, MatchRecord)]
    return expected, matched, time.perf_counter() - began, len(files)


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


UNITS = ((3, 0), (3, 1), (3, 2), (2, 0), (2, 1))  # (every, start): each leaf is covered in some units
SCANNED_UNITS, PHOTO_UNITS = (
    ((3, 0), (3, 1)),
    ((3, 2),),
)  # OCR on every page: fewer units, every leaf still covered


def planted_faults(units: tuple[tuple[int, int], ...] = UNITS, medium: str = "docx") -> None:
    """Recall and precision of each flag code on generated units whose faults are known by construction: a
    document for every 2nd or 3rd criterion from several starts, so every criterion is a gap in some units and
    covered in others. `medium`: the documents filed as DOCX, scans or phone photos (read by OCR)."""
    import tempfile

    from matcher.matrix import build_report

    framework = load_framework("tinh-2025")
    truth: dict[str, set[str]] = {}
    found: dict[str, set[str]] = {}
    files = 0
    for every, start in units:
        unit = f"{every}/{start}:"
        with tempfile.TemporaryDirectory(prefix="kiemchung-faults-") as tmp:
            expected, matched, _, count = _generated_unit(Path(tmp), every, start, medium)
            report = build_report(matched, framework, 2025, None)
        files += count
        for code, items in expected.items():
            truth.setdefault(code, set()).update(unit + item for item in items)
            found.setdefault(code, set())
        for flag in report.flags + [f for item in report.criteria for f in item.flags]:
            if flag.code in found:
                item = flag.criterion if flag.code == "evidence.gap" else Path(flag.file or "").name
                found[flag.code].add(f"{unit}{item}")
        for document in report.documents:
            for document_flag in document.flags:
                if document_flag.code in found:
                    found[document_flag.code].add(unit + Path(document.file).name)
    print(f"generated units with planted faults, filed as {medium} ({len(units)} units, {files} documents):")
    _score([(code, truth[code], found[code]) for code in truth])


SPEED_GOAL = 10.0


def check_speed(count: int = 100) -> None:
    """A `count`-document unit once its text is read: matching plus the evidence matrix (the goal: under
    SPEED_GOAL seconds), and with extraction too, for scale."""
    import tempfile

    from bench.faults import write_unit
    from extract import ExtractStage
    from ingest import FileReader
    from matcher.matrix import build_report
    from matcher.stage import MatchStage
    from model.settings import Settings

    framework, settings = load_framework("tinh-2025"), Settings()
    with tempfile.TemporaryDirectory(prefix="kiemchung-speed-") as tmp:
        write_unit(Path(tmp), framework, YEAR, count)
        with FileReader(settings) as reader:
            read = list(reader.read_paths(sorted(Path(tmp).iterdir())))
        start = time.perf_counter()
        extracted = [ExtractStage().run(record) for record in read]
        extracting = time.perf_counter() - start
        start = time.perf_counter()
        stage = MatchStage(framework, settings.match_threshold, YEAR)
        matched = [stage.run(record) for record in extracted]
        build_report(matched, framework, YEAR, None)
        checking = time.perf_counter() - start
    verdict = "under" if checking < SPEED_GOAL else "OVER"
    print(f"a {count}-document unit after its text is read: matching and the evidence matrix {checking:.2f} s "
          f"({verdict} the {SPEED_GOAL:g} s goal); extraction before it {extracting:.2f} s")  # fmt: skip


def planted_self_assessment(everies: tuple[int, ...] = (2, 3, 4)) -> None:
    """The same kind of unit (a document for every 2nd, 3rd, 4th criterion) with its self-assessment table
    written as DOCX and read back, planted citation and claim faults counted over the three units."""
    import tempfile

    from bench.faults import CLAIM_CODES, plant_self_assessment
    from matcher.matrix import build_report
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
            report = build_report(matched, framework, 2025, None, claims)
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
    """Every citation of the real table against the hand-checked key: ours (extract.citations) and the naive
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


def decisions_kfold(folds: int = 5) -> None:
    """k-fold over the cited documents: rules derived from the other folds only, ranked with the hand-set
    weights, then with weights fitted (matcher/feedback.py) from the other folds' documents placed where the
    table cites them, as a reviewer would have accepted or moved them."""
    from matcher.feedback import Decision, LearnedScorer, ReviewAction, apply_phrases, fit_weights

    framework = load_framework("tinh-2025")
    citations = {code: parse_citations(cell, home=HOME) for code, _, cell in table_rows()}
    all_cases = cases()
    hits: Counter[str] = Counter()
    for fold in range(folds):
        test = [case for i, case in enumerate(all_cases) if i % folds == fold]
        train = [case for i, case in enumerate(all_cases) if i % folds != fold]
        rules = rederived(framework, {(c.code, c.key) for c in test}, citations)
        decisions = []
        for case in train:
            top = rank(case.facts, rules, YEAR, 0.0)[:1]
            proposed = top[0].code if top else None
            action = ReviewAction.accept if proposed == case.code else ReviewAction.move
            decisions.append(Decision(case.facts, YEAR, proposed, action, case.code))
        fitted = fit_weights(decisions, rules)
        assert fitted is not None
        learned, scorer = apply_phrases(rules, fitted), LearnedScorer(fitted)
        for case in test:
            for name, codes in (("hand-set", [m.code for m in rank(case.facts, rules, YEAR, 0.0)]),
                                ("fitted", [m.code for m in rank(case.facts, learned, YEAR, 0.0, scorer)])):  # fmt: skip
                hits[f"{name}@1"] += case.code in codes[:1]
                hits[f"{name}@3"] += case.code in codes[:3]
    n = len(all_cases)
    print(f"  {folds}-fold over cited documents (rules from the other folds):")
    for name in ("hand-set", "fitted"):
        label = (
            "hand-set weights" if name == "hand-set" else "weights fitted from the other folds' placements"
        )
        print(f"    {label:<48} recall@1 {hits[name + '@1'] / n:6.1%}  recall@3 {hits[name + '@3'] / n:6.1%}")


def evidence_assignment() -> None:
    """Where check counts each cited document as evidence (matcher.matrix.evidence_criteria) against the
    criteria the table cites it for: precision and recall over (document, criterion) pairs, in-sample."""
    from matcher.matrix import evidence_criteria

    framework = load_framework("tinh-2025")
    cited: dict[str, set[str]] = {}
    facts: dict[str, DocumentFacts] = {}
    for case in cases():
        cited.setdefault(case.key, set()).add(case.code)
        facts[case.key] = case.facts
    right = placed = 0
    for key, codes in cited.items():
        found = {match.code for match in evidence_criteria(rank(facts[key], framework, YEAR, 0.6))}
        right, placed = right + len(found & codes), placed + len(found)
    total = sum(len(codes) for codes in cited.values())
    print(f"  evidence placed by check (in-sample): precision {right / max(placed, 1):.1%}, "
          f"recall {right / total:.1%} of the {total} (document, criterion) pairs the table cites")  # fmt: skip


def main() -> None:
    class_rows()
    check_speed()
    planted_faults()
    planted_faults(SCANNED_UNITS, "scan")
    planted_faults(PHOTO_UNITS, "photo")
    planted_self_assessment()
    if not TABLE.exists():
        print("../shared/data not found: nothing more to measure")
        return
    citation_accuracy()
    matching_recall()
    lamdong_rows()
    decisions_kfold()
    evidence_assignment()


if __name__ == "__main__":
    main()
