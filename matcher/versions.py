"""Versions of one document in the same submission: a draft and the issued text, two finals with small edits.

Why: units upload every file of a folder, so one plan arrives as the draft, the final before signing and the
signed scan; counted three times it looks like three pieces of evidence, and the draft carries flags the
issued text does not. Two files are versions of one document when they share type and issuer and their subject
and text are near-identical. They are never versions when both carry an issued number and the numbers differ,
both carry a date and the dates differ, or their subjects name different periods (the Q1 and Q2 reports read
alike but are two documents). The issued one (numbered, dated, not a draft) stays the evidence; the others are
flagged `document.version`.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import PurePath

from rapidfuzz import fuzz

from extract.citations import number_key
from extract.issuer_text import issuers_agree
from matcher.terms import fold
from model.records import MatchRecord

SAME_SUBJECT = 92  # token_sort_ratio of the folded subjects
SAME_TEXT = 85  # ratio of the opening text, whitespace collapsed
SAME_SUBJECT_NO_TEXT = 97  # without text on either side, the subject must be all but equal
TEXT_CHARS = 4000
_PERIOD = re.compile(
    r"\b(quý\s+[ivx1-4]+|\d+\s+tháng(?:\s+(?:đầu|cuối))?|sáu tháng(?:\s+(?:đầu|cuối))?|tháng\s+\d+|năm\s+\d{4}|"
    r"(?:19|20)\d\d\s*[-–]\s*(?:19|20)\d\d|lần\s+(?:thứ\s+)?\w+|đợt\s+\w+)",
    re.IGNORECASE,
)
_DRAFT_NAME = re.compile(r"(?<![a-z])du[\s_-]*thao(?![a-z])")
_NOT_ISSUED = frozenset({"number.blank", "date.blank", "document.draft"})


def _periods(subject: str | None) -> set[str]:
    text = unicodedata.normalize("NFC", subject or "").lower()
    return {" ".join(match.split()) for match in _PERIOD.findall(text)}


def same_periods(a: str | None, b: str | None) -> bool:
    """The two subjects name the same periods (`quý I năm 2025`), or none."""
    return _periods(a) == _periods(b)


def _opening(record: MatchRecord) -> str:
    return " ".join(" ".join(page.text for page in record.pages).split())[:TEXT_CHARS].lower()


def _distinct(a: MatchRecord, b: MatchRecord) -> bool:
    """What makes two files two documents, however alike they read."""
    numbers_differ = bool(a.number and b.number and number_key(a.number) != number_key(b.number))
    dates_differ = bool(a.issue_date and b.issue_date and a.issue_date != b.issue_date)
    return numbers_differ or dates_differ or not same_periods(a.subject, b.subject)


def same_document(a: MatchRecord, b: MatchRecord) -> bool:
    """Versions of one document: same type and issuer, near-identical subject and text, nothing distinct."""
    if a.status == "failed" or b.status == "failed" or not a.subject or not b.subject:
        return False
    if a.doc_type != b.doc_type or not a.issuer or not issuers_agree(a.issuer, b.issuer) or _distinct(a, b):
        return False
    subject = fuzz.token_sort_ratio(a.subject.lower(), b.subject.lower())
    text_a, text_b = _opening(a), _opening(b)
    if not text_a or not text_b:
        return subject >= SAME_SUBJECT_NO_TEXT
    return subject >= SAME_SUBJECT and fuzz.ratio(text_a, text_b) >= SAME_TEXT


def _issued_first(record: MatchRecord) -> tuple:
    """The version to keep sorts first: numbered, dated, without draft flags or marks (tracked changes, a
    file named `Du thao …`), the latest, then by name."""
    not_issued = (
        any(flag.code in _NOT_ISSUED for flag in record.flags)
        or bool(record.draft_marks)
        or bool(_DRAFT_NAME.search(fold(PurePath(record.file).name)))
    )
    day = record.issue_date.toordinal() if record.issue_date else 0
    return (not record.number, record.issue_date is None, not_issued, -day, record.file)


def find_versions(records: list[MatchRecord]) -> dict[int, int]:
    """Index of each record that is another version of a kept one → the kept record's index. Files that are
    the same bytes or carry the same number are duplicates (matrix._document_flags), not versions."""
    groups: list[list[int]] = []
    for index, record in enumerate(records):
        for group in groups:
            if any(same_document(record, records[other]) for other in group):
                group.append(index)
                break
        else:
            groups.append([index])
    found: dict[int, int] = {}
    for group in groups:
        if len(group) < 2:
            continue
        kept = min(group, key=lambda i: _issued_first(records[i]))
        for index in group:
            same_bytes = records[index].sha256 and records[index].sha256 == records[kept].sha256
            same_number = records[index].number and records[index].number == records[kept].number
            if index != kept and not same_bytes and not same_number:
                found[index] = kept
    return found
