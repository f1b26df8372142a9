"""The matching classes of issue 15, each scored on its generated examples (tests/data/matcher/classes.json, made
by make_classes.py beside it, which says how) against the behaviour before and a naive baseline, in one run.

The examples are built from the rules' own intent (what DESIGN.md and the issue say should and should not be
flagged), so the rows measure that the code keeps to it across the framework's wording, and how much a naive
rule would get wrong; they are not a held-out measure of discovery.

Run through `bench/matcher.py`, or alone: `uv run python bench/matcher_classes.py`.
"""

from __future__ import annotations

import json
import re
import sys
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from extract.citations import Citation, number_key
from matcher import load_framework
from matcher.period import other_year
from matcher.phrases import lexicon
from matcher.ranking import DocumentFacts, _prepare, framework_index, rank
from matcher.selfassess import check_citation
from matcher.terms import fold
from matcher.unmatched import why_unmatched
from matcher.versions import same_document
from model.flags import make_flag
from model.records import ExtractRecord, MatchRecord, Page

DATA = Path(__file__).resolve().parents[1] / "tests" / "data" / "matcher" / "classes.json"


def _day(value: list[int] | None) -> date | None:
    return date(*value) if value else None


def _row(name: str, truth: list[bool], said: list[bool]) -> str:
    hits = sum(t and s for t, s in zip(truth, said, strict=True))
    recall = hits / max(sum(truth), 1)
    precision = hits / sum(said) if any(said) else 1.0
    return f"    {name:<34} recall {recall:6.1%}  precision {precision:6.1%}"


def other_year_row(data: dict) -> None:
    cases, year = data["other_year"], data["year"]
    truth = [case["flagged"] for case in cases]
    ours = [other_year(case["subject"], _day(case["issued"]), year) is not None for case in cases]
    naive = [any(int(y) != year for y in re.findall(r"(?:19|20)\d\d", case["subject"])) for case in cases]
    print(f"  document.other_year (n={len(cases)}, {sum(truth)} about another year):")
    print(_row("ours", truth, ours))
    print(_row("naive: any other year in subject", truth, naive))
    print(_row("before (never flagged)", truth, [False] * len(cases)))


def _cuts_a_word(phrase: str, subject: str) -> bool:
    """The phrase starts or ends inside a word of the word list, where the subject writes it."""
    known = lexicon()
    syllables = fold(subject).split()
    words = fold(phrase).split()
    for at in range(len(syllables) - len(words) + 1):
        if syllables[at : at + len(words)] != words:
            continue
        before = tuple(syllables[max(at - 2, 0) : at + 1])
        after = tuple(syllables[at + len(words) - 1 : at + len(words) + 1])
        return any(before[i:] in known for i in range(len(before) - 1)) or after in known
    return False


def reasons_row(data: dict) -> None:
    framework = load_framework("tinh-2025")
    index = framework_index(framework)
    cut_new = cut_old = quoted_new = quoted_old = 0
    claims = {"ours": 0, "before": 0}
    non_reports = 0
    for case in data["reasons"]:
        facts = DocumentFacts(case["doc_type"], case["subject"], None, date(data["year"], 6, 1))
        ranked = rank(facts, framework, data["year"], 0.6)
        subject = _prepare(facts, index)
        assert subject is not None
        for match in ranked[:3]:
            tail = match.reason.split("%)")[-1]
            for phrase in re.findall(r"“([^”]*)”", tail):
                quoted_new += 1
                cut_new += _cuts_a_word(phrase, f"{case['doc_type']} {case['subject']}")
            for phrase in index.criteria.similarity(subject.words, match.code)[1]:
                quoted_old += 1
                cut_old += _cuts_a_word(phrase, f"{case['doc_type']} {case['subject']}")
        if case["doc_type"] != "Báo cáo":
            non_reports += 1
            claims["ours"] += any("báo cáo theo kỳ" in m.reason for m in ranked)
            deadlines = [
                m for m in ranked if (c := framework.find(m.code)) and c.evidence and c.evidence.deadlines
            ]
            claims["before"] += bool(deadlines) and bool(re.search(r"năm \d{4}|quý", case["subject"]))
    print(f"  reasons (n={len(data['reasons'])} subjects, top 3 criteria each):")
    print(f"    quoted phrases cutting a word      ours {cut_new}/{quoted_new}  before (syllable pairs) "
          f"{cut_old}/{quoted_old}")  # fmt: skip
    print(f"    non-reports called periodic reports ours {claims['ours']}/{non_reports}  before (no type check) "
          f"{claims['before']}/{non_reports}")  # fmt: skip


def unmatched_row(data: dict) -> None:
    cases = data["unmatched"]
    found = []
    for case in cases:
        record = ExtractRecord(file="x.pdf", pages=[], issuer=case["issuer"], number=case["number"],
                               subject=case["subject"], doc_type="Công văn")  # fmt: skip
        found.append(why_unmatched(record, data["home"]))
    right = sum(why.kind == case["kind"] for why, case in zip(found, cases, strict=True))
    truth = [case["kind"] in ("unit", "no_subject") for case in cases]
    print(
        f"  document.unmatched reasons (n={len(cases)}): reason right {right / len(cases):.1%}; needs a human:"
    )
    print(_row("ours", truth, [why.needs_human for why in found]))
    print(_row("before (every one a warning)", truth, [True] * len(cases)))


def _version(side: dict, texts: list[str], name: str) -> MatchRecord:
    page = Page(number=1, text=texts[side["text"]], source="text")
    record = MatchRecord(file=name, sha256=name, number=side["number"], doc_type="Kế hoạch",
                         issuer="Ủy ban nhân dân tỉnh Lâm Đồng", issue_date=_day(side["issued"]),
                         subject=side["subject"], pages=[page])  # fmt: skip
    if side["draft"]:
        record.flags.append(make_flag("number.blank"))
    return record


def versions_row(data: dict) -> None:
    pairs, texts = data["versions"], data["texts"]
    truth = [pair["same"] for pair in pairs]
    built = [(_version(p["a"], texts, "a"), _version(p["b"], texts, "b")) for p in pairs]
    ours = [same_document(a, b) for a, b in built]
    naive = [fuzz.token_sort_ratio(a.subject or "", b.subject or "") >= 90 for a, b in built]
    before = [bool(a.number and a.number == b.number) for a, b in built]
    print(f"  document.version (n={len(pairs)} pairs, {sum(truth)} versions):")
    print(_row("ours", truth, ours))
    print(_row("naive: subjects alike (>= 90)", truth, naive))
    print(_row("before (duplicate: same number)", truth, before))


def slips_row(data: dict) -> None:
    cases = data["slips"]
    truth = [case["mismatch"] for case in cases]
    ours, naive = [], []
    for case in cases:
        record = MatchRecord(file="kh.pdf", number=case["record"]["number"], doc_type="Kế hoạch",
                             issuer="Ủy ban nhân dân tỉnh Lâm Đồng", subject=case["record"]["subject"])  # fmt: skip
        citation = Citation(case["cited"], case["doc_type"], None, "Ủy ban nhân dân tỉnh Lâm Đồng", case["subject"],
                            case["cited"])  # fmt: skip
        flag = check_citation("1.1", citation, [record]).flag
        ours.append(flag is not None and flag.code == "citation.mismatch")
        naive.append(Levenshtein.distance(number_key(case["cited"]), number_key(record.number or "")) <= 2)
    print(f"  citation.mismatch on number slips (n={len(cases)}, {sum(truth)} slips):")
    print(_row("ours", truth, ours))
    print(_row("naive: number within 2 edits", truth, naive))
    print(_row("before (citation.not_found)", truth, [False] * len(cases)))


def class_rows() -> None:
    data = json.loads(DATA.read_text(encoding="utf-8"))
    print("issue 15 classes on generated examples (tests/data/matcher/classes.json):")
    for row in (other_year_row, reasons_row, unmatched_row, versions_row, slips_row):
        row(data)


if __name__ == "__main__":
    class_rows()
