"""A citation whose number differs from a submitted file's by a slip (one digit, one symbol part), with the
same type, issuer and subject: `citation.mismatch` naming the field, not `citation.not_found`."""

from __future__ import annotations

from datetime import date

import pytest

from extract.citations import Citation
from matcher.numbers import number_difference
from matcher.selfassess import check_citation
from model.records import MatchRecord

ISSUER = "Ủy ban nhân dân tỉnh Lâm Đồng"


@pytest.mark.parametrize(
    ("cited", "found", "field"),
    [
        ("152/KH-UBND", "125/KH-UBND", None),  # two digits swapped: two digits differ
        ("125/KH-UBND", "126/KH-UBND", "một chữ số ở số thứ tự"),
        ("25/KH-UBND", "125/KH-UBND", "một chữ số ở số thứ tự"),  # a digit dropped
        ("12/2024/QĐ-UBND", "12/2025/QĐ-UBND", "một chữ số ở năm"),
        ("15/BC-UBND", "15/KH-UBND", "phần ký hiệu BC và KH"),
        ("15/KH-SNV", "15/KH-UBND", "phần ký hiệu SNV và UBND"),
        ("15/KH-UBND", "15/KH-UBND", None),  # equal
        ("15/KH-UBND", "16/BC-UBND", None),  # two parts
        ("15/KH-UBND", "215/KH-UBND-VP", None),  # different shape
        ("15/KH-UBND", "99/KH-UBND", None),  # two digits
    ],
)
def test_number_difference(cited: str, found: str, field: str | None) -> None:
    assert number_difference(cited, found) == field


def _citation(number: str, subject: str | None = "Kiểm tra công tác cải cách hành chính năm 2025",
              doc_type: str = "Kế hoạch", issued: date | None = date(2025, 3, 3)) -> Citation:  # fmt: skip
    return Citation(number, doc_type, issued, ISSUER, subject, f"{doc_type} số {number}")


def _file(number: str, subject: str = "Kiểm tra công tác cải cách hành chính năm 2025", doc_type: str = "Kế hoạch",
          issued: date | None = date(2025, 3, 3), issuer: str = ISSUER) -> MatchRecord:  # fmt: skip
    return MatchRecord(file="unit/kh.pdf", number=number, doc_type=doc_type, issuer=issuer, issue_date=issued,
                       subject=subject)  # fmt: skip


@pytest.mark.parametrize(
    ("citation", "record", "field"),
    [
        (
            _citation("126/KH-UBND"),
            _file("125/KH-UBND"),
            "số hiệu: bảng ghi 126/KH-UBND, tệp ghi 125/KH-UBND",
        ),
        (_citation("15/BC-UBND"), _file("15/KH-UBND"), "phần ký hiệu BC và KH"),
        (
            _citation("126/KH-UBND", issued=None),
            _file("125/KH-UBND"),
            "một chữ số ở số thứ tự",
        ),  # undated citation
    ],
)
def test_slip_is_a_mismatch_naming_the_field(citation: Citation, record: MatchRecord, field: str) -> None:
    check = check_citation("1.3.1", citation, [record])
    assert check.flag is not None and check.flag.code == "citation.mismatch", check.flag
    assert field in check.flag.message and check.record is record


@pytest.mark.parametrize(
    ("citation", "record"),
    [
        (_citation("126/KH-UBND"), _file("125/KH-UBND", subject="Tuyên truyền pháp luật về đất đai")),  # subject
        (_citation("126/KH-UBND"), _file("125/KH-UBND", doc_type="Quyết định")),  # type
        (_citation("126/KH-UBND"), _file("125/KH-UBND", issuer="Sở Nội vụ tỉnh Lâm Đồng")),  # issuer
        (_citation("126/KH-UBND"), _file("125/KH-UBND", issued=date(2025, 6, 1))),  # another date
        # more than one digit (undated: a citation with the file's very date is the same document, whatever its
        # number, selfassess._same_document_other_number)
        (_citation("126/KH-UBND", issued=None), _file("135/KH-UBND")),
        (_citation("126/KH-UBND", subject=None), _file("125/KH-UBND")),  # nothing to compare the subject on
        # the Q1 and Q2 reports: consecutive numbers, same wording, another period
        (_citation("21/BC-UBND", "Kết quả CCHC quý II năm 2025", "Báo cáo", None),
         _file("20/BC-UBND", "Kết quả CCHC quý I năm 2025", "Báo cáo", None)),
    ],
)  # fmt: skip
def test_not_a_slip_stays_not_found(citation: Citation, record: MatchRecord) -> None:
    check = check_citation("1.3.1", citation, [record])
    assert check.flag is not None and check.flag.code == "citation.not_found", check.flag.message


def test_a_file_the_table_cites_under_its_own_number_is_not_a_slip() -> None:
    cited = frozenset({"125/KH-UBND"})
    check = check_citation(
        "1.3.1", _citation("126/KH-UBND", issued=None), [_file("125/KH-UBND")], cited=cited
    )
    assert check.flag is not None and check.flag.code == "citation.not_found"
