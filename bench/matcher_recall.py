"""Recall of the real table's cited documents to the criteria that cite them, from the citation text alone.

Two views. Per citation (the issue's wording): each (document, criterion) pair counts once, so a document
cited by 14 rows can be in at most 3 of their top 3 and the ceiling is below 100%. Per document: each of the
104 cited documents counts once, found when any criterion citing it is in its top k (ceiling 100%), and
R-recall, the share of its n citing criteria in its top max(3, n), says how well the whole set is found.

Run through `bench/matcher.py`, or alone: `uv run python bench/matcher_recall.py`.
"""

from __future__ import annotations

import json
import os
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

from rapidfuzz import fuzz

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from extract.citations import Citation, number_key, parse_citations
from matcher import Framework, load_framework
from matcher.derive import derive_rule
from matcher.framework import Criterion, EvidenceRule
from matcher.legal_basis import is_evidence
from matcher.ranking import DocumentFacts, FrameworkIndex, framework_index, nearest, placed, rank, score_all
from matcher.stage import SUGGESTION_FLOOR

SHARED = Path(
    os.environ.get("KIEMCHUNG_SHARED_DATA") or Path(__file__).resolve().parents[2] / "shared" / "data"
)
TABLE = SHARED / "framework" / "lamdong_2025_PAR_selfassessment_table.json"
YEAR = 2025
HOME = "Lâm Đồng"


@dataclass(frozen=True)
class Case:
    """A document the real table cites as evidence for a criterion, as the citation describes it."""

    code: str
    line: str  # the cell line it stands on (what the fuzzy-title baseline reads)
    key: str  # its number, compared as numbers are
    facts: DocumentFacts
    own_subject: bool  # the citation says `về …`; else the subject is the cell line


def table_rows() -> list[tuple[str, str, str]]:
    """(code, title, evidence cell) of every leaf row of the real table."""
    rows = json.loads(TABLE.read_text(encoding="utf-8"))["rows"]
    codes = [row["tt"].strip().rstrip(".") for row in rows]
    leaves = [code for code in codes if not any(other.startswith(code + ".") for other in codes)]
    return [(code, " ".join(row["linh_vuc_tieu_chi"].split()), row["tai_lieu_kiem_chung"])
            for code, row in zip(codes, rows, strict=True) if code in leaves and "." in code]  # fmt: skip


def cases() -> list[Case]:
    """Every document a leaf row cites as its evidence (extract.citations, hand-checked at 100% number and date;
    legal bases and old documents left out, as the self-assessment check leaves them out), once per row. The
    subject is the citation's `về …`, or, when it has none, the cell line it stands on."""
    found = []
    for code, _, cell in table_rows():
        seen = set()
        for citation in parse_citations(cell, home=HOME):
            key = number_key(citation.number)
            if key in seen or not is_evidence(citation, YEAR):
                continue
            seen.add(key)
            start = cell.rfind("\n", 0, citation.offset) + 1
            end = cell.find("\n", citation.offset)
            line = cell[start : end if end >= 0 else len(cell)].strip()
            facts = DocumentFacts(
                citation.doc_type, citation.subject or line, citation.issuer, citation.issue_date
            )
            found.append(Case(code, line, key, facts, bool(citation.subject)))
    return found


def rederived(
    framework: Framework, left_out: set[tuple[str, str]], citations: dict[str, list[Citation]]
) -> Framework:
    """The framework with the rule of every criterion named in `left_out` (criterion, document key; key `*` for
    the whole row) derived again without those documents: what the rules would be had the table not cited them."""
    copy = framework.model_copy(deep=True)
    for code in {code for code, _ in left_out}:
        criterion = copy.find(code)
        assert criterion is not None
        kept = [c for c in citations[code] if not {(code, "*"), (code, number_key(c.number))} & left_out]
        criterion.evidence = EvidenceRule.model_validate(derive_rule(criterion.title, kept, YEAR))
    return copy


def baseline(line: str, leaves: list[Criterion]) -> list[str]:
    """Plain fuzzy similarity of the citation's line to the criterion titles."""
    scored = sorted(leaves, key=lambda c: -fuzz.token_set_ratio(line.lower(), c.title.lower()))
    return [c.code for c in scored]


def codes(
    facts: DocumentFacts, framework: Framework, thesaurus: bool = True, shared: bool = True
) -> list[str]:
    """The criteria ranked for the facts, best first; without the domain thesaurus (matcher/thesaurus.yaml)
    when `thesaurus` is False, and with every rule phrase counting fully however many criteria share it
    (ranking.SHARED_SPREAD) when `shared` is False, to show what each adds in the same run."""
    if thesaurus and shared:
        index = framework_index(framework)
    else:
        index = FrameworkIndex(framework, thesaurus=None if thesaurus else (), shared=shared)
    return [match.code for match in rank(facts, framework, YEAR, threshold=0.0, index=index)]


def _per_citation(
    framework: Framework, citations: dict[str, list[Citation]], all_cases: list[Case]
) -> Counter[str]:
    """Hits at 1 and 3 of each case's own criterion: in-sample, its citation left out of its criterion's rule,
    its whole row left out, and the baseline; and how many fall below the match threshold in-sample."""
    leaves = [c for c in framework.walk() if not c.children]
    hits: Counter[str] = Counter()
    cited = Counter(case.key for case in all_cases)
    for case in all_cases:
        held = rederived(framework, {(case.code, case.key)}, citations)
        row = rederived(framework, {(case.code, "*")}, citations)
        ranked = {
            "in-sample": codes(case.facts, framework),
            "… shared fully": codes(case.facts, framework, shared=False),
            "held-out document": codes(case.facts, held),
            "… shared counted fully": codes(case.facts, held, shared=False),
            "… and no thesaurus": codes(case.facts, held, thesaurus=False, shared=False),
            "held-out row": codes(case.facts, row),
            "… row, shared fully": codes(case.facts, row, shared=False),
            "… row, and no thesaurus": codes(case.facts, row, thesaurus=False, shared=False),
            "baseline": baseline(case.line, leaves),
        }
        for name, found in ranked.items():
            hits[f"{name}@1"] += case.code in found[:1]
            hits[f"{name}@3"] += case.code in found[:3]
        hits["unmatched"] += not rank(case.facts, framework, YEAR, threshold=0.6)
        scored = score_all(case.facts, held, YEAR)
        if not placed(scored, 0.6):  # held out, it would end document.unmatched
            near = [match.code for match in nearest(scored, SUGGESTION_FLOOR)]
            hits["held unmatched"] += 1
            hits["held suggested"] += bool(near)
            hits["held suggested right"] += case.code in near
        group = _how_often(cited[case.key])
        hits[f"group {group}"] += 1
        hits[f"group {group} held@3"] += case.code in ranked["held-out document"][:3]
    return hits


GROUPS = ("once", "2–3 times", "4 times or more")


def _how_often(count: int) -> str:
    """The group of a document by how many rows cite it (GROUPS)."""
    return GROUPS[0] if count == 1 else GROUPS[1] if count <= 3 else GROUPS[2]


def _representative(group: list[Case]) -> Case:
    """The citation that stands for a document cited several times: the first with its own `về …` subject
    (closest to the document's trích yếu), else the first."""
    return next((case for case in group if case.own_subject), group[0])


def _per_document(
    framework: Framework, citations: dict[str, list[Citation]], all_cases: list[Case]
) -> dict[str, float]:
    """Per document: found at 1 and 3 (any criterion citing it), and the R-recall sum (share of its n citing
    criteria in its top max(3, n)); held out, the document is left out of every rule that cites it."""
    leaves = [c for c in framework.walk() if not c.children]
    groups: dict[str, list[Case]] = {}
    for case in all_cases:
        groups.setdefault(case.key, []).append(case)
    hits: dict[str, float] = defaultdict(float)
    for key, group in groups.items():
        cited, case = {c.code for c in group}, _representative(group)
        held = rederived(framework, {(c, key) for c in cited}, citations)
        ranked = {
            "in-sample": codes(case.facts, framework),
            "held-out document": codes(case.facts, held),
            "… shared counted fully": codes(case.facts, held, shared=False),
            "… and no thesaurus": codes(case.facts, held, thesaurus=False, shared=False),
            "baseline": baseline(case.line, leaves),
        }
        for name, found in ranked.items():
            hits[f"{name}@1"] += bool(cited & set(found[:1]))
            hits[f"{name}@3"] += bool(cited & set(found[:3]))
            hits[f"{name}@R"] += len(cited & set(found[: max(3, len(cited))])) / len(cited)
    return hits


def matching_recall() -> None:
    """Per citation: recall@1 and @3 in-sample (the bundled rules, derived from these very citations), held out
    (each document's own citation removed from its criterion's rule; its whole row removed), against fuzzy title
    similarity, with the ceiling: a document cited for n criteria can be in at most min(k, n) of their top k.
    Per document: the same, each document once (see the module's docstring)."""
    framework = load_framework("tinh-2025")
    citations = {code: parse_citations(cell, home=HOME) for code, _, cell in table_rows()}
    all_cases = cases()
    hits = _per_citation(framework, citations, all_cases)
    cited = Counter(case.key for case in all_cases)
    n, documents = len(all_cases), len(cited)
    ceiling = {k: sum(min(k, count) for count in cited.values()) / n for k in (1, 3)}
    print(f"cited documents of the real table matched back to their criterion from the citation alone (n={n}, "
          f"{documents} documents):")  # fmt: skip
    for name in ("in-sample", "… shared fully", "held-out document", "… shared counted fully",
                 "… and no thesaurus", "held-out row", "… row, shared fully", "… row, and no thesaurus",
                 "baseline"):  # fmt: skip
        print(f"  {name:<24} recall@1 {hits[name + '@1'] / n:6.1%}  recall@3 {hits[name + '@3'] / n:6.1%}")
    print(
        f"  ceiling (same document, several criteria) recall@1 {ceiling[1]:6.1%}  recall@3 {ceiling[3]:6.1%}"
    )
    print(f"  below the match threshold in-sample (would be document.unmatched): {hits['unmatched'] / n:.1%}")
    print(f"  held out, below the threshold: {hits['held unmatched']}; the flag's nearest criteria (matcher.stage"
          f".SUGGESTION_FLOOR) given for {hits['held suggested']}, holding the citing one for "
          f"{hits['held suggested right']}")  # fmt: skip
    print("  held-out document recall@3 by how many rows cite the document (a report cited for 14 rows, its citation "
          "taken from one, loses that row to the 13 still holding its subject):")  # fmt: skip
    for group in GROUPS:
        count, found = hits[f"group {group}"], hits[f"group {group} held@3"]
        top = sum(min(3, times) for times in cited.values() if _how_often(times) == group)
        share, most = found / max(count, 1), top / max(count, 1)
        print(f"    cited {group:<16} {found}/{count} = {share:6.1%}  (ceiling {most:6.1%})")
    per = _per_document(framework, citations, all_cases)
    print(f"  per document (n={documents}, each once; found@k: a citing criterion in its top k; R-recall: "
          "its n criteria in its top max(3, n)):")  # fmt: skip
    for name in (
        "in-sample",
        "held-out document",
        "… shared counted fully",
        "… and no thesaurus",
        "baseline",
    ):
        label = "held-out (all n)" if name.startswith("held") else name
        print(f"    {label:<22} found@1 {per[name + '@1'] / documents:6.1%}  found@3 "
              f"{per[name + '@3'] / documents:6.1%}  R-recall {per[name + '@R'] / documents:6.1%}")  # fmt: skip


if __name__ == "__main__":
    matching_recall()
