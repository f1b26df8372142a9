"""The subject (trích yếu): the lines under the type heading, or after `V/v` in a công văn."""

from __future__ import annotations

import re
from dataclasses import dataclass

from extract.casing import mostly_capitals, sentence_case
from extract.dates import DAY_MONTH_NUMBERS, DAY_MONTH_WORDS
from extract.issuer import MOTTO_PARTS
from extract.stamp_remains import noise, subject_start
from extract.subject_layout import MARKER, opens_body, set_apart
from model.records import Page, TextSource

STOP = re.compile(
    r"(?i)^\s*(căn\s?c(?:\s?ứ|\s*$)|kính gửi|điều \d|chương [ivx\d]|phần [ivx\d]|quyết định:|quyết nghị:|nơi nhận)"
    r"|^[\s_\-–—=*.]+$|độc lập\s*-\s*tự do"
)
# preamble lines start with a capital ("Thực hiện Kế hoạch …"); a subject wrapped there does not ("… trung ương /
# thực hiện Chương trình …")
PREAMBLE = re.compile(r"^\s*(Thực hiện|THỰC HIỆN|Theo đề nghị|THEO ĐỀ NGHỊ)\b")
# the enacting authority printed under a capitalised subject: "ỦY BAN THƯỜNG VỤ QUỐC HỘI", "BỘ TRƯỞNG BỘ XÂY DỰNG"
# (a title and its body, or a body alone on its line: "QUỐC HỘI VÀ HỘI ĐỒNG NHÂN DÂN" wraps a subject)
AUTHORITY = re.compile(
    r"^\s*(?:(?:BỘ TRƯỞNG|THỦ TƯỚNG|CHỦ TỊCH|THỐNG ĐỐC|CHÁNH ÁN|VIỆN TRƯỞNG|TỔNG KIỂM TOÁN)\b[^a-zà-ỹđ]*"
    r"|(?:HỘI ĐỒNG NHÂN DÂN|ỦY BAN NHÂN DÂN)(?:\s+(?:TỈNH|THÀNH PHỐ)\s+[^a-zà-ỹđ]+)?"
    r"|ỦY BAN THƯỜNG VỤ QUỐC HỘI|CHÍNH PHỦ|QUỐC HỘI)\s*$"
)
MAX_LINES = 8  # a heading's subject wraps over up to this many lines (text layers break it into fragments)
VV_LINES = 4
TITLE_SYLLABLES = 3  # a headerless paper's title has at least this many (`CHƯƠNG TRÌNH HỘI NGHỊ`)
# an incoming stamp's date OCR read into the subject's first line: "Ngày:15/9/2025 Về việc …", "Nuay:1092025 — …"
# (or a jumble of its digits and ink: "xwy:1z22025s_ Cho phép …")
STAMP_SPECK = re.compile(r"^\s*\S{1,6}\s*:\s*(?:[\d/.,]{4,}|(?=(?:\S*?\d){4})\S{5,})\s*[—–-]?\s*(?=\S)")
VV = re.compile(r"(?i)^\s*V/v\s*[:.|]?\s*(.*)$")
# a scan whose heading OCR lost under the stamp: the stamp's `Ngày:` or `Số:` and its digits, then the subject's
# first words on the same line ("Ngy:169205 Điều chỉnh, bổ sung …"); never a number's line ("Số: 12/QĐ-UBND")
STAMP_THEN_SUBJECT = re.compile(
    r"^\s*\S{1,6}\s*:\s*[\d.,]{4,}\s+[—–-]?\s*(?=[A-ZĐÀ-Ỹ][a-zđà-ỹ]+,?(?:\s+[^\W\d_]+,?){2})"
)


@dataclass(frozen=True)
class SubjectFound:
    value: str
    lines: tuple[str, ...]


def _motto(line: str) -> bool:
    """The motto, not a name in running text that spells part of it ("… Chính phủ nước Cộng hòa Xã hội …")."""
    match = MOTTO_PARTS.search(line)
    if match is None:
        return False
    return match.start() == 0 or match.group(0).isupper() or "Độc lập" in match.group(0)


def _continues(line: str, issuer_lines: set[str], first: bool = False) -> bool:
    """Whether `line` is (more of) the subject. The first line under a heading may start "Thực hiện …" (plans
    are titled "KẾ HOẠCH / Thực hiện Chương trình …"); after it such a line opens the body."""
    stripped = line.strip()
    preamble = PREAMBLE.match(stripped) and not first
    if not stripped or STOP.search(stripped) or preamble or _motto(stripped):
        return False
    if stripped in issuer_lines or AUTHORITY.match(stripped):
        return False
    return not (DAY_MONTH_WORDS.search(stripped) or DAY_MONTH_NUMBERS.search(stripped))


def _case(line: str) -> bool | None:
    """Whether a line is in capitals, judged on its words (not its numbers and symbols); None: no words."""
    words = " ".join(
        token for token in line.split() if not any(c.isdigit() for c in token) and "/" not in token
    )
    return mostly_capitals(words) if any(c.isalpha() for c in words) else None


def _tidy(parts: list[str]) -> str:
    text = " ".join(" ".join(parts).split()).strip(" .;:")
    if text and mostly_capitals(text):  # printed in capitals: written in sentence case, names kept
        text = sentence_case(text)
    return text


def _mend(lines: list[str]) -> list[str]:
    """Text layers split words at a drop capital or a run change: "S" / "ửa đổi …", "156/2018/" / "NĐ-CP".
    A lone letter is joined to a line that continues it in lower case, a number cut after `/` to the rest."""
    mended: list[str] = []
    for line in lines:
        piece = line.strip()
        previous = mended[-1] if mended else ""
        lone_letter = len(previous) == 1 and previous.isalpha() and previous.isupper() and piece[:1].islower()
        cut_number = previous.endswith("/") and previous[-2:-1].isdigit() and piece[:1].isalnum()
        if lone_letter or cut_number:
            mended[-1] = previous + piece
        else:
            mended.append(piece)
    return mended


def _wraps_on(after: list[str]) -> bool:
    """Whether the line after a blank one goes on a wrapped subject: it starts in lower case (a new paragraph,
    the body's, starts with a capital)."""
    return bool(after) and after[0].strip()[:1].islower()


def find_subject(
    lines: list[str], heading_index: int | None, issuer_lines: set[str], page: Page | None = None
) -> SubjectFound | None:
    """The subject under the type heading (ended by the body: its first words, its layout on `page`), else the
    công văn's `V/v` lines."""
    if heading_index is not None:
        following = _mend(lines[heading_index + 1 : heading_index + 1 + 2 * MAX_LINES])[:MAX_LINES]
        apart: list[bool | None] = [None] * len(following)
        if page is not None:
            apart = set_apart(page, lines[heading_index], following)
        taken = _under_heading(following, apart, issuer_lines)
        return SubjectFound(_tidy(taken), tuple(taken)) if taken else None
    found = _after_vv(lines, issuer_lines)
    if found is None and page is not None and page.source == TextSource.ocr:
        found = _after_stamp(lines, issuer_lines)
    return found


def _under_heading(following: list[str], apart: list[bool | None], issuer_lines: set[str]) -> list[str]:
    """The subject's lines: up to a stop line, a change of case, the body's first words, or (once a subject line
    was seen set apart under the heading) the first line printed as running text."""
    taken: list[str] = []
    case: bool | None = None
    set_apart_seen = False
    for index, line in enumerate(following):
        if not line.strip() and (not taken or _wraps_on(following[index + 1 : index + 2])):
            continue  # OCR sets the subject a paragraph apart from the heading, or splits it round a stamp
        if not taken:
            line = subject_start(STAMP_SPECK.sub("", line))
            if noise(line):
                continue  # a line of a stamp's text or ink between the heading and the subject
        elif opens_body(line, taken[-1]) or (set_apart_seen and apart[index] is False):
            break
        if not _continues(line, issuer_lines, first=not taken):
            break
        line_case = _case(line)
        if case is not None and line_case is not None and line_case != case:
            break  # a subject keeps its case; "BỘ TRƯỞNG BỘ XÂY DỰNG" under it is the enacting authority
        case = line_case if case is None else case
        set_apart_seen = set_apart_seen or apart[index] is True
        taken.append(line.strip())
    return taken


def _after_vv(lines: list[str], issuer_lines: set[str]) -> SubjectFound | None:
    for index, line in enumerate(lines[:40]):
        match = VV.match(STAMP_SPECK.sub("", line))  # "Ngày:20/9/2025 V/v …": a stamp's date before it
        if not match:
            continue
        taken = [match.group(1)]
        for follow in lines[index + 1 : index + VV_LINES]:
            if not _continues(follow, issuer_lines) or VV.match(follow) or follow.strip().isupper():
                break  # a công văn's subject wraps in lower case; a capitalised line is the next block
            taken.append(follow.strip())
        value = _tidy(taken)
        return SubjectFound(value, (line.strip(), *taken[1:])) if value else None
    return None


def find_title(lines: list[str]) -> SubjectFound | None:
    """A paper with no administrative header (no `Số:`, no motto, no type heading: a conference's summary report,
    a speech, a programme) is known by the title it opens with in capitals (`TÓM TẮT … BÁO CÁO CÔNG TÁC CẢI CÁCH
    HÀNH CHÍNH NĂM 2025 …`): that title is what it is about. Up to the body (a section's marker, a line in
    sentence case, a table); a word or two (`KẾT QUẢ`) is no title."""
    if any(_motto(line) for line in lines[:8]):
        return None
    taken: list[str] = []
    for line in lines[: 2 * MAX_LINES]:
        stripped = line.strip()
        if not stripped:
            if taken:
                break
            continue
        if MARKER.match(stripped) or _case(stripped) is not True or STOP.search(stripped) or "|" in stripped:
            break  # the body, or a table's header row under a score sheet's title
        taken.append(stripped)
        if len(taken) == MAX_LINES:
            break
    value = _tidy(taken)
    return SubjectFound(value, tuple(taken)) if len(value.split()) >= TITLE_SYLLABLES else None


def _after_stamp(lines: list[str], issuer_lines: set[str]) -> SubjectFound | None:
    """On a scan with no heading read: the subject OCR read on the stamp's `Ngày:` line, with its wrapped lines
    (the stamp's remains left out as under a heading)."""
    for index, line in enumerate(lines[:40]):
        if STOP.search(line) and not _motto(line):
            return None  # the body has started: no subject in the header
        if STAMP_THEN_SUBJECT.match(line):
            following = _mend(lines[index : index + 2 * MAX_LINES])[:MAX_LINES]
            taken = _under_heading(following, [None] * len(following), issuer_lines)
            return SubjectFound(_tidy(taken), tuple(taken)) if taken else None
    return None
