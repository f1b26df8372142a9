"""Self-assessment cross-check: citations read from the evidence column, the table read from DOCX and XLSX, and
the flags `check --self-assessment` raises where the table and the submitted files disagree."""

from __future__ import annotations

import json
from datetime import date

import pytest

from matcher.citations import number_key, parse_citations
from tests.conftest import DATA, SHARED_DATA

TABLE_JSON = SHARED_DATA / "framework" / "lamdong_2025_PAR_selfassessment_table.json"

# text -> (number, type, date, issuer) of each citation, in order
SHOULD_PARSE = [
    (
        "Báo cáo số 42/BC-UBND ngày 19/3/2025 của UBND tỉnh Lâm Đồng về công tác cải cách hành chính quý I",
        [("42/BC-UBND", "Báo cáo", date(2025, 3, 19), "Ủy ban nhân dân tỉnh Lâm Đồng")],
    ),
    (
        "Quyết định 1726/QĐ-UBND ngày 29/12/2022 của UBND tỉnh Lai Châu",
        [("1726/QĐ-UBND", "Quyết định", date(2022, 12, 29), "Ủy ban nhân dân tỉnh Lai Châu")],
    ),
    ("Kế hoạch số 213/KH-UBND ngày 15/7/2025", [("213/KH-UBND", "Kế hoạch", date(2025, 7, 15), None)]),
    ("Nghị quyết số 12-NQ/TU của Tỉnh ủy", [("12-NQ/TU", "Nghị quyết", None, "Tỉnh ủy")]),
    ("Luật số 80/2015/QH13", [("80/2015/QH13", "Luật", None, None)]),
    (
        "Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020 của Chính phủ",
        [("30/2020/NĐ-CP", "Nghị định", date(2020, 3, 5), "Chính phủ")],
    ),
    (
        "Văn bản số 6812/STC-NS ngày 20/12/2025 về việc báo cáo",
        [("6812/STC-NS", "Công văn", date(2025, 12, 20), None)],
    ),
    (
        "Quyết định số 1726 / QÐ-UBND ngày 29/12/2022",
        [("1726/QĐ-UBND", "Quyết định", date(2022, 12, 29), None)],
    ),
    (
        "Kết luận kiểm tra số 274/KL-STP ĐKT 557 ngày 29/5/2025 về tình hình",
        [("274/KL-STP ĐKT 557", "Kết luận", date(2025, 5, 29), None)],
    ),
    (
        "Công điện 207/CĐ-TTg của Thủ tướng Chính phủ",
        [("207/CĐ-TTg", "Công điện", None, "Thủ tướng Chính phủ")],
    ),
    (
        "UBND xã Trường Xuân có Báo cáo số 207/BC-UBND ngày 24/6/2025 về việc khắc phục",
        [("207/BC-UBND", "Báo cáo", date(2025, 6, 24), "Ủy ban nhân dân xã Trường Xuân")],
    ),
    (
        "Quyết định số 82/QĐ-UBND ngày 16/01/2025 của Chủ tịch UBND tỉnh Lâm Đồng (trước sáp nhập) về việc",
        [("82/QĐ-UBND", "Quyết định", date(2025, 1, 16), "Chủ tịch Ủy ban nhân dân tỉnh Lâm Đồng")],
    ),
    (
        "- Báo cáo số 42/BC-UBND ngày 19/3/2025 của UBND tỉnh;\n- Báo cáo số 123/BC-UBND ngày 19/6/2025; "
        "Kế hoạch số 9/KH-SNV của Sở Nội vụ",
        [
            ("42/BC-UBND", "Báo cáo", date(2025, 3, 19), "Ủy ban nhân dân tỉnh Lâm Đồng"),
            ("123/BC-UBND", "Báo cáo", date(2025, 6, 19), None),
            ("9/KH-SNV", "Kế hoạch", None, "Sở Nội vụ"),
        ],
    ),
    (
        "Kết luận số 62-KL/TW và Nghị quyết số 19-NQ/TW",
        [("62-KL/TW", "Kết luận", None, None), ("19-NQ/TW", "Nghị quyết", None, None)],
    ),
    ("Báo cáo số 05/BC-UBND ngày 31/02/2025", [("05/BC-UBND", "Báo cáo", None, None)]),  # no such day: null
]
SHOULD_NOT_PARSE = [
    "Tỉnh đã hoàn thành 45/45 nhiệm vụ, đạt 100% kế hoạch",
    "Kiểm tra 42/139 đơn vị, đạt 30,2%; số liệu đến ngày 31/12/2025",
    "Tổ chức tiếp và làm việc với doanh nghiệp (tháng 11/2025)",
    "Địa chỉ: https://cchc.lamdong.gov.vn/ và https://motcua.lamdong.gov.vn/vi/",
    "Có 1.940/1.940 TTHC cấp tỉnh và 426/426 TTHC cấp xã",
    "Đoàn Kiểm tra liên ngành 500-UBND tỉnh",
    "Kết luận số 257 của Trung ương",
]


@pytest.mark.parametrize(("text", "expected"), SHOULD_PARSE)
def test_citation_fields(text: str, expected: list[tuple]) -> None:
    found = parse_citations(text, home="Lâm Đồng")
    assert [(c.number, c.doc_type, c.issue_date, c.issuer) for c in found] == expected


@pytest.mark.parametrize("text", SHOULD_NOT_PARSE)
def test_not_a_citation(text: str) -> None:
    assert parse_citations(text) == []


def test_citation_subject_and_text() -> None:
    text = "- Báo cáo số 42/BC-UBND ngày 19/3/2025 của UBND tỉnh Lâm Đồng về công tác CCHC quý I năm 2025;"
    (citation,) = parse_citations(text)
    assert citation.subject == "công tác CCHC quý I năm 2025"
    assert citation.text == text[2:-1]


def test_number_key_ignores_d_forms_and_spaces() -> None:
    assert number_key("1726/QĐ-UBND") == number_key("1726 / QD-UBND") == number_key("1726/QÐ-ubnd")
    assert number_key("1726/QĐ-UBND") != number_key("172/QĐ-UBND")


def test_citation_key_matches_parser_on_the_real_table() -> None:
    """The hand-checked key (tests/data/matcher/citation_key.json) against the parser, on the table it keys."""
    if not TABLE_JSON.exists():
        pytest.skip("../shared/data not available")
    key = json.loads((DATA / "matcher" / "citation_key.json").read_text(encoding="utf-8"))
    rows = {
        row["tt"].strip(): row["tai_lieu_kiem_chung"] for row in json.loads(TABLE_JSON.read_text())["rows"]
    }
    numbers = dates = 0
    for entry in key["entries"]:
        found = {c.offset: c for c in parse_citations(rows[entry["criterion"]], home=key["home"])}
        citation = found.get(entry["offset"])
        numbers += citation is not None and citation.number == entry["number"]
        dates += (
            citation is not None
            and (citation.issue_date and citation.issue_date.isoformat()) == entry["issue_date"]
        )
    assert numbers / len(key["entries"]) >= 0.98 and dates / len(key["entries"]) >= 0.98
