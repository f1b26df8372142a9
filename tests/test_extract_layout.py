"""Headers where text layers put them: after the preamble, in an authentication block, broken mid-word, in Markdown cells."""

from __future__ import annotations

from datetime import date

import pytest

from extract import extract_record
from model.records import Page, ReadRecord

TODAY = date(2026, 11, 23)


def _extract(text: str):
    return extract_record(ReadRecord(file="x", pages=[Page(number=1, text=text, source="text")]), TODAY)


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
