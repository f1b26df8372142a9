"""Subjects (trích yếu): wrapped and broken lines, capitalised subjects in sentence case keeping names, record pages."""

from __future__ import annotations

from datetime import date

import pytest

from extract import extract_record
from model.records import Page, ReadRecord

TODAY = date(2026, 11, 23)


def _extract(text: str):
    return extract_record(ReadRecord(file="x", pages=[Page(number=1, text=text, source="text")]), TODAY)


@pytest.mark.parametrize(
    ("body", "subject"),
    [
        (
            ["KẾ HOẠCH", "Cải cách hành chính năm 2025", "", "Căn cứ Quyết định số 1726/QĐ-UBND;"],
            "Cải cách hành chính năm 2025",
        ),
        (  # a plan titled "Thực hiện …": the first line under the heading is the subject, the next opens the body
            [
                "KẾ HOẠCH",
                "Thực hiện Chương trình cải cách hành chính năm 2025",
                "Thực hiện Kế hoạch số 213/KH-UBND, Sở Nội vụ xây dựng kế hoạch như sau:",
            ],
            "Thực hiện Chương trình cải cách hành chính năm 2025",
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
            ["LUẬT", "HOẠT ĐỘNG GIÁM SÁT CỦA", "QUỐC HỘI VÀ HỘI ĐỒNG NHÂN DÂN", "Căn cứ"],
            "Hoạt động giám sát của Quốc hội và Hội đồng nhân dân",
        ),  # a body's name wrapping the subject is not the enacting authority
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


# papers with no administrative header (no `Số:`, no motto, no type heading), shaped as the lamdong conference
# papers and score sheets: the title they open with in capitals is their subject, never their issuer
HEADERLESS = [
    (
        [
            "TÓM TẮT TRỌNG TÂM, TRỌNG ĐIỂM BÁO CÁO CÔNG TÁC",
            "CẢI CÁCH HÀNH CHÍNH NĂM 2025 VÀ PHƯƠNG HƯỚNG,",
            "NHIỆM VỤ NĂM 2026 TỈNH LÂM ĐỒNG",
            "",
            "I. BỐI CẢNH VÀ CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH",
            "Năm 2025, tỉnh Lâm Đồng triển khai công tác cải cách hành chính.",
        ],
        "Tóm tắt trọng tâm, trọng điểm báo cáo công tác cải cách hành chính năm 2025 và phương hướng, nhiệm vụ "
        "năm 2026 tỉnh Lâm Đồng",
    ),
    (  # a score sheet: its table's header row is not the title
        [
            "ĐIỂM TỔNG HỢP – SỞ TÀI CHÍNH",
            "STT | NHÓM CHỈ TIÊU | CHỈ SỐ | ĐƠN VỊ | TỶ LỆ % | ĐIỂM ĐÁNH GIÁ",
            "1 | A | B",
        ],
        "Điểm tổng hợp – Sở Tài chính",
    ),
    (
        [
            "BÀI PHÁT BIỂU KHAI MẠC",
            "Kính thưa các đồng chí,",
            "Hôm nay, Ủy ban nhân dân tỉnh tổ chức hội nghị.",
        ],
        "Bài phát biểu khai mạc",
    ),
    (["KẾT QUẢ", "Năm 2025 đạt 45/45 nhiệm vụ."], None),  # a word of two syllables is no title
]


@pytest.mark.parametrize(("lines", "subject"), HEADERLESS)
def test_a_headerless_paper_is_about_its_title_and_has_no_issuer(
    lines: list[str], subject: str | None
) -> None:
    record = _extract("\n".join(lines))
    assert (record.issuer, record.parent_issuer) == (None, None)
    assert record.subject == subject
    if subject:
        assert record.evidence["subject"].text.startswith(lines[0])


@pytest.mark.parametrize(
    ("lines", "issuer"),
    [
        # the header's body names itself without `Số:` or the motto (a scan that lost both): still the issuer
        (
            ["UBND TỈNH LÂM ĐỒNG", "SỞ NỘI VỤ", "BÁO CÁO", "Kết quả cải cách hành chính năm 2025"],
            "Sở Nội vụ tỉnh Lâm Đồng",
        ),
        (["ỦY BAN NHÂN DÂN", "TỈNH LAI CHÂU", "Kính gửi: Sở Nội vụ"], "Ủy ban nhân dân tỉnh Lai Châu"),
        # with the motto, the capitals above it are the header whatever they say
        (
            ["HỘI CỰU GIÁO CHỨC", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"],
            "Hội cựu giáo chức",
        ),
    ],
)
def test_a_header_naming_a_body_keeps_its_issuer(lines: list[str], issuer: str) -> None:
    record = _extract("\n".join(lines))
    assert record.issuer == issuer
    assert record.subject != "Ủy ban nhân dân tỉnh Lai Châu"
