"""Issue 14's remaining scan classes: a signer's name mended from the name syllables (OCR pages only), a place
name holding a number, an apostrophe or a one-letter word before its date, a subject OCR read on a stamp's
`Ngày:` line when the heading was lost, and a pre-merger commune's name wrapped onto the next line."""

from __future__ import annotations

from datetime import date

import pytest

from extract import extract_record
from extract.dates import find_issue_date
from extract.names import mend_name, name_syllables
from model.records import Page, ReadRecord

TODAY = date(2026, 11, 23)
MOTTO = ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
FOOT = ["Nơi nhận: KT. CHỦ TỊCH", "- Như trên; PHÓ CHỦ TỊCH", "- Lưu: VT.", ""]


def _extract(lines: list[str], source: str = "ocr"):
    page = Page(
        number=1, text="\n".join(lines), source=source, ocr_confidence=0.9 if source == "ocr" else None
    )
    return extract_record(ReadRecord(file="x", pages=[page]), TODAY)


def _document(signer: str, heading: list[str] | None = None) -> list[str]:
    heading = heading if heading is not None else ["QUYẾT ĐỊNH", "Về việc giao chỉ tiêu"]
    return ["ỦY BAN NHÂN DÂN", "TỈNH LÂM ĐỒNG", "Số: 12/QĐ-UBND", *MOTTO, "Lâm Đồng, ngày 05 tháng 9 năm 2025",
            *heading, "Căn cứ Luật Tổ chức chính quyền địa phương;", "Điều 1. Giao chỉ tiêu.", *FOOT, signer]  # fmt: skip


@pytest.mark.parametrize(
    ("printed", "mended"),
    [
        ("Lê Minh Đúc", "Lê Minh Đức"),  # the horn lost: `Đúc` is no name's, `Đức` the only one so spelt bare
        ("Nguyên Văn Hùng", None),  # `Nguyên` is a given name too: a name's syllable is never changed
        ("Hoàng Thi Lan", None),  # `Thi` and `Thị` are both names: left as printed
        ("Nguyễn Văn Hung", None),  # Hùng or Hưng: several spellings, none chosen
        ("Trần Thị Thuỷ", None),  # the old tone placement of a listed name (`Thủy`) is no slip
        ("LÊ MINH ĐÚC", "LÊ MINH ĐỨC"),  # a name printed in capitals keeps them
        ("Phạm Quốc Tuân", None),
    ],
)
def test_a_slipped_syllable_is_mended_only_to_a_unique_name_spelling(
    printed: str, mended: str | None
) -> None:
    assert mend_name(printed) == mended


def test_the_list_holds_the_common_middle_names() -> None:
    assert {"thị", "văn", "hữu", "đức", "ngọc", "nguyễn", "trần"} <= name_syllables()


def test_a_signer_on_a_scan_is_mended_and_the_evidence_keeps_the_print() -> None:
    result = _extract(_document("Lê Minh Đúc"))
    assert result.signer == "Lê Minh Đức"
    assert result.evidence["signer"].text == "Lê Minh Đúc"
    assert result.evidence["signer"].confidence == pytest.approx(0.81)  # 0.9 × 0.9


def test_a_typed_signer_stays_as_printed() -> None:
    result = _extract(_document("Lê Minh Đúc"), source="text")
    assert result.signer == "Lê Minh Đúc"


@pytest.mark.parametrize(
    ("line", "place", "day"),
    [
        ("Đạ Tẻh 3, ngày 01 tháng 12 năm 2025", "Đạ Tẻh 3", date(2025, 12, 1)),
        ("A Lưới 2, ngày 18 tháng 6 năm 2026", "A Lưới 2", date(2026, 6, 18)),
        ("Cư M'gar, ngày 12 tháng 02 năm 2026", "Cư M'gar", date(2026, 2, 12)),
        ("Phường 5, ngày 14/9/2021", "Phường 5", date(2021, 9, 14)),
        (
            "Số: 12/QĐ-UBND Hà Nội, ngày 03 tháng 4 năm 2025",
            "Hà Nội",
            date(2025, 4, 3),
        ),  # no letter of a symbol
    ],
)
def test_place_names_with_numbers_apostrophes_and_one_letter_words(line: str, place: str, day: date) -> None:
    found = find_issue_date([line])
    assert found is not None and (found.place, found.value) == (place, day)


STAMP_LINES = ["SỞ TƯ PHÁP TỈNH LÂM ĐỒNG", "Ngy:169205 Điều chỉnh, bổ sung công trình, dự án thu hồi đất",
               "vào kế hoạch sử dụng đất năm 2021", "", "huyện bàu bàng"]  # fmt: skip


def test_a_subject_on_the_stamps_date_line_when_the_heading_was_lost() -> None:
    result = _extract(_document("Nguyễn Văn Hùng", heading=STAMP_LINES))
    assert result.subject == (
        "Điều chỉnh, bổ sung công trình, dự án thu hồi đất vào kế hoạch sử dụng đất năm 2021 huyện bàu bàng"
    )


def test_no_subject_from_a_stamp_line_on_a_text_page_or_under_a_number_line() -> None:
    assert _extract(_document("Nguyễn Văn Hùng", heading=STAMP_LINES), source="text").subject is None
    lines = _document("Nguyễn Văn Hùng", heading=["Số: 1234/QĐ-UBND Về việc giao chỉ tiêu"])
    assert _extract(lines).subject is None


def test_a_pre_merger_wards_wrapped_name_is_joined() -> None:
    lines = ["HĐND PHƯỜNG BÌNH", "TRƯNG TÂY", "Số: 12/NQ-HĐND", *MOTTO, "Hồ Chí Minh, ngày 05 tháng 3 năm 2024",
             "NGHỊ QUYẾT", "Về việc giao chỉ tiêu", "Căn cứ Luật;", *FOOT, "Nguyễn Văn Hùng"]  # fmt: skip
    assert _extract(lines).issuer == "Hội đồng nhân dân phường Bình Trưng Tây"
