"""The evidence matrix of one unit for one year: per criterion its status, evidence and flags, and a summary.

Status order (DESIGN.md): `gap` (no valid evidence) before `flagged` (evidence carrying error flags) before
`covered`; `survey` and `not_applicable` come from the framework data.
"""

from __future__ import annotations

import math
from collections import Counter

from extract.citations import number_key
from matcher.deadlines import due_date
from matcher.framework import Assessment, Criterion, Framework
from matcher.selfassess import CitationCheck, Claim, check_citations, claim_flags
from matcher.versions import find_versions
from model.flags import Flag, Severity, make_flag
from model.records import CriterionMatch, MatchRecord
from model.report import CheckReport, CriterionStatus, EvidenceItem, Summary

EVIDENCE_TOP = 3
EVIDENCE_MARGIN = 0.12  # in -ln(1 - score): 0.05 of the weighted sum where scores bend, ~0.03 below 0.6
EVIDENCE_TIE = 0.01
# a document's own warnings that go with it wherever it is placed as evidence: a reviewer must see them on the
# criterion, or the criterion looks covered by a document that may not count for the year
CARRIED_WARNINGS = frozenset({"document.other_year"})


def _document_flags(records: list[MatchRecord]) -> list[Flag]:
    """Findings about the submission as a whole: duplicates and files that could not be read."""
    flags = []
    by_hash: dict[str, str] = {}
    by_number: dict[tuple[str, str], str] = {}
    for record in records:
        name = record.file
        if record.status == "failed":
            flag = make_flag("evidence.unreadable", ", ".join(e.code for e in record.errors))
            flags.append(flag.model_copy(update={"file": name}))
            continue
        earlier = by_hash.get(record.sha256 or "") or (
            by_number.get((record.number, record.issuer or "")) if record.number else None
        )
        if earlier:
            flags.append(make_flag("document.duplicate", earlier).model_copy(update={"file": name}))
        by_hash.setdefault(record.sha256 or name, name)
        if record.number:
            by_number.setdefault((record.number, record.issuer or ""), name)
    return flags


def _version_flags(records: list[MatchRecord], versions: dict[int, int]) -> list[Flag]:
    """`document.version` on every version but the kept one, naming the kept file."""
    flags = []
    for index, kept in sorted(versions.items()):
        flag = make_flag("document.version", records[kept].file)
        flags.append(flag.model_copy(update={"file": records[index].file}))
    return flags


def _criterion_status(
    criterion: Criterion, evidence: list[tuple[MatchRecord, EvidenceItem]], year: int
) -> CriterionStatus:
    status = CriterionStatus(
        code=criterion.code, title=criterion.title, max_points=criterion.max_points, status="gap"
    )
    if criterion.assessment in (Assessment.survey, Assessment.not_applicable):
        status.status = criterion.assessment.value
        return status
    for record, item in evidence:
        status.evidence.append(item)
        for flag in record.flags:
            if flag.severity == Severity.error or flag.code in CARRIED_WARNINGS:
                status.flags.append(flag.model_copy(update={"file": item.file, "criterion": criterion.code}))
        window = criterion.evidence.window if criterion.evidence else None
        if window and record.issue_date and not window.admits(record.issue_date, year, record.doc_type):
            start, end = window.bounds(year, record.doc_type)
            detail = f"{record.issue_date:%d/%m/%Y} ngoài {start:%d/%m/%Y}–{end:%d/%m/%Y}"
            source = record.evidence.get("issue_date")
            flag = make_flag("date.outside_period", detail, text=source.text if source else None)
            status.flags.append(flag.model_copy(update={"file": item.file, "criterion": criterion.code}))
        deadlines = criterion.evidence.deadlines if criterion.evidence else []
        due = due_date(record.subject or "", year, deadlines) if deadlines and record.issue_date else None
        if due and record.issue_date and record.issue_date > due:
            detail = f"{record.issue_date:%d/%m/%Y}, hạn {due:%d/%m/%Y}"
            flag = make_flag("date.after_deadline", detail, text=record.subject)
            status.flags.append(flag.model_copy(update={"file": item.file, "criterion": criterion.code}))
    if not status.evidence:
        gap = make_flag("evidence.gap", criterion.code)
        status.flags.append(gap.model_copy(update={"criterion": criterion.code}))
        return status
    status.status = "flagged" if any(f.severity == Severity.error for f in status.flags) else "covered"
    return status


def _place_cited(
    by_code: dict[str, list[tuple[MatchRecord, EvidenceItem]]], checks: list[CitationCheck]
) -> None:
    """With a self-assessment, a file the table cites is evidence where the table cites it (whatever the
    ranking thought), and only there: the unit has said what it is for (copies of the file included)."""
    cited: dict[str, set[str]] = {}
    for check in checks:
        if check.record is not None and check.record.number:
            cited.setdefault(number_key(check.record.number), set()).add(check.code)
    for code, placed in by_code.items():
        placed[:] = [
            (record, item)
            for record, item in placed
            if not record.number or code in cited.get(number_key(record.number), {code})
        ]
    for check in checks:
        if check.record is None or any(r is check.record for r, _ in by_code.get(check.code, [])):
            continue
        item = EvidenceItem(file=check.record.file, number=check.record.number, score=1.0,
                            reason=f"trích dẫn trong bảng tự đánh giá: {check.citation.text}")  # fmt: skip
        by_code.setdefault(check.code, []).append((check.record, item))


def _apply_claims(
    statuses: list[CriterionStatus],
    claims: list[Claim],
    checks: list[CitationCheck],
    framework: Framework,
) -> list[Flag]:
    """Claimed points onto the criteria, and the cross-check's flags onto the criterion they concern (a row
    the framework has no leaf for keeps its flags at report level, which is what this returns)."""
    by_code = {status.code: status for status in statuses}
    for claim in claims:
        if claim.code in by_code:
            by_code[claim.code].claimed_points = claim.claimed
    has_evidence = {status.code: bool(status.evidence) for status in statuses}
    max_points = {criterion.code: criterion.max_points for criterion in framework.walk()}
    flags = [check.flag for check in checks if check.flag] + claim_flags(claims, has_evidence, max_points)
    top = []
    for flag in flags:
        target = by_code.get(flag.criterion or "")
        if target is None:
            top.append(flag)
            continue
        target.flags.append(flag)
        if target.status == "covered" and flag.severity == Severity.error:
            target.status = "flagged"
    return top


def _stretch(score: float) -> float:
    """Scores bend towards 1 (ranking.saturate, or a fitted scorer's sigmoid), so 0.93 against 0.95 can be a
    real difference: compared as -ln(1 - score), which undoes that bend (linear in the weighted sum there)."""
    return -math.log(max(1.0 - score, 0.0005))


def evidence_criteria(ranked: list[CriterionMatch]) -> list[CriterionMatch]:
    """Where a document counts as evidence: where it fits best. A report may back several criteria, but not
    every one it resembles: a document about the communes' processing times (3.4.2) scores high on the
    provincial departments' twin criterion (3.4.1) too, yet is no evidence of it. So its top criteria within
    EVIDENCE_MARGIN of its best score (stretched, at most EVIDENCE_TOP), and every criterion tied with the best
    (the year's PAR report, cited alike for many)."""
    if not ranked:
        return []
    best = _stretch(ranked[0].score)
    near = [match for match in ranked if best - _stretch(match.score) <= EVIDENCE_MARGIN][:EVIDENCE_TOP]
    tied = [match for match in ranked[len(near) :] if best - _stretch(match.score) <= EVIDENCE_TIE]
    return near + tied


def build_report(
    records: list[MatchRecord],
    framework: Framework,
    year: int,
    unit: str | None,
    claims: list[Claim] | None = None,
) -> CheckReport:
    by_code: dict[str, list[tuple[MatchRecord, EvidenceItem]]] = {}
    versions = find_versions(records)
    for index, record in enumerate(records):
        if index in versions:
            continue  # another version of a document: the issued one is the evidence
        for found in evidence_criteria(record.criteria):
            item = EvidenceItem(
                file=record.file,
                number=record.number,
                score=found.score,
                reason=found.reason,
            )
            by_code.setdefault(found.code, []).append((record, item))
    checks = check_citations(claims, records, year) if claims else []
    _place_cited(by_code, checks)
    leaves = [criterion for criterion in framework.walk() if not criterion.children]
    statuses = [_criterion_status(leaf, by_code.get(leaf.code, []), year) for leaf in leaves]
    flags = _document_flags(records) + _version_flags(records, versions)
    if claims:
        flags += _apply_claims(statuses, claims, checks, framework)
    for record in records:
        for flag in record.flags:
            if flag.code == "document.unmatched":  # with its reason and severity (matcher.unmatched)
                flags.append(flag.model_copy(update={"file": record.file}))
    all_flags = flags + [flag for status in statuses for flag in status.flags]
    counts = Counter(status.status for status in statuses)
    at_risk = sum(status.max_points for status in statuses if status.status in ("gap", "flagged"))
    points = [status.claimed_points for status in statuses if status.claimed_points is not None]
    claimed = round(sum(points), 3) if claims else None
    summary = Summary(
        criteria_total=len(statuses), covered=counts["covered"], gaps=counts["gap"], flagged=counts["flagged"],
        survey=counts["survey"], not_applicable=counts["not_applicable"],
        points_max=round(sum(status.max_points for status in statuses), 3), points_claimed=claimed,
        points_at_risk=round(at_risk, 3), flags_by_code=dict(Counter(flag.code for flag in all_flags)),
    )  # fmt: skip
    documents = []
    for record in records:
        document = record.model_dump(mode="json", exclude={"pages"})
        documents.append(document)
    return CheckReport(framework=framework.id, year=year, unit=unit, documents=documents, criteria=statuses,
                       flags=flags, summary=summary)  # fmt: skip
