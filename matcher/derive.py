"""Evidence rules derived from what a unit's table actually cited for each criterion, on top of the title.

Why: no per-criterion evidence rules were published with the 2025 framework (DESIGN.md), but a province's
own table says which documents it used: their types, issuers, dates and subjects. Turned into a rule, each of
these is a plain value a council can read and correct in the YAML. The same function derives the rules for the
bundled framework (tools/build_framework_tinh_2025.py) and, from other citations only, for the held-out
measurement in bench/matcher.py, so the bench measures what ships.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import date

from extract.citations import Citation
from matcher.framework import REPORTS_DEADLINE, window_date
from matcher.legal_basis import is_evidence
from matcher.rules import is_periodic_report, title_doc_types, title_phrases
from matcher.terms import expand

# what in a cited subject belongs to that one document, not to the kind of document a criterion needs (numbers
# of the documents it is about stay: "thực hiện Kết luận số 62-KL/TW" tells what it is about)
_PARTICULAR = re.compile(
    r"(?i)\b\d+\s+tháng(?:\s+đầu)?(?:\s+năm)?(?:\s+\d{4})?|"
    r"\b(?:năm|quý|tháng)\s+[\divxlc]+(?:\s*[-–]\s*\d+)?|\bđến năm \d{4}|\b\d+(?:[./-]\d+)*\b(?![-/]\s?[A-ZĐ])|"
    r"\b(?:tỉnh|thành phố|xã|phường|huyện|đặc khu)\s+(?-i:[A-ZĐÂĂÊÔƠƯ][^\W\d]*(?:\s+[A-ZĐÂĂÊÔƠƯ][^\W\d]*)*)(?:\s+cũ)?"
)
# "… tại xã Tánh Linh", "… tại UBND thành phố Phan Thiết": the place inspected, particular to one document
_INSPECTED = re.compile(r"\s+tại\s+(?:xã|phường|đặc khu|huyện|thị trấn|thành phố|UBND|Ủy ban|Sở)\b.*$")
# "Kết luận của đồng chí Hồ Văn Mười - Phó Bí thư Tỉnh ủy, Chủ tịch UBND tỉnh tại Hội nghị …": who spoke is
# particular to one notice; what it concludes (the meeting, the matter) is what a criterion's documents share
_SPEAKER = re.compile(r"\s+của\s+(?:đồng chí|ông|bà)\s+.*?(?=\s+(?:tại|về)\s)", re.IGNORECASE)
_BODY_PLACE = re.compile(r"\s+(?:tỉnh|thành phố)\s+[A-ZĐ].*$")
MAX_CITED_PHRASES = 4
# words every kind of document says ("triển khai thực hiện", "kết quả công tác"): a cited subject made only of
# these would match any document
_GENERIC = "triển khai thực hiện kết quả công tác tình hình báo cáo về việc và các của"
GENERIC_WORDS = frozenset(_GENERIC.split(" "))


def cited_phrase(subject: str) -> str | None:
    """A cited subject without what is particular to that document (years, periods, numbers, places, who
    spoke): `công tác kiểm soát TTHC năm 2025` → `công tác kiểm soát TTHC`."""
    text = _INSPECTED.sub("", _SPEAKER.sub("", subject))
    text = _PARTICULAR.sub(" ", text)
    text = re.sub(r"\(\s*\)|\s+(?=[,;)])", "", text)
    text = re.sub(r"[;:,.\s]+$", "", " ".join(text.split())).strip(" ,;-")
    text = re.sub(r"(?:\s+(?:và|tại|của|trên địa bàn))+$", "", text)
    text = expand(text)
    telling = [word for word in text.lower().split() if word.strip(",;") not in GENERIC_WORDS]
    return text[:1].lower() + text[1:] if len(telling) >= 2 else None


def general_issuer(issuer: str) -> str:
    """`Ủy ban nhân dân tỉnh Lâm Đồng` → `Ủy ban nhân dân tỉnh`: a rule meant for every province's unit."""
    return _BODY_PLACE.sub(lambda match: " tỉnh" if " tỉnh " in match.group(0) + " " else "", issuer)


def window(cited: list[date], year: int) -> dict[str, str]:
    """The assessment year, widened to the months around it the unit's evidence actually used; the year's reports
    admitted up to the self-assessment deadline in January of the next year (matcher.framework.DateWindow)."""
    cited = [day for day in cited if abs(day.year - year) <= 1]
    start, end = "Y-01-01", "Y-12-31"
    if cited and min(cited).year < year:
        earliest = min(cited)
        start = f"Y{earliest.year - year:+d}-{earliest.month:02d}-01"
    if cited and max(cited).year > year:
        latest = max(cited)
        end = f"Y{latest.year - year:+d}-{latest.month:02d}-28"
    found = {"from": start, "to": end}
    if window_date(end, year) < window_date(REPORTS_DEADLINE, year):
        found["reports_to"] = REPORTS_DEADLINE
    return found


def derive_rule(title: str, citations: list[Citation], year: int) -> dict:
    """The evidence rule of one criterion (the YAML `evidence:` mapping): types the table cited first, then
    those the title names; the title's phrases, then the cited documents' subjects made general; the bodies
    that issued them; the date window they fall in; deadlines for periodic reports."""
    cited = [citation for citation in citations if is_evidence(citation, year)]
    types = [kind for kind, _ in Counter(c.doc_type for c in cited if c.doc_type).most_common()]
    phrases = title_phrases(title)
    subjects = Counter(cited_phrase(c.subject) for c in cited if c.subject)
    phrases += [phrase for phrase, _ in subjects.most_common() if phrase][:MAX_CITED_PHRASES]
    rule: dict = {
        "doc_types": list(dict.fromkeys(types + title_doc_types(title))),
        "phrases": list(dict.fromkeys(phrases)),
    }
    issuers = Counter(general_issuer(c.issuer) for c in cited if c.issuer)
    if issuers:
        rule["issuers"] = [name for name, _ in issuers.most_common(3)]
    rule["window"] = window([c.issue_date for c in cited if c.issue_date], year)
    if is_periodic_report(title):
        rule["deadlines"] = [{"period": p, "due_day": 20} for p in ("quarter", "half_year", "year")]
    return rule
