"""Extraction rules: should-read / should-not-read tables per number family, date form and trap."""

from __future__ import annotations

from datetime import date

import pytest

from extract import extract_record
from extract.numbers import find_number
from kiemchung.records import Page, ReadRecord
from kiemchung.specimens.docx import render_docx
from kiemchung.specimens.sample import DECISION, LETTER, PLAN, REPORT

TODAY = date(2026, 11, 23)


def _extract(text: str, source: str = "text", confidence: float | None = None):
    page = Page(number=1, text=text, source=source, ocr_confidence=confidence)
    return extract_record(ReadRecord(file="x", pages=[page]), TODAY)


@pytest.mark.parametrize(
    ("line", "number", "doc_type"),
    [
        ("Số: 1726/QĐ-UBND", "1726/QĐ-UBND", "Quyết định"),
        ("Số: 27/TB-SNV", "27/TB-SNV", "Thông báo"),
        ("Số: 123/UBND-VP", "123/UBND-VP", "Công văn"),
        ("Số: 40/HCCV", "40/HCCV", "Công văn"),
        ("Số: 30/2020/NĐ-CP", "30/2020/NĐ-CP", "Nghị định"),
        ("Số: 28/2026/TT-BKHCN", "28/2026/TT-BKHCN", "Thông tư"),
        ("Số 12-NQ/TU", "12-NQ/TU", "Nghị quyết"),
        ("Số: 1129-TB/TU", "1129-TB/TU", "Thông báo"),
        ("Số: 60-NQ/TW", "60-NQ/TW", "Nghị quyết"),
        ("Số: 192/KH-ĐKT 557", "192/KH-ĐKT 557", "Kế hoạch"),
        ("Số: 29/KL-KTVB&QLXLVPHC", "29/KL-KTVB&QLXLVPHC", "Kết luận"),
        ("Luật số: 121/2025/QH15", "121/2025/QH15", "Luật"),
        # OCR and typing noise
        ("Số: 1726/QD-UBND", "1726/QĐ-UBND", "Quyết định"),
        ("Số: 1726/QÐ-UBND", "1726/QĐ-UBND", "Quyết định"),
        ("§ố: 1726/QĐ-UBND", "1726/QĐ-UBND", "Quyết định"),
        ("Số: l726/QĐ-UBND", "1726/QĐ-UBND", "Quyết định"),
        ("Số: 1906 /SGDĐT-CTrTT", "1906/SGDĐT-CTrTT", "Công văn"),
        ("Số: 155/2020/ NĐ - CP", "155/2020/NĐ-CP", "Nghị định"),
        ("Số: 463/KH-UBND          Lai Châu, ngày 06/3/2020", "463/KH-UBND", "Kế hoạch"),
        (
            "Số: 102/2025/NQLT - UBTVQH15 - CP - ĐCTUBTWMTQVN",
            "102/2025/NQLT-UBTVQH15-CP-ĐCTUBTWMTQVN",
            "Nghị quyết liên tịch",
        ),
    ],
)
def test_number_families_and_noise(line: str, number: str, doc_type: str) -> None:
    found = find_number([line])
    assert found is not None
    assert (found.value, found.abbreviation_type) == (number, doc_type)


@pytest.mark.parametrize(
    "lines",
    [
        ["CÔNG BÁO/Số 123 + 124/Ngày 20-01-2026"],  # gazette page header
        ["Căn cứ Quyết định số 876/QĐ-BNV ngày 10/11/2022 của Bộ Nội vụ;"],  # a reference, not the number
        ["Số điện thoại: 0213 3876 543"],
        ["Sở Nội vụ tỉnh Lai Châu"],
    ],
)
def test_not_a_number_line(lines: list[str]) -> None:
    assert find_number(lines) is None


@pytest.mark.parametrize(
    ("lines", "number"),
    [
        (["Số:", "367", "/2025/NĐ-CP", "Hà Nội, ngày 31 tháng 12 năm 2025"], "367/2025/NĐ-CP"),
        (["Pháp lệnh số: 09/2025/UBTVQH15"], "09/2025/UBTVQH15"),
        (["Nghị quyết số: 115/2025/UBTVQH15"], "115/2025/UBTVQH15"),
        (["Số 06/2026/TT-BTС"], "06/2026/TT-BTC"),  # a Cyrillic С in the symbol
        (["Số:", "Căn cứ Luật số 78/2015/QH13;"], None),  # the body starts: no number in the header
        # real shapes from vbpl and Công báo text layers
        (
            ["BỘ TÀI CHÍNH", "Số:", "121", "/", "2025/TT-BTC", "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM"],
            "121/2025/TT-BTC",
        ),
        (
            ["Số: 01/2022/TTLT-VKSNDTC-", "TANDTC-BCA-BQP-BLĐTBXH", "Hà Nội, ngày 18 tháng 02 năm 2022"],
            "01/2022/TTLT-VKSNDTC-TANDTC-BCA-BQP-BLĐTBXH",
        ),
        (["Số: 66.19/2026/NQ-CP", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"], "66.19/2026/NQ-CP"),
        (["Số: ......./BC-UBND"], None),  # a dotted blank is a draft, not a number
    ],
)
def test_number_layouts(lines: list[str], number: str | None) -> None:
    found = find_number(lines)
    assert (found.value if found else None) == number


def test_blank_draft_number_is_null_and_flagged() -> None:
    record = _extract(
        "UBND TỈNH LÂM ĐỒNG\nSố:      /BC-UBND\nLâm Đồng, ngày      tháng      năm 2025\nBÁO CÁO"
    )
    assert record.number is None
    assert record.doc_type == "Báo cáo"
    assert record.issue_date is None
    assert {flag.code for flag in record.flags} == {"number.blank", "date.blank"}


@pytest.mark.parametrize(
    ("line", "expected", "place", "flags"),
    [
        ("Lai Châu, ngày 29 tháng 12 năm 2022", date(2022, 12, 29), "Lai Châu", []),
        ("Hà Nội, ngày 05 tháng 3 năm 2020", date(2020, 3, 5), "Hà Nội", []),
        ("Lai Châu, ngày 06/3/2020", date(2020, 3, 6), "Lai Châu", []),
        ("Lai Châu, ngày 6/3/2020", date(2020, 3, 6), "Lai Châu", ["date.format"]),
        ("Lai Châu, ngày 06-02-2020", date(2020, 2, 6), "Lai Châu", []),
        ("Đà Nẵng, ngày 26 tháng 7 năm 2020", date(2020, 7, 26), "Đà Nẵng", []),
        ("TP. Hồ Chí Minh, ngày 5 tháng 1 năm 2025", date(2025, 1, 5), "TP. Hồ Chí Minh", ["date.format"]),
        ("Lai Châu, ngày 06/3/3020", None, "Lai Châu", ["date.impossible"]),
        ("Lai Châu, ngày 31 tháng 02 năm 2024", None, "Lai Châu", ["date.impossible"]),
        ("Lai Châu, ngày 12 tháng 13 năm 2024", None, "Lai Châu", ["date.impossible"]),
        ("Lai Châu, ngày 12 tháng 12 năm 2027", date(2027, 12, 12), "Lai Châu", ["date.future"]),
        ("Hà Nội, ngày 12 tháng 12 năm 1930", date(1930, 12, 12), "Hà Nội", ["date.implausible"]),
    ],
)
def test_issue_date_line(line: str, expected: date | None, place: str, flags: list[str]) -> None:
    record = _extract(f"SỞ NỘI VỤ\nSố: 27/KH-SNV\n{line}\nKẾ HOẠCH")
    assert record.issue_date == expected
    assert record.place == place
    assert [f.code for f in record.flags] == flags
    for flag in record.flags:
        assert flag.text and line.split(",")[0] in flag.text  # each flag names the text it came from


def test_issue_date_is_not_the_first_date_in_the_text() -> None:
    text = (
        "Thời gian ký: 12.01.2026 09:15:03 +07:00\n"  # e-signature stamp
        "ĐẾN Số: 45 Ngày: 14/01/2026\n"  # incoming stamp
        "ỦY BAN NHÂN DÂN\nTỈNH LAI CHÂU\nSố: 1726/QĐ-UBND\n"
        "Căn cứ Quyết định số 876/QĐ-BNV, Hà Nội, ngày 10 tháng 11 năm 2022;\n"
        "Lai Châu, ngày 29 tháng 12 năm 2022\nQUYẾT ĐỊNH"
    )
    record = _extract(text)
    assert record.issue_date == date(2022, 12, 29)
    assert record.number == "1726/QĐ-UBND"
    assert record.evidence["issue_date"].text == "Lai Châu, ngày 29 tháng 12 năm 2022"


def test_heading_and_symbol_disagree() -> None:
    record = _extract("SỞ NỘI VỤ\nSố: 27/KH-SNV\nLai Châu, ngày 15 tháng 01 năm 2025\nBÁO CÁO\nKết quả")
    assert record.doc_type == "Báo cáo"
    assert [f.code for f in record.flags] == ["number.type_mismatch"]


def test_evidence_from_ocr_carries_page_confidence() -> None:
    record = _extract("SỞ NỘI VỤ\nSố: 42/BC-SNV\nLai Châu, ngày 19 tháng 3 năm 2025", "ocr", 0.9)
    evidence = record.evidence["number"]
    assert (evidence.page, evidence.from_ocr, evidence.confidence) == (1, True, 0.9)
    assert evidence.text == "Số: 42/BC-SNV"


@pytest.mark.parametrize("document", [PLAN, DECISION, LETTER, REPORT], ids=lambda d: d.number)
def test_rendered_documents_golden(fake_reader, golden, document) -> None:
    [read] = fake_reader.read_bytes("x.docx", render_docx(document))
    record = extract_record(read, TODAY)
    assert record.number == document.number
    assert record.issue_date == document.issue_date
    golden(
        "extract",
        f"docx-{document.number.replace('/', '_')}",
        record.model_dump(mode="json", exclude={"pages", "sha256"}),
    )


@pytest.mark.parametrize(
    ("heading", "doc_type"),
    [
        ("QUYẾT ĐỊNH", "Quyết định"),
        ("  KẾ  HOẠCH ", "Kế hoạch"),
        ("THÔNG TƯ1", "Thông tư"),  # footnote mark
        ("VĂN BẢN HỢP NHẤT - BỘ TÀI CHÍNH", "Văn bản hợp nhất"),
        ("PHÁP LỆNH", "Pháp lệnh"),
        ("NGHỊ QUYẾT LIÊN TỊCH", "Nghị quyết liên tịch"),
        ("THÔNG TƯ LIÊN TỊCH", "Thông tư liên tịch"),
        ("QUYẾT ĐỊNH VỀ VIỆC BAN HÀNH", None),  # a sentence, not a heading
        ("Quyết định này có hiệu lực", None),
        ("Kế hoạch", None),  # running text or a table cell, not a capitalised heading
    ],
)
def test_heading_types(heading: str, doc_type: str | None) -> None:
    from extract.doctypes import heading_type

    assert heading_type(heading) == doc_type


@pytest.mark.parametrize(("confidence", "flagged"), [(0.68, True), (0.93, False)])
def test_handwritten_number_is_flagged_not_trusted(confidence: float, flagged: bool) -> None:
    """Word confidences as real scans gave them: a handwritten 334 read at 0.68, printed numbers at 0.84+."""
    from kiemchung.records import Word

    words = [Word(text=t, confidence=c, bbox=(0, 0, 1, 1)) for t, c in
             [("Số:", 0.95), ("334/QĐ-TTg", confidence), ("Hà", 0.96), ("Nội,", 0.96), ("ngày", 0.96), ("15", 0.96),
              ("tháng", 0.96), ("5", 0.96), ("năm", 0.96), ("2025", 0.96)]]  # fmt: skip
    text = "THỦ TƯỚNG CHÍNH PHỦ\nSố: 334/QĐ-TTg\nHà Nội, ngày 15 tháng 5 năm 2025\nQUYẾT ĐỊNH"
    page = Page(number=1, text=text, source="ocr", ocr_confidence=0.9, words=words)
    record = extract_record(ReadRecord(file="x", pages=[page]), TODAY)
    codes = [flag.code for flag in record.flags]
    assert ("number.unreadable" in codes) is flagged
    assert record.evidence["number"].confidence == (confidence if flagged else 0.9)
    assert "date.unreadable" not in codes


@pytest.mark.parametrize(
    ("header", "issuer", "parent"),
    [
        (["ỦY BAN NHÂN DÂN", "TỈNH LAI CHÂU"], "Ủy ban nhân dân tỉnh Lai Châu", None),
        (["UBND TỈNH LAI CHÂU", "SỞ NỘI VỤ"], "Sở Nội vụ tỉnh Lai Châu", "Ủy ban nhân dân tỉnh Lai Châu"),
        (["UBND TỈNH LÂM ĐỒNG", "SỞ NỘI VỤ"], "Sở Nội vụ tỉnh Lâm Đồng", "Ủy ban nhân dân tỉnh Lâm Đồng"),
        (["TỈNH ỦY LAI CHÂU"], "Tỉnh ủy Lai Châu", None),
        (["CHÍNH PHỦ"], "Chính phủ", None),
        (["BỘ NỘI VỤ"], "Bộ Nội vụ", None),
        (["THỦ TƯỚNG CHÍNH PHỦ"], "Thủ tướng Chính phủ", None),
        (
            ["UBND THÀNH PHỐ ĐÀ NẴNG", "SỞ GIÁO DỤC VÀ ĐÀO TẠO"],
            "Sở Giáo dục và Đào tạo thành phố Đà Nẵng",
            "Ủy ban nhân dân thành phố Đà Nẵng",
        ),
        (["BỘ CÔNG AN", "CÔNG AN TỈNH LÂM ĐỒNG"], "Công an tỉnh Lâm Đồng", "Bộ Công an"),
        (
            ["HỘI CÔNG CHỨNG VIÊN", "TỈNH LÂM ĐỒNG"],
            "Hội công chứng viên tỉnh Lâm Đồng",
            None,
        ),  # not in the gazetteer
        # OCR noise and text-layer merges with the motto
        (["UBND TINH LAM ĐỌNG", "SỞ NỘI VU"], "Sở Nội vụ tỉnh Lâm Đồng", "Ủy ban nhân dân tỉnh Lâm Đồng"),
        (
            [
                "ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                "TỈNH LAI CHÂU Độc lập - Tự do - Hạnh phúc",
            ],
            "Ủy ban nhân dân tỉnh Lai Châu",
            None,
        ),
        (["CÔNG BÁO/Số 302/Ngày 02-06-2026", "BỘ XÂY DỰNG", "_______"], "Bộ Xây dựng", None),
        (
            ["UBND TỈNH LÂM ĐỒNG", "VĂN PHÒNG"],
            "Văn phòng Ủy ban nhân dân tỉnh Lâm Đồng",
            "Ủy ban nhân dân tỉnh Lâm Đồng",
        ),  # lamdong phiếu trình: the committee's office
    ],
)
def test_issuer_from_header(header: list[str], issuer: str, parent: str | None) -> None:
    record = _extract("\n".join([*header, "Số: 27/KH-SNV", "Lai Châu, ngày 15 tháng 01 năm 2025"]))
    assert (record.issuer, record.parent_issuer) == (issuer, parent)
    assert record.evidence["issuer"].text


@pytest.mark.parametrize(
    ("body", "subject"),
    [
        (
            ["KẾ HOẠCH", "Cải cách hành chính năm 2025", "", "Căn cứ Quyết định số 1726/QĐ-UBND;"],
            "Cải cách hành chính năm 2025",
        ),
        (
            [
                "QUYẾT ĐỊNH",
                "Ban hành Bộ tiêu chí đánh giá Chỉ số",
                "cải cách hành chính",
                "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH",
            ],
            "Ban hành Bộ tiêu chí đánh giá Chỉ số cải cách hành chính",
        ),
        (
            ["THÔNG TƯ", "QUY ĐỊNH QUY TẮC ỨNG XỬ CỦA NHÀ GIÁO", "Căn cứ Luật Nhà giáo;"],
            "Quy định quy tắc ứng xử của nhà giáo",
        ),
        (
            [
                "V/v đôn đốc gửi tài liệu kiểm",
                "chứng cải cách hành chính",
                "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            ],
            "đôn đốc gửi tài liệu kiểm chứng cải cách hành chính",
        ),
        (["Kính gửi: Các sở, ban, ngành."], None),
        # real shapes from vbpl texts
        (
            [
                "THÔNG TƯ",
                "Sửa đổi, bổ sung một số điều của Thông tư số",
                "43/2025/TT-BCT",
                "ngày 04 tháng 7 năm 2025 của Bộ trưởng Bộ Công Thương",
                "_____",
                "Căn cứ Nghị định;",
            ],
            "Sửa đổi, bổ sung một số điều của Thông tư số 43/2025/TT-BCT ngày 04 tháng 7 năm 2025 của Bộ trưởng "
            "Bộ Công Thương",
        ),  # doc_000264: a number alone on a line does not end the subject
        (
            [
                "QUYẾT ĐỊNH",
                "Quy định định mức phân bổ vốn ngân sách trung ương",
                "thực hiện Chương trình mục tiêu quốc gia",
                "Căn cứ Luật;",
            ],
            "Quy định định mức phân bổ vốn ngân sách trung ương thực hiện Chương trình mục tiêu quốc gia",
        ),  # doc_000110: "thực hiện" in lower case continues the subject
        (
            [
                "NGHỊ QUYẾT",
                "ĐIỀU CHỈNH CHƯƠNG TRÌNH LẬP PHÁP NĂM 2025",
                "ỦY BAN THƯỜNG VỤ QUỐC HỘI",
                "Căn cứ;",
            ],
            "Điều chỉnh chương trình lập pháp năm 2025",
        ),  # doc_000089: the enacting authority under a capitalised subject is not part of it
        (
            [
                "THÔNG TƯ",
                "Quy định về hạn ngạch thuế quan giữa Chính phủ nước Cộng hòa Xã hội Chủ nghĩa Việt Nam",
                "và Chính phủ nước Cộng hòa Dân chủ Nhân dân Lào",
                "Căn cứ;",
            ],
            "Quy định về hạn ngạch thuế quan giữa Chính phủ nước Cộng hòa Xã hội Chủ nghĩa Việt Nam và Chính phủ "
            "nước Cộng hòa Dân chủ Nhân dân Lào",
        ),  # doc_000061: the country's name in running text is not the motto
        (["T", "HÔNG TƯ", "Quy định quản lý vốn", "Căn cứ;"], "Quy định quản lý vốn"),  # doc_000052
        (["NGHỊ", "ĐỊNH", "Quy định chi tiết một số điều", "Căn cứ;"], "Quy định chi tiết một số điều"),
        (
            [
                "NGHỊ ĐỊNH",
                "S",
                "ửa đổi, bổ sung một số điều của",
                "N",
                "ghị định số 156/2018/",
                "NĐ-CP",
                "Căn cứ;",
            ],
            "Sửa đổi, bổ sung một số điều của Nghị định số 156/2018/NĐ-CP",
        ),  # doc_000452: drop capitals and a number cut by the text layer
        (
            ["QUYẾT ĐỊNH", "Ban hành Quy chế tự kiểm tra", "Căn c", "ứ Luật Tổ chức Chính phủ;"],
            "Ban hành Quy chế tự kiểm tra",
        ),
        (
            ["THÔNG TƯ", "Ban hành Quy chế tự kiểm tra", "Căn c ứ Luật Tổ chức Chính phủ;"],
            "Ban hành Quy chế tự kiểm tra",
        ),
    ],
)
def test_subject(body: list[str], subject: str | None) -> None:
    record = _extract("\n".join(["SỞ NỘI VỤ", "Số: 27/SNV-VP", "Lai Châu, ngày 15 tháng 01 năm 2025", *body]))
    assert record.subject == subject


@pytest.mark.parametrize(
    ("tail", "signer", "title"),
    [
        (
            ["Nơi nhận:", "- Như trên;", "- Lưu: VT.", "KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Nguyễn Văn Hùng"],
            "Nguyễn Văn Hùng",
            "KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC",
        ),
        # OCR interleaves the recipients with the capacity
        (
            ["Nơi nhận: KT. GIÁM ĐỐC", "- Như trên; PHÓ GIÁM ĐỐC", "- Lưu: VT.", "", "Nguyễn Văn Hùng"],
            "Nguyễn Văn Hùng",
            "KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC",
        ),
        # an e-signature stamp names the clerk who signed the file: not the signer
        (
            ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Hà Trọng Hải", "Người ký: Lê Văn Thư"],
            "Hà Trọng Hải",
            "TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH / PHÓ CHỦ TỊCH",
        ),
        (["Người ký: Lê Văn Thư", "Thời gian ký: 12.01.2026 09:15:03"], None, None),
        (
            ["TM. CHÍNH PHỦ", "THỦ TƯỚNG", "", "", "Nguyễn Xuân Phúc"],
            "Nguyễn Xuân Phúc",
            "TM. CHÍNH PHỦ / THỦ TƯỚNG",
        ),
    ],
)
def test_signer_and_capacity(tail: list[str], signer: str | None, title: str | None) -> None:
    record = _extract("\n".join(["SỞ NỘI VỤ", "Số: 27/KH-SNV", "Lai Châu, ngày 15 tháng 01 năm 2025", "KẾ HOẠCH",
                                 "Cải cách hành chính", "Nội dung.", *tail]))  # fmt: skip
    assert (record.signer, record.signer_title) == (signer, title)


def test_references_and_date_before_reference() -> None:
    text = "\n".join(
        [
            "UBND TỈNH LAI CHÂU", "SỞ NỘI VỤ", "Số: 27/KH-SNV", "Lai Châu, ngày 15 tháng 01 năm 2025", "KẾ HOẠCH",
            "Cải cách hành chính năm 2025",
            "Căn cứ Quyết định số 876/QĐ-BNV ngày 10/11/2022 của Bộ Nội vụ;",
            "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;",
            "Thực hiện Kế hoạch số 213/KH-UBND ngày 15/7/2025 của UBND tỉnh Lai Châu về cải cách hành chính;",
            "Sở Nội vụ ban hành Kế hoạch số 27/KH-SNV như sau:",
        ]
    )  # fmt: skip
    record = _extract(text)
    cited = [(r.number, r.doc_type, r.issue_date, r.issuer) for r in record.references]
    assert cited == [
        ("876/QĐ-BNV", "Quyết định", date(2022, 11, 10), "Bộ Nội vụ"),
        ("213/KH-UBND", "Kế hoạch", date(2025, 7, 15), "Ủy ban nhân dân tỉnh Lai Châu"),
    ]  # a law without a number is not a reference we can check; the document's own number is not one
    flags = [(f.code, f.text) for f in record.flags]
    assert flags == [("date.before_reference", text.split("\n")[8])]


@pytest.mark.parametrize(
    ("lines", "number", "repaired"),
    [
        (["HỘI CÔNG CHỨNG VIÊN", "— đ:40/HCCV Lâm Đồng, ngày 05 tháng 9 năm 2025"], "40/HCCV", True),
        (["V/v: 12 nội dung"], None, False),  # a colon and digits, but no number token
    ],
)
def test_garbled_number_label(lines: list[str], number: str | None, repaired: bool) -> None:
    found = find_number(lines)
    assert (found.value if found else None) == number
    if found:
        assert found.repaired is repaired


def test_illegible_day_and_month_are_flagged_not_guessed() -> None:
    record = _extract("BỘ CÔNG AN\nSố: 3980/C04-P6 Hà Nội, ngày #Š rán Ÿ_ năm 2025\nV/v chuẩn bị")
    assert record.issue_date is None
    assert [f.code for f in record.flags] == ["date.unreadable"]
    assert record.place == "Hà Nội"


def test_consolidated_text_takes_number_from_its_authentication_block() -> None:
    text = "\n".join(
        [
            "BỘ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI", "Số: 13/2022/TT-BLĐTBXH", "Hà Nội, ngày 29 tháng 6 năm 2022",
            "THÔNG TƯ", "Hướng dẫn thực hiện chế độ", "Điều 1. Phạm vi", "...",
            "Số: 470/VBHN-BLĐTBXH", "XÁC THỰC VĂN BẢN HỢP NHẤT", "BỘ TRƯỞNG",
        ]
    )  # fmt: skip
    record = _extract(text)
    assert (record.number, record.doc_type) == ("470/VBHN-BLĐTBXH", "Văn bản hợp nhất")
    assert record.evidence["number"].text == "Số: 470/VBHN-BLĐTBXH"


def test_consolidated_text_takes_issuer_and_date_from_its_authentication_block() -> None:
    """Shape of van-ban-hop-nhat-so-6659-vbhn-bldtbxh (Công báo): no Số or date line on top, the block at the end
    with blank lines between its number and its mark, and the original's date in the preamble."""
    text = "\n".join(
        [
            "VĂN BẢN HỢP NHẤT -", "BỘ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "Độc lập - Tự do - Hạnh phúc", "THÔNG TƯ", "Hướng dẫn thực hiện chế độ tiền lương",
            "Thông tư số 26/2016/TT-BLĐTBXH ngày 01 tháng 9 năm 2016 của Bộ trưởng, có hiệu lực từ ngày 15/10/2016",
            "Điều 1. Phạm vi", "...", "", "BỘ LAO ĐỘNG - THƯƠNG BINH", "VÀ XÃ HỘI", "", "Số: 6659/VBHN-BLĐTBXH",
            "", "", "", "XÁC THỰC VĂN BẢN HỢP NHẤT", "Hà Nội, ngày 30 tháng 12 năm 2024", "KT. BỘ TRƯỞNG",
        ]
    )  # fmt: skip
    record = _extract(text)
    assert (record.number, record.issue_date) == ("6659/VBHN-BLĐTBXH", date(2024, 12, 30))
    assert record.issuer == "Bộ Lao động - Thương binh và Xã hội"
    assert record.flags == []


def test_date_line_broken_mid_word_by_the_text_layer() -> None:
    """doc_000079 (vbpl): 'Hà N' / 'ội, ng' / 'ày 10 tháng 9 năm 2025'."""
    record = _extract(
        "CHÍNH PHỦ\nSố: 242/2025/NĐ-CP\nHà N\nội, ng\này 10 tháng 9 năm 2025\nNGHỊ ĐỊNH\nVề quản lý"
    )
    assert (record.issue_date, record.place) == (date(2025, 9, 10), "Hà Nội")


def test_markdown_header_cells() -> None:
    """Pandoc conversions (resolutions/1670_NQ-UBTVQH15.md): bold marks and line-break backslashes in the cells."""
    text = "\n".join(
        [
            "  ----------------------- -----------------------------------------------",
            "    **ỦY BAN THƯỜNG VỤ\\        **CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\\",
            "         QUỐC HỘI\\                 Độc lập - Tự do - Hạnh phúc\\",
            "     \\-\\-\\-\\-\\-\\-\\--**            \\-\\-\\-\\-\\-\\-\\-\\-\\--**",
            "",
            "   Số: 1670/NQ-UBTVQH15         *Hà Nội, ngày 16 tháng 6 năm 2025*",
        ]
    )
    record = _extract(text)
    assert (record.number, record.issue_date) == ("1670/NQ-UBTVQH15", date(2025, 6, 16))
    assert record.issuer == "Ủy ban Thường vụ Quốc hội"


def test_header_printed_after_the_preamble_is_read() -> None:
    """Công báo text layers emit the header table after the first "Căn cứ" lines (thong-tu-so-09-2026-tt-bnv)."""
    text = "\n".join(
        [
            "CÔNG BÁO/Số 332/Ngày 16-06-2026", "42", "THÔNG TƯ",
            "Sửa đổi, bổ sung một số điều của Thông tư số 21/2021/TT-BLĐTBXH",
            "Căn cứ Nghị định số 25/2025/NĐ-CP của Chính phủ;", "1. Sửa đổi Điều 4 như sau:",
            "BỘ NỘI VỤ", " ", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", " ",
            "Số: 09/2026/TT-BNV", "Hà Nội, ngày 15 tháng 05 năm 2026",
            "Ký bởi: CÔNG BÁO NƯỚC CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Ngày ký: 2026-06-15 17:35:01 +07:00",
        ]
    )  # fmt: skip
    record = _extract(text)
    assert (record.number, record.doc_type, record.issue_date) == (
        "09/2026/TT-BNV",
        "Thông tư",
        date(2026, 5, 15),
    )
    assert record.issuer == "Bộ Nội vụ"
    assert record.subject == "Sửa đổi, bổ sung một số điều của Thông tư số 21/2021/TT-BLĐTBXH"


def test_number_cited_in_the_body_is_not_a_displaced_header() -> None:
    record = _extract(
        "THÔNG TƯ\nVề việc\nCăn cứ Luật số 78/2015/QH13;\nĐiều 1.\nSố: 12/2020/TT-BTC\nthay thế"
    )
    assert record.number is None
    assert "number.missing" in {flag.code for flag in record.flags}


@pytest.mark.parametrize(
    ("printed", "written"),
    [
        (
            "SỬA ĐỔI, BỔ SUNG MỘT SỐ ĐIỀU CỦA THÔNG TƯ SỐ 05/2022/TT-BYT NGÀY 01 THÁNG 08 NĂM 2022 CỦA BỘ TRƯỞNG BỘ Y TẾ",
            "Sửa đổi, bổ sung một số điều của Thông tư số 05/2022/TT-BYT ngày 01 tháng 08 năm 2022 của Bộ trưởng Bộ Y tế",
        ),
        (
            "HƯỚNG DẪN THỰC HIỆN CÁC ĐIỂM đ, h, i, k KHOẢN 1 ĐIỀU 12a NGHỊ ĐỊNH SỐ 05/2011/NĐ-CP CỦA CHÍNH PHỦ",
            "Hướng dẫn thực hiện các điểm đ, h, i, k khoản 1 Điều 12a Nghị định số 05/2011/NĐ-CP của Chính phủ",
        ),
        ("VỀ VỐN HỖ TRỢ PHÁT TRIỂN CHÍNH THỨC (ODA)", "Về vốn hỗ trợ phát triển chính thức (ODA)"),
        (
            "SỬA ĐỔI MỘT SỐ ĐIỀU CỦA LUẬT BẢO HIỂM XÃ HỘI VÀ VĂN BẢN QUY PHẠM PHÁP LUẬT",
            "Sửa đổi một số điều của Luật Bảo hiểm xã hội và văn bản quy phạm pháp luật",
        ),
        (
            "BAN HÀNH QUY CHẾ LÀM VIỆC CỦA ỦY BAN NHÂN DÂN TỈNH LAI CHÂU",
            "Ban hành Quy chế làm việc của Ủy ban nhân dân tỉnh Lai Châu",
        ),
        (
            "KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH CỦA BỘ NỘI VỤ NĂM 2025",
            "Kế hoạch cải cách hành chính của Bộ Nội vụ năm 2025",
        ),
        (
            "XÂY DỰNG TỈNH HÒA BÌNH VÌ HÒA BÌNH",
            "Xây dựng tỉnh Hòa Bình vì hòa bình",
        ),  # a province only after "tỉnh"
        ("VỀ ĐẤT ĐAI TẠI VIỆT NAM, PHẦN LỚN MỤC TIÊU", "Về đất đai tại Việt Nam, phần lớn mục tiêu"),
        (
            "HỘI NGHỊ LẦN THỨ 11 BAN CHẤP HÀNH TRUNG ƯƠNG ĐẢNG KHÓA XIII",
            "Hội nghị lần thứ 11 Ban Chấp hành Trung ương Đảng khóa XIII",
        ),
        ("QUY CHUẨN VỀ XI MĂNG, PHẦN II", "Quy chuẩn về xi măng, Phần II"),
    ],
)
def test_capitalised_subject_keeps_proper_nouns(printed: str, written: str) -> None:
    from extract.casing import sentence_case

    assert sentence_case(printed) == written


def test_legal_database_record_page_is_read_and_flagged() -> None:
    """Shape of the vbpl.vn record pages in ../shared/data/vbpl (doc_000008): labelled fields, no header."""
    lines = [
        "Trang chủ", ">", "Văn bản quy phạm pháp luật Trung ương", ">",
        "Văn bản hợp nhất số 8376 /VBHN-BTP Quy định chế độ báo cáo công tác thi hành pháp luật",
        "về xử lý vi phạm hành chính", "TRANG CHỦ",
        "Thuộc tính", "Số hiệu", "8376 /VBHN-BTP", "Loại văn bản", "Văn bản hợp nhất", "Ngành", "--",
        "Ngày ký xác thực", "18/12/2025", "Ngày có hiệu lực", "18/12/2025", "Cơ quan ban hành", "Bộ Tư pháp",
        "Chức danh", "Thứ trưởng", "Người ký", "Phan Chí Hiếu",
    ]  # fmt: skip
    record = _extract("\n".join(lines))
    assert (record.number, record.doc_type, record.issue_date) == (
        "8376/VBHN-BTP",
        "Văn bản hợp nhất",
        date(2025, 12, 18),
    )
    assert (record.issuer, record.signer) == ("Bộ Tư pháp", "Phan Chí Hiếu")
    assert record.subject == "Quy định chế độ báo cáo công tác thi hành pháp luật về xử lý vi phạm hành chính"
    assert [flag.code for flag in record.flags] == ["document.record_page"]
    assert record.evidence["issuer"].text == "Cơ quan ban hành: Bộ Tư pháp"


def test_an_official_document_is_not_a_record_page() -> None:
    record = _extract(
        "BỘ TƯ PHÁP\nSố: 12/2025/TT-BTP\nHà Nội, ngày 05 tháng 3 năm 2025\nTHÔNG TƯ\nSố hiệu\nQuy định"
    )
    assert "document.record_page" not in {flag.code for flag in record.flags}


@pytest.mark.parametrize(
    "after_motto",
    [
        ["ĐIỀU LỆ (SỬA ĐỔI, BỔ SUNG)", "HỘI THIỆN NGUYỆN"],
        ["(DỰ THẢO)", "ĐIỀU LỆ"],
        ["ĐIỀU LỆ", "HỘI CỰU GIÁO CHỨC"],
    ],
)
def test_header_without_number_line_ends_at_the_motto(after_motto: list[str]) -> None:
    """lamdong annexes (Điều lệ 'Kèm theo Quyết định'): no Số line; capitals after the motto are their title."""
    header = [
        "ỦY BAN NHÂN DÂN",
        "TỈNH LÂM ĐỒNG",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
    ]
    record = _extract(
        "\n".join([*header, *after_motto, "(Kèm theo Quyết định số      /QĐ-UBND)", "Chương I"])
    )
    assert (record.issuer, record.parent_issuer) == ("Ủy ban nhân dân tỉnh Lâm Đồng", None)
