"""The unit's self-assessment table (TT | criterion | maximum | self-assessed points | evidence cited), read and
compared with the files the unit submitted: cited documents that are not there or differ from the file with
that number, points claimed without any evidence, and points above the maximum.

The council scores the table, not the folder: a citation that names a document the folder lacks, or names it
with another date, is what makes them send a dossier back. Checking it before submission is the point.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from rapidfuzz import fuzz

from extract.citations import Citation, number_key, parse_citations
from extract.issuer import gazetteer
from extract.issuer_text import issuers_agree
from matcher.importer import read_table
from matcher.legal_basis import is_evidence
from matcher.numbers import number_difference
from matcher.versions import same_periods
from model.flags import Flag, make_flag
from model.records import MatchRecord

SAME_SUBJECT = 85  # rapidfuzz token_set_ratio above which two subjects name the same document
TYPE_ALIASES = {"Văn bản": "Công văn"}


@dataclass
class Claim:
    """One row of the table, with the citations read from its evidence cell."""

    code: str
    title: str
    max_points: float
    claimed: float | None
    evidence: str
    citations: list[Citation] = field(default_factory=list)
    leaf: bool = True


@dataclass(frozen=True)
class CitationCheck:
    """What the folder holds for one citation: the file it names (if any) and the flag it earns (if any)."""

    code: str
    citation: Citation
    record: MatchRecord | None
    flag: Flag | None


def home_province(texts: list[str], unit: str | None = None) -> str | None:
    """The province a table means by a bare `UBND tỉnh`: the one the unit's name gives, else the province the
    table names most often."""
    provinces = gazetteer()["provinces_2025"] + gazetteer()["provinces_before_2025"]
    pattern = re.compile(
        r"tỉnh\s+(" + "|".join(sorted(map(re.escape, provinces), key=len, reverse=True)) + ")"
    )
    if unit:
        found = pattern.search(unicodedata.normalize("NFC", unit))
        if found:
            return found.group(1)
    counts = Counter(
        m.group(1) for text in texts for m in pattern.finditer(unicodedata.normalize("NFC", text))
    )
    return counts.most_common(1)[0][0] if counts else None


def read_claims(path: Path, unit: str | None = None) -> list[Claim]:
    """The table of a DOCX (largest table) or XLSX (first sheet), with every evidence cell's citations read."""
    rows = read_table(path)
    home = home_province([row.evidence for row in rows], unit)
    codes = {row.code for row in rows}
    return [
        Claim(
            code=row.code, title=row.title, max_points=row.max_points, claimed=row.claimed, evidence=row.evidence,
            citations=parse_citations(row.evidence, home),
            leaf=not any(other.startswith(row.code + ".") for other in codes),
        )
        for row in rows
    ]  # fmt: skip


def _type(name: str | None) -> str | None:
    return TYPE_ALIASES.get(name or "", name)


def _differences(citation: Citation, record: MatchRecord) -> list[str]:
    """The fields in which a file with the cited number differs from the citation, in Vietnamese."""
    found = []
    if citation.issue_date and record.issue_date and citation.issue_date != record.issue_date:
        found.append(
            f"ngày ban hành: bảng ghi {citation.issue_date:%d/%m/%Y}, tệp ghi {record.issue_date:%d/%m/%Y}"
        )
    if citation.doc_type and record.doc_type and _type(citation.doc_type) != _type(record.doc_type):
        found.append(f"loại văn bản: bảng ghi {citation.doc_type}, tệp là {record.doc_type}")
    return found


def _same_subject(subject: str, record: MatchRecord) -> bool:
    """The cited subject is the file's: its extracted subject, or (when extraction found none) its opening
    text, where the subject is printed under the type heading."""
    if record.subject:
        return fuzz.token_set_ratio(subject.lower(), record.subject.lower()) >= SAME_SUBJECT
    opening = " ".join(page.text for page in record.pages[:1])[:1500].lower()
    return bool(opening) and fuzz.partial_ratio(subject.lower(), " ".join(opening.split())) >= SAME_SUBJECT


def _same_document_other_number(citation: Citation, records: list[MatchRecord]) -> MatchRecord | None:
    """A file that is the cited document by date, type, issuer and subject, but carries another number."""
    if not citation.issue_date or not citation.subject:
        return None
    for record in records:
        if (
            record.number
            and record.issue_date == citation.issue_date
            and _type(record.doc_type) == _type(citation.doc_type)
            and issuers_agree(citation.issuer, record.issuer)
            and _same_subject(citation.subject, record)
        ):
            return record
    return None


def _near_number(
    citation: Citation, records: list[MatchRecord], cited: frozenset[str]
) -> tuple[MatchRecord, str] | None:
    """A file whose number differs from the cited one by a slip (matcher.numbers), with the citation's type,
    issuer and subject, of the same period and not of another date; a file the table cites under its own
    number elsewhere is that citation's, not a slip of this one."""
    if not citation.subject:
        return None
    for record in records:
        if not record.number or number_key(record.number) in cited:
            continue
        slip = number_difference(citation.number, record.number)
        dated_apart = citation.issue_date and record.issue_date and citation.issue_date != record.issue_date
        if (
            slip
            and not dated_apart
            and _type(record.doc_type) == _type(citation.doc_type)
            and issuers_agree(citation.issuer, record.issuer)
            and _same_subject(citation.subject, record)
            and same_periods(citation.subject, record.subject or citation.subject)
        ):
            return record, slip
    return None


def check_citation(
    code: str,
    citation: Citation,
    records: list[MatchRecord],
    expected: bool = True,
    cited: frozenset[str] = frozenset(),
) -> CitationCheck:
    """The file a citation names and how it differs; `expected` False (a legal basis, an old document) compares
    the citation with a file that has its number but does not ask for one."""
    same = [
        record
        for record in records
        if record.number
        and number_key(record.number) == number_key(citation.number)
        and issuers_agree(citation.issuer, record.issuer)
    ]
    for record in same:
        if not _differences(citation, record):
            return CitationCheck(code, citation, record, None)
    if same:
        detail = f"{citation.number}, {'; '.join(_differences(citation, same[0]))}"
        flag = make_flag("citation.mismatch", detail, text=citation.text)
        return CitationCheck(code, citation, same[0], _placed(flag, code, same[0].file))
    other = _same_document_other_number(citation, records)
    if other is not None:
        slip = number_difference(citation.number, other.number or "")
        detail = f"số hiệu: bảng ghi {citation.number}, tệp ghi {other.number}" + (
            f" (khác {slip})" if slip else ""
        )
        flag = make_flag("citation.mismatch", detail, text=citation.text)
        return CitationCheck(code, citation, other, _placed(flag, code, other.file))
    near = _near_number(citation, records, cited)
    if near is not None:
        record, slip = near
        detail = f"số hiệu: bảng ghi {citation.number}, tệp ghi {record.number} (khác {slip})"
        flag = make_flag("citation.mismatch", detail, text=citation.text)
        return CitationCheck(code, citation, record, _placed(flag, code, record.file))
    if not expected:
        return CitationCheck(code, citation, None, None)
    flag = make_flag("citation.not_found", citation.number, text=citation.text)
    return CitationCheck(code, citation, None, _placed(flag, code, None))


def _placed(flag: Flag, code: str, file: str | None) -> Flag:
    return flag.model_copy(update={"criterion": code, "file": file})


def check_citations(claims: list[Claim], records: list[MatchRecord], year: int) -> list[CitationCheck]:
    """Every evidence citation of the table against the folder, once per criterion and number. Legal bases and
    documents from before the previous year (the objects of an inspection, old regulations) are compared when
    a file has their number, but their absence is not flagged."""
    checks = []
    cited = frozenset(number_key(c.number) for claim in claims for c in claim.citations)
    for claim in claims:
        seen: set[str] = set()
        for citation in claim.citations:
            key = number_key(citation.number)
            if key in seen:
                continue
            seen.add(key)
            checks.append(check_citation(claim.code, citation, records, is_evidence(citation, year), cited))
    return checks


def claim_flags(
    claims: list[Claim], has_evidence: dict[str, bool], max_points: dict[str, float]
) -> list[Flag]:
    """Points above the maximum (the framework's, else the table's), and points claimed on a leaf criterion
    with nothing cited and nothing found in the folder."""
    flags = []
    for claim in claims:
        if claim.claimed is None:
            continue
        maximum = max_points.get(claim.code, claim.max_points)
        if claim.claimed > maximum + 1e-9:
            flag = make_flag("claim.over_max", f"{claim.code}: tự chấm {claim.claimed:g}, tối đa {maximum:g}")
            flags.append(flag.model_copy(update={"criterion": claim.code}))
        if claim.leaf and claim.claimed > 0 and not claim.citations and not has_evidence.get(claim.code):
            flag = make_flag("claim.no_evidence", f"{claim.code} ({claim.claimed:g} điểm)")
            flags.append(flag.model_copy(update={"criterion": claim.code, "text": claim.evidence or None}))
    return flags
