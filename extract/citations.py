"""The documents a text cites, as a self-assessment table cites its evidence (`Báo cáo số 42/BC-UBND ngày 19/3/2025 của UBND
tỉnh Lâm Đồng về …`), each read into number, type, issue date, issuer and subject.

Evidence cells are free text written by officers: several citations per cell, separated by newlines, ';' or
nothing at all, some without a date, issuer or even "số", some naming the issuer before the document (`Sở Y tế
đã có Báo cáo số …`). The number is the anchor (it is the one part every citation has and the only part a
file can be compared on exactly); the type, date, issuer and subject are read around it, issuers written in
full for comparison with the issuer read from a file. The one citation parser: `extract/references.py` reads a
document's own "Căn cứ" lines with it too.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace
from datetime import date

from extract.issuer_text import read_issuer
from extract.numbers import canonical_symbol, type_from_symbol

# full type names a citation writes before its number; "Văn bản" is a công văn (Phụ lục III has no "Văn bản")
_TYPE_WORDS = (
    "Nghị quyết liên tịch|Thông tư liên tịch|Văn bản hợp nhất|Nghị quyết|Nghị định|Quyết định|Thông tư|Chỉ thị|"
    "Kế hoạch|Báo cáo|Công văn|Văn bản|Thông báo|Hướng dẫn|Chương trình|Tờ trình|Kết luận|Luật|Pháp lệnh|"
    "Quy định|Quy chế|Đề án|Phương án|Công điện|Giấy mời|Biên bản|Thông cáo|Dự án"
)
_SEGMENT = r"(?:[A-ZĐÐ][A-Za-zĐđÐð0-9&.]*[A-Za-zĐđÐð0-9]|[A-ZĐÐ]|\d{4}(?=/))"
# seq / symbol (2020/NĐ-CP, QĐ-UBND, KTVB&QLXLVPHC-NC, STP.ĐKT 556, KL-STP ĐKT 557) or Party seq - symbol
NUMBER = re.compile(
    rf"(?<![\w./,-])(?P<seq>\d{{1,6}})\s?(?P<sep>[/-])\s?"
    rf"(?P<symbol>{_SEGMENT}(?:\s?[/-]\s?{_SEGMENT})*(?:(?:\s[A-ZĐ]{{2,}})?\s\d{{2,4}}\b)?)"
)
TYPE_BEFORE = re.compile(rf"(?i)(?P<type>{_TYPE_WORDS})(?:\s+(?:kiểm tra|liên tịch))?\s*(?:số\s*:?\s*)?$")
DATE_AFTER = re.compile(
    r"^\s*,?\s*(?:ban hành\s+)?ngày\s+(?P<d>\d{1,2})\s*(?:tháng\s+|/|-|\.)\s*(?P<m>\d{1,2})\s*"
    r"(?:năm\s+|/|-|\.)\s*(?P<y>\d{4})"
)
ISSUER_AFTER = re.compile(r"^\s*,?\s*(?:của|do)\s+")
SUBJECT_AFTER = re.compile(r"^\s*,?\s*(?:về việc|về|V/v)\s+", re.IGNORECASE)
# the issuer named before the document: "UBND xã Trường Xuân có Báo cáo số …", "Sở Y tế đã có Báo cáo số …"
ISSUER_BEFORE = re.compile(r"(?P<issuer>[^.;:()\n]+?)\s+(?:đã\s+)?(?:có|ban hành)\s+$")
# where an issuer named before the document may start: a body's head word
BODY_START = re.compile(
    r"(?:UBND|HĐND|Ủy ban|Uỷ ban|Hội đồng|Sở|Ban|Bộ|Cục|Chi cục|Tổng cục|Trung tâm|Đoàn|Văn phòng|Phòng|Thanh tra|"
    r"Chính phủ|Thủ tướng|Quốc hội|Tỉnh ủy|Thành ủy|Kiểm toán|Công an|Chủ tịch|Giám đốc)\b"
)
CONNECTOR = re.compile(r"[\s,]*(?:và|,)?[\s,]*(?:số\s*)?")
CLAUSE_END = re.compile(r";|\.(?:\s|$)|\n|:\s")
PROVINCE_BEFORE = re.compile(r"tỉnh\s+(?P<province>[A-ZĐ][^\W\d]*(?:\s+[A-ZĐ][^\W\d]*){0,2})\s+số\s*$")


@dataclass(frozen=True)
class Citation:
    number: str
    doc_type: str | None
    issue_date: date | None
    issuer: str | None
    subject: str | None
    text: str  # the citation as the table writes it
    offset: int = 0  # where its number starts in the text it was read from


def canonical_number(seq: str, sep: str, symbol: str) -> str:
    """DESIGN.md's canonical number: NFC, Đ, no spaces around / and -, Phụ lục III abbreviations."""
    canonical, _ = canonical_symbol(symbol.rstrip("."))
    return f"{int(seq):0{len(seq)}d}{sep}{canonical}"


def number_key(number: str) -> str:
    """What two numbers are compared on: case, Ð/D for Đ (italic and OCR forms) and spaces do not count."""
    text = unicodedata.normalize("NFC", number).upper().replace("Ð", "Đ").replace("Đ", "D")
    return re.sub(r"\s+", "", text)


def _type_before(before: str, symbol_type: str | None) -> str | None:
    """The type word written before the number; the symbol's type when there is none, or when the symbol names
    a type that the words also say (`Thông báo kết luận số 45/TB-UBND` is a Thông báo, not a Kết luận). A
    công văn symbol names no type, so `Báo cáo số 1911/SYT-TTr` stays a Báo cáo."""
    match = TYPE_BEFORE.search(before[-60:])
    if match is None:
        return symbol_type
    kind = match.group("type")
    kind = kind[0].upper() + kind[1:].lower()
    kind = "Công văn" if kind == "Văn bản" else kind
    if symbol_type not in (None, "Công văn", kind) and symbol_type.lower() in before[-60:].lower():
        return symbol_type
    return kind


def _date_after(rest: str) -> tuple[date | None, int]:
    match = DATE_AFTER.match(rest)
    if match is None:
        return None, 0
    try:
        found = date(int(match.group("y")), int(match.group("m")), int(match.group("d")))
    except ValueError:
        found = None  # "ngày 31/02/2025": written, but no such day; null rather than a guess
    return found, match.end()


def _until_clause_end(text: str) -> str:
    """Text up to the end of its clause: `;`, a full stop, a line end, `: `, or a `)` closing a bracket
    opened before the citation (`(tại Quyết định số … của UBND tỉnh) là 9.818`)."""
    end = CLAUSE_END.search(text)
    text = text[: end.start()] if end else text
    depth = 0
    for index, char in enumerate(text):
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth < 0:
            return text[:index]
    return text


def _subject(rest: str) -> tuple[str | None, int]:
    match = SUBJECT_AFTER.match(rest)
    if match is None:
        return None, 0
    body = _until_clause_end(rest[match.end() :])
    subject = " ".join(body.split()).strip(" ,")
    return subject or None, match.end() + len(body)


def _read_after(rest: str, home: str | None) -> tuple[date | None, str | None, str | None, int]:
    """Date, issuer and subject in the order citations write them (`ngày …`, `của …`, `về …`; the date may
    also follow the issuer), and how much of `rest` they took."""
    issued, used = _date_after(rest)
    issuer = None
    match = ISSUER_AFTER.match(rest[used:])
    if match:
        read = read_issuer(rest[used + match.end() :], home)
        if read:
            issuer, taken = read
            used += match.end() + taken
        if issued is None:
            issued, taken = _date_after(rest[used:])
            used += taken
    subject, taken = _subject(rest[used:])
    return issued, issuer, subject, used + taken


def _issuer_before(before: str, home: str | None) -> str | None:
    match = ISSUER_BEFORE.search(before[-120:])
    if match is None:
        return None
    chunk = match.group("issuer").rstrip()
    for start in [0, *(m.end() for m in re.finditer(r"[\s,+-]+", chunk))]:
        if not BODY_START.match(chunk[start:]):
            continue
        read = read_issuer(chunk[start:], home)
        if read and not chunk[start + read[1] :].strip():
            return read[0]
    return None


def _share_issuers(found: list[Citation], gaps: list[str]) -> list[Citation]:
    """`số 29/KL-… và Kết luận số 31/KL-… ngày … của Cục …`, `số 12/QĐ-UBND ngày …, số 13/QĐ-UBND … của UBND
    tỉnh`: a citation followed only by `và` or a comma before the next one shares the next one's issuer."""
    shared = list(found)
    for index in range(len(found) - 2, -1, -1):
        if shared[index].issuer is None and CONNECTOR.fullmatch(gaps[index]):
            shared[index] = replace(shared[index], issuer=shared[index + 1].issuer)
    return shared


def _anchors(text: str) -> list[tuple[re.Match[str], str, int]]:
    """Numbers that name a document type by their symbol (not `500-UBND` in a team's name), with that type and
    where each citation starts (its type word, or the number itself)."""
    anchors = []
    for match in NUMBER.finditer(text):
        symbol_type = type_from_symbol(canonical_symbol(match.group("symbol"))[0], match.group("sep"))
        if symbol_type is None:
            continue
        line_start = text.rfind("\n", 0, match.start()) + 1
        window_start = max(line_start, match.start() - 60)
        type_match = TYPE_BEFORE.search(text[window_start : match.start()])
        anchors.append(
            (match, symbol_type, window_start + type_match.start() if type_match else match.start())
        )
    return anchors


def parse_citations(text: str, home: str | None = None) -> list[Citation]:
    """Every citation in an evidence cell, in order. `home` is the unit's province (`Lâm Đồng`): a table writes
    its own province's bodies as `UBND tỉnh`, which means that province."""
    text = unicodedata.normalize("NFC", text)
    anchors = _anchors(text)
    found, gaps = [], []
    for index, (match, symbol_type, start) in enumerate(anchors):
        line_start = text.rfind("\n", 0, match.start()) + 1
        end = anchors[index + 1][2] if index + 1 < len(anchors) else len(text)
        place = PROVINCE_BEFORE.search(text[line_start : match.start()])
        local = place.group("province") if place else home  # "tỉnh Bình Thuận số 29/NQ-HĐND … của HĐND tỉnh"
        issued, issuer, subject, used = _read_after(text[match.end() : end], local)
        if issuer is None:
            issuer = _issuer_before(text[line_start:start], home)
        found.append(
            Citation(
                number=canonical_number(match.group("seq"), match.group("sep"), match.group("symbol")),
                doc_type=_type_before(text[line_start : match.start()], symbol_type),
                issue_date=issued,
                issuer=issuer,
                subject=subject,
                text=" ".join(text[start : match.end() + used].split()).strip(" ,(:"),
                offset=match.start(),
            )
        )
        gaps.append(text[match.end() + used : end])
    return _share_issuers(found, gaps)
