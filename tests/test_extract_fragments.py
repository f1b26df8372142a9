"""Header fields broken over many lines (issue 14): the header's logical lines are rebuilt before parsing, and
only the header's: a citation broken the same way in the body stays the body's."""

from __future__ import annotations

from datetime import date

import pytest

from extract import extract_record
from extract.fragments import rebuild_header
from model.records import Page, ReadRecord

TODAY = date(2026, 11, 23)
TOP = ["BỘ TÀI CHÍNH", "-------", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]


def _extract(lines: list[str]):
    page = Page(number=1, text="\n".join(lines), source="text")
    return extract_record(ReadRecord(file="x", pages=[page]), TODAY)


@pytest.mark.parametrize(
    ("number_lines", "number", "doc_type"),
    [
        (["Số:", "27", "/202", "5", "/TT-BTC"], "27/2025/TT-BTC", "Thông tư"),
        (["Luật số:", "64", "/202", "5", "/QH1", "5"], "64/2025/QH15", "Luật"),
        (["Số: 27", "/2025/TT-BTC"], "27/2025/TT-BTC", "Thông tư"),
        (["Số:", "", "249", "", "/2025/NĐ", "-CP"], "249/2025/NĐ-CP", "Nghị định"),
        (["Số:", "131/2025/TT-BCA"], "131/2025/TT-BCA", "Thông tư"),
        (["Số: 12/2024/TT-BTC"], "12/2024/TT-BTC", "Thông tư"),  # not broken: unchanged
    ],
)
def test_broken_number_is_rebuilt(number_lines: list[str], number: str, doc_type: str) -> None:
    date_line = "Hà Nội, ngày 09 tháng 12 năm 2025"
    result = _extract([*TOP[:2], *number_lines, *TOP[2:], date_line, doc_type.upper(), "Quy định"])
    assert (result.number, result.doc_type) == (number, doc_type)
    assert not {flag.code for flag in result.flags} & {"number.type_mismatch", "number.missing"}
    assert result.issue_date == date(2025, 12, 9)


@pytest.mark.parametrize(
    "date_lines",
    [
        ["Hà Nội, ngày 09", "tháng 12", "năm 2025"],
        ["Hà Nội, ngày", "09 tháng 12 năm 2025"],
        ["Hà Nội,", "ngày 09 tháng 12 năm 2025"],
        ["Hà Nội, ngày", "09", "tháng", "12", "năm", "2025"],
        ["Hà Nội, ngày 09 tháng 12 năm", "2025"],
        ["Hà Nội, ngày 09", "", "tháng 12", "", "năm 2025"],
    ],
)
def test_broken_date_line_is_rebuilt(date_lines: list[str]) -> None:
    result = _extract([*TOP[:2], "Số: 27/2025/TT-BTC", *TOP[2:], *date_lines, "THÔNG TƯ", "Quy định"])
    assert (result.issue_date, result.place) == (date(2025, 12, 9), "Hà Nội")
    assert result.evidence["issue_date"].text == " ".join(line for line in date_lines if line)


def test_draft_with_broken_blank_date_stays_a_draft() -> None:
    result = _extract([*TOP[:2], "Số:", "/TT-BTC", *TOP[2:], "Hà Nội, ngày", "tháng", "năm 2025", "THÔNG TƯ"])
    codes = {flag.code for flag in result.flags}
    assert result.number is None and result.issue_date is None
    assert {"number.blank", "date.blank"} <= codes


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        # a body citation broken like a header number is not rebuilt: the header ends where the body starts
        (["Căn cứ Luật Tổ chức Chính phủ", "số", "121", "/202", "5"],
         ["Căn cứ Luật Tổ chức Chính phủ", "số", "121", "/202", "5"]),
        # a symbol never swallows the heading broken below it
        (["Số:", "12/2025/NĐ-CP", "NGHỊ", "ĐỊNH"], ["Số: 12/2025/NĐ-CP", "NGHỊ", "ĐỊNH"]),
        (["Luật số:", "137", "/2025/QH15", "LUẬT"], ["Luật số: 137/2025/QH15", "LUẬT"]),
        # a whole symbol takes no footnote mark from the next line
        (["Luật số:", "45/2025/QH15", "1"], ["Luật số: 45/2025/QH15", "1"]),
        (["Số: 12/2025/TT-BTC", "2"], ["Số: 12/2025/TT-BTC", "2"]),
        # a whole date line and the line after it stay apart
        (["Hà Nội, ngày 09 tháng 12 năm 2025", "2026"], ["Hà Nội, ngày 09 tháng 12 năm 2025", "2026"]),
        # a place line whose next line is not a date is left alone
        (["Hà Nội,", "THÔNG TƯ"], ["Hà Nội,", "THÔNG TƯ"]),
        # a "Số" line with words after it is not a broken number
        (["Số: 27/TB-SNV ngày 05/3/2025", "/202"], ["Số: 27/TB-SNV ngày 05/3/2025", "/202"]),
    ],
)  # fmt: skip
def test_what_is_not_rebuilt(lines: list[str], expected: list[str]) -> None:
    assert rebuild_header(lines) == expected


def test_body_citation_is_not_the_header_number() -> None:
    """Without a number in the header, a broken citation in the preamble never becomes the number."""
    body = ["Căn cứ Luật Tổ chức Chính phủ", "số", "121", "/202", "5", "/QH1", "5;", "Điều 1."]
    result = _extract(["CHÍNH PHỦ", *TOP[2:], "Hà Nội, ngày 09 tháng 12 năm 2025", "NGHỊ ĐỊNH", *body])
    assert result.number is None
    assert "number.missing" in {flag.code for flag in result.flags}
