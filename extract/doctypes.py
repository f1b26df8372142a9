"""Document types: the abbreviations of Nghị định 30 Phụ lục III (and the Party's and normative documents'),
and the headings documents print."""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from extract.folding import unmarked_upper
from extract.stamp_remains import heading_rests

# abbreviation -> full name in sentence case (DESIGN.md canonical form)
TYPE_BY_ABBREVIATION: dict[str, str] = {
    "NQ": "Nghị quyết",
    "QĐ": "Quyết định",
    "CT": "Chỉ thị",
    "QC": "Quy chế",
    "QyĐ": "Quy định",
    "TC": "Thông cáo",
    "TB": "Thông báo",
    "HD": "Hướng dẫn",
    "CTr": "Chương trình",
    "KH": "Kế hoạch",
    "PA": "Phương án",
    "ĐA": "Đề án",
    "DA": "Dự án",
    "BC": "Báo cáo",
    "BB": "Biên bản",
    "TTr": "Tờ trình",
    "HĐ": "Hợp đồng",
    "CĐ": "Công điện",
    "BGN": "Bản ghi nhớ",
    "BTT": "Bản thỏa thuận",
    "GUQ": "Giấy ủy quyền",
    "GM": "Giấy mời",
    "GGT": "Giấy giới thiệu",
    "GNP": "Giấy nghỉ phép",
    "PG": "Phiếu gửi",
    "PC": "Phiếu chuyển",
    "PB": "Phiếu báo",
    # normative documents (Luật Ban hành văn bản quy phạm pháp luật)
    "NĐ": "Nghị định",
    "TT": "Thông tư",
    "TTLT": "Thông tư liên tịch",
    "NQLT": "Nghị quyết liên tịch",
    "VBHN": "Văn bản hợp nhất",
    "L": "Luật",
    # Party documents (Hướng dẫn 36-HD/VPTW)
    "KL": "Kết luận",
    "QĐi": "Quy định",
}
# OCR and typing forms that can only mean one abbreviation (QD cannot be anything but QĐ)
ABBREVIATION_REPAIRS = {
    "QD": "QĐ",
    "ND": "NĐ",
    "QYĐ": "QyĐ",
    "QYD": "QyĐ",
    "CTR": "CTr",
    "TTR": "TTr",
    "CD": "CĐ",
}

HEADINGS: dict[str, str] = {name.upper(): name for name in TYPE_BY_ABBREVIATION.values()} | {
    "LUẬT": "Luật",
    "PHÁP LỆNH": "Pháp lệnh",
    "NGHỊ QUYẾT": "Nghị quyết",
    "CÔNG VĂN": "Công văn",
    "KẾT LUẬN": "Kết luận",
    # an office's internal routing slip, putting a document before its leaders (`Số: 102/PT-NC`): no type of
    # Phụ lục III, and never evidence itself (matcher/unmatched.py)
    "PHIẾU TRÌNH": "Phiếu trình",
    "PHIẾU TRÌNH GIẢI QUYẾT CÔNG VIỆC": "Phiếu trình",
}


def canonical_abbreviation(segment: str) -> str:
    """The Phụ lục III spelling of a type abbreviation, repairing unambiguous OCR forms; else unchanged."""
    if segment in TYPE_BY_ABBREVIATION:
        return segment
    repaired = ABBREVIATION_REPAIRS.get(segment.upper())
    if repaired:
        return repaired
    for abbreviation in TYPE_BY_ABBREVIATION:
        if abbreviation.upper() == segment.upper():
            return abbreviation
    return segment


# OCR reads a stamp into the heading's line ("ĐẾN 6È:-..Ê.......... NGHỊ ĐỊNH |"): the heading is what follows
# a run of dots, and a table rule or a stray bar at either end is no part of it
STAMP_RUN = re.compile(r"[.…:_|]{3,}")
EDGE_NOISE = " |_—–-•·"
# a speck of a stamp OCR read before a heading: marks, at most two letters, marks ("“HO ", "') ")
STAMP_SPECK = re.compile(r"^[^\w\s]+\w{0,2}[^\w]+(?=\w)|^\w{1,2}[^\w\s]+\s*(?=\w)")


def _without_jumbled_speck(line: str) -> str:
    """The line without a stamp's ink OCR read as one jumbled token before a heading: a lower-case letter, then
    a capital inside one word ("xoIỆt NGHỊ ĐỊNH"), as no printed word is written."""
    first, _, rest = line.partition(" ")
    lower = next((index for index, ch in enumerate(first) if ch.islower()), None)
    jumbled = lower is not None and any(ch.isupper() for ch in first[lower:])
    return rest if jumbled and rest else line


LONGEST_HEADING = max(len(key) for key in HEADINGS)


@cache
def _folded_headings() -> dict[str, str]:
    return {unmarked_upper(key): name for key, name in HEADINGS.items()}


def heading_type(line: str) -> str | None:
    """The document type a heading line names (`QUYẾT ĐỊNH`), or None. Tone marks are compared loosely (OCR
    reads `QUYÉT`, `GIÁY`): no two headings differ by their tone marks alone. A stamp's remains OCR read before
    the heading on its line (`TH KẾ HOẠCH`, `Sg độ? KẾ HOẠCH`, `Số. 115 GIẤY MỜI`) are left out."""
    original = _without_jumbled_speck(" ".join(unicodedata.normalize("NFC", line).split()))
    found = _named_heading(original)
    for rest in heading_rests(original) if found is None else []:
        found = found or _named_heading(rest)
    return found


def _named_heading(original: str) -> str | None:
    """The type a whole line names as a heading (after the marks and specks a stamp leaves), or None."""
    if original != original.upper():
        return None  # headings are printed in capitals; "Kế hoạch" in running text is not one
    text = STAMP_RUN.split(original)[-1].strip(EDGE_NOISE).replace("HOÀ", "HÒA")
    if text not in HEADINGS:
        text = STAMP_SPECK.sub("", text, count=1)  # "“HO KẾ HOẠCH": a stamp's ink before the heading
    if text.startswith("VĂN BẢN HỢP NHẤT"):  # a consolidated text prints the consolidated type below it
        return "Văn bản hợp nhất"
    text = text.rstrip("0123456789*")  # "THÔNG TƯ1": a footnote mark on the heading
    if text in HEADINGS or len(text) > LONGEST_HEADING:
        return HEADINGS.get(text)
    return _folded_headings().get(unmarked_upper(text))


def find_heading(lines: list[str], max_lines: int = 60) -> tuple[int | None, str | None]:
    """The type heading and the index of its last line. Text layers break a heading over lines ("NGHỊ" /
    "ĐỊNH", "T" / "HÔNG TƯ"): a short capitalised line is tried with the next, with and without a space."""
    for index, line in enumerate(lines[:max_lines]):
        found = heading_type(line)
        if found:
            return index, found
        piece = line.strip()
        if not piece or len(piece) > 6 or index + 1 >= len(lines) or piece != piece.upper():
            continue
        following = lines[index + 1].strip()
        for joined in (f"{piece} {following}", f"{piece}{following}"):
            found = heading_type(joined)
            if found and following:
                return index + 1, found
    return None, None
