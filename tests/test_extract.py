"""Extraction rules: should-read / should-not-read tables per number family, date form and trap."""

from __future__ import annotations

from datetime import date

import pytest

from extract import extract_record
from extract.numbers import find_number
from kiemchung.specimens.docx import render_docx
from kiemchung.specimens.sample import DECISION, LETTER, PLAN, REPORT
from model.records import Page, ReadRecord

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
        ("PHIẾU TRÌNH", "Phiếu trình"),  # an office's routing slip (Số: 102/PT-NC)
        ("PHIẾU TRÌNH GIẢI QUYẾT CÔNG VIỆC", "Phiếu trình"),  # the form BM01/VPUB-QT's heading
        ("PHIẾU TRÌNH CHỦ TỊCH", None),  # a sentence, not the form's heading
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
    from model.records import Word

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
        # a narrow column wraps the name after its kind, beside the motto
        (
            [
                "ỦY BAN NHÂN DÂN TỈNH CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                "LAI CHÂU Độc lập - Tự do - Hạnh phúc",
            ],
            "Ủy ban nhân dân tỉnh Lai Châu",
            None,
        ),
        (["HỘI ĐỒNG NHÂN DÂN XÃ", "ĐỨC TRỌNG"], "Hội đồng nhân dân xã Đức Trọng", None),
        # a kind of two words
        (["ỦY BAN NHÂN DÂN THÀNH PHỐ", "ĐÀ NẴNG"], "Ủy ban nhân dân thành phố Đà Nẵng", None),
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
            [
                "UBND TỈNH BÌNH THUẬN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                "SỞ NỘI VỤ Độc lập – Tự do – Hạnh phúc",
            ],
            "Sở Nội vụ tỉnh Bình Thuận",
            "Ủy ban nhân dân tỉnh Bình Thuận",
        ),  # lamdong signed PDFs: the motto with en dashes shares the issuer's line
        (
            ["UBND TỈNH LÂM ĐỒNG", "SỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG Đ ộ c l ậ p - T ự d o - Hạnh phúc"],
            "Sở Nông nghiệp và Môi trường tỉnh Lâm Đồng",
            "Ủy ban nhân dân tỉnh Lâm Đồng",
        ),  # a text layer that spaced the motto's letters
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


def test_a_cited_issuer_cut_at_the_lines_end_is_read_whole() -> None:
    text = "\n".join(
        [
            "SỞ NỘI VỤ", "Số: 27/KH-SNV", "Lai Châu, ngày 15 tháng 01 năm 2025", "KẾ HOẠCH", "Cải cách hành chính",
            "Căn cứ Quyết định số 1726/QĐ-UBND ngày 29/12/2022 của Ủy",
            "ban nhân dân tỉnh Lai Châu về việc ban hành Kế hoạch;",
            "Căn cứ Kế hoạch số 463/KH-UBND ngày 06/3/2020 của Ủy ban nhân dân tỉnh.",
            "Căn cứ Quyết định số 876/QĐ-BNV ngày 10/11/2022 của Bộ Nội vụ;",
            "Thông tư số 01/2023/TT-BNV của Bộ Nội vụ;",
        ]
    )  # fmt: skip
    cited = [(r.number, r.issuer) for r in _extract(text).references]
    assert cited == [
        ("1726/QĐ-UBND", "Ủy ban nhân dân tỉnh Lai Châu"),
        ("463/KH-UBND", "Ủy ban nhân dân tỉnh"),
        ("876/QĐ-BNV", "Bộ Nội vụ"),  # ended by its ';': the next line's document is not its issuer
        ("01/2023/TT-BNV", "Bộ Nội vụ"),
    ]


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
