"""Document types: the abbreviations of Nghị định 30 Phụ lục III (and the Party's and normative documents'),
and the headings documents print."""

from __future__ import annotations

import unicodedata

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
    "NGHỊ QUYẾT": "Nghị quyết",
    "CÔNG VĂN": "Công văn",
    "KẾT LUẬN": "Kết luận",
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


def heading_type(line: str) -> str | None:
    """The document type a heading line names (`QUYẾT ĐỊNH`), or None."""
    text = " ".join(unicodedata.normalize("NFC", line).split()).upper().replace("HOÀ", "HÒA")
    return HEADINGS.get(text)
