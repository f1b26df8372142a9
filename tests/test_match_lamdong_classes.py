"""The classes the tuning half of the real lamdong dossiers showed (bench/matcher_lamdong.py): documents about the
PAR index itself (`Chỉ số CCHC`, `PAR INDEX`) belong to directing CCHC work, field 1; an activity of the thesaurus
written of an association, federation or fund (`sáp nhập Hội Golf`) is not the restructuring of the state
apparatus that field 4 asks for."""

from __future__ import annotations

from datetime import date

import pytest

from matcher import load_framework
from matcher.ranking import DocumentFacts, rank
from matcher.terms import expand
from matcher.thesaurus import about_outside_body, found_in, normal

FRAMEWORK = load_framework("tinh-2025")
PROVINCE = "Ủy ban nhân dân tỉnh Lâm Đồng"
DEPARTMENT = "Sở Nội vụ tỉnh Lâm Đồng"


def _placed(doc_type: str, subject: str, issuer: str) -> list[str]:
    facts = DocumentFacts(doc_type, subject, issuer, date(2025, 11, 6))
    return [match.code for match in rank(facts, FRAMEWORK, 2025, threshold=0.6)]


def test_the_index_english_name_is_spelled_out() -> None:
    assert expand("các chỉ số PAR INDEX, PAPI") == "các chỉ số Chỉ số cải cách hành chính, PAPI"
    assert "Chỉ số cải cách hành chính" in expand("Kết quả PAR Index năm 2024")


@pytest.mark.parametrize(
    ("doc_type", "subject", "issuer"),
    [
        (
            "Báo cáo",
            "Tình hình thực hiện các chỉ số PAR Index, SIPAS, PAPI, PCI của tỉnh Lâm Đồng",
            DEPARTMENT,
        ),
        (
            "Giấy mời",
            "Họp nghe báo cáo đánh giá kết quả và giải pháp nâng cao Chỉ số CCHC của tỉnh",
            PROVINCE,
        ),
        ("Kế hoạch", "Nâng cao Chỉ số cải cách hành chính (PAR INDEX) của tỉnh năm 2025", PROVINCE),
    ],
)
def test_a_document_about_the_par_index_is_placed_in_field_1(
    doc_type: str, subject: str, issuer: str
) -> None:
    placed = _placed(doc_type, subject, issuer)
    assert placed and placed[0].startswith("1."), placed
    match = rank(DocumentFacts(doc_type, subject, issuer, None), FRAMEWORK, 2025, 0.6)[0]
    assert "“Chỉ số CCHC” là hoạt động thuộc “chỉ đạo điều hành CCHC”" in match.reason


@pytest.mark.parametrize(
    "subject",
    [
        "Chỉ số giá tiêu dùng tháng 5 năm 2025",  # another index
        "Kết quả Chỉ số năng lực cạnh tranh cấp tỉnh (PCI) năm 2024",
        "Chỉ số hài lòng của người bệnh",
    ],
)
def test_another_index_is_not_the_par_index(subject: str) -> None:
    assert not any(entry.term == "chỉ đạo điều hành CCHC" for entry in found_in(subject))


@pytest.mark.parametrize(
    "subject",
    [
        "Về việc cho phép sáp nhập Hội Golf tỉnh Bình Thuận (trước sắp xếp) vào Hội Golf tỉnh Lâm Đồng",
        "Về việc cho phép sáp nhập Liên đoàn Taekwondo tỉnh Bình Thuận vào Liên đoàn Taekwondo tỉnh Lâm Đồng",
        "Về việc cho phép sáp nhập Quỹ hoạt động Chữ thập đỏ tỉnh Đắk Nông vào Quỹ hoạt động nhân đạo tỉnh Lâm Đồng",
        "Về việc cho phép sáp nhập Hội Liên hiệp Thanh niên Việt Nam tỉnh Bình Thuận",
        "Về việc cho phép hợp nhất Hội Công chứng viên tỉnh Lâm Đồng, Bình Thuận, Đắk Nông (cũ)",
        "Về việc giải thể Hiệp hội rau quả Đà Lạt",
        "Sáp nhập các hội cấp tỉnh",
    ],
)
def test_an_association_merged_is_not_the_apparatus_restructured(subject: str) -> None:
    assert not any(entry.term == "kiện toàn" for entry in found_in(subject))
    assert not any(code.startswith("4.") for code in _placed("Quyết định", subject, PROVINCE))


@pytest.mark.parametrize(
    ("subject", "written"),
    [
        ("Sáp nhập Trung tâm Y tế huyện Đức Trọng vào Trung tâm Y tế khu vực", "sáp nhập"),
        ("Tổ chức lại Trung tâm Dịch vụ nông nghiệp tỉnh", "tổ chức lại"),
        # a council of the state is no association
        ("Sáp nhập Hội đồng quản lý quỹ đầu tư phát triển", "sáp nhập"),
        # merged of an association and of an agency in one subject: the agency's counts
        ("Giải thể Ban Quản lý dự án và sáp nhập Hội Làm vườn", "giải thể"),
    ],
)
def test_the_apparatus_restructured_still_counts(subject: str, written: str) -> None:
    assert any(entry.term == "kiện toàn" and entry.written == written for entry in found_in(subject))
    assert not about_outside_body(subject, normal(written))


def test_a_public_service_unit_merged_is_placed_in_field_4() -> None:
    placed = _placed(
        "Quyết định", "Về việc sáp nhập Trung tâm Y tế huyện vào Trung tâm Y tế khu vực", PROVINCE
    )
    assert placed and placed[0].startswith("4.1"), placed
