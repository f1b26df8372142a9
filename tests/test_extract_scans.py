"""What OCR makes of a scanned header (issue 14): headings read with a wrong tone mark or a stamp on their line,
the subject a paragraph below its heading, a number behind a stamp's strokes, and an issuer never made up from a
stamp, a table's header row or the body (none found: null, flagged)."""

from __future__ import annotations

from datetime import date

import pytest

from extract import extract_record
from extract.doctypes import heading_type
from model.records import Page, ReadRecord

TODAY = date(2026, 11, 23)
MOTTO = ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
DATE_LINE = "Hà Nội, ngày 12 tháng 7 năm 2025"


def _extract(lines: list[str]):
    page = Page(number=1, text="\n".join(lines), source="ocr", ocr_confidence=0.9)
    return extract_record(ReadRecord(file="x", pages=[page]), TODAY)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("QUYÉT ĐỊNH", "Quyết định"),
        ("GIÁY MỜI", "Giấy mời"),
        ("NGHỊ QUYÉT", "Nghị quyết"),
        ("NGHỊ ĐỊNH |", "Nghị định"),
        ("ĐỂN 6È:-..Ê.......... NGHỊ ĐỊNH |", "Nghị định"),
        ("“HO KẾ HOẠCH", "Kế hoạch"),  # a speck of a stamp's ink before it
        ("V/V KẾ HOẠCH", None),
        ("QUY ĐỊNH", "Quy định"),  # not Quyết định: they differ by more than a tone mark
        ("QUYẾT ĐỊNH:", None),  # the enacting line before Điều 1
        ("Quyết định", None),  # running text
        ("CỔNG THÔNG TIN ĐIỆN TỬ CHÍNH PHỦ", None),
    ],
)
def test_headings_as_ocr_reads_them(line: str, expected: str | None) -> None:
    assert heading_type(line) == expected


@pytest.mark.parametrize(
    ("below", "subject"),
    [
        # the stamp beside the subject: its date read into the first line, the subject split round it
        (["Nuay:1092025 Về việc tăng cường quản lý", "", "hoạt động khai thác nước", "", "Căn cứ Luật;"],
         "Về việc tăng cường quản lý hoạt động khai thác nước"),
        # a blank line, then a capitalised paragraph: the body, not more subject
        (["Về việc tăng cường quản lý", "", "Ủy ban nhân dân tỉnh giao:", "Căn cứ Luật;"],
         "Về việc tăng cường quản lý"),
    ],
)  # fmt: skip
def test_subject_round_a_stamp(below: list[str], subject: str) -> None:
    lines = ["CHÍNH PHỦ", "Số: 460/QĐ-CP", *MOTTO, DATE_LINE, "ĐẾN", "Số: 195", "QUYẾT ĐỊNH", "", *below]
    assert _extract(lines).subject == subject


def test_subject_a_paragraph_below_its_heading() -> None:
    lines = ["CHÍNH PHỦ", "Số: 12/2025/NĐ-CP", *MOTTO, DATE_LINE, "", "NGHỊ ĐỊNH", "",
             "Quy định chi tiết một số điều", "của Luật Chứng khoán", "", "Căn cứ Luật Tổ chức Chính phủ;"]  # fmt: skip
    result = _extract(lines)
    assert (result.doc_type, result.subject) == (
        "Nghị định",
        "Quy định chi tiết một số điều của Luật Chứng khoán",
    )


@pytest.mark.parametrize(
    ("header", "issuer", "number"),
    [
        # an incoming stamp OCR read under the number: never the issuer, the number or the date
        (["CHÍNH PHỦ", "_— Số: 988/BC-CP", "SỞ TƯ PHÁP TỈNH LÂM ĐỒNG", "ĐẾN", "Số: 416", "Ngày: 15/9/2025"],
         "Chính phủ", "988/BC-CP"),
        # the rule under the issuer and a speck of the stamp read before the label
        (["CHÍNH PHỦ", ": _——— Số: 988/BC-CP", "SỞ TƯ PHÁP TỈNH LÂM ĐỒNG", "ĐẾN", "Số: 416"], "Chính phủ", "988/BC-CP"),
        # the stamp above the number: its office's name is not the issuer either
        (["SỞ TƯ PHÁP TỈNH LÂM ĐỒNG", "ĐẾN", "Số: 416 Ngày: 15/9/2025", "Số: 40/HCCV"], None, "40/HCCV"),
        # the top cropped off: nothing above the number
        (["Số: 28/2021/NĐ-CP"], None, "28/2021/NĐ-CP"),
        # a table's header row in capitals is no issuer
        (["STT NỘI DUNG GHI CHÚ", "Số: 15/BC-UBND"], None, "15/BC-UBND"),
        # OCR that lost the tone marks still names the body as the gazetteer writes it
        (["CHINH PHU", "Số: 2933/BC-CP"], "Chính phủ", "2933/BC-CP"),
    ],
)  # fmt: skip
def test_issuer_is_never_made_up(header: list[str], issuer: str | None, number: str) -> None:
    result = _extract([*header, *MOTTO, DATE_LINE, "BÁO CÁO", "Kết quả công tác", "Căn cứ Luật;"])
    assert (result.issuer, result.number, result.issue_date) == (issuer, number, date(2025, 7, 12))
    assert ("issuer.missing" in {flag.code for flag in result.flags}) is (issuer is None)


@pytest.mark.parametrize(
    ("tail", "signer"),
    [
        # OCR merged the recipients' column with the signature's, line by line
        (["Nơi nhận: KT. CHỦ TỊCH", "- Như trên; PHÓ CHỦ TỊCH", "- Lưu: VT. Nguyễn Văn Hùng"], "Nguyễn Văn Hùng"),
        (["Nơi nhận: TM. BAN CHẤP HÀNH", "- Như trên; CHỦ TỊCH", "- Lưu: VT; Nguyễn Thị Lê Dung"],
         "Nguyễn Thị Lê Dung"),
        (["Nơi nhận: KT. CHỦ TỊCH", "- Như trên; PHÓ CHỦ TỊCH", "- Lưu: VT.", "", "Lê Minh Đức"], "Lê Minh Đức"),
        # an officer's rank before the name, as OCR read it
        (["Nơi nhận: GIÁM ĐỐC", "- Như trên:", "- Lưu: VT, PC04.", "Thiêu tướng Trương Minh Đương"],
         "Trương Minh Đương"),
        # a recipient that is a body, not a person, is never the signer
        (["Nơi nhận: KT. CHỦ TỊCH", "- Như trên; PHÓ CHỦ TỊCH", "- Lưu: VT, Sở Tài Chính"], None),
        (["Nơi nhận: KT. CHỦ TỊCH", "- UBND tỉnh Lai Châu", "PHÓ CHỦ TỊCH"], None),
    ],
)  # fmt: skip
def test_signer_in_the_right_hand_column(tail: list[str], signer: str | None) -> None:
    lines = [
        "CHÍNH PHỦ",
        "Số: 12/BC-CP",
        *MOTTO,
        DATE_LINE,
        "BÁO CÁO",
        "Kết quả",
        "Căn cứ Luật;",
        "Nội dung.",
        *tail,
    ]
    assert _extract(lines).signer == signer


@pytest.mark.parametrize(
    "top",
    [
        ["I. MỤC ĐÍCH, YÊU CẦU", "1. Nâng cao chất lượng", "II. NHIỆM VỤ TRỌNG TÂM"],  # a page of the body
        ["PHỤ LỤC I", "DANH MỤC TÀI LIỆU KIỂM CHỨNG"],  # an annex's title
        ["a) TỔ CHỨC THỰC HIỆN"],
    ],
)
def test_body_text_in_capitals_is_no_issuer(top: list[str]) -> None:
    result = _extract([*top, "Số: 12/BC-UBND", "Lai Châu, ngày 05 tháng 3 năm 2025", "Rà soát thủ tục."])
    assert result.issuer is None
    assert "issuer.missing" in {flag.code for flag in result.flags}


def test_a_file_without_a_header_is_not_also_flagged_for_its_issuer() -> None:
    result = _extract(["Hồ sơ bổ sung gửi kèm Công văn số 123/SNV-CCHC."])
    assert {flag.code for flag in result.flags} == {"number.missing", "date.missing"}
