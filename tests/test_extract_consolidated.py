"""Consolidated texts (văn bản hợp nhất, issue 14): the type is `Văn bản hợp nhất`, not the type of the text it
consolidates, and the number is the consolidation's own VBHN number, wherever it is printed."""

from __future__ import annotations

from datetime import date

import pytest

from extract import extract_record
from model.records import Page, ReadRecord

TODAY = date(2026, 11, 23)
MOTTO = ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
INTRO = (
    "Thông tư số 12/2024/TT-BTC ngày 15 tháng 5 năm 2024 của Bộ trưởng Bộ Tài chính, có hiệu lực kể từ ngày "
    "01 tháng 7 năm 2024, được sửa đổi, bổ sung bởi:"
)
BODY = [INTRO, "Căn cứ Luật Ban hành văn bản quy phạm pháp luật;", "Điều 1. Phạm vi điều chỉnh", "Nội dung."]


def _extract(lines: list[str]):
    page = Page(number=1, text="\n".join(lines), source="text")
    return extract_record(ReadRecord(file="x", pages=[page]), TODAY)


@pytest.mark.parametrize(
    ("lines", "number", "when"),
    [
        # its own number in the header, the consolidated text's heading below it
        (["BỘ TÀI CHÍNH", "Số: 05/VBHN-BTC", *MOTTO, "Hà Nội, ngày 10 tháng 3 năm 2025", "THÔNG TƯ",
          "Quy định về phí", *BODY, "XÁC THỰC VĂN BẢN HỢP NHẤT", "BỘ TRƯỞNG", "Nguyễn Văn An"],
         "05/VBHN-BTC", date(2025, 3, 10)),
        # the original's header on top, its own number and date beside the authentication block
        (["BỘ TÀI CHÍNH", "Số: 12/2024/TT-BTC", *MOTTO, "Hà Nội, ngày 15 tháng 5 năm 2024", "THÔNG TƯ",
          "Quy định về phí", *BODY, "BỘ TÀI CHÍNH", "Số: 05/VBHN-BTC", "XÁC THỰC VĂN BẢN HỢP NHẤT",
          "Hà Nội, ngày 10 tháng 3 năm 2025", "BỘ TRƯỞNG", "Nguyễn Văn An"],
         "05/VBHN-BTC", date(2025, 3, 10)),
    ],
)  # fmt: skip
def test_consolidated_text(lines: list[str], number: str, when: date) -> None:
    result = _extract(lines)
    assert (result.number, result.doc_type, result.issue_date) == (number, "Văn bản hợp nhất", when)
    assert "number.type_mismatch" not in {flag.code for flag in result.flags}


def test_a_text_citing_a_consolidation_keeps_its_own_type() -> None:
    lines = ["BỘ TÀI CHÍNH", "Số: 27/2025/TT-BTC", *MOTTO, "Hà Nội, ngày 09 tháng 12 năm 2025", "THÔNG TƯ",
             "Sửa đổi Văn bản hợp nhất số 05/VBHN-BTC", "Căn cứ Văn bản hợp nhất số 05/VBHN-BTC;", "Điều 1."]  # fmt: skip
    result = _extract(lines)
    assert (result.number, result.doc_type) == ("27/2025/TT-BTC", "Thông tư")
